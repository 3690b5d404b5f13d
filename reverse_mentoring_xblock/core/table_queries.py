"""What staff ask of the dashboard's tables: filters, search, sort and page, checked before any query.

Pure: the block hands over the JSON it received and gets a frozen query or every problem found.
"""
from dataclasses import dataclass

from .payloads import MAX_ID
from .problems import Problem, ProblemList, _, require_object
from .text import clean_line
from .vocabulary import ROLES, Health, PairStatus, Stage

PAIR_SORT_KEYS = ("created", "mentor", "mentee", "confirmed", "last_session", "health")
PARTICIPANT_SORT_KEYS = ("joined", "name", "stage", "role")
PROPOSAL_VIEWS = ("unstable", "locked", "left_out")
MAX_SEARCH_LENGTH = 100
MAX_PAGE = 100_000


@dataclass(frozen=True)
class PairQuery:
    health: str = ""
    status: str = ""
    topic: str = ""
    disputed: bool = False
    search: str = ""
    sort: str = "created"
    descending: bool = True
    page: int = 1


@dataclass(frozen=True)
class ParticipantQuery:
    stage: str = ""
    role: str = ""
    search: str = ""
    sort: str = "joined"
    descending: bool = False
    page: int = 1


@dataclass(frozen=True)
class ProposalQuery:
    """A page of a matching run's proposals: all, or only the unstable, locked or left-out ones, or a search."""

    run_id: int
    show: str = ""
    search: str = ""
    page: int = 1


def parse_pair_query(data, config):
    """``{"health", "status", "topic", "disputed", "search", "sort", "descending", "page"}``, all optional."""
    require_object(data, PairQuery.__dataclass_fields__)
    problems = []
    values = {
        "health": _choice(data, "health", Health.ALL, problems),
        "status": _choice(data, "status", PairStatus.ALL, problems),
        "topic": _choice(data, "topic", config.topic_ids, problems),
        "disputed": _flag(data, "disputed", False, problems),
        "search": _search(data, problems),
        "sort": _choice(data, "sort", PAIR_SORT_KEYS, problems) or "created",
        "descending": _flag(data, "descending", True, problems),
        "page": _page(data, problems),
    }
    if problems:
        raise ProblemList(problems)
    return PairQuery(**values)


def parse_participant_query(data):
    """``{"stage", "role", "search", "sort", "descending", "page"}``, all optional."""
    require_object(data, ParticipantQuery.__dataclass_fields__)
    problems = []
    values = {
        "stage": _choice(data, "stage", Stage.ALL, problems),
        "role": _choice(data, "role", ROLES, problems),
        "search": _search(data, problems),
        "sort": _choice(data, "sort", PARTICIPANT_SORT_KEYS, problems) or "joined",
        "descending": _flag(data, "descending", False, problems),
        "page": _page(data, problems),
    }
    if problems:
        raise ProblemList(problems)
    return ParticipantQuery(**values)


def parse_proposal_query(data):
    """``{"run_id", "show", "search", "page"}``, the run required."""
    require_object(data, ProposalQuery.__dataclass_fields__)
    problems = []
    run_id = data.get("run_id")
    if isinstance(run_id, bool) or not isinstance(run_id, int) or not 0 < run_id <= MAX_ID:
        problems.append(Problem("run_id", _("A valid identifier is required.")))
    values = {"show": _choice(data, "show", PROPOSAL_VIEWS, problems), "search": _search(data, problems),
              "page": _page(data, problems)}
    if problems:
        raise ProblemList(problems)
    return ProposalQuery(run_id, **values)


def parse_pairing_search(data):
    """``{"mentor_search", "mentee_search"}`` (both optional): names or usernames to find learners to pair."""
    require_object(data, ("mentor_search", "mentee_search"))
    problems = []
    searches = tuple(_search(data, problems, name) for name in ("mentor_search", "mentee_search"))
    if problems:
        raise ProblemList(problems)
    return searches


def _choice(data, name, allowed, problems):
    value = data.get(name, "")
    if value != "" and value not in allowed:
        problems.append(Problem(name, _("Choose one of the offered values.")))
        return ""
    return value


def _flag(data, name, default, problems):
    value = data.get(name, default)
    if not isinstance(value, bool):
        problems.append(Problem(name, _("Choose yes or no.")))
        return default
    return value


def _search(data, problems, name="search"):
    text = clean_line(data.get(name, ""))
    if text is None or len(text) > MAX_SEARCH_LENGTH:
        problems.append(Problem(name, _("Search for at most {limit} characters."), {"limit": MAX_SEARCH_LENGTH}))
        return ""
    return text


def _page(data, problems):
    page = data.get("page", 1)
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        problems.append(Problem("page", _("Give a page number.")))
        return 1
    return page
