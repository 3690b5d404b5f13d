"""Reminders on the page: a learner turns reminder e-mails off and on, reads the reminders that apply to them today,
and staff remind a pair by hand, once a day, reading what was sent in the pair's timeline."""
import json
import re
from datetime import timedelta

import pytest

from reverse_mentoring_xblock import pair_reminders, platform
from reverse_mentoring_xblock.core.nudges import ReminderTerms
from reverse_mentoring_xblock.models import Nudge, Pair, Participant
from reverse_mentoring_xblock.models import Program as ProgramRow
from tests.live_program import TODAY, Program
from tests.tables import snapshot

XSS = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
REQUEST_ID = "reminder-request-1"


@pytest.fixture
def world(block_client):
    """A pair (mentor_a, mentee_b) paired today, a completed pair (mentor_c, mentee_d), a waiting mentee (mentee_w)
    and another program with a pair of its own."""
    world = Program("reminders")
    for student, role in (("mentor_a", "mentor"), ("mentee_b", "mentee"), ("mentor_c", "mentor"),
                          ("mentee_d", "mentee"), ("mentee_w", "mentee")):
        world.join(student, role)
    world.active = world.pair("mentor_a", "mentee_b")
    Pair.objects.filter(pk=world.active.pk).update(paired_on=TODAY)
    world.done = world.pair("mentor_c", "mentee_d")
    Pair.objects.filter(pk=world.done.pk).update(status="completed", active_mentor=None, active_mentee=None,
                                                 last_confirmed_on=TODAY - timedelta(days=2))
    world.client = block_client(world.usage_id)
    other = Program("reminders_other")
    other.join("mentor_x", "mentor")
    other.join("mentee_y", "mentee")
    world.elsewhere = other.pair("mentor_x", "mentee_y")
    return world


def reminders_off(world, student):
    return Participant.objects.get(pk=world.people[student].pk).reminders_off


def detail(world):
    status, answer = world.client.post("pair_detail", {"pair_id": world.active.pk}, "staff")
    assert status == 200, answer
    return answer["html"]


# --- the learner's switch ------------------------------------------------------------------------------

def switch_of(html):
    """The reminder e-mails checkbox, as drawn."""
    [found] = re.findall(r'<input type="checkbox" name="on"[^>]*>', html)
    return found


def test_a_learner_turns_reminder_emails_off_and_on_again(world):
    page = world.client.view("mentee_b")
    assert "E-mail me reminders" in page and 'data-action="set_reminders"' in page
    assert "Reminder e-mails are on." in page and "checked" in switch_of(page)
    status, answer = world.client.post("set_reminders", {"on": False}, "mentee_b")
    assert status == 200, answer
    assert answer["message"] == "Reminder e-mails are off. Your reminders still show on this page."
    assert "Reminder e-mails are off." in answer["html"] and reminders_off(world, "mentee_b")
    assert "checked" not in switch_of(answer["html"])
    assert "Reminder e-mails are off." in world.client.view("mentee_b")  # kept
    assert not reminders_off(world, "mentor_a")  # the partner's own choice stays
    status, answer = world.client.post("set_reminders", {"on": True}, "mentee_b")
    assert status == 200 and answer["message"] == "Reminder e-mails are on."
    assert not reminders_off(world, "mentee_b")


def test_the_switch_is_labelled_and_says_what_is_sent(world):
    page = world.client.view("mentee_b")
    switch = page.split('data-action="set_reminders"')[1].split("</form>")[0]
    hint_id = switch.split('aria-describedby="')[1].split(" ")[0]
    assert f'id="{hint_id}"' in switch
    assert "An e-mail when a session is due within 3 days" in switch
    assert "<label" in switch and "E-mail me reminders</label>" in switch


@pytest.mark.parametrize("payload", [{"on": "false"}, {"on": 0}, {"on": None}, {}, {"on": True, "pair_id": 1},
                                     {"off": True}, ["on"], None, "on"])
def test_a_malformed_switch_is_refused_and_nothing_is_written(world, payload):
    before = snapshot()
    status, answer = world.client.post("set_reminders", payload, "mentee_b")
    assert status == 400 and isinstance(answer["error"], str) and answer["fields"], answer
    assert snapshot() == before


