"""Migrations 0004 and 0005 fill in, for programs that ran before them, the dates, counts, stages and ratings the
dashboard reads; 0006 tells withdrawn participants from reset ones; 0007 moves stored proposals into rows;
0008 counts each program's tallies.

Rows are written with the models as they were at 0003, migrated forward, then compared with what the
domain itself works out from the same rows (``counts.counts_of``, ``stages.stage_of``).
"""
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from reverse_mentoring_xblock.domain import tallies
from reverse_mentoring_xblock.models import (
    Feedback,
    FeedbackRating,
    MatchProposal,
    MatchRun,
    Participant,
    Session,
)

APP = "reverse_mentoring_xblock"
BEFORE, AFTER = [(APP, "0003_interleavings")], [(APP, "0005_dashboard_at_scale")]
WHEN = datetime(2026, 3, 1, tzinfo=UTC)
KEYS = {"course_key": "course-v1:Org+Mig+2026", "usage_key": "block-v1:Org+Mig+2026+type@rm+block@one"}
OTHER = {"course_key": "course-v1:Org+Other+2026", "usage_key": "block-v1:Org+Other+2026+type@rm+block@two"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def database_at():
    """Takes the database back to a migration (returning its models); put back at the newest one afterwards.

    A test database built from the models (MariaDB's, see ``devsite.settings``) records no migration:
    its tables are those of our newest migration, which is recorded as applied with what it depends on.
    """
    executor = MigrationExecutor(connection)
    if not executor.loader.applied_migrations:
        for key in executor.loader.graph.forwards_plan(executor.loader.graph.leaf_nodes(APP)[0]):
            executor.recorder.record_applied(*key)
    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes(APP))


@pytest.fixture
def old_apps(database_at):
    return database_at(BEFORE)


def old_participant(apps, username, role, ratings=None, learn=(), left=False, keys=KEYS):
    user = apps.get_model("auth", "User").objects.create(username=username)
    return apps.get_model(APP, "Participant").objects.create(
        **keys, user=user, anonymous_user_id=f"anon-{username}", role=role, public_name=username.title(),
        intake={"ratings": ratings or {}, "learn_topics": list(learn)}, joined_at=WHEN, intake_updated_at=WHEN,
        left_at=WHEN if left else None)


