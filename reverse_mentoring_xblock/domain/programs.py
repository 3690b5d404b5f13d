"""A program as the domain layer knows it: a block usage inside a course, and its rows."""
from dataclasses import dataclass

from ..models import Feedback, Pair, Participant


@dataclass(frozen=True)
class ProgramRef:
    """Identifies one program: a block usage inside a course."""

    course_key: str
    usage_key: str

    def participants(self):
        return Participant.objects.filter(usage_key=self.usage_key)

    def pairs(self):
        return Pair.objects.filter(usage_key=self.usage_key)

    def feedback(self):
        return Feedback.objects.filter(usage_key=self.usage_key)
