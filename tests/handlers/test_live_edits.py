"""Editing a live program: a published change reaches every score, never a learner's record.

A program mid-way: one active pair with two confirmed sessions, one completed pair with feedback (the same
mentor), one pair with a session waiting for confirmation, and a learner still waiting. The author publishes
a change (the block's fields, as Studio's publish leaves them); the next view anyone opens applies it.
"""
import copy
from datetime import timedelta

import pytest
from celery.signals import task_prerun
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reverse_mentoring_xblock import domain, platform
from reverse_mentoring_xblock.core import program
from reverse_mentoring_xblock.models import ChecklistTick, Feedback, Pair, Participant, Session, SettingsChange
from tests.live_program import TODAY, Program

REMOVED = "Update headline, photo and summary"
# What no settings change may alter: who wrote what, when, and what they ticked.
HISTORY = {Session: ("id", "pair_id", "number", "logged_by_id", "held_on", "minutes", "topics", "notes", "status",
                     "logged_at", "confirmed_at"),
           ChecklistTick: ("id", "session_id", "topic_id", "item_id"),
           Feedback: ("id", "pair_id", "participant_id", "satisfaction", "would_recommend", "confidence", "comment")}


def history():
    return {model.__name__: list(model.objects.order_by("pk").values(*fields)) for model, fields in HISTORY.items()}


@pytest.fixture
def live(block_client):
    world = Program("live")
    for student, role in (("mentor_a", "mentor"), ("mentee_b", "mentee"), ("mentee_c", "mentee"),
                          ("mentor_d", "mentor"), ("mentee_e", "mentee"), ("mentee_f", "mentee")):
        world.join(student, role)
    world.active = world.pair("mentor_a", "mentee_b")
    world.meet("mentee_b", "mentor_a", world.active, held_on=TODAY - timedelta(days=2))
    world.meet("mentor_a", "mentee_b", world.active, items=["linkedin/connect"])
    world.completed = world.pair("mentor_a", "mentee_c")
    for _ in range(3):
        world.meet("mentee_c", "mentor_a", world.completed)
    domain.submit_feedback(world.ref, world.people["mentee_c"].user_id, parse_feedback(), world.config(),
                           pair_id=world.completed.pk)
    world.waiting_confirmation = world.pair("mentor_d", "mentee_e")
    world.log("mentee_e", world.waiting_confirmation)
    world.client = block_client(world.usage_id)
    world.client.view("mentee_f")  # the program's settings as first seen: nothing to recompute
    assert not SettingsChange.objects.exists()
    assert world.scores() == {**world.formula(), "mentor_d": None, "mentee_e": None, "mentee_f": None}
    return world


def parse_feedback():
    from reverse_mentoring_xblock.core.payloads import parse_feedback as parse
    return parse({"satisfaction": 5, "would_recommend": True, "comment": "",
                  "confidence": {"linkedin": 4, "ai-assistants": 3}}, ("linkedin", "ai-assistants"))


def without_item(topics, topic_id, item_id):
    changed = copy.deepcopy(list(topics))
    topic = next(t for t in changed if t["id"] == topic_id)
    topic["items"] = [item for item in topic["items"] if item["id"] != item_id]
    return changed


def scored(world):
    """The scores of those who have one, as the formula gives them now."""
    return {student: points for student, points in world.formula().items() if world.scores()[student] is not None}


def test_new_grading_weights_recompute_both_partners_of_every_pair(live):
    before, kept = live.scores(), history()
    live.publish(grading_weights={"sessions": 10, "checklist": 10, "feedback": 80})
    live.client.view("mentee_f")  # a learner with no pair opens the program: it applies the change
    after = live.scores()
    assert after == {**scored(live), "mentor_d": None, "mentee_e": None, "mentee_f": None}
    assert all(after[s] != before[s] for s in ("mentor_a", "mentee_b", "mentee_c"))
    assert after["mentee_c"] > before["mentee_c"] and after["mentee_b"] < before["mentee_b"]  # feedback weighs more
    change = SettingsChange.objects.get()
    assert change.rescored_at is not None and change.scores_written == 3
    assert history() == kept
    staff = live.client.view("staff")
    assert "Latest change of the published settings" in staff and "; 3 changed." in staff
    assert "Grades now weigh confirmed sessions 10 %, checklist items 10 %, feedback 80 % (before: " in staff


