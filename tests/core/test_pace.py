"""A pair's pace and health against its plan, on fixed dates, and the same rules as database cut-offs."""
from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock.core.pace import (
    counts_towards_plan,
    due_by,
    health_cutoffs,
    next_counted_from,
    next_target,
    pace,
)
from reverse_mentoring_xblock.core.vocabulary import Health
from tests.factories import config

PLAN = config(sessions_planned=6, cadence_days=30).plan  # targets: day 7, 37, 67, 97, 127, 157
PAIRED = date(2026, 1, 1)
GRACE = 14


def health(today, confirmed=0, last=None, disputed=False):
    return pace(PLAN, PAIRED, today, confirmed=confirmed, last_confirmed_on=last, disputed=disputed,
                grace_days=GRACE).health


@pytest.mark.parametrize("days, confirmed, last, disputed, expected", [
    (3, 0, None, False, Health.ON_TRACK),    # first target (day 7) not reached
    (7, 0, None, False, Health.ON_TRACK),    # the target day itself is still on time
    (8, 0, None, False, Health.BEHIND),      # first target passed, nothing confirmed
    (20, 1, 6, False, Health.ON_TRACK),      # one confirmed, next target day 37
    (38, 1, 6, False, Health.BEHIND),
    (50, 1, 6, False, Health.BEHIND),        # quiet for 44 days: exactly 30 + 14, not yet stalled
    (51, 1, 6, False, Health.STALLED),       # quiet for 45 days
    (44, 0, None, False, Health.BEHIND),
    (45, 0, None, False, Health.STALLED),
    (20, 1, 6, True, Health.DISPUTED),
    (60, 1, 6, True, Health.STALLED),        # gone quiet outranks a dispute
    (400, 6, 150, False, Health.ON_TRACK),   # every planned session confirmed
])
def test_health_on_fixed_dates(days, confirmed, last, disputed, expected):
    last_on = PAIRED + timedelta(days=last) if last is not None else None
    assert health(PAIRED + timedelta(days=days), confirmed, last_on, disputed) == expected


def test_pace_counts_what_is_due_and_names_the_next_target():
    seen = pace(PLAN, PAIRED, PAIRED + timedelta(days=70), confirmed=2, last_confirmed_on=PAIRED + timedelta(days=60),
                disputed=False, grace_days=GRACE)
    assert (seen.due, seen.confirmed, seen.next_target) == (3, 2, PAIRED + timedelta(days=67))
    assert next_target(PLAN, PAIRED, 6) is None


@pytest.mark.parametrize("days", range(0, 200, 3))
@pytest.mark.parametrize("confirmed", range(6))
def test_the_cutoffs_say_what_pace_says(days, confirmed):
    """For stalled and behind, the database filter built from the cut-offs agrees with ``pace``."""
    today = PAIRED + timedelta(days=days)
    last = PAIRED + timedelta(days=max(0, days - 40)) if confirmed else None
    cutoffs = health_cutoffs(PLAN, today, GRACE)
    stalled = (last or PAIRED) < cutoffs.stalled_before
    behind = cutoffs.behind_paired_before[confirmed] > PAIRED
    verdict = health(today, confirmed, last)
    assert verdict == (Health.STALLED if stalled else Health.BEHIND if behind else Health.ON_TRACK)


@given(st.integers(1, 24), st.integers(7, 120), st.integers(-30, 3000))
def test_due_by_counts_the_target_dates_on_or_before_the_day(count, cadence, days):
    plan = config(sessions_planned=count, cadence_days=cadence).plan
    today = PAIRED + timedelta(days=days)
    assert due_by(plan, PAIRED, today) == sum(target <= today for target in plan.target_dates(PAIRED))


def day(n):
    return PAIRED + timedelta(days=n)


def test_a_session_counts_when_held_the_authors_days_away_from_every_session_that_counts():
    counted = [day(3), day(20)]
    assert counts_towards_plan(day(4), counted, 1) and not counts_towards_plan(day(3), counted, 1)
    assert not counts_towards_plan(day(17), counted, 7) and not counts_towards_plan(day(8), counted, 7)
    assert counts_towards_plan(day(10), counted, 7)  # 7 days after day 3 and 10 before day 20
    assert counts_towards_plan(day(3), counted, 0) and counts_towards_plan(day(3), [], 60)
    assert next_counted_from(counted, 7) == day(27)
    assert next_counted_from([], 7) is None and next_counted_from(counted, 0) is None


@given(st.lists(st.integers(0, 60), max_size=12), st.integers(0, 14))
def test_sessions_confirmed_one_by_one_that_count_are_always_far_enough_apart(days, gap):
    counted = []
    for held_on in (day(n) for n in days):
        if counts_towards_plan(held_on, counted, gap):
            counted.append(held_on)
        else:
            assert any(abs((held_on - other).days) < gap for other in counted)
    assert all(abs((a - b).days) >= gap for a, b in combinations(counted, 2))
