"""The staff dashboard's tables and pair detail: filtered, sorted, searched and paged in the database.

A pair's health is the SQL twin of ``core.pace``: the same rules, as date cut-offs, over the session
counts every pair carries. Each page costs two queries (how many, which) whatever the program's size.
"""
import math
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils import timezone

from ..core.pace import health_cutoffs
from ..core.problems import _
from ..core.vocabulary import Health, PairStatus, Stage
from ..models import Feedback, Session, StaffAction
from .errors import NotFound
from .queries import ticks_by_session

PAGE_SIZE = 25
PAIR_SORTS = {  # the keys are core.table_queries.PAIR_SORT_KEYS
    "created": ("created_at", "pk"), "mentor": ("mentor__public_name", "pk"),
    "mentee": ("mentee__public_name", "pk"), "confirmed": ("sessions_confirmed", "pk"),
    "last_session": ("last_session_on", "pk"), "health": ("health", "pk"),
}
PARTICIPANT_SORTS = {"joined": ("joined_at", "pk"), "name": ("public_name", "pk"), "stage": ("stage", "pk"),
                     "role": ("role", "pk")}


@dataclass(frozen=True)
class Page:
    """One page of a table: its rows, how many rows match in all, and where this page is."""

    rows: list
    total: int
    number: int
    size: int

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.size))


def start_of(day):
    """Midnight at the start of ``day`` in the current time zone: ``created_at < start_of(d)`` means paired before d."""
    return timezone.make_aware(datetime.combine(day, time.min))


def health_expression(config, today):
    """A pair's health as a SQL expression; pairs that are not active show their status instead."""
    cutoffs = health_cutoffs(config.plan, today, config.monitoring.grace_days)
    stalled_before = start_of(cutoffs.stalled_before)
    quiet = (Q(last_confirmed_on__lt=cutoffs.stalled_before)
             | Q(last_confirmed_on__isnull=True, created_at__lt=stalled_before))
    behind = Q(pk__in=[])
    for confirmed, paired_before in enumerate(cutoffs.behind_paired_before):
        behind |= Q(sessions_confirmed=confirmed, created_at__lt=start_of(paired_before))
    active = Q(status=PairStatus.ACTIVE)
    return Case(
        When(active & Q(sessions_confirmed__lt=config.plan.count) & quiet, then=Value(Health.STALLED)),
        When(active & Q(sessions_disputed__gt=0), then=Value(Health.DISPUTED)),
        When(active & behind, then=Value(Health.BEHIND)),
        When(active, then=Value(Health.ON_TRACK)),
        default="status", output_field=CharField())


def pairs_with_health(program, config, today):
    return program.pairs().annotate(health=health_expression(config, today))


def pair_page(program, config, today, query):
    """The pairs matching ``query`` (a ``core.payloads.PairQuery``), one page of them with both partners."""
    pairs = pairs_with_health(program, config, today)
    if query.health:
        pairs = pairs.filter(health=query.health)
    if query.status:
        pairs = pairs.filter(status=query.status)
    if query.topic:
        pairs = pairs.filter(topics__contains=f" {query.topic} ")
    if query.disputed:
        pairs = pairs.filter(sessions_disputed__gt=0)
    if query.search:
        pairs = pairs.filter(
            Q(mentor__public_name__icontains=query.search) | Q(mentee__public_name__icontains=query.search)
            | Q(mentor__user__username__icontains=query.search) | Q(mentee__user__username__icontains=query.search))
    return _page(pairs.select_related("mentor", "mentee"), PAIR_SORTS, query)


def participant_page(program, query):
    """The participants matching ``query`` (a ``core.payloads.ParticipantQuery``), one page with usernames."""
    participants = program.participants()
    if query.stage:
        participants = participants.filter(stage=query.stage)
    if query.role:
        participants = participants.filter(role=query.role)
    if query.search:
        participants = participants.filter(Q(public_name__icontains=query.search)
                                           | Q(user__username__icontains=query.search))
    return _page(participants.select_related("user"), PARTICIPANT_SORTS, query)


def _page(queryset, sorts, query):
    fields = sorts[query.sort]
    order = [f"-{name}" for name in fields] if query.descending else list(fields)
    total = queryset.count()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(query.page, pages)
    start = (number - 1) * PAGE_SIZE
    return Page(list(queryset.order_by(*order)[start:start + PAGE_SIZE]), total, number, PAGE_SIZE)


@dataclass(frozen=True)
class PairTimeline:
    """A pair with both partners, its sessions and their ticks, feedback, and what staff did to it."""

    pair: object
    sessions: list
    ticks: dict
    feedback: list
    actions: list


def pair_timeline(program, pair_id, config, today):
    pair = pairs_with_health(program, config, today).select_related("mentor", "mentee").filter(pk=pair_id).first()
    if pair is None:
        raise NotFound(_("This pair is not in this program."))
    return PairTimeline(
        pair=pair,
        sessions=list(Session.objects.filter(pair=pair).order_by("number")),
        ticks=ticks_by_session(pair),
        feedback=list(Feedback.objects.filter(pair=pair).order_by("submitted_at")),
        actions=list(StaffAction.objects.filter(Q(pair=pair) | Q(participant__in=[pair.mentor_id, pair.mentee_id]),
                                                usage_key=program.usage_key)
                     .select_related("actor").order_by("created_at", "pk")),
    )



def pairing_candidates(program, capacity, mentor_search="", mentee_search="", limit=50):
    """``(mentors, mentees)`` staff may pair now, found by name or username, at most ``limit`` each.

    Mentees without a partner; mentors with fewer active pairs than ``capacity``; both still in the program
    and not done with it. Each side is one query, whatever the program's size.
    """
    free = program.participants().filter(stage__in=(Stage.WAITING, Stage.ENDED, Stage.PAIRED))

    def found(search):
        return free.filter(Q(public_name__icontains=search) | Q(user__username__icontains=search)) if search else free
    mentees = list(found(mentee_search).filter(role="mentee").exclude(stage=Stage.PAIRED).select_related("user")
                   .order_by("public_name", "pk")[:limit])
    mentors = list(found(mentor_search).filter(role="mentor").annotate(
        active=Count("mentor_pairs", filter=Q(mentor_pairs__status=PairStatus.ACTIVE))).filter(active__lt=capacity)
                   .select_related("user").order_by("public_name", "pk")[:limit])
    return mentors, mentees


def matching_people(program, run):
    """The participants a matching run names, and their active or completed pairs (to mark stale proposals)."""
    if run is None or not run.result:
        return [], []
    ids = {p[side] for p in run.result["proposals"] for side in ("mentor", "mentee")}
    ids |= {w["participant"] for w in run.result["waitlist"]}
    ids |= {pid for pair in (run.excluded or []) + (run.locked or []) for pid in pair}
    ids |= {b[side] for p in run.result["proposals"] if p.get("blocking") for b in [p["blocking"]]
            for side in ("mentor", "mentee")}
    participants = list(program.participants().filter(pk__in=ids))
    pairs = list(program.pairs().filter(status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED))
                 .filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids)))
    return participants, pairs