def test_a_removed_item_leaves_the_denominators_and_stays_in_each_history(live):
    kept = history()
    live.publish(topics=without_item(program.DEFAULT_TOPICS, "linkedin", "profile"))
    page = live.client.view("mentee_b")
    assert live.scores() == {**scored(live), "mentor_d": None, "mentee_e": None, "mentee_f": None}
    progress = domain.progress_of(live.ref, live.people["mentee_b"].user_id, live.config())
    assert (progress.items_total, progress.items_confirmed) == (7, 1)  # linkedin and ai-assistants, less one
    assert history() == kept  # the ticks of the removed item are all there
    assert f"{REMOVED} (no longer in the program)" in page  # in the session that ticked it
    assert f"Checklist items no longer in the program: {REMOVED}." in page  # in the notice
    detail = live.client.post("pair_detail", {"pair_id": live.active.pk}, "staff")[1]["html"]
    assert f"{REMOVED} (no longer in the program)" in detail


def test_a_renamed_item_keeps_its_ticks_and_changes_no_score(live):
    before = live.scores()
    topics = copy.deepcopy(list(program.DEFAULT_TOPICS))
    topics[0]["items"][0]["title"] = "Refresh your profile"
    live.publish(topics=topics)
    page = live.client.view("mentee_b")
    assert live.scores() == before and not SettingsChange.objects.exists()
    assert "Refresh your profile" in page and "no longer in the program" not in page


def test_fewer_sessions_complete_the_pairs_that_held_them_and_open_their_feedback(live):
    live.publish(sessions_planned=2)
    page = live.client.view("mentee_b")
    live.active.refresh_from_db()
    assert live.active.status == Pair.Status.COMPLETED
    assert 'data-action="submit_feedback"' in page
    assert "Pairs that have confirmed as many are complete and can give their feedback." in page
    assert live.scores() == {**scored(live), "mentor_d": None, "mentee_e": None, "mentee_f": None}
    assert live.scores()["mentee_b"] > 0
    status, answer = live.client.post("submit_feedback", {"satisfaction": 4, "would_recommend": True, "comment": "",
                                                           "confidence": {"linkedin": 3, "ai-assistants": 3}},
                                      "mentee_b")
    assert status == 200, answer


def test_more_sessions_leave_completed_pairs_complete_with_their_whole_plan(live):
    before = live.scores()
    live.publish(sessions_planned=5)
    live.client.view("mentee_f")
    live.completed.refresh_from_db()
    assert live.completed.status == Pair.Status.COMPLETED
    after = live.scores()
    assert after == {**scored(live), "mentor_d": None, "mentee_e": None, "mentee_f": None}
    assert after["mentee_c"] == before["mentee_c"] and after["mentor_a"] == before["mentor_a"]  # best pair: complete
    assert after["mentee_b"] < before["mentee_b"]  # two of five now


def test_a_shorter_gap_counts_sessions_held_too_close_and_a_longer_one_uncounts_none(block_client):
    world = Program("gap", min_days_between_sessions=7)
    world.join("mentor_a", "mentor")
    world.join("mentee_b", "mentee")
    pair = world.pair("mentor_a", "mentee_b")
    world.meet("mentee_b", "mentor_a", pair, held_on=TODAY - timedelta(days=3))
    world.meet("mentee_b", "mentor_a", pair)
    client = block_client(world.usage_id)
    client.view("mentee_b")
    pair.refresh_from_db()
    assert (pair.sessions_confirmed, pair.sessions_not_counted) == (1, 1)
    before = world.scores()["mentee_b"]
    world.publish(min_days_between_sessions=2)
    page = client.view("mentee_b")
    pair.refresh_from_db()
    assert (pair.sessions_confirmed, pair.sessions_not_counted) == (2, 0)
    assert world.scores()["mentee_b"] > before
    assert "A session now counts when held at least 2 days away from the sessions that count (before: 7)." in page
    world.publish(min_days_between_sessions=30)
    client.view("mentee_b")
    pair.refresh_from_db()
    assert (pair.sessions_confirmed, pair.sessions_not_counted) == (2, 0)


