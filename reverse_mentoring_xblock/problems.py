"""Validation problems that can be translated late.

Pure modules cannot reach the runtime's i18n service, so they describe each problem as an English
msgid with named parameters; the block translates and formats it for the viewer.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value: which field, and a message with ``{named}`` parameters."""

    field: str
    message: str
    params: dict = field(default_factory=dict)

    def render(self, gettext):
        """Translate the message and any nested problem, then fill in the parameters."""
        params = {
            name: value.render(gettext) if isinstance(value, Problem) else value
            for name, value in self.params.items()
        }
        return gettext(self.message).format(**params)


class ProblemList(ValueError):
    """Raised with every problem found, so a form can show them all at once."""

    def __init__(self, problems):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = list(problems)

    def by_field(self, gettext):
        """``{field: first message}`` for showing next to each form field."""
        messages = {}
        for problem in self.problems:
            messages.setdefault(problem.field, problem.render(gettext))
        return messages
