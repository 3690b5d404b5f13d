"""Integrity lives in the database: constraints hold on SQLite and MariaDB, and races are serialised."""
import threading

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from reverse_mentoring_xblock import domain
from reverse_mentoring_xblock.domain.transactions import atomic_write
from reverse_mentoring_xblock.models import Pair, Participant, Session
from tests.cohorts import populate
from tests.concurrency import race
from tests.factories import config


def test_no_missing_migrations():
    call_command("makemigrations", "reverse_mentoring_xblock", "--check", "--dry-run", verbosity=0)


def make_pair(program, mentor, mentee, **fields):
    values = {"course_key": program.course_key, "usage_key": program.usage_key, "mentor": mentor, "mentee": mentee,
              "active_mentor": mentor, "active_mentee": mentee, "created_at": timezone.now(),
              "paired_on": timezone.localdate(), **fields}
    with transaction.atomic():
        return Pair.objects.create(**values)


def test_database_refuses_a_second_active_pair_or_inconsistent_status(program):
    populate(program, 4)
    mentee, mentor, other_mentee, other_mentor = Participant.objects.order_by("pk")
    # A valid row first (an ended pair holds no slot): each refused row below breaks one rule only.
    make_pair(program, other_mentor, other_mentee, status="ended", active_mentor=None, active_mentee=None).delete()
    with pytest.raises(IntegrityError):
        make_pair(program, other_mentor, mentee)  # mentee already active with mentor
    with pytest.raises(IntegrityError):
        make_pair(program, mentor, other_mentee)  # mentor's only slot is taken
    with pytest.raises(IntegrityError):
        make_pair(program, other_mentor, other_mentee, status="ended")  # ended but still holding the slots
    with pytest.raises(IntegrityError):
        make_pair(program, other_mentor, other_mentee, mentor_slot=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(pair=Pair.objects.first(), usage_key=program.usage_key, number=1, logged_by=mentor,
                               held_on=timezone.now().date(), minutes=30, logged_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(course_key=program.course_key, usage_key=program.usage_key, user=mentee.user,
                                   anonymous_user_id="x", role="mentee", public_name="Twin", joined_at=timezone.now(),
                                   intake_updated_at=timezone.now())


@pytest.mark.mariadb_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_pairing_of_one_mentee_lets_exactly_one_through(program):
    if connection.vendor != "mysql":
        pytest.skip("SQLite serialises whole-database writes; row locks are proved on MariaDB")
    populate(program, 8)
    Pair.objects.all().delete()
    participants = list(Participant.objects.order_by("pk"))
    mentee = participants[0]
    mentors = [p for p in participants if p.role == "mentor"]

    def attempt(mentor):
        try:
            domain.pair_participants(program, mentor.pk, mentee.pk, None)
            return "paired"
        except domain.Conflict:
            return "conflict"

    outcomes = race(attempt, mentors)
    assert sorted(outcomes) == ["conflict"] * (len(mentors) - 1) + ["paired"]
    assert Pair.objects.filter(mentee=mentee, status="active").count() == 1


@pytest.mark.mariadb_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_session_logging_numbers_sessions_uniquely(program):
    if connection.vendor != "mysql":
        pytest.skip("row locks are proved on MariaDB")
    populate(program, 2)
    Session.objects.all().delete()
    pair = Pair.objects.get()
    cfg = config()
    from reverse_mentoring_xblock.core.payloads import parse_session_log
    log = parse_session_log({"held_on": timezone.now().date().isoformat(), "minutes": 30, "topics": ["linkedin"],
                             "items": [], "notes": ""}, cfg, today=timezone.now().date())

    def attempt(user_id):
        try:
            domain.log_session(program, user_id, log, cfg)
            return None
        except Exception as error:
            return error

    errors = [e for e in race(attempt, [pair.mentor.user_id, pair.mentee.user_id] * 2) if e is not None]
    assert errors == []
    assert sorted(pair.sessions.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_retirement_forgets_what_the_learner_wrote(block_client, program):
    from reverse_mentoring_xblock import platform
    from tests.factories import intake, session_log
    for student, role in (("ret_m", "mentor"), ("ret_e", "mentee")):
        block_client.post("submit_intake", intake(role, goals="Secret plans"), student)
    mentor, mentee = (Participant.objects.get(user__username=s) for s in ("ret_m", "ret_e"))
    block_client.post("pair_participants", {"mentor_id": mentor.pk, "mentee_id": mentee.pk}, "staff")
    block_client.post("log_session", session_log(timezone.now().date().isoformat(), notes="Private note"), "ret_e")
    misc_signal, _critical = platform.retirement_signals()
    misc_signal.send(sender=None, user=mentee.user)
    mentee.refresh_from_db()
    # What the partner's progress and feedback need: catalogue choices, nothing the learner wrote.
    kept = {"role": "mentee", "learn_topics": ["linkedin", "ai-assistants"], "share_experience": ["leadership"]}
    assert (mentee.public_name, mentee.intake) == ("", kept)
    assert Session.objects.get().notes == ""
    mentor.refresh_from_db()
    assert mentor.intake["goals"] == "Secret plans"


@pytest.mark.mariadb_only
@pytest.mark.django_db(transaction=True)  # ANALYZE TABLE commits: the rows must be flushed afterwards
def test_the_reset_finds_its_learner_through_an_index(program):
    """The instructor dashboard names the learner by anonymous id: no full scan of the participants."""
    if connection.vendor != "mysql":
        pytest.skip("the query plan that matters is MariaDB's")
    populate(program, 300)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE TABLE reverse_mentoring_xblock_participant")
    anonymous_id = Participant.objects.order_by("pk")[150].anonymous_user_id
    plan = program.participants().filter(anonymous_user_id=anonymous_id).explain()
    assert "rm_participant_anonymous" in plan and " ALL " not in f" {plan} ", plan


@pytest.mark.mariadb_only
@pytest.mark.django_db(transaction=True)
def test_a_deadlock_victim_starts_over_and_both_writes_land(program):
    """Two writes that lock in opposite orders (as no domain write does): MariaDB kills one, it runs again."""
    if connection.vendor != "mysql":
        pytest.skip("deadlock detection is MariaDB's")
    populate(program, 2)
    first, second = Participant.objects.order_by("pk")
    meeting = threading.Barrier(2)
    runs = []

    def locking_in(order):
        @atomic_write
        def write():
            runs.append(order)
            for position, participant in enumerate(order):
                Participant.objects.select_for_update().get(pk=participant.pk)
                if position == 0 and runs.count(order) == 1:
                    meeting.wait(timeout=10)  # both hold their first row: the second lock closes the circle
            Participant.objects.filter(pk=order[0].pk).update(public_name=f"by {order[0].pk}")
        return write

    race(lambda write: write(), [locking_in((first, second)), locking_in((second, first))])
    assert len(runs) == 3  # one of the two was chosen as the victim and ran again
    assert set(Participant.objects.values_list("public_name", flat=True)) == {f"by {first.pk}", f"by {second.pk}"}


@pytest.mark.mariadb_only
@pytest.mark.django_db(transaction=True)
def test_a_lock_held_too_long_answers_503_and_writes_nothing(block_client, program):
    """Every attempt times out behind a lock someone else holds: the learner gets a 503 JSON answer."""
    if connection.vendor != "mysql":
        pytest.skip("lock wait timeouts are MariaDB's")
    populate(program, 2)
    pair = Pair.objects.get()
    holding, done = threading.Event(), threading.Event()

    def hold_the_pair():
        try:
            with transaction.atomic():
                Pair.objects.select_for_update().get(pk=pair.pk)
                Participant.objects.select_for_update().filter(pk__in=[pair.mentor_id, pair.mentee_id]).count()
                holding.set()
                done.wait(timeout=30)
        finally:
            connection.close()

    blocker = threading.Thread(target=hold_the_pair)
    blocker.start()
    try:
        assert holding.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION innodb_lock_wait_timeout = 1")
        before = list(Session.objects.values())
        status, body = block_client.post("log_session", {
            "held_on": timezone.now().date().isoformat(), "minutes": 30, "topics": ["linkedin"], "items": [],
            "notes": ""}, pair.mentee.user.username)
    finally:
        done.set()
        blocker.join(timeout=30)
    assert status == 503 and "try again" in body["error"], body
    assert list(Session.objects.values()) == before