@pytest.mark.django_db(transaction=True)
def test_existing_pairs_get_their_counts_stages_and_ratings(old_apps):
    pair_model, session_model = old_apps.get_model(APP, "Pair"), old_apps.get_model(APP, "Session")
    tick_model, feedback_model = old_apps.get_model(APP, "ChecklistTick"), old_apps.get_model(APP, "Feedback")
    ana, paul = old_participant(old_apps, "ana", "mentor"), old_participant(
        old_apps, "paul", "mentee", ratings={"linkedin": 1, "video-meetings": 2}, learn=["linkedin", "video-meetings"])
    zoe, maria = old_participant(old_apps, "zoe", "mentor"), old_participant(
        old_apps, "maria", "mentee", ratings={"social-media": 0}, learn=["social-media"])
    ines, robert = old_participant(old_apps, "ines", "mentor"), old_participant(old_apps, "robert", "mentee")
    old_participant(old_apps, "yuki", "mentee")
    old_participant(old_apps, "gone", "mentor", left=True)

    active = pair_model.objects.create(**KEYS, mentor=ana, mentee=paul, active_mentor=ana, active_mentee=paul,
                                       status="active", created_at=WHEN)
    for number, (held, status) in enumerate(
            [(date(2026, 3, 5), "confirmed"), (date(2026, 4, 2), "confirmed"), (date(2026, 5, 1), "disputed"),
             (date(2026, 4, 20), "logged")], start=1):
        session = session_model.objects.create(pair=active, number=number, logged_by=ana, held_on=held, minutes=60,
                                               topics=["linkedin"], status=status, logged_at=WHEN)
        tick_model.objects.create(session=session, topic_id="linkedin", item_id="profile")  # the same item twice
        if number == 2:
            tick_model.objects.create(session=session, topic_id="linkedin", item_id="connect")
        if status != "confirmed":
            tick_model.objects.create(session=session, topic_id="linkedin", item_id="engage")  # not counted
    completed = pair_model.objects.create(**KEYS, mentor=zoe, mentee=maria, status="completed", created_at=WHEN)
    feedback_model.objects.create(pair=completed, participant=maria, satisfaction=5, would_recommend=True,
                                  confidence={"social-media": 3}, submitted_at=WHEN)
    feedback_model.objects.create(pair=completed, participant=zoe, satisfaction=4, would_recommend=False,
                                  confidence={"social-media": 4}, submitted_at=WHEN)
    pair_model.objects.create(**KEYS, mentor=ines, mentee=robert, status="ended", created_at=WHEN, ended_at=WHEN)
    elsewhere = pair_model.objects.create(  # another course's program, paired late in the evening
        **OTHER, mentor=old_participant(old_apps, "kim", "mentor", keys=OTHER),
        mentee=old_participant(old_apps, "lou", "mentee", keys=OTHER), status="completed",
        created_at=WHEN.replace(hour=23, minute=30))
    session_model.objects.create(pair=elsewhere, number=1, logged_by=elsewhere.mentor, held_on=date(2026, 3, 9),
                                 minutes=60, topics=[], status="confirmed", logged_at=WHEN)
    feedback_model.objects.create(pair=elsewhere, participant=elsewhere.mentee, satisfaction=3, would_recommend=True,
                                  confidence={"linkedin": 2}, submitted_at=WHEN)

    pairs = migrate(AFTER).get_model(APP, "Pair").objects  # the pairs' columns as they were then

    pair = pairs.get(pk=active.pk)
    assert (pair.sessions_logged, pair.sessions_confirmed, pair.sessions_disputed, pair.items_confirmed) == (4, 2, 1, 2)
    assert (pair.confirmed_span_days, pair.last_confirmed_on, pair.last_session_on) == (
        28, date(2026, 4, 2), date(2026, 5, 1))
    assert pair.topics == " linkedin video-meetings " and pair.paired_on == timezone.localdate(WHEN)
    assert pairs.get(pk=completed.pk).sessions_logged == 0
    assert pairs.get(pk=completed.pk).confirmed_span_days is None
    other = pairs.get(pk=elsewhere.pk)
    assert (other.paired_on, other.confirmed_span_days) == (timezone.localdate(other.created_at), 0)
    assert dict(Session.objects.values_list("pair_id", "usage_key").distinct()) == {
        active.pk: KEYS["usage_key"], elsewhere.pk: OTHER["usage_key"]}
    assert dict(Feedback.objects.values_list("pair_id", "usage_key").distinct()) == {
        completed.pk: KEYS["usage_key"], elsewhere.pk: OTHER["usage_key"]}
    stages = dict(Participant.objects.values_list("user__username", "stage"))
    assert stages == {"ana": "paired", "paul": "paired", "zoe": "completed", "maria": "completed",
                      "ines": "ended", "robert": "ended", "yuki": "waiting", "gone": "withdrawn",
                      "kim": "completed", "lou": "completed"}
    ratings = set(FeedbackRating.objects.values_list("feedback__participant__user__username", "usage_key", "role",
                                                     "topic_id", "before", "after"))
    assert ratings == {("maria", KEYS["usage_key"], "mentee", "social-media", 0, 3),
                       ("zoe", KEYS["usage_key"], "mentor", "social-media", None, 4),
                       ("lou", OTHER["usage_key"], "mentee", "linkedin", None, 2)}


@pytest.mark.django_db(transaction=True)
def test_participants_who_left_are_told_apart_by_the_latest_staff_action(database_at):
    apps = database_at([(APP, "0005_dashboard_at_scale")])
    action = apps.get_model(APP, "StaffAction")
    left = {name: old_participant(apps, name, "mentee", left=True, keys=keys) for name, keys in (
        ("moved", KEYS), ("reset", KEYS), ("returned", KEYS), ("unrecorded", KEYS), ("abroad", OTHER))}
    for name, kind, day in (("moved", "participant_withdrawn", 2), ("reset", "learner_reset", 2),
                            ("returned", "participant_withdrawn", 2), ("returned", "learner_reset", 3),
                            ("abroad", "learner_reset", 1), ("abroad", "participant_withdrawn", 4)):
        action.objects.create(usage_key=left[name].usage_key, course_key=left[name].course_key, kind=kind,
                              participant=left[name], created_at=WHEN.replace(day=day))
    old_participant(apps, "staying", "mentor")

    migrate([(APP, "0006_withdrawn_participants")])

    assert dict(Participant.objects.values_list("user__username", "withdrawn")) == {
        "moved": True, "reset": False, "returned": False, "unrecorded": False, "abroad": True, "staying": False}


