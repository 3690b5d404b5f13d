"""The matching review: a run's proposals a page at a time, and who in them can no longer be paired.

A run keeps its proposals in its result (the solver's output, already in score order); a page reads the
participants it names and their pairs, so a review of 25,000 proposals costs the same few queries as one
of 25. Staff searching the proposals find people as the dashboard's tables do.
"""
import math
from dataclasses import dataclass, field

from django.db.models import Q

from ..core.vocabulary import PairStatus, RunStatus
from .dashboard import PAGE_SIZE, SEARCH_LIST_LIMIT, Page, people_matching

WAITLIST_SHOWN = 20  # names on the waiting list shown with a run; the participant table lists them all


@dataclass(frozen=True)
class MatchingReview:
    """A run and, once it is ready, one page of its proposals with the people they name."""

    run: object
    page: Page = None
    people: dict = field(default_factory=dict)  # participant id -> participant
    unavailable: frozenset = frozenset()  # participants on this page who cannot take (another) partner now
    left_out: frozenset = frozenset()  # (mentor id, mentee id) staff will not accept
    waitlist: list = field(default_factory=list)  # the first entries of the run's waiting list


def matching_review(program, run, query, capacity):
    """The review of ``run`` (the latest one, or ``None``) at ``query`` (a ``core.table_queries.ProposalQuery``)."""
    if run is None or run.status != RunStatus.READY or not run.result:
        return MatchingReview(run)
    left_out = frozenset(tuple(p) for p in run.left_out)
    proposals = run.result["proposals"]
    if query.show == "unstable":
        proposals = [p for p in proposals if p["blocking"]]
    elif query.show == "locked":
        proposals = [p for p in proposals if p["locked"]]
    elif query.show == "left_out":
        proposals = [p for p in proposals if (p["mentor"], p["mentee"]) in left_out]
    if query.search:
        found = set(people_matching(program.participants(), query.search).values_list("pk", flat=True)
                    [:SEARCH_LIST_LIMIT])
        proposals = [p for p in proposals if p["mentor"] in found or p["mentee"] in found]
    pages = max(1, math.ceil(len(proposals) / PAGE_SIZE))
    number = min(query.page, pages)
    rows = proposals[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
    on_page = {p[side] for p in rows for side in ("mentor", "mentee")}
    named = on_page | {p["blocking"][side] for p in rows if p["blocking"] for side in ("mentor", "mentee")}
    waitlist = run.result["waitlist"][:WAITLIST_SHOWN]
    named |= {w["participant"] for w in waitlist}
    named |= {pid for pair in run.excluded + run.locked for pid in pair}
    people = {p.pk: p for p in program.participants().filter(pk__in=named)}
    return MatchingReview(run, Page(rows, len(proposals), number, PAGE_SIZE), people,
                          frozenset(unavailable(program, on_page, capacity)), left_out, waitlist)


def unavailable(program, participant_ids, capacity):
    """Of these participants, those who cannot take (another) partner now: out of the program, done with it,
    mentees with a partner, mentors with ``capacity`` partners. Two queries."""
    ids = set(participant_ids)
    gone = set(program.participants().filter(pk__in=ids, left_at__isnull=False).values_list("pk", flat=True))
    load = {}
    for mentor_id, mentee_id, status in program.pairs().filter(
            Q(mentor_id__in=ids) | Q(mentee_id__in=ids), status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED),
    ).values_list("mentor_id", "mentee_id", "status"):
        if status == PairStatus.COMPLETED:
            gone.update((mentor_id, mentee_id))
        else:
            gone.add(mentee_id)
            load[mentor_id] = load.get(mentor_id, 0) + 1
    return (gone | {mentor for mentor, count in load.items() if count >= capacity}) & ids
