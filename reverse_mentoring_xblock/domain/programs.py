"""A program as the domain layer knows it: a block usage inside a course, and its rows."""
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q, Sum

from ..core.vocabulary import PairStatus
from ..models import Feedback, Pair, Participant, Program


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


@dataclass(frozen=True)
class ProgramSummary:
    """What operators see of a program without its block: its size, its latest activity, whether Studio deleted it."""

    program: ProgramRef
    participants: int = 0
    pairs: int = 0
    active_pairs: int = 0
    sessions_confirmed: int = 0
    last_joined: datetime = None
    last_session: date = None
    deleted_at: datetime = None


def program_with_rows(usage_key):
    """The program holding rows under this usage key, or None."""
    course_key = (Program.objects.filter(usage_key=usage_key).values_list("course_key", flat=True).first()
                  or Participant.objects.filter(usage_key=usage_key).values_list("course_key", flat=True).first())
    return ProgramRef(course_key, usage_key) if course_key else None


def program_summaries(course_key=None, deleted_only=False):
    """Every program with rows (of one course, or only those whose block was deleted), in key order; three queries."""
    heads = Program.objects.all()
    if course_key:
        heads = heads.filter(course_key=course_key)
    if deleted_only:
        heads = heads.filter(deleted_at__isnull=False)
    found = {usage: {"program": ProgramRef(course, usage), "deleted_at": deleted_at}
             for course, usage, deleted_at in heads.values_list("course_key", "usage_key", "deleted_at")}
    rows = Q(course_key=course_key) if course_key else Q()
    if deleted_only:
        rows = Q(usage_key__in=list(found))
    for row in (Participant.objects.filter(rows).values("course_key", "usage_key")
                .annotate(participants=Count("pk"), last_joined=Max("joined_at")).order_by()):
        course, usage = row.pop("course_key"), row.pop("usage_key")
        found.setdefault(usage, {"program": ProgramRef(course, usage)}).update(row)
    for row in (Pair.objects.filter(rows).values("usage_key")
                .annotate(pairs=Count("pk"), active_pairs=Count("pk", filter=Q(status=PairStatus.ACTIVE)),
                          sessions_confirmed=Sum("sessions_confirmed"), last_session=Max("last_session_on"))
                .order_by()):
        found[row.pop("usage_key")].update(row)  # a pair's partners are participants of its program
    return sorted((ProgramSummary(**fields) for fields in found.values()),
                  key=lambda summary: (summary.program.course_key, summary.program.usage_key))
