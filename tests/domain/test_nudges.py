"""The daily reminders job on dated fixtures: each reminder recorded and sent once, opt-outs respected, two
programs apart, and two runs at the same moment sending nothing twice (on MariaDB with ``RM_DATABASE``)."""
import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from reverse_mentoring_xblock import access, domain
from reverse_mentoring_xblock.core import nudges
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.nudges import ReminderTerms
from reverse_mentoring_xblock.core.payloads import parse_session_log
from reverse_mentoring_xblock.domain import nudges as reminders
from reverse_mentoring_xblock.models import Nudge, Pair, Program, Session
from tests.factories import config, intake, session_log

TODAY = date(2026, 12, 7)
PROGRAM = domain.ProgramRef("course-v1:Org+A+2026", "block-v1:Org+A+2026+type@reverse_mentoring+block@one")
OTHER = domain.ProgramRef("course-v1:Org+B+2026", "block-v1:Org+B+2026+type@reverse_mentoring+block@two")
CONFIG = config()
TERMS = ReminderTerms.of(CONFIG, "Digital mentoring")


class Sender:
    """Records what it is asked to send, as the e-mail service would receive it."""

    def __init__(self, delivery=nudges.EMAILED):
        self.sent, self.delivery, self.lock = [], delivery, threading.Lock()

    def __call__(self, batch):
        with self.lock:
            self.sent += batch
        return {reminder.nudge_id: self.delivery for reminder in batch}

    def kinds(self):
        return sorted((r.public_name, r.kind, r.partner_name) for r in self.sent)


def join(program, user, role, name):
    caller = access.Caller(user_id=user.pk, username=user.username, anonymous_id=f"{program.usage_key}/{user.pk}")
    return domain.save_intake(program, caller, parse_intake(intake(role, public_name=name), CONFIG))


def paired(program, users, names, days_ago):
    """An active pair of ``users`` (mentor, mentee), paired ``days_ago`` days before ``TODAY``."""
    mentor = join(program, users[0], "mentor", names[0])
    mentee = join(program, users[1], "mentee", names[1])
    pair = domain.pair_participants(program, mentor.pk, mentee.pk, None)
    Pair.objects.filter(pk=pair.pk).update(paired_on=TODAY - timedelta(days=days_ago))
    reminders.keep_terms(program, TERMS)
    return mentor, mentee, pair


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create(username=f"user{n}", email=f"user{n}@example.org") for n in range(8)]


def test_a_pair_behind_its_plan_is_reminded_once_and_the_reminder_is_recorded(users):
    mentor, mentee, pair = paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=10)  # session 1 was due on day 7
    sender = Sender()
    report = reminders.run_daily(TODAY, sender)
    assert (report.programs, report.recorded, report.delivered) == (1, 2, {nudges.EMAILED: 2})
    assert sender.kinds() == [("Ana", nudges.BEHIND, "Ben"), ("Ben", nudges.BEHIND, "Ana")]
    assert {(r.email, r.title, r.session, r.due) for r in sender.sent} == {
        ("user0@example.org", "Digital mentoring", 1, TODAY - timedelta(days=3)),
        ("user1@example.org", "Digital mentoring", 1, TODAY - timedelta(days=3))}
    assert list(Nudge.objects.filter(pair=pair).values_list("participant_id", "kind", "delivery").order_by("pk")) == [
        (mentor.pk, nudges.BEHIND, nudges.EMAILED), (mentee.pk, nudges.BEHIND, nudges.EMAILED)]
    again = Sender()
    assert reminders.run_daily(TODAY, again).recorded == 0
    assert reminders.run_daily(TODAY + timedelta(days=1), again).recorded == 0 and again.sent == []