def test_a_body_that_is_not_json_is_refused(world):
    before = snapshot()
    status, answer = world.client.post("set_reminders", None, "mentee_b", raw="{on: false")
    assert status == 400 and answer["error"]
    assert snapshot() == before


@pytest.mark.parametrize("student", ["outsider", "staff"])
def test_someone_not_in_the_program_is_refused(world, student):
    before = snapshot()
    status, answer = world.client.post("set_reminders", {"on": False}, student)
    assert status == 403 and answer["error"], answer
    assert snapshot() == before


def test_a_learner_out_of_the_program_is_refused(world):
    Participant.objects.filter(pk=world.people["mentee_w"].pk).update(withdrawn=True)
    before = snapshot()
    assert world.client.post("set_reminders", {"on": False}, "mentee_w")[0] == 403
    assert snapshot() == before


def test_a_learner_of_another_program_changes_nothing_here(world):
    status, answer = world.client.post("set_reminders", {"on": False}, "mentor_x")
    assert status == 403, answer
    assert not Participant.objects.filter(reminders_off=True).exists()


# --- what the learner reads ------------------------------------------------------------------------------

def notice(page):
    return page.split('class="rm-card rm-reminders"')[1].split("</section>")[0]


def test_a_pair_behind_its_plan_reads_the_reminder_on_its_page(world):
    assert "Nothing to remind you of today." in notice(world.client.view("mentee_b"))
    Pair.objects.filter(pk=world.active.pk).update(paired_on=TODAY - timedelta(days=20))
    for student, partner in (("mentee_b", "Mentor_A"), ("mentor_a", "Mentee_B")):
        text = notice(world.client.view(student))
        assert f"Session 1 with {partner} was due by" in text, text
        assert "Agree on a time soon" in text


def test_the_notice_shows_with_reminder_emails_off_and_says_so(world):
    Pair.objects.filter(pk=world.active.pk).update(paired_on=TODAY - timedelta(days=20))
    assert world.client.post("set_reminders", {"on": False}, "mentee_b")[0] == 200
    text = notice(world.client.view("mentee_b"))
    assert "Session 1 with Mentor_A was due by" in text and "Reminder e-mails are off." in text


def test_a_completed_pair_is_reminded_of_its_feedback(world):
    text = notice(world.client.view("mentee_d"))
    assert "Tell us how it went" in text


def test_a_program_that_sends_no_reminders_shows_no_notice(world):
    world.publish(reminder_days=0)
    Pair.objects.filter(pk=world.active.pk).update(paired_on=TODAY - timedelta(days=20))
    page = world.client.view("mentee_b")
    assert "rm-reminders" not in page and 'data-action="set_reminders"' not in page


def test_learner_state_carries_the_switch_and_the_reminders(world):
    Pair.objects.filter(pk=world.active.pk).update(paired_on=TODAY - timedelta(days=20))
    assert world.client.post("set_reminders", {"on": False}, "mentee_b")[0] == 200
    status, state = world.client.post("learner_state", {}, "mentee_b")
    assert status == 200, state
    assert state["reminders_off"] is True and "set_reminders" in state["handlers"]
    [reminder] = state["pairs"][0]["reminders"]
    assert reminder["kind"] == "behind" and "Session 1 with Mentor_A was due by" in reminder["text"]
    assert world.client.post("learner_state", {}, "mentee_w")[1]["reminders_off"] is False
    assert world.client.post("learner_state", {}, "outsider")[1]["reminders_off"] is None


def test_learner_written_names_are_escaped_in_the_notice(world):
    Participant.objects.filter(pk=world.people["mentor_a"].pk).update(public_name=XSS)
    Pair.objects.filter(pk=world.active.pk).update(paired_on=TODAY - timedelta(days=20))
    text = notice(world.client.view("mentee_b"))
    assert f"Session 1 with {ESCAPED} was due by" in text and "<img" not in text


# --- the settings the daily job reads ----------------------------------------------------------------------

def test_opening_the_program_keeps_the_settings_the_daily_job_reads(world):
    world.client.view("mentee_b")
    stored = ProgramRow.objects.get(usage_key=world.ref.usage_key).reminder_terms
    assert ReminderTerms.from_json(stored) == ReminderTerms.of(world.config(), "Reverse mentoring")
    world.publish(reminder_days=7)
    world.client.post("learner_state", {}, "mentee_b")
    assert ProgramRow.objects.get(usage_key=world.ref.usage_key).reminder_terms["remind_days"] == 7


