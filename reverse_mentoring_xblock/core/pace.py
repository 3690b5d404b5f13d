"""A pair's pace against its session plan, and its health as staff and the pair see it.

Pure: dates in, a verdict out. The plan sets a target date per session (the first within a week of
pairing, then one every ``cadence_days``). An active pair is

- *stalled* when no session was confirmed for longer than the cadence plus the author's grace period
  (counted from pairing when none was confirmed yet);
- *disputed* when a session waits for its logger to correct it;
- *behind* when the target date of its next session has passed;
- *on track* otherwise.

The first that applies wins: a pair that has gone quiet needs staff more than one with a dispute. The
same cut-offs, as dates, let the database filter thousands of pairs by health (``health_cutoffs``).

The plan is a pace, not a race: a session counts towards it only when, as it is confirmed, it was held at
least the author's ``min_gap_days`` away from every session that counts already (``counts_towards_plan``);
one held closer is kept and shown.
"""
from dataclasses import dataclass
from datetime import timedelta

from .vocabulary import Health


@dataclass(frozen=True)
class PairPace:
    """Where a pair stands: its health, how many sessions are due and confirmed, and the next target."""

    health: str
    due: int
    confirmed: int
    next_target: object  # date or None when every planned session is confirmed


def counts_towards_plan(held_on, counted_days, min_gap_days):
    """Whether a session held on ``held_on`` counts, next to the days of the sessions that count already."""
    return all(abs((held_on - day).days) >= min_gap_days for day in counted_days)


def next_counted_from(counted_days, min_gap_days):
    """The first day from which a new session counts for sure (None when any day does)."""
    return max(counted_days) + timedelta(days=min_gap_days) if counted_days and min_gap_days else None


def next_target(plan, paired_on, confirmed):
    """The target date of the first session not confirmed yet, or None when all are."""
    if confirmed >= plan.count:
        return None
    return plan.target_dates(paired_on)[confirmed]


def due_by(plan, paired_on, today):
    """How many planned sessions have a target date on or before ``today`` (counted, not listed: the overview
    asks for every day pairs were paired)."""
    days_after_first = (today - paired_on).days - plan.first_session_within_days
    return 0 if days_after_first < 0 else min(plan.count, days_after_first // plan.cadence_days + 1)


def pace(plan, paired_on, today, *, confirmed, last_confirmed_on, disputed, grace_days):
    """The pace of an active pair paired on ``paired_on`` (a date), seen on ``today``."""
    target = next_target(plan, paired_on, confirmed)
    quiet_since = last_confirmed_on or paired_on
    if confirmed < plan.count and (today - quiet_since).days > plan.cadence_days + grace_days:
        health = Health.STALLED
    elif disputed:
        health = Health.DISPUTED
    elif target is not None and target < today:
        health = Health.BEHIND
    else:
        health = Health.ON_TRACK
    return PairPace(health, due_by(plan, paired_on, today), confirmed, target)


@dataclass(frozen=True)
class HealthCutoffs:
    """The same rules as dates, for a database filter.

    ``stalled_before``: quiet since before this date means stalled. ``behind_paired_before[c]``: with
    ``c`` confirmed sessions, paired before this date means the next target has passed.
    """

    stalled_before: object
    behind_paired_before: tuple


def health_cutoffs(plan, today, grace_days):
    first_offset = timedelta(days=plan.first_session_within_days)
    return HealthCutoffs(
        stalled_before=today - timedelta(days=plan.cadence_days + grace_days),
        behind_paired_before=tuple(today - first_offset - timedelta(days=plan.cadence_days * confirmed)
                                   for confirmed in range(plan.count)),
    )
