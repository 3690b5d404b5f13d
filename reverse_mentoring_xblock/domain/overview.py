"""The staff dashboard's overview: how the program is going, in eight set-based queries at any size.

Every figure is computed in the database and grouped before it reaches Python (participants by role and
stage, pairs by status, health and sessions confirmed, feedback by answer, ratings by topic, session
gaps and weeks), so the cost follows the number of groups, not the number of learners.
"""
import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate, TruncWeek
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
    pairs = program.pairs()
    by_role = {role: dict.fromkeys(Stage.ALL, 0) for role in ROLES}
    for role, stage, count in program.participants().values_list("role", "stage").annotate(n=Count("pk")):
        by_role[role][stage] = count
    by_status, progress, sessions, items = dict.fromkeys(PairStatus.ALL, 0), {}, 0, 0
    for status, confirmed, count, ticked in (pairs.values_list("status", "sessions_confirmed")
                                             .annotate(n=Count("pk"), items=Sum("items_confirmed"))):
        by_status[status] += count
        sessions += confirmed * count
        items += ticked or 0
        if status != PairStatus.ENDED:
            progress[confirmed] = progress.get(confirmed, 0) + count
    health = pairs_with_health(program, config, today).aggregate(
        **{name: Count("pk", filter=Q(health=name)) for name in Health.ALL},
        mentors_stayed=Count("mentor", distinct=True, filter=Q(status=PairStatus.COMPLETED)),
        mentors_finished=Count("mentor", distinct=True,
                               filter=Q(status__in=(PairStatus.COMPLETED, PairStatus.ENDED))))
    pairing_days = _pairing_days(pairs)
    satisfaction, recommended, feedback_count = _feedback(program)
    weeks = _weeks(program, config, today, pairing_days)
    return Overview(
        participants=by_role, pairs_by_status=by_status,
        pairs_by_health={name: health[name] for name in Health.ALL},
        sessions_confirmed=sessions, sessions_planned_to_date=_planned_to_date(config, today, pairing_days),
        items_confirmed=items, satisfaction=satisfaction,
        satisfaction_mean=(sum(k * v for k, v in satisfaction.items()) / feedback_count) if feedback_count else None,
        recommend_rate=recommended / feedback_count if feedback_count else None, feedback_count=feedback_count,
        confidence=_confidence(program), mentors_finished=health["mentors_finished"],
        mentor_retention=(health["mentors_stayed"] / health["mentors_finished"]) if health["mentors_finished"]
        else None,
        median_days_between_sessions=_median_gap(pairs), progress=dict(sorted(progress.items())), weeks=weeks,
        updated_at=timezone.now())


def _pairing_days(pairs):
    """``[(day paired, status, pairs)]`` of the active and completed pairs."""
    return list(pairs.filter(status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED))
                .annotate(day=TruncDate("created_at")).values_list("day", "status").annotate(n=Count("pk")))


def _planned_to_date(config, today, pairing_days):
    """Sessions the plan asked for by today: all of a completed pair's, the due ones of an active pair."""
    return sum(count * (config.plan.count if status == PairStatus.COMPLETED else due_by(config.plan, day, today))
               for day, status, count in pairing_days)


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
    rows = (FeedbackRating.objects.filter(feedback__pair__usage_key=program.usage_key, before__isnull=False)
            .values_list("topic_id", "feedback__participant__role")
            .annotate(before_mean=Avg("before"), after_mean=Avg("after"), n=Count("pk"))
            .order_by("topic_id", "feedback__participant__role"))
    return [(topic, role, float(before), float(after), count) for topic, role, before, after, count in rows]


def _median_gap(pairs):
    """Median, over the pairs that confirmed two sessions or more, of their mean days between sessions."""
    span = ExpressionWrapper(F("last_confirmed_on") - F("first_confirmed_on"), output_field=DurationField())
    gaps = []
    for days, confirmed, count in (pairs.filter(sessions_confirmed__gte=2).annotate(span=span)
                                   .values_list("span", "sessions_confirmed").annotate(n=Count("pk"))):
        gaps.extend([days.days / (confirmed - 1)] * count)
    return statistics.median(gaps) if gaps else None


def _weeks(program, config, today, pairing_days):
    """The last ``WEEKS_SHOWN`` weeks: sessions confirmed (by the day they were held) and planned."""
    this_week = today - timedelta(days=today.weekday())
    starts = [this_week - timedelta(weeks=n) for n in range(WEEKS_SHOWN - 1, -1, -1)]
    confirmed = dict(Session.objects.filter(pair__usage_key=program.usage_key, status=SessionStatus.CONFIRMED,
                                            held_on__gte=starts[0])
                     .annotate(week=TruncWeek("held_on")).values_list("week").annotate(n=Count("pk")))
    planned = dict.fromkeys(starts, 0)
    for day, _status, count in pairing_days:
        for target in config.plan.target_dates(day):
            week = target - timedelta(days=target.weekday())
            if week in planned:
                planned[week] += count
    return [(week, confirmed.get(week, 0), planned[week]) for week in starts]