def test_the_preview_of_drafts_keeps_nothing(world, monkeypatch):
    world.client.view("staff")
    world.publish(reminder_days=9)
    monkeypatch.setattr(platform, "shows_drafts", lambda: True)
    world.client.view("staff")
    assert ProgramRow.objects.get(usage_key=world.ref.usage_key).reminder_terms["remind_days"] == 3


# --- staff remind a pair ------------------------------------------------------------------------------------

def test_staff_cannot_remind_a_pair_in_a_program_that_sends_no_reminders(world):
    world.publish(reminder_days=0)
    assert "Send a reminder" not in detail(world)
    before = snapshot()
    status, answer = world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")
    assert status == 409 and answer == {
        "error": "This program sends no reminders: its Days for reminders setting is 0."}
    assert snapshot() == before


def test_staff_remind_a_pair_once_a_day_and_read_it_in_the_timeline(world):
    assert "Send a reminder" in detail(world)
    status, answer = world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")
    assert status == 200, answer
    assert answer["message"] == "A reminder was sent to both partners."
    sent = Nudge.objects.filter(pair=world.active)
    assert sorted(sent.values_list("kind", "delivery")) == [("staff", "logged"), ("staff", "logged")]
    assert {n.sent_by.username for n in sent} == {"staff"}
    html = answer["html"]
    for name in ("Mentor_A", "Mentee_B"):
        assert f"To {name}." in html
    assert html.count("Reminder: sent by course staff; not e-mailed: this site sends no e-mail.") == 2
    assert html.count("Sent by staff.") == 2
    assert detail(world).count("Sent by staff.") == 2
    before = snapshot()
    status, answer = world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")
    assert status == 409 and answer == {"error": "This pair was already reminded today."}
    assert snapshot() == before


def test_a_partner_who_turned_reminders_off_is_named_and_not_reminded(world):
    assert world.client.post("set_reminders", {"on": False}, "mentor_a")[0] == 200
    assert "Mentor_A has turned reminder e-mails off." in detail(world)
    status, answer = world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")
    assert status == 200, answer
    assert answer["message"] == "A reminder was sent to Mentee_B. Mentor_A has turned reminder e-mails off."
    assert list(Nudge.objects.values_list("participant_id", flat=True)) == [world.people["mentee_b"].pk]
    assert world.client.post("set_reminders", {"on": False}, "mentee_b")[0] == 200
    Nudge.objects.all().delete()
    before = snapshot()
    status, answer = world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")
    assert status == 409 and answer["error"] == "Both partners have turned reminders off."
    assert snapshot() == before


@pytest.mark.parametrize("student", ["mentee_b", "mentor_a", "outsider"])
def test_learners_may_not_remind_a_pair(world, student):
    before = snapshot()
    status, answer = world.client.post("nudge_pair", {"pair_id": world.active.pk}, student)
    assert status == 403 and answer["error"], answer
    assert snapshot() == before


def test_only_an_active_pair_of_this_program_is_reminded(world):
    before = snapshot()
    assert world.client.post("nudge_pair", {"pair_id": world.elsewhere.pk}, "staff")[0] == 404
    status, answer = world.client.post("nudge_pair", {"pair_id": world.done.pk}, "staff")
    assert status == 409 and answer["error"] == "Only an active pair can be reminded."
    assert snapshot() == before
    html = world.client.post("pair_detail", {"pair_id": world.done.pk}, "staff")[1]["html"]
    assert "Send a reminder" not in html


@pytest.mark.parametrize("payload", [{"pair_id": "1"}, {}, {"pair_id": 1, "reason": "x"}, {"pair_id": True}, []])
def test_a_malformed_nudge_is_refused(world, payload):
    before = snapshot()
    status, answer = world.client.post("nudge_pair", payload, "staff")
    assert status == 400 and answer["fields"], answer
    assert snapshot() == before


def test_a_retried_nudge_is_carried_out_once(world):
    payload = {"pair_id": world.active.pk, "request_id": REQUEST_ID}
    assert world.client.post("nudge_pair", payload, "staff")[0] == 200
    status, answer = world.client.post("nudge_pair", payload, "staff")
    assert status == 200 and answer["message"] == "This was already saved."
    assert answer["html"].count("Sent by staff.") == 2 and Nudge.objects.count() == 2