def test_a_learner_who_turned_reminders_off_gets_none_and_the_partner_still_does(users):
    paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=10)
    domain.nudges.set_reminders(PROGRAM, users[1].pk, on=False)
    sender = Sender()
    assert reminders.run_daily(TODAY, sender).recorded == 1
    assert sender.kinds() == [("Ana", nudges.BEHIND, "Ben")]
    domain.nudges.set_reminders(PROGRAM, users[1].pk, on=True)  # back on: the same occasion is still due to Ben
    assert Sender().kinds() == [] and reminders.run_daily(TODAY, sender).recorded == 1


def test_turning_reminders_off_between_recording_and_sending_sends_nothing(users):
    _mentor, _mentee, pair = paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=10)
    claim = "a" * 32
    assert reminders.record_program(PROGRAM, TERMS, TODAY, claim) == 2
    domain.nudges.set_reminders(PROGRAM, users[0].pk, on=False)
    sender = Sender()
    assert reminders.send_claimed(claim, sender) == {nudges.SKIPPED: 1, nudges.EMAILED: 1}
    assert sender.kinds() == [("Ben", nudges.BEHIND, "Ana")]
    assert sorted(Nudge.objects.filter(pair=pair).values_list("delivery", flat=True)) == [nudges.EMAILED,
                                                                                         nudges.SKIPPED]


def test_two_programs_each_remind_their_own_pairs_with_their_own_settings(users):
    paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=10)
    paired(OTHER, users[2:4], ("Cleo", "Dan"), days_ago=10)
    reminders.keep_terms(OTHER, ReminderTerms("Silent program", 6, 30, 14, remind_days=0))
    sender = Sender()
    reminders.run_daily(TODAY, sender)
    assert sender.kinds() == [("Ana", nudges.BEHIND, "Ben"), ("Ben", nudges.BEHIND, "Ana")]
    assert not Nudge.objects.filter(usage_key=OTHER.usage_key).exists()


def test_a_logged_session_waiting_three_days_reminds_the_partner_who_must_confirm(users):
    _mentor, _mentee, pair = paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=5)
    log = parse_session_log(session_log((TODAY - timedelta(days=1)).isoformat()), CONFIG, today=TODAY)
    session = domain.log_session(PROGRAM, users[1].pk, log, CONFIG)
    # Logged on TODAY whatever the clock says: the wait is counted from the day it was logged.
    Session.objects.filter(pk=session.pk).update(logged_at=datetime.combine(TODAY, time(12), tzinfo=UTC))
    sender = Sender()
    reminders.run_daily(TODAY, sender)
    assert sender.kinds() == []  # logged today: no session-soon reminder either, as one waits for confirmation
    reminders.run_daily(TODAY + timedelta(days=3), sender)
    assert sender.kinds() == [("Ana", nudges.TO_CONFIRM, "Ben")]
    assert Nudge.objects.get(pair=pair).occasion == f"{pair.pk}:confirm:{session.pk}"


def test_a_completed_pair_is_reminded_of_its_feedback_and_a_deleted_program_of_nothing(users):
    one = config(sessions_planned=1)
    _mentor, _mentee, pair = paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=5)
    log = parse_session_log(session_log(TODAY.isoformat()), one, today=TODAY)
    session = domain.log_session(PROGRAM, users[1].pk, log, one)
    domain.confirm_session(PROGRAM, users[0].pk, session.pk, one)
    reminders.keep_terms(PROGRAM, ReminderTerms.of(one, "One session"))
    paired(OTHER, users[2:4], ("Cleo", "Dan"), days_ago=10)
    Program.objects.filter(usage_key=OTHER.usage_key).update(deleted_at=timezone.now())
    sender = Sender()
    reminders.run_daily(TODAY, sender)
    assert sender.kinds() == [("Ana", nudges.FEEDBACK, "Ben"), ("Ben", nudges.FEEDBACK, "Ana")]
    assert {r.title for r in sender.sent} == {"One session"}
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.COMPLETED


def test_a_sender_that_fails_marks_its_batch_failed_and_nothing_is_sent_again(users):
    paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=10)

    def broken(batch):
        raise ConnectionError("the mail server is down")

    assert reminders.run_daily(TODAY, broken).delivered == {nudges.FAILED: 2}
    assert reminders.run_daily(TODAY, Sender()).recorded == 0


