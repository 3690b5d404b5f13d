"""Every table a handler could write, as rows: equal snapshots before and after prove nothing was written."""
from submissions.models import Score, ScoreSummary, StudentItem, Submission

from reverse_mentoring_xblock.models import (
    ChecklistTick,
    CircleMeeting,
    CirclePost,
    ClientRequest,
    Feedback,
    MatchRun,
    Meeting,
    Pair,
    Participant,
    Program,
    Session,
)

MODELS = (Program, Participant, Pair, Session, ChecklistTick, Feedback, Meeting, MatchRun, ClientRequest, Submission,
          Score, StudentItem, ScoreSummary, CirclePost, CircleMeeting)


def snapshot():
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