def test_the_daily_reminders_show_in_the_timeline(world):
    from reverse_mentoring_xblock import reminder_mail
    Pair.objects.filter(pk=world.active.pk).update(paired_on=TODAY - timedelta(days=20))
    world.client.view("staff")  # keeps the program's reminder settings
    reminder_mail.send_daily(TODAY)
    html = detail(world)
    assert html.count("Reminder: the pair is behind its plan; not e-mailed: this site sends no e-mail.") == 2
    assert "Sent by staff." not in html


def test_learner_written_names_are_escaped_in_the_timeline(world):
    Participant.objects.filter(pk=world.people["mentor_a"].pk).update(public_name=XSS, reminders_off=True)
    html = detail(world)
    assert f"{ESCAPED} has turned reminder e-mails off." in html and "<img" not in html
    Participant.objects.filter(pk=world.people["mentor_a"].pk).update(reminders_off=False)
    status, answer = world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")
    assert status == 200 and f"To {ESCAPED}." in answer["html"] and "<img" not in answer["html"]


# --- where the reminder is sent from ------------------------------------------------------------------------

def test_where_celery_runs_workers_the_reminder_is_queued_once_the_request_commits(
        world, monkeypatch, django_capture_on_commit_callbacks):
    from reverse_mentoring_xblock import tasks
    queued = []
    monkeypatch.setattr(pair_reminders, "runs_tasks_in_request", lambda tasks: False)
    monkeypatch.setattr(tasks, "send_staff_reminder", queued.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")[0] == 200
    assert not queued and set(Nudge.objects.values_list("delivery", flat=True)) == {"pending"}
    for callback in callbacks:
        callback()
    assert queued == [Nudge.objects.values_list("claim", flat=True).first()]
    assert set(Nudge.objects.values_list("delivery", flat=True)) == {"pending"}  # the worker sends it


def test_a_broker_that_is_down_sends_the_reminder_in_the_request(world, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    from reverse_mentoring_xblock import tasks

    def broker_down(claim):
        raise ConnectionError("no broker")
    monkeypatch.setattr(pair_reminders, "runs_tasks_in_request", lambda tasks: False)
    monkeypatch.setattr(tasks, "send_staff_reminder", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        assert world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")[0] == 200
    assert set(Nudge.objects.values_list("delivery", flat=True)) == {"logged"}


def test_without_celery_the_reminder_is_sent_in_the_request(world, monkeypatch):
    import sys

    import reverse_mentoring_xblock
    monkeypatch.delattr(reverse_mentoring_xblock, "tasks", raising=False)
    monkeypatch.setitem(sys.modules, "reverse_mentoring_xblock.tasks", None)  # its import fails, as without Celery
    claim = "0" * 32
    Nudge.objects.create(pair=world.active, usage_key=world.ref.usage_key, participant=world.people["mentee_b"],
                         kind="staff", occasion="x", created_at=world.active.created_at, claim=claim)
    pair_reminders.send_staff_reminder(claim)
    assert Nudge.objects.get().delivery == "logged"


def test_the_events_carry_ids_and_booleans_only(world, caplog):
    import logging
    caplog.set_level(logging.INFO, logger="workbench.runtime")
    assert world.client.post("set_reminders", {"on": False}, "mentee_b")[0] == 200
    assert world.client.post("nudge_pair", {"pair_id": world.active.pk}, "staff")[0] == 200
    records = [r for r in caplog.records if r.name == "workbench.runtime"]
    sent = {record.args[0]: records[n + 1].msg for n, record in enumerate(records)
            if isinstance(record.msg, str) and record.msg.startswith("XBlock event")}
    assert sent["xblock.reverse_mentoring.reminders.set"] == {"on": False}
    assert sent["xblock.reverse_mentoring.pair.reminded"] == {"pair": world.active.pk}
    assert json.dumps(sent["xblock.reverse_mentoring.reminders.set"])  # plain data


def test_the_workbench_sends_in_the_request_from_any_thread_of_its_server():
    """A development server answers in threads, where the Celery app bound is Celery's default one: the site's
    settings still say that tasks run in the request."""
    import threading

    from reverse_mentoring_xblock import tasks
    seen = []
    thread = threading.Thread(target=lambda: seen.append(pair_reminders.runs_tasks_in_request(tasks)))
    thread.start()
    thread.join()
    assert seen == [True]
