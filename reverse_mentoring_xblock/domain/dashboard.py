"""The staff dashboard's tables and pair detail: filtered, sorted, searched and paged in the database.

A pair's health is the SQL twin of ``core.pace``: the same rules, as date cut-offs, over the session
counts every pair carries. Each page costs two queries whatever the program's size: how many (read from
the program's tallies when no more than a status, stage or role narrows the table), then which; three
when sorted by a partner's name; a pair search adds one, which finds the people it names.
"""
import math
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, DateField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from ..core.pace import health_cutoffs
from ..core.problems import _
from ..core.vocabulary import Health, PairStatus, Stage
from ..models import CheckIn, Feedback, Session, StaffAction
from . import tallies
from .errors import NotFound
from .nudges import pair_nudges
from .queries import ticks_by_session

PAGE_SIZE = 25
SEARCH_LIST_LIMIT = 1000  # a pair search first finds the people it names; up to this many, by their ids
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


def health_expression(config, today):
    """A pair's health as a SQL expression; pairs that are not active show their status instead."""
    stalled, behind = health_conditions(config, today)
    return Case(
        When(~Q(status=PairStatus.ACTIVE), then="status"),
        When(stalled, then=Value(Health.STALLED)),
        When(sessions_disputed__gt=0, then=Value(Health.DISPUTED)),
        When(behind, then=Value(Health.BEHIND)),
        default=Value(Health.ON_TRACK), output_field=CharField())


def health_conditions(config, today):
    """``(stalled, behind)`` for an active pair, each one comparison of its columns with a date cut-off."""
    cutoffs = health_cutoffs(config.plan, today, config.monitoring.grace_days)
    quiet_since = Coalesce("last_confirmed_on", "paired_on")
    stalled = Q(sessions_confirmed__lt=config.plan.count) & Q(LessThan(quiet_since, Value(cutoffs.stalled_before)))
    next_target_passed_if_paired_before = Case(
        *(When(sessions_confirmed=confirmed, then=Value(day))
          for confirmed, day in enumerate(cutoffs.behind_paired_before)), output_field=DateField())
    return stalled, Q(LessThan(F("paired_on"), next_target_passed_if_paired_before))


def pairs_with_health(program, config, today):
    return program.pairs().annotate(health=health_expression(config, today))


def _with_health(pairs, health, config, today):
    """Active pairs of one health; stalled ones by their columns alone, which the pair index covers."""
    pairs = pairs.filter(status=PairStatus.ACTIVE)
    if health == Health.STALLED:
        return pairs.filter(health_conditions(config, today)[0])
    return pairs.filter(health=health)


def pair_page(program, config, today, query):
    """The pairs matching ``query`` (a ``core.payloads.PairQuery``), one page of them with both partners."""
    pairs = pairs_with_health(program, config, today)
    if query.health:
        pairs = _with_health(pairs, query.health, config, today)
    if query.status:
        pairs = pairs.filter(status=query.status)
    if query.topic:
        pairs = pairs.filter(topics__contains=f" {query.topic} ")
    if query.disputed:
        pairs = pairs.filter(sessions_disputed__gt=0)
    if query.search:
        people = people_matching(program.participants(), query.search).values_list("pk", flat=True)
        found = list(people[:SEARCH_LIST_LIMIT + 1])
        if len(found) > SEARCH_LIST_LIMIT:  # a broad search: the database joins rather than read a long list
            found = people
        pairs = pairs.filter(Q(mentor_id__in=found) | Q(mentee_id__in=found))
    counted = None if query.health or query.topic or query.disputed or query.search else tallies.total(
        program.usage_key, tallies.PAIRS, first_part=query.status or None)
    return _page(pairs, PAIR_SORTS, query, ("mentor", "mentee"), counted)


