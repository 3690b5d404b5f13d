"""The staff dashboard's overview: how the program is going, in seven set-based queries at any size.

Every figure is computed in the database and grouped before it reaches Python (participants by role and
stage; pairs by status, health, sessions confirmed and the days between them; mentors who finished;
pairs by day paired; feedback by answer; ratings by topic; confirmed sessions by day), so the cost
follows the number of groups, not the number of learners. Each grouping has an index that covers it.
"""
from bisect import bisect_right
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from ..core.pace import due_by
from ..core.vocabulary import ROLES, Health, PairStatus, SessionStatus, Stage
from ..models import FeedbackRating, Session
from .dashboard import pairs_with_health

WEEKS_SHOWN = 12


@dataclass(frozen=True)
class Overview:
    """The program at a glance (counts, rates in 0..1 or None when nothing to measure yet)."""

    participants: dict  # role -> stage -> count
    pairs_by_status: dict
    pairs_by_health: dict  # active pairs only
    sessions_confirmed: int
    sessions_planned_to_date: int
    items_confirmed: int
    satisfaction: dict  # 1..5 -> count
    satisfaction_mean: object
    recommend_rate: object
    feedback_count: int
    confidence: list  # (topic id, role, mean before, mean after, answers), by topic then role
    mentor_retention: object
    mentors_finished: int
    median_days_between_sessions: object
    progress: dict  # sessions confirmed -> pairs (active and completed)
    weeks: list  # (week start, sessions confirmed, sessions planned), oldest first
    updated_at: object


def overview(program, config, today):
    by_role = {role: dict.fromkeys(Stage.ALL, 0) for role in ROLES}
    for stage, role, count in program.participants().values_list("stage", "role").annotate(n=Count("pk")):
        by_role[role][stage] = count
    groups = _pair_groups(program, config, today)
    retention = program.pairs().filter(status__in=(PairStatus.COMPLETED, PairStatus.ENDED)).aggregate(
        stayed=Count("mentor", distinct=True, filter=Q(status=PairStatus.COMPLETED)),
        finished=Count("mentor", distinct=True))
    pairing_days = list(program.pairs().filter(status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED))
                        .values_list("status", "paired_on").annotate(n=Count("pk")))
    satisfaction, recommended, feedback_count = _feedback(program)
    return Overview(
        participants=by_role, pairs_by_status=groups.by_status, pairs_by_health=groups.by_health,
        sessions_confirmed=groups.sessions, sessions_planned_to_date=_planned_to_date(config, today, pairing_days),
        items_confirmed=groups.items, satisfaction=satisfaction,
        satisfaction_mean=(sum(k * v for k, v in satisfaction.items()) / feedback_count) if feedback_count else None,
        recommend_rate=recommended / feedback_count if feedback_count else None, feedback_count=feedback_count,
        confidence=_confidence(program), mentors_finished=retention["finished"],
        mentor_retention=retention["stayed"] / retention["finished"] if retention["finished"] else None,
        median_days_between_sessions=weighted_median(groups.gaps), progress=dict(sorted(groups.progress.items())),
        weeks=_weeks(program, config, today, pairing_days), updated_at=timezone.now())


@dataclass
class _PairGroups:
    by_status: dict
    by_health: dict  # active pairs only
    progress: dict  # sessions confirmed -> active and completed pairs
    gaps: dict  # mean days between confirmed sessions -> pairs (those with two or more)
    sessions: int = 0
    items: int = 0


def _pair_groups(program, config, today):
    """Every pair figure from one pass over the pairs, grouped by status, sessions, health and their span."""
    groups = _PairGroups(dict.fromkeys(PairStatus.ALL, 0), dict.fromkeys(Health.ALL, 0), {}, {})
    rows = (pairs_with_health(program, config, today)
            .values_list("status", "health", "sessions_confirmed", "confirmed_span_days")
            .annotate(n=Count("pk"), items=Sum("items_confirmed")))
    for status, health, confirmed, span, count, items in rows:
        groups.by_status[status] += count
        groups.sessions += confirmed * count
        groups.items += items or 0
        if status == PairStatus.ACTIVE:
            groups.by_health[health] += count
        if status != PairStatus.ENDED:
            groups.progress[confirmed] = groups.progress.get(confirmed, 0) + count
        if confirmed >= 2:
            gap = span / (confirmed - 1)
            groups.gaps[gap] = groups.gaps.get(gap, 0) + count
    return groups


def weighted_median(counts):
    """The median of the list holding each value of ``{value: count}`` count times; None when it is empty."""
    values = sorted(value for value, count in counts.items() if count)
    if not values:
        return None
    ends = list(accumulate(counts[value] for value in values))  # ends[i]: index just past the last copy of values[i]
    low, high = (ends[-1] - 1) // 2, ends[-1] // 2
    return (values[bisect_right(ends, low)] + values[bisect_right(ends, high)]) / 2


def _planned_to_date(config, today, pairing_days):
    """Sessions the plan asked for by today: all of a completed pair's, the due ones of an active pair."""
    return sum(count * (config.plan.count if status == PairStatus.COMPLETED else due_by(config.plan, day, today))
               for status, day, count in pairing_days)


def _feedback(program):
    satisfaction, recommended, total = dict.fromkeys(range(1, 6), 0), 0, 0
    for score, recommends, count in (program.feedback().values_list("satisfaction", "would_recommend")
                                     .annotate(n=Count("pk"))):
        satisfaction[score] += count
        recommended += count if recommends else 0
        total += count
    return satisfaction, recommended, total


def _confidence(program):
    """Mean self-rating at intake and confidence at the end, per topic and role, where both were given."""
    rows = (FeedbackRating.objects.filter(usage_key=program.usage_key, before__isnull=False)
            .values_list("topic_id", "role").annotate(before_mean=Avg("before"), after_mean=Avg("after"), n=Count("pk"))
            .order_by("topic_id", "role"))
    return [(topic, role, float(before), float(after), count) for topic, role, before, after, count in rows]


def _weeks(program, config, today, pairing_days):
    """The last ``WEEKS_SHOWN`` weeks: sessions confirmed (by the day they were held) and planned."""
    this_week = today - timedelta(days=today.weekday())
    starts = [this_week - timedelta(weeks=n) for n in range(WEEKS_SHOWN - 1, -1, -1)]
    confirmed, planned = dict.fromkeys(starts, 0), dict.fromkeys(starts, 0)
    for day, count in (Session.objects.filter(usage_key=program.usage_key, status=SessionStatus.CONFIRMED,
                                              held_on__gte=starts[0])
                       .values_list("held_on").annotate(n=Count("pk"))):
        week = day - timedelta(days=day.weekday())
        if week in confirmed:
            confirmed[week] += count
    for _status, day, count in pairing_days:
        for target in config.plan.target_dates(day):
            week = target - timedelta(days=target.weekday())
            if week in planned:
                planned[week] += count
    return [(week, confirmed[week], planned[week]) for week in starts]