def test_learners_who_joined_before_read_the_notice_until_they_dismiss_it(live):
    live.publish(grading_weights={"sessions": 50, "checklist": 0, "feedback": 50})
    page = live.client.view("mentee_b")
    assert "The program's settings have changed" in page
    assert "Grades now weigh confirmed sessions 50 %, checklist items 0 %, feedback 50 % (before: " in page
    change = SettingsChange.objects.get()
    late = live.join("mentee_g", "mentee")
    assert late.joined_at > change.changed_at
    assert "settings have changed" not in live.client.view("mentee_g")
    assert live.client.post("dismiss_settings_notice", {"change_id": change.pk}, "mentee_b") == (
        200, {"dismissed": change.pk})
    assert "settings have changed" not in live.client.view("mentee_b")
    assert "settings have changed" in live.client.view("mentor_a")  # each learner dismisses their own
    live.publish(sessions_planned=4)
    assert "Each pair now plans 4 sessions instead of 3." in live.client.view("mentee_b")
    notice = live.client.post("learner_state", {}, "mentor_a")[1]["settings_notice"]  # the apps read it too
    assert notice["lines"][0] == "Each pair now plans 4 sessions instead of 3."
    live.client.post("dismiss_settings_notice", {"change_id": notice["id"]}, "mentor_a")
    assert live.client.post("learner_state", {}, "mentor_a")[1]["settings_notice"] is None


@pytest.mark.parametrize("payload", [{}, {"change_id": "1"}, {"change_id": 0}, {"change_id": 1, "more": 1}, []])
def test_a_malformed_dismissal_is_refused(live, payload):
    status, answer = live.client.post("dismiss_settings_notice", payload, "mentee_b")
    assert status == 400 and answer["error"]


def test_a_dismissal_of_what_is_not_a_settings_change_of_this_program_is_refused(live):
    assert live.client.post("dismiss_settings_notice", {"change_id": 1}, "mentee_b") == (
        404, {"error": "This is not a settings change of this program."})
    live.publish(grading_weights={"sessions": 50, "checklist": 0, "feedback": 50})
    live.client.view("mentee_b")
    elsewhere = Program("elsewhere")
    elsewhere.join("mentee_z", "mentee")
    block_client_of(live, elsewhere).view("mentee_z")  # the settings as first seen
    elsewhere.publish(grading_weights={"sessions": 50, "checklist": 0, "feedback": 50})
    block_client_of(live, elsewhere).view("mentee_z")
    mine, theirs = (SettingsChange.objects.get(usage_key=world.ref.usage_key).pk for world in (live, elsewhere))
    with CaptureQueriesContext(connection) as queries:
        assert live.client.post("dismiss_settings_notice", {"change_id": theirs}, "mentee_b")[0] == 404
    assert [q["sql"] for q in queries.captured_queries if "reverse_mentoring_xblock_" in q["sql"]] == [
        next(q["sql"] for q in queries.captured_queries if "settingschange" in q["sql"])]  # the change looked up
    assert "settings have changed" in live.client.view("mentee_b")
    assert live.client.post("dismiss_settings_notice", {"change_id": mine}, "mentee_b") == (200, {"dismissed": mine})
    assert "settings have changed" not in live.client.view("mentee_b")


def block_client_of(world, other):
    """A client of ``other``'s program made like ``world``'s own."""
    return type(world.client)(world.client.client, other.usage_id)


def test_a_program_above_the_inline_limit_is_rescored_on_the_workers(live, settings,
                                                                     django_capture_on_commit_callbacks):
    settings.REVERSE_MENTORING_INLINE_RESCORE_LIMIT = 2
    ran = []

    def seen(sender=None, task=None, args=None, **_kwargs):
        ran.append((task.name, tuple(args)))
    task_prerun.connect(seen, weak=False)
    try:
        live.publish(grading_weights={"sessions": 10, "checklist": 10, "feedback": 80})
        with django_capture_on_commit_callbacks(execute=True):
            live.client.view("mentee_f")
    finally:
        task_prerun.disconnect(seen)
    change = SettingsChange.objects.get()
    assert ran == [("reverse_mentoring_xblock.rescore_program", (live.ref.course_key, live.ref.usage_key, change.pk))]
    assert live.scores() == {**scored(live), "mentor_d": None, "mentee_e": None, "mentee_f": None}


