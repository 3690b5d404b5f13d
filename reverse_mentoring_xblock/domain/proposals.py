"""The matching review: a run's summary, one page of its proposals, and who in them can no longer be paired.

Proposals are rows in the solver's order; a page costs the same few queries for a run of 25 proposals
or of 25,000: the summary (one aggregate over an index), how many match, which 25 and their rows (with
both partners), the names a page mentions elsewhere, and the pairs of the people on it (by each side's
index). Staff searching the proposals find people as the dashboard's tables do.
"""
import math
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Min, Q, Sum

from ..core.vocabulary import PairStatus, RunStatus
from ..models import MatchProposal, Pair
from .dashboard import PAGE_SIZE, SEARCH_LIST_LIMIT, Page, people_matching

WAITLIST_SHOWN = 20  # names on the waiting list shown with a run; the participant table lists them all


@dataclass(frozen=True)
class MatchingReview:
    """A run and, once it is ready, its summary and one page of its proposals with the people they name."""

    run: object
    summary: dict = field(default_factory=dict)  # count, total, mean, lowest, unstable, locked, left_out
    page: Page = None  # rows: MatchProposal with mentor and mentee
    people: dict = field(default_factory=dict)  # participant id -> participant named besides the rows' partners
    unavailable: frozenset = frozenset()  # participants on this page who cannot take (another) partner now
    waitlist: list = field(default_factory=list)  # the first entries of the run's waiting list


def matching_review(program, run, query, capacity):
    """The review of ``run`` (the latest one, or ``None``) at ``query`` (a ``core.table_queries.ProposalQuery``)."""
    if run is None or run.status != RunStatus.READY or not run.result:
        return MatchingReview(run)
    proposals = MatchProposal.objects.filter(run=run)
    summary = proposals.aggregate(count=Count("pk"), total=Sum("score"), mean=Avg("score"), lowest=Min("score"),
                                  unstable=Count("pk", filter=Q(blocking_count__gt=0)),
                                  locked=Count("pk", filter=Q(locked=True)),
                                  left_out=Count("pk", filter=Q(left_out=True)))
    if query.show == "unstable":
        proposals = proposals.filter(blocking_count__gt=0)
    elif query.show in ("locked", "left_out"):
        proposals = proposals.filter(**{query.show: True})
    if query.search:
        found = list(people_matching(program.participants(), query.search).values_list("pk", flat=True)
                     [:SEARCH_LIST_LIMIT])
        proposals = proposals.filter(Q(mentor__in=found) | Q(mentee__in=found))
    total = proposals.count() if query.show or query.search else summary["count"]
    number = min(query.page, max(1, math.ceil(total / PAGE_SIZE)))
    # The page's keys first, from the rank index alone: joined before the offset, the database would read the
    # partners of every proposal it skips (111 ms for page 500 on MariaDB).
    keys = list(proposals.order_by("rank").values_list("pk", flat=True)[(number - 1) * PAGE_SIZE:number * PAGE_SIZE])
    rows = list(MatchProposal.objects.filter(pk__in=keys).select_related("mentor", "mentee").order_by("rank"))
    on_page = {person.pk: person for p in rows for person in (p.mentor, p.mentee)}
    waitlist = run.result["waitlist"][:WAITLIST_SHOWN]
    named = {pid for p in rows for pid in (p.blocking_mentor_id, p.blocking_mentee_id) if pid}
    named |= {w["participant"] for w in waitlist} | {pid for pair in run.excluded + run.locked for pid in pair}
    others = named - set(on_page)
    people = {p.pk: p for p in program.participants().filter(pk__in=others)} if others else {}
    return MatchingReview(run, summary, Page(rows, total, number, PAGE_SIZE), people | on_page,
                          frozenset(unavailable(on_page.values(), capacity)) if on_page else frozenset(), waitlist)


def unavailable(participants, capacity):
    """Of these participants (rows of one program), those who cannot take (another) partner now: out of the
    program, done with it, mentees with a partner, mentors with ``capacity`` partners.

    Their pairs are read by each side's own index (an OR of both sides would read every pair of the program).
    """
    ids = {p.pk for p in participants}
    gone = {p.pk for p in participants if p.left_at is not None}
    taken = (PairStatus.ACTIVE, PairStatus.COMPLETED)
    pairs = Pair.objects.filter(mentor_id__in=ids, status__in=taken).values_list("pk", "mentor_id", "mentee_id",
                                                                                 "status")
    pairs = set(pairs) | set(Pair.objects.filter(mentee_id__in=ids, status__in=taken).values_list(
        "pk", "mentor_id", "mentee_id", "status"))
    load = {}
    for _pk, mentor_id, mentee_id, status in pairs:
        if status == PairStatus.COMPLETED:
            gone.update((mentor_id, mentee_id))
        else:
            gone.add(mentee_id)
            load[mentor_id] = load.get(mentor_id, 0) + 1
    return (gone | {mentor for mentor, count in load.items() if count >= capacity}) & ids