def participant_page(program, query):
    """The participants matching ``query`` (a ``core.payloads.ParticipantQuery``), one page with usernames."""
    participants = program.participants()
    if query.stage:
        participants = participants.filter(stage=query.stage)
    if query.role:
        participants = participants.filter(role=query.role)
    if query.search:
        participants = people_matching(participants, query.search)
    counted = None if query.search else tallies.total(program.usage_key, tallies.PARTICIPANTS,
                                                      query.role or None, query.stage or None)
    return _page(participants, PARTICIPANT_SORTS, query, ("user",), counted)


def people_matching(participants, search):
    """By any part of the name they show, or the start of their username, which the user table's index finds
    (a username part would read every participant's user)."""
    users = get_user_model().objects.filter(username__istartswith=search).values("pk")
    return participants.filter(Q(public_name__icontains=search) | Q(user__in=users))


def _page(queryset, sorts, query, related, counted=None):
    """One page and how many rows match (``counted`` when the program's tallies know it already).

    Sorted by a partner's name, the database would join every matching pair to both partners before
    sorting; it sorts the pair keys first instead, then reads the full rows of those 25 only.
    """
    fields = sorts[query.sort]
    order = [f"-{name}" for name in fields] if query.descending else list(fields)
    total = queryset.count() if counted is None else counted
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(query.page, pages)
    start = (number - 1) * PAGE_SIZE
    ordered = queryset.order_by(*order)
    if any("__" in name for name in fields):
        keys = list(ordered.values_list("pk", flat=True)[start:start + PAGE_SIZE])
        rows = list(ordered.filter(pk__in=keys).select_related(*related)) if keys else []
    else:
        rows = list(ordered.select_related(*related)[start:start + PAGE_SIZE])
    return Page(rows, total, number, PAGE_SIZE)


@dataclass(frozen=True)
class PairTimeline:
    """A pair with both partners, its sessions and their ticks, feedback, what staff did to it, and the reminders its
    partners were sent (``domain.nudges.pair_nudges``)."""

    pair: object
    sessions: list
    ticks: dict
    feedback: list
    actions: list
    checkins: list = ()
    nudges: list = ()


def pair_timeline(program, pair_id, config, today):
    pair = pairs_with_health(program, config, today).select_related("mentor", "mentee").filter(pk=pair_id).first()
    if pair is None:
        raise NotFound(_("This pair is not in this program."))
    return PairTimeline(
        pair=pair,
        sessions=list(Session.objects.filter(pair=pair).order_by("number")),
        ticks=ticks_by_session([pair]),
        feedback=list(Feedback.objects.filter(pair=pair).order_by("submitted_at")),
        checkins=list(CheckIn.objects.filter(pair=pair).order_by("submitted_at")),
        actions=list(StaffAction.objects.filter(Q(pair=pair) | Q(participant__in=[pair.mentor_id, pair.mentee_id]),
                                                usage_key=program.usage_key)
                     .select_related("actor").order_by("created_at", "pk")),
        nudges=pair_nudges(program, pair.pk),
    )



def pairing_candidates(program, capacity, mentor_search="", mentee_search="", limit=50):
    """``(mentors, mentees)`` staff may pair now, found as the tables find people, at most ``limit`` each.

    Mentees without a partner; mentors with fewer active pairs than ``capacity``; both still in the program
    and not done with it. Each side is one query, whatever the program's size.
    """
    free = program.participants().filter(stage__in=(Stage.WAITING, Stage.ENDED, Stage.PAIRED))

    def found(search):
        return people_matching(free, search) if search else free
    mentees = list(found(mentee_search).filter(role="mentee").exclude(stage=Stage.PAIRED).select_related("user")
                   .order_by("public_name", "pk")[:limit])
    mentors = list(found(mentor_search).filter(role="mentor").annotate(
        active=Count("mentor_pairs", filter=Q(mentor_pairs__status=PairStatus.ACTIVE))).filter(active__lt=capacity)
                   .select_related("user").order_by("public_name", "pk")[:limit])
    return mentors, mentees
