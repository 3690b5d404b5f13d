"""The staff dashboard's overview: how the program is going, in three queries at any size.

Counts come from the program's tallies (``tallies``: participants by role and stage, pairs by status and
sessions, the days pairs were paired and sessions held, feedback, ratings, mentors who finished), which
every write keeps; only the active pairs' health, which changes with the date, is counted from the
pairs, grouped in the database over the index that covers their columns; and the active pairs' halfway
check-ins, counted over the check-ins' index (``checkins.checkin_counts``). Programs whose goal asks for figures
by self-described group or for mentor retention read three queries more (``outcomes``).
"""
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from django.db.models import Count, Q
from django.utils import timezone

from ..core.pace import due_by
from ..core.vocabulary import ROLES, Health, PairStatus, Stage
from . import tallies
from .checkins import checkin_counts
from .dashboard import health_conditions
from .outcomes import outcome_counts

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
    confidence: list  # ("topic" or "area", its id, role, mean before, mean after, answers), sorted
    mentor_retention: object
    mentors_finished: int
    median_days_between_sessions: object
    progress: dict  # sessions confirmed -> pairs (active and completed)
    weeks: list  # (week start, sessions confirmed, sessions planned), oldest first
    updated_at: object
    checkins: dict = None  # active pairs with a check-in: "answered", and those where a partner says "partly", "no"
    outcomes: object = None  # ``outcomes.OutcomeCounts`` when the goal kind's Outcomes card needs them


def overview(program, config, today):
    kept = _by_kind(tallies.read(program.usage_key))
    by_role = {role: dict.fromkeys(Stage.ALL, 0) for role in ROLES}
    for (role, stage), (count, _first, _second) in kept[tallies.PARTICIPANTS]:
        by_role[role][stage] = count
    groups = _pair_groups(kept)
    mentors = {name: count for (name,), (count, _first, _second) in kept[tallies.MENTORS]}
    finished, stayed = mentors.get("finished", 0), mentors.get("stayed", 0)
    pairing_days = [(status, date.fromisoformat(day), count)
                    for (status, day), (count, _first, _second) in kept[tallies.PAIRED_ON]]
    satisfaction, recommended, feedback_count = _feedback(kept)
    return Overview(
        participants=by_role, pairs_by_status=groups.by_status, pairs_by_health=health_counts(program, config, today),
        sessions_confirmed=groups.sessions, sessions_planned_to_date=_planned_to_date(config, today, pairing_days),
        items_confirmed=groups.items, satisfaction=satisfaction,
        satisfaction_mean=(sum(k * v for k, v in satisfaction.items()) / feedback_count) if feedback_count else None,
        recommend_rate=recommended / feedback_count if feedback_count else None, feedback_count=feedback_count,
        confidence=_confidence(kept), mentors_finished=finished,
        mentor_retention=stayed / finished if finished else None,
        median_days_between_sessions=weighted_median(groups.gaps), progress=dict(sorted(groups.progress.items())),
        weeks=_weeks(kept, config, today, pairing_days), updated_at=timezone.now(), checkins=checkin_counts(program),
        outcomes=outcome_counts(program, config))


def health_counts(program, config, today):
    """``{health: active pairs}``: conditional counts in one pass, in the order ``health_expression`` tests them."""
    stalled, behind = health_conditions(config, today)
    disputed = Q(sessions_disputed__gt=0)
    found = program.pairs().filter(status=PairStatus.ACTIVE).aggregate(
        active=Count("pk"), stalled=Count("pk", filter=stalled), disputed=Count("pk", filter=~stalled & disputed),
        behind=Count("pk", filter=~stalled & ~disputed & behind))
    found[Health.ON_TRACK] = found["active"] - sum(found[h] for h in (Health.STALLED, Health.DISPUTED, Health.BEHIND))
    return {health: found[health] for health in Health.ALL}


def _by_kind(read):
    """``{kind: [((parts of the bucket), amounts)]}`` of the tallies ``tallies.read`` gives."""
    grouped = defaultdict(list)
    for (kind, bucket), amounts in read.items():
        grouped[kind].append((tuple(bucket.split(" ")), amounts))
    return grouped


@dataclass
class _PairGroups:
    by_status: dict
    progress: dict  # sessions confirmed -> active and completed pairs
    gaps: dict  # mean days between confirmed sessions -> pairs (those with two or more)
    sessions: int = 0
    items: int = 0


def _pair_groups(kept):
    groups = _PairGroups(dict.fromkeys(PairStatus.ALL, 0), {}, {})
    for (status, sessions), (count, items, _second) in kept[tallies.PAIRS]:
        confirmed = int(sessions)
        groups.by_status[status] += count
        groups.sessions += confirmed * count
        groups.items += items
        if status != PairStatus.ENDED:
            groups.progress[confirmed] = groups.progress.get(confirmed, 0) + count
    for (confirmed, span), (count, _first, _second) in kept[tallies.GAPS]:
        gap = int(span) / (int(confirmed) - 1)
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


def _feedback(kept):
    satisfaction, recommended, total = dict.fromkeys(range(1, 6), 0), 0, 0
    for (score, recommends), (count, _first, _second) in kept[tallies.FEEDBACK]:
        satisfaction[int(score)] += count
        recommended += count if recommends == "1" else 0
        total += count
    return satisfaction, recommended, total


def _confidence(kept):
    """Mean self-rating at intake and at the end, per topic or area and role, where both were given."""
    return sorted((about, subject, role, before / count, after / count, count)
                  for (about, subject, role), (count, before, after) in kept[tallies.CONFIDENCE])


def _weeks(kept, config, today, pairing_days):
    """The last ``WEEKS_SHOWN`` weeks: sessions confirmed (by the day they were held) and planned."""
    this_week = today - timedelta(days=today.weekday())
    starts = [this_week - timedelta(weeks=n) for n in range(WEEKS_SHOWN - 1, -1, -1)]
    confirmed, planned = dict.fromkeys(starts, 0), dict.fromkeys(starts, 0)
    for (held_on,), (count, _first, _second) in kept[tallies.HELD_ON]:
        day = date.fromisoformat(held_on)
        week = day - timedelta(days=day.weekday())
        if week in confirmed:
            confirmed[week] += count
    first, offsets = starts[0].toordinal(), config.plan.target_offsets
    for _status, day, count in pairing_days:  # ordinals: a year of pairing days times the plan, in plain ints
        paired = day.toordinal() - first
        for offset in offsets:
            week = (paired + offset) // 7
            if 0 <= week < WEEKS_SHOWN:
                planned[starts[week]] += count
    return [(week, confirmed[week], planned[week]) for week in starts]
