"""The mid-program check-in: halfway through the plan, each partner says whether the pair works for them.

Pure module. Staff read the answers early, while a pair can still be helped, instead of learning at the
end from the feedback that it did not work.
"""
import math
from dataclasses import dataclass

from .problems import Problem, ProblemList, _, require_object
from .text import clean_paragraph
from .vocabulary import TEXT_LIMITS

WORKING = ("yes", "partly", "no")  # "is the mentoring working for you?"
SATISFACTION = range(1, 6)
FIELDS = ("working", "satisfaction", "comment")


@dataclass(frozen=True)
class CheckIn:
    working: str
    satisfaction: int
    comment: str  # read by staff only


def has_opened(planned, confirmed):
    """Half the planned sessions (rounded up) count: the check-in opened for the pair, if it was still under way."""
    return math.ceil(planned / 2) <= confirmed


def is_due(planned, confirmed):
    """Open once half the planned sessions (rounded up) count, while the pair is still under way."""
    return has_opened(planned, confirmed) and confirmed < planned


def parse_checkin(data):
    """The two answers and the optional comment; ``ProblemList`` names each wrong one."""
    require_object(data, FIELDS)
    problems = []
    working = data.get("working")
    if working not in WORKING:
        problems.append(Problem("working", _("Choose yes, partly or no.")))
    satisfaction = data.get("satisfaction")
    if isinstance(satisfaction, bool) or satisfaction not in SATISFACTION:
        problems.append(Problem("satisfaction", _("Choose from 1 to 5.")))
    comment = clean_paragraph(data.get("comment", ""))
    if comment is None or len(comment) > TEXT_LIMITS["comment"]:
        problems.append(Problem("comment", _("Keep the comment to at most {limit} characters."),
                                {"limit": TEXT_LIMITS["comment"]}))
    if problems:
        raise ProblemList(problems)
    return CheckIn(working, satisfaction, comment)
