"""Validation problems that can be translated late.

Pure modules cannot reach the runtime's i18n service, so they describe each problem as an English
msgid with named parameters; the block translates and formats it for the viewer.
"""
from dataclasses import dataclass, field

MAX_NAMES_SHOWN = 5
MAX_NAME_SHOWN = 40


def _(text):
    """Mark ``text`` for extraction; every module imports this marker and the caller translates."""
    return text


def render_message(message, params, gettext):
    """Translate ``message`` and every nested message in ``params``, then fill the parameters in.

    A nested message is anything with ``render(gettext)`` (a Problem, a matching Reason) or its stored
    form, a ``{"message": ..., "params": ...}`` dict.
    """
    def value_of(value):
        if hasattr(value, "render"):
            return value.render(gettext)
        if isinstance(value, dict) and set(value) == {"message", "params"}:
            return render_message(value["message"], value["params"], gettext)
        return value
    return gettext(message).format(**{name: value_of(value) for name, value in params.items()})


def require_object(data, allowed):
    """Refuse anything but a JSON object made only of the ``allowed`` fields."""
    if not isinstance(data, dict):
        raise ProblemList([Problem("form", _("Send the form as a JSON object."))])
    unknown = sorted(set(data) - set(allowed))
    if unknown:  # named briefly: the names come from the sender and may be anything
        names = ", ".join(name[:MAX_NAME_SHOWN] for name in unknown[:MAX_NAMES_SHOWN])
        raise ProblemList([Problem("form", _("Unknown fields: {names}."), {"names": names})])


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value: which field, and a message with ``{named}`` parameters."""

    field: str
    message: str
    params: dict = field(default_factory=dict)

    def render(self, gettext):
        return render_message(self.message, self.params, gettext)


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