@pytest.mark.django_db(transaction=True)
def test_stored_proposals_become_rows_in_their_order(database_at):
    apps = database_at([(APP, "0006_withdrawn_participants")])
    ana, li = old_participant(apps, "ana", "mentor"), old_participant(apps, "li", "mentor")
    paul, yuki = old_participant(apps, "paul", "mentee"), old_participant(apps, "yuki", "mentee")
    reason = {"message": "{mentor} and {mentee} share a time zone", "params": {"mentor": "Ana", "mentee": "Paul"}}
    proposals = [
        {"mentor": li.pk, "mentee": yuki.pk, "score": 0.9, "locked": True, "breakdown": {"digital": 0.9},
         "reasons": [], "blocking": {"count": 2, "mentor": ana.pk, "mentee": yuki.pk}},
        {"mentor": ana.pk, "mentee": paul.pk, "score": 0.7, "locked": False, "breakdown": {}, "reasons": [reason],
         "blocking": None},
        {"mentor": ana.pk, "mentee": 10 ** 6, "score": 0.1, "locked": False, "breakdown": {}, "reasons": [],
         "blocking": None}]  # someone removed from the program since
    run = apps.get_model(APP, "MatchRun").objects.create(
        **KEYS, status="ready", created_at=WHEN, result={"total": 1.7, "proposals": proposals, "waitlist": [],
                                                         "blocking_checked": True})

    migrate([(APP, "0007_match_proposals")])

    rows = list(MatchProposal.objects.filter(run_id=run.pk).order_by("rank").values_list(
        "mentor_id", "mentee_id", "score", "locked", "reasons", "blocking_count", "blocking_mentor_id"))
    assert rows == [(li.pk, yuki.pk, 0.9, True, [], 2, ana.pk), (ana.pk, paul.pk, 0.7, False, [reason], 0, None)]
    assert MatchRun.objects.get(pk=run.pk).result == {"total": 1.7, "waitlist": [], "blocking_checked": True}


@pytest.mark.django_db(transaction=True)
def test_each_program_gets_its_tallies_counted_from_its_rows(database_at):
    apps = database_at([(APP, "0007_match_proposals")])
    pair_model, session_model = apps.get_model(APP, "Pair"), apps.get_model(APP, "Session")
    people = {name: old_participant(apps, name, role, keys=keys) for name, role, keys in (
        ("ana", "mentor", KEYS), ("paul", "mentee", KEYS), ("ines", "mentor", KEYS), ("rob", "mentee", KEYS),
        ("yuki", "mentee", KEYS), ("lou", "mentor", OTHER), ("eve", "mentee", OTHER))}
    for name, stage in (("ana", "paired"), ("paul", "paired"), ("ines", "completed"), ("rob", "completed"),
                        ("lou", "ended"), ("eve", "ended")):
        people[name].stage = stage
        people[name].save()

    def pair(mentor, mentee, status, confirmed, span, keys=KEYS):
        active = status == "active"
        return pair_model.objects.create(
            **keys, mentor=people[mentor], mentee=people[mentee], status=status, created_at=WHEN,
            paired_on=WHEN.date(), active_mentor=people[mentor] if active else None,
            active_mentee=people[mentee] if active else None, sessions_confirmed=confirmed, items_confirmed=confirmed,
            confirmed_span_days=span)
    pair("ana", "paul", "active", 1, 0)
    done = pair("ines", "rob", "completed", 2, 30)
    pair("lou", "eve", "ended", 0, None, keys=OTHER)
    for number, day in ((1, 2), (2, 31)):
        session_model.objects.create(pair=done, usage_key=KEYS["usage_key"], number=number, logged_by=people["ines"],
                                     held_on=date(2026, 3, day), minutes=60, status="confirmed", logged_at=WHEN)
    feedback = apps.get_model(APP, "Feedback").objects.create(
        pair=done, usage_key=KEYS["usage_key"], participant=people["rob"], satisfaction=4, would_recommend=True,
        confidence={"linkedin": 3}, submitted_at=WHEN)
    apps.get_model(APP, "FeedbackRating").objects.create(feedback=feedback, usage_key=KEYS["usage_key"],
                                                         role="mentee", topic_id="linkedin", before=1, after=3)

    migrate([(APP, "0008_tallies")])

    assert tallies.read(KEYS["usage_key"]) == {
        ("participants", "mentor paired"): (1, 0, 0), ("participants", "mentee paired"): (1, 0, 0),
        ("participants", "mentor completed"): (1, 0, 0), ("participants", "mentee completed"): (1, 0, 0),
        ("participants", "mentee waiting"): (1, 0, 0),
        ("pairs", "active 1"): (1, 1, 0), ("pairs", "completed 2"): (1, 2, 0), ("gaps", "2 30"): (1, 0, 0),
        ("paired_on", "active 2026-03-01"): (1, 0, 0), ("paired_on", "completed 2026-03-01"): (1, 0, 0),
        ("held_on", "2026-03-02"): (1, 0, 0), ("held_on", "2026-03-31"): (1, 0, 0),
        ("feedback", "4 1"): (1, 0, 0), ("confidence", "topic linkedin mentee"): (1, 1, 3),
        ("mentors", "finished"): (1, 0, 0), ("mentors", "stayed"): (1, 0, 0)}
    assert tallies.read(OTHER["usage_key"]) == {
        ("participants", "mentor ended"): (1, 0, 0), ("participants", "mentee ended"): (1, 0, 0),
        ("pairs", "ended 0"): (1, 0, 0), ("mentors", "finished"): (1, 0, 0)}