def test_the_change_is_applied_once_whoever_opens_the_program(live):
    live.publish(grading_weights={"sessions": 10, "checklist": 10, "feedback": 80})
    for student in ("mentee_f", "mentee_b", "staff", "mentor_a"):
        live.client.view(student)
    assert SettingsChange.objects.count() == 1
    assert Participant.objects.filter(usage_key=live.ref.usage_key).count() == 6


def editor_form(world, **changes):
    """What the Studio editor sends for the program as it is, with ``changes``."""
    return {**copy.deepcopy(world.block._editable_settings()), **copy.deepcopy(changes)}


def test_the_editor_says_what_a_change_does_to_learners_and_saves_it_once_confirmed(live):
    form = editor_form(live, grading_weights={"sessions": 10, "checklist": 10, "feedback": 80},
                       intake_questions=[{"id": "", "text": "Which team are you in?", "kind": "text", "choices": [],
                                          "required": False, "shown_to": "staff"}])
    status, answer = live.client.post("save_program", form, "staff")
    assert status == 200 and "html" not in answer, answer
    assert answer["impact"] == [
        "Grades now weigh confirmed sessions 10 %, checklist items 10 %, feedback 80 % (before: confirmed sessions "
        "60 %, checklist items 30 %, feedback 10 %).",
        "Once published, the grades of 3 learners are computed again, and learners who joined read a notice.",
        "6 learners who joined are asked the new questions: Which team are you in?."]
    assert live.block.grading_weights != form["grading_weights"] and not live.block.intake_questions
    status, answer = live.client.post("save_program", {**form, "confirm_changes": True}, "staff")
    assert status == 200 and answer["message"] == "The program is saved.", answer
    assert live.block.grading_weights == form["grading_weights"]


def test_the_editor_saves_at_once_what_reaches_no_learner(live):
    topics = copy.deepcopy(live.block._editable_settings()["topics"])
    topics[0]["title"] = "LinkedIn"
    status, answer = live.client.post("save_program", editor_form(live, topics=topics, session_minutes=45), "staff")
    assert status == 200 and answer["message"] == "The program is saved.", answer
    assert live.block.session_minutes == 45


def test_a_confirmation_that_is_not_yes_or_no_is_refused(live):
    status, answer = live.client.post("save_program", {**editor_form(live), "confirm_changes": "yes"}, "staff")
    assert status == 400 and "confirm_changes" in answer["fields"]


def test_a_rescoring_that_could_not_be_queued_is_started_again_once_overdue(live, settings, monkeypatch,
                                                                           django_capture_on_commit_callbacks):
    from reverse_mentoring_xblock import tasks

    def broker_down(program, change_id):
        raise ConnectionError("no broker")
    settings.REVERSE_MENTORING_INLINE_RESCORE_LIMIT = 2
    before = live.scores()
    live.publish(grading_weights={"sessions": 10, "checklist": 10, "feedback": 80})
    with monkeypatch.context() as patched:
        patched.setattr(tasks, "enqueue_rescoring", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            live.client.view("mentee_f")
    change = SettingsChange.objects.get()
    assert change.rescored_at is None and live.scores() == before
    assert "Every score is being recomputed" in live.client.view("staff")
    with django_capture_on_commit_callbacks(execute=True):
        live.client.view("mentee_f")  # not overdue yet: nobody starts it twice
    assert SettingsChange.objects.get().rescored_at is None
    SettingsChange.objects.update(dispatched_at=change.dispatched_at - timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=True):
        live.client.view("mentee_f")
    assert SettingsChange.objects.get().rescored_at is not None
    assert live.scores() == {**scored(live), "mentor_d": None, "mentee_e": None, "mentee_f": None}


def test_a_preview_of_unpublished_drafts_applies_nothing(live, monkeypatch):
    before = live.scores()
    monkeypatch.setattr(platform, "shows_drafts", lambda: True)
    live.publish(sessions_planned=2)
    live.client.view("mentee_b")
    assert not SettingsChange.objects.exists() and live.scores() == before
    live.active.refresh_from_db()
    assert live.active.status == Pair.Status.ACTIVE


def test_settings_imported_broken_can_be_fixed_in_the_editor(live):
    live.publish(topics=[])  # no topic at all: the learners' view asks for attention
    assert "settings need attention" in live.client.view("mentee_b")
    status, answer = live.client.post("save_program", editor_form(live, topics=list(program.DEFAULT_TOPICS)), "staff")
    assert status == 200 and answer["message"] == "The program is saved.", answer
