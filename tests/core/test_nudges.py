"""Which reminders a pair needs on a given day, on dated fixtures (``core/nudges.py``).

The plan: 6 sessions, 30 days apart, the first within 7 days of pairing (targets on days 7, 37, 67...), a grace
of 14 days before a quiet pair stalls, reminders 3 days ahead and after 3 days of waiting.
"""
from datetime import date, timedelta

import pytest

from reverse_mentoring_xblock.core import nudges
from reverse_mentoring_xblock.core.nudges import PairDates, ReminderTerms, WaitingSession
from tests.factories import config

PAIRED = date(2026, 3, 2)
TERMS = ReminderTerms("Digital mentoring", sessions=6, cadence_days=30, grace_days=14, remind_days=3)
MENTOR, MENTEE = 11, 12


def pair(**changes):
    values = {"pair_id": 5, "mentor_id": MENTOR, "mentee_id": MENTEE, "active": True, "paired_on": PAIRED,
              "confirmed": 0, "last_confirmed_on": None, "disputed": 0}
    return PairDates(**{**values, **changes})


def found(on, **changes):
    return [(n.participant_id, n.kind, n.occasion, n.session, n.due)
            for n in nudges.nudges_for(TERMS, pair(**changes), on)]


def day(offset):
    return PAIRED + timedelta(days=offset)


def test_a_new_pair_is_reminded_of_its_first_session_three_days_before_it_is_due():
    assert found(day(3)) == []
    assert found(day(4)) == [(person, nudges.SESSION_SOON, "5:session:1", 1, day(7)) for person in (MENTOR, MENTEE)]
    assert found(day(7))[0][1] == nudges.SESSION_SOON  # due today: still "due by"


def test_the_day_after_the_target_the_pair_is_behind_and_after_the_grace_it_has_stalled():
    assert found(day(8)) == [(person, nudges.BEHIND, "5:behind:0", 1, day(7)) for person in (MENTOR, MENTEE)]
    assert [kind for _p, kind, *_ in found(day(44))] == [nudges.BEHIND] * 2  # 30 + 14 days of quiet: not yet
    assert found(day(45)) == [(person, nudges.STALLED, "5:stalled:0", 1, day(7)) for person in (MENTOR, MENTEE)]


def test_a_confirmed_session_opens_a_new_occasion_for_the_same_kind_of_reminder():
    caught_up = found(day(40), confirmed=1, last_confirmed_on=day(30))
    assert [occasion for _p, _k, occasion, *_ in caught_up] == ["5:behind:1", "5:behind:1"]
    assert caught_up[0][3:] == (2, day(37))


def test_while_a_session_waits_only_the_reviewer_is_reminded_after_three_days():
    waiting = (WaitingSession(session_id=90, number=1, logged_by=MENTEE, logged_on=day(5)),)
    assert found(day(6), waiting=waiting) == []
    assert found(day(7), waiting=waiting) == []
    assert found(day(8), waiting=waiting) == [(MENTOR, nudges.TO_CONFIRM, "5:confirm:90", 1, None)]  # not behind
    assert found(day(60), waiting=waiting) == [(MENTOR, nudges.TO_CONFIRM, "5:confirm:90", 1, None)]  # not stalled
    logged_by_mentor = (WaitingSession(91, 1, MENTOR, day(5)),)
    assert [(p, k) for p, k, *_ in found(day(8), waiting=logged_by_mentor) if k == nudges.TO_CONFIRM] == [
        (MENTEE, nudges.TO_CONFIRM)]


def test_a_disputed_pair_is_not_told_it_is_behind():
    assert found(day(10), disputed=1) == []


def test_a_completed_pair_is_reminded_of_feedback_once_per_partner_who_has_not_given_it():
    done = {"active": False, "confirmed": 6, "last_confirmed_on": day(160)}
    assert found(day(161), **done) == [(MENTOR, nudges.FEEDBACK, "5:feedback", 0, None),
                                       (MENTEE, nudges.FEEDBACK, "5:feedback", 0, None)]
    assert found(day(161), feedback_from=frozenset({MENTOR}), **done) == [(MENTEE, nudges.FEEDBACK, "5:feedback", 0,
                                                                            None)]


def test_a_program_with_reminders_off_reminds_nobody():
    silent = ReminderTerms("Quiet", 6, 30, 14, 0)
    assert nudges.nudges_for(silent, pair(), day(8)) == []


@pytest.mark.parametrize("remind_days", [1, 7, 14])
def test_the_window_follows_the_setting(remind_days):
    terms = ReminderTerms("x", 6, 30, 14, remind_days)
    assert not nudges.nudges_for(terms, pair(), day(7 - remind_days - 1))
    assert nudges.nudges_for(terms, pair(), day(7 - remind_days))[0].kind == nudges.SESSION_SOON


def test_staff_reminders_are_once_a_day_per_partner():
    today = date(2026, 12, 7)
    assert [(n.participant_id, n.occasion) for n in nudges.staff_nudges(5, (MENTOR, MENTEE), today)] == [
        (MENTOR, "5:staff:2026-12-07"), (MENTEE, "5:staff:2026-12-07")]


def test_terms_come_from_the_program_settings_and_survive_storage():
    terms = ReminderTerms.of(config(sessions_planned=4, cadence_days=14, stall_grace_days=7, reminder_days=2), "P")
    assert terms == ReminderTerms("P", 4, 14, 7, 2)
    assert ReminderTerms.from_json(terms.to_json()) == terms