def test_staff_remind_an_active_pair_once_a_day(users):
    _mentor, _mentee, pair = paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=1)
    claim = reminders.nudge_pair(PROGRAM, pair.pk, users[7].pk, TODAY, 3)
    sender = Sender()
    assert reminders.send_claimed(claim, sender) == {nudges.EMAILED: 2}
    assert sender.kinds() == [("Ana", nudges.STAFF, "Ben"), ("Ben", nudges.STAFF, "Ana")]
    with pytest.raises(domain.Conflict) as refused:
        reminders.nudge_pair(PROGRAM, pair.pk, users[7].pk, TODAY, 3)
    assert refused.value.message == reminders.ONCE_A_DAY
    assert reminders.nudge_pair(PROGRAM, pair.pk, users[7].pk, TODAY + timedelta(days=1), 3)
    with pytest.raises(domain.NotFound):
        reminders.nudge_pair(OTHER, pair.pk, users[7].pk, TODAY, 3)
    assert list(Nudge.objects.filter(pair=pair).values_list("sent_by", flat=True).distinct()) == [users[7].pk]


def test_staff_cannot_remind_a_pair_where_the_program_sends_no_reminders(users):
    _mentor, _mentee, pair = paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=1)
    with pytest.raises(domain.Conflict) as refused:
        reminders.nudge_pair(PROGRAM, pair.pk, users[7].pk, TODAY, remind_days=0)
    assert refused.value.message == reminders.PROGRAM_SENDS_NONE
    assert not Nudge.objects.exists()


def test_a_pair_whose_partners_both_turned_reminders_off_cannot_be_reminded_by_staff(users):
    _mentor, _mentee, pair = paired(PROGRAM, users[:2], ("Ana", "Ben"), days_ago=1)
    for user in users[:2]:
        domain.nudges.set_reminders(PROGRAM, user.pk, on=False)
    with pytest.raises(domain.Conflict) as refused:
        reminders.nudge_pair(PROGRAM, pair.pk, users[7].pk, TODAY, 3)
    assert refused.value.message == reminders.NOBODY_TO_REMIND


def test_keeping_the_terms_writes_only_when_they_change(users, django_assert_num_queries):
    reminders.keep_terms(PROGRAM, TERMS)
    assert Program.objects.get(usage_key=PROGRAM.usage_key).reminder_terms == TERMS.to_json()
    with django_assert_num_queries(0):
        reminders.keep_terms(PROGRAM, TERMS)
    changed = ReminderTerms("Renamed", 6, 30, 14, 5)
    reminders.keep_terms(PROGRAM, changed)
    assert Program.objects.get(usage_key=PROGRAM.usage_key).reminder_terms == changed.to_json()


def test_the_job_reads_a_fixed_number_of_queries_per_batch(users, django_assert_max_num_queries):
    for start in range(0, 8, 2):
        paired(PROGRAM, users[start:start + 2], (f"M{start}", f"E{start}"), days_ago=10)
    with django_assert_max_num_queries(12):
        assert reminders.run_daily(TODAY, Sender()).recorded == 8


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs concurrent connections (MariaDB)")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(django_user_model):
    people = [django_user_model.objects.create(username=f"race{n}", email=f"race{n}@example.org") for n in range(40)]
    for start in range(0, 40, 2):
        paired(PROGRAM, people[start:start + 2], (f"M{start}", f"E{start}"), days_ago=10)
    sender, barrier = Sender(), threading.Barrier(2)
    reports = []

    def run():
        try:
            barrier.wait()
            reports.append(reminders.run_daily(TODAY, sender))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reports) == 2 and sum(report.recorded for report in reports) == 40
    assert len(sender.sent) == 40 and len({r.nudge_id for r in sender.sent}) == 40
    assert Nudge.objects.count() == 40 and not Nudge.objects.exclude(delivery=nudges.EMAILED).exists()
