"""Every handler refuses callers who may not call it (403) and malformed input (400), writing nothing."""
import json
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.db import transaction
from webob import Request
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock.core.program_templates import DIGITAL_TRANSFORMATION, translated_settings
from reverse_mentoring_xblock.models import (
    CircleMeeting,
    CirclePost,
    MatchRun,
    Meeting,
    Pair,
    Participant,
    Session,
    SettingsChange,
)
from tests.authorization import CALLERS, DOC, ROWS, cells, render_markdown
from tests.factories import intake, session_log
from tests.tables import snapshot
from tests.workbench import change_settings

TODAY = date.today().isoformat()
NEW_QUESTION = {"id": "tools", "text": "Which tools do you use every day?", "kind": "text", "choices": [],
                "required": False, "shown_to": "partner_and_staff"}  # optional: the intake rows join without it
LEARNER_HANDLERS = ("learner_state", "submit_intake", "answer_questions", "set_meeting_link", "log_session",
                    "confirm_session", "dispute_session", "submit_feedback", "propose_meeting", "answer_meeting",
                    "circle_page", "circle_post", "circle_reply", "set_reminders")
STAFF_HANDLERS = ("pair_participants", "end_pair", "start_matching", "matching_status", "adjust_matching",
                  "accept_matches", "matching_proposals", "leave_out_proposal", "dashboard_overview",
                  "dashboard_pairs", "dashboard_participants", "pair_detail", "pairing_candidates",
                  "withdraw_participant", "circle_pin", "circle_hide", "circle_unhide", "circle_schedule",
                  "circle_cancel_meeting", "nudge_pair")
CIRCLE_MEETING = {"date": (date.today() + timedelta(days=7)).isoformat(), "time": "18:00", "minutes": 60,
                  "timezone": "Europe/Paris", "meeting_link": "https://meet.example.org/circle"}


@pytest.fixture
def world(block_client):
    """Two pairs, one logged session in the first, a meeting agreed and another proposed by its mentor (m1),
    and an outsider who never joined."""
    ids = {}
    for student, role in (("m1", "mentor"), ("e1", "mentee"), ("m2", "mentor"), ("e2", "mentee")):
        assert block_client.post("submit_intake", intake(role), student)[0] == 200
        ids[student] = Participant.objects.get(user__username=student).pk
    for mentor, mentee in (("m1", "e1"), ("m2", "e2")):
        assert block_client.post("pair_participants", {"mentor_id": ids[mentor], "mentee_id": ids[mentee]},
                                 "staff")[0] == 200
    assert block_client.post("log_session", session_log(TODAY), "m1")[0] == 200
    session = Session.objects.get()
    assert block_client.post("propose_meeting", meeting_time(), "m1")[0] == 200
    agreed = Meeting.objects.get().pk
    assert block_client.post("answer_meeting", {"meeting_id": agreed, "accept": True}, "e1")[0] == 200
    assert block_client.post("propose_meeting", meeting_time(), "m1")[0] == 200
    proposed = Meeting.objects.get(status="proposed").pk
    return {"ids": ids, "session": session.pk, "pair": session.pair_id, "agreed": agreed, "proposed": proposed}


def meeting_time():
    return {"date": (date.today() + timedelta(days=7)).isoformat(), "time": "10:00", "minutes": 60}


def valid_payloads(world):
    session = world["session"]
    return {
        "learner_state": {},
        "submit_intake": intake("mentee"),
        "answer_questions": {"questions": {}},
        "set_meeting_link": {"meeting_link": "https://meet.example.org/x"},
        "log_session": {**session_log(TODAY), "session_id": session},
        "confirm_session": {"session_id": session},
        "dispute_session": {"session_id": session, "reason": "Not what happened."},
        "submit_feedback": {"satisfaction": 4, "would_recommend": True, "confidence": {}, "comment": ""},
        "propose_meeting": meeting_time(),
        "answer_meeting": {"meeting_id": world["proposed"], "accept": True},
        "pair_participants": {"mentor_id": world["ids"]["m1"], "mentee_id": world["ids"]["e2"]},
        "end_pair": {"pair_id": world["pair"], "reason": "Testing access."},
        "start_matching": {},
        "matching_status": {},
        "adjust_matching": {"run_id": 1, "action": "lock", "mentor_id": world["ids"]["m1"],
                            "mentee_id": world["ids"]["e2"]},
        "accept_matches": {"run_id": 1, "pairs": [f'{world["ids"]["m1"]}:{world["ids"]["e2"]}']},
        "matching_proposals": {"run_id": 1, "page": 1},
        "leave_out_proposal": {"run_id": 1, "mentor_id": world["ids"]["m1"], "mentee_id": world["ids"]["e2"],
                               "left_out": True},
        "dashboard_overview": {},
        "dashboard_pairs": {"health": "behind"},
        "dashboard_participants": {"stage": "waiting"},
        "pair_detail": {"pair_id": world["pair"]},
        "pairing_candidates": {"mentor_search": "m"},
        "withdraw_participant": {"participant_id": world["ids"]["e2"], "reason": "Testing access."},
        "circle_page": {"page": 1},
        "circle_post": {"body": "A tip."},
        "circle_reply": {"post_id": 1, "body": "A reply."},
        "circle_pin": {"post_id": 1, "pinned": True},
        "circle_hide": {"post_id": 1, "reason": "Off topic."},
        "circle_unhide": {"post_id": 1},
        "circle_schedule": CIRCLE_MEETING,
        "circle_cancel_meeting": {"meeting_id": 1},
        "set_reminders": {"on": False},
        "nudge_pair": {"pair_id": world["pair"]},
    }


def assert_refused(status, body, expected_status):
    assert status == expected_status, body
    assert isinstance(body, dict) and body["error"]


@pytest.mark.parametrize("handler", STAFF_HANDLERS)
@pytest.mark.parametrize("student", ["e1", "m2", "outsider"])
def test_staff_handlers_refuse_learners(block_client, world, handler, student):
    before = snapshot()
    assert_refused(*block_client.post(handler, valid_payloads(world)[handler], student), 403)
    assert snapshot() == before


@pytest.mark.parametrize("handler", ["set_meeting_link", "log_session", "confirm_session", "dispute_session",
                                     "submit_feedback", "propose_meeting", "answer_meeting"])
def test_pair_handlers_refuse_non_participants(block_client, world, handler):
    before = snapshot()
    status, body = block_client.post(handler, valid_payloads(world)[handler], "outsider")
    assert_refused(status, body, 403)
    assert snapshot() == before


@pytest.mark.parametrize("handler", ["log_session", "confirm_session", "dispute_session", "answer_meeting"])
def test_session_handlers_refuse_another_pairs_members(block_client, world, handler):
    before = snapshot()
    assert_refused(*block_client.post(handler, valid_payloads(world)[handler], "e2"), 403)
    assert snapshot() == before


def test_logger_cannot_confirm_or_dispute_own_session_and_partner_cannot_correct_it(block_client, world):
    before = snapshot()
    payloads = valid_payloads(world)
    assert_refused(*block_client.post("confirm_session", payloads["confirm_session"], "m1"), 403)
    assert_refused(*block_client.post("dispute_session", payloads["dispute_session"], "m1"), 403)
    assert_refused(*block_client.post("log_session", payloads["log_session"], "e1"), 403)
    assert snapshot() == before


@pytest.mark.parametrize("handler", LEARNER_HANDLERS + STAFF_HANDLERS)
def test_anonymous_callers_are_refused(client, usage_id, world, handler):
    before = snapshot()
    response = client.post(f"/unauth_handler/{usage_id}/{handler}/", data=json.dumps(valid_payloads(world)[handler]),
                           content_type="application/json")
    assert_refused(response.status_code, json.loads(response.content), 403)
    assert snapshot() == before


@pytest.mark.parametrize("handler", LEARNER_HANDLERS + STAFF_HANDLERS)
def test_studio_preview_is_refused(usage_id, world, handler):
    before = snapshot()
    block = WorkbenchRuntime(None).get_block(usage_id)
    request = Request.blank("/", method="POST", body=json.dumps(valid_payloads(world)[handler]).encode())
    response = block.handle(handler, request)
    assert_refused(response.status_code, json.loads(response.body), 403)
    assert snapshot() == before


MALFORMED = {
    "submit_intake": [{**intake("mentee"), "role": None}, intake("mentee", ratings=[]), ["not", "an", "object"]],
    "answer_questions": [{"questions": "Video calls"}, {"answers": {}}, ["questions"]],
    "set_meeting_link": [{"meeting_link": "javascript:alert(1)"}, {"link": "https://x.org"}, None],
    "log_session": [session_log("not a date"), {**session_log(TODAY), "session_id": "1"},
                    session_log(TODAY, minutes=-5)],
    "confirm_session": [{"session_id": "1"}, {}, {"session_id": 1, "extra": True}],
    "dispute_session": [{"session_id": 1, "reason": ""}, {"session_id": None, "reason": "Long enough"}, 7],
    "submit_feedback": [{"satisfaction": 9, "would_recommend": True, "confidence": {}, "comment": ""}],
    "propose_meeting": [{**meeting_time(), "time": "10h"}, {**meeting_time(), "date": "2020-02-30"},
                        {**meeting_time(), "where": "office"}, []],
    "answer_meeting": [{"meeting_id": 1, "accept": "true"}, {"meeting_id": "1", "accept": True}, {"accept": False}],
    "pair_participants": [{"mentor_id": "1", "mentee_id": 2}, {"mentor_id": 1}, []],
    "end_pair": [{"pair_id": 1, "reason": ""}, {"pair_id": -1, "reason": "Long enough"}],
    "start_matching": [{"now": True}, []],
    "matching_status": [{"run_id": 1}],
    "adjust_matching": [{"run_id": 1, "action": "destroy", "mentor_id": 1, "mentee_id": 2},
                        {"run_id": 1, "action": "swap", "pairs": ["1:2"]}, {"run_id": 1, "action": "lock"}],
    "accept_matches": [{"run_id": 1, "pairs": ["1-2"]}, {"run_id": 1, "pairs": []}, {"pairs": ["1:2"]},
                       {"run_id": 1, "pairs": "all"}],
    "matching_proposals": [{"page": 1}, {"run_id": 1, "show": "best"}, {"run_id": 1, "search": ["a"]},
                           {"run_id": "1"}],
    "leave_out_proposal": [{"run_id": 1, "mentor_id": 1, "mentee_id": 2}, {"run_id": 1, "mentor_id": 1,
                                                                          "mentee_id": 2, "left_out": 1},
                           {"run_id": 1, "mentor_id": 1, "mentee_id": 2, "left_out": True, "sort": "name"}],
    "dashboard_overview": [{"now": True}, []],
    "dashboard_pairs": [{"health": "fine"}, {"page": "2"}, {"topic": "knitting"}, {"sort": "random"}],
    "dashboard_participants": [{"stage": "sleeping"}, {"descending": "yes"}, {"search": 7}],
    "pair_detail": [{"pair_id": "1"}, {}],
    "pairing_candidates": [{"mentor_search": "x" * 101}, {"name": "x"}],
    "withdraw_participant": [{"participant_id": 1, "reason": ""}, {"reason": "Long enough"}],
    "circle_page": [{"page": "2"}, {"page": 0}, {"sort": "new"}],
    "circle_post": [{"body": ""}, {"body": " \u200b "}, {"body": "x" * 2001}, {"body": "Hi", "page": 1}],
    "circle_reply": [{"post_id": "1", "body": "Hi"}, {"post_id": 1, "body": ""}, {"body": "Hi"}],
    "circle_pin": [{"post_id": 1, "pinned": "yes"}, {"post_id": 1}, {"pinned": True}],
    "circle_hide": [{"post_id": 1, "reason": ""}, {"post_id": 1}, {"reason": "Off topic."}],
    "circle_unhide": [{"post_id": None}, {"post_id": 1, "reason": "x"}],
    "circle_schedule": [{**CIRCLE_MEETING, "meeting_link": "javascript:alert(1)"}, {**CIRCLE_MEETING, "timezone": ""},
                        {**CIRCLE_MEETING, "minutes": 0}, {**CIRCLE_MEETING, "where": "office"}],
    "circle_cancel_meeting": [{"meeting_id": "1"}, {}],
    "set_reminders": [{"on": "false"}, {"on": None}, {}, {"on": True, "pair_id": 1}, ["on"]],
    "nudge_pair": [{"pair_id": "1"}, {}, {"pair_id": 1, "reason": "x"}],
}


@pytest.mark.parametrize("handler, payload", [(h, p) for h, cases in MALFORMED.items() for p in cases])
def test_malformed_input_is_a_400_with_the_field_named(block_client, world, handler, payload):
    student = ("staff" if handler in STAFF_HANDLERS else
               {"submit_intake": "outsider", "confirm_session": "e1", "dispute_session": "e1",
                "submit_feedback": "e1", "answer_meeting": "e1"}.get(handler, "m1"))
    if handler == "submit_feedback":  # feedback validation only runs once the form is open
        Pair.objects.filter(pk=world["pair"]).update(status="completed", active_mentor=None, active_mentee=None)
    before = snapshot()
    status, body = block_client.post(handler, payload, student)
    assert_refused(status, body, 400)
    assert snapshot() == before


@pytest.mark.parametrize("handler", LEARNER_HANDLERS + STAFF_HANDLERS)
def test_invalid_json_and_wrong_method(block_client, client, usage_id, handler):
    """Callers who may call the handler get a 400 (access is checked first: others get their 403)."""
    status, body = block_client.post(handler, None, "staff" if handler in STAFF_HANDLERS else "m1", raw="{not json")
    assert status == 400 and body["error"]
    assert client.get(f"/handler/{usage_id}/{handler}/?student=m1").status_code == 405


def test_anonymous_and_studio_views_show_no_forms(client, usage_id):
    page = client.get("/scenario/reverse_mentoring.0/?student=none").content.decode()
    assert "Sign in" in page and "data-action" not in page
    fragment = WorkbenchRuntime(None).get_block(usage_id).render("student_view")
    assert "data-action" not in fragment.content and "Digital topics" in fragment.content


@pytest.fixture
def matrix_world(block_client, world):
    """``world`` plus a completed pair (m3, e3), a waiting mentor and mentee (wm, w1) and a matching run."""
    ids = dict(world["ids"])
    for student, role in (("m3", "mentor"), ("e3", "mentee"), ("wm", "mentor"), ("w1", "mentee")):
        assert block_client.post("submit_intake", intake(role), student)[0] == 200
        ids[student] = Participant.objects.get(user__username=student).pk
    assert block_client.post("pair_participants", {"mentor_id": ids["m3"], "mentee_id": ids["e3"]}, "staff")[0] == 200
    Pair.objects.filter(mentor_id=ids["m3"]).update(status="completed", active_mentor=None, active_mentee=None)
    assert block_client.post("start_matching", {}, "staff")[0] == 200
    run = MatchRun.objects.get().pk
    session = world["session"]
    change_settings(block_client.usage_id, intake_questions=[NEW_QUESTION],  # new to everyone who joined
                    grading_weights={"sessions": 50, "checklist": 40, "feedback": 10})
    block_client.view("staff")  # applies the published weights: a settings change whose notice learners dismiss
    for body in ("A tip.", "Hidden."):
        assert block_client.post("circle_post", {"body": body}, "m1")[0] == 200
    circle_post, hidden = (CirclePost.objects.get(body=body).pk for body in ("A tip.", "Hidden."))
    assert block_client.post("circle_hide", {"post_id": hidden, "reason": "Testing access."}, "staff")[0] == 200
    assert block_client.post("circle_schedule", CIRCLE_MEETING, "staff")[0] == 200
    return {
        "students": {"outsider": "outsider", "waiting": "w1", "logger": "m1", "partner": "e1", "other_pair": "e2",
                     "finished": "e3", "staff": "staff"},
        "payloads": {
            "intake": intake("mentee"),
            "questions": {"questions": {NEW_QUESTION["id"]: "Video calls."}},
            "link": {"meeting_link": "https://meet.example.org/x"},
            "new_session": session_log(TODAY),
            "new_session_in_pair": {**session_log(TODAY), "pair_id": world["pair"]},
            "correction": {**session_log(TODAY), "session_id": session},
            "confirm": {"session_id": session},
            "dispute": {"session_id": session, "reason": "Not what happened."},
            "feedback": {"satisfaction": 4, "would_recommend": True, "comment": "",
                         "confidence": {"linkedin": 3, "ai-assistants": 2}},
            "pair": {"mentor_id": ids["wm"], "mentee_id": ids["w1"]},
            "end": {"pair_id": world["pair"], "reason": "Testing access."},
            "empty": {},
            "notice": {"change_id": SettingsChange.objects.get().pk},
            "checkin": {"working": "partly", "satisfaction": 3, "comment": "Slow start."},
            "adjust": {"run_id": run, "action": "lock", "mentor_id": ids["wm"], "mentee_id": ids["w1"]},
            "accept": {"run_id": run, "pairs": [f"{ids['wm']}:{ids['w1']}"]},
            "accept_included": {"run_id": run, "pairs": "included"},
            "proposal_query": {"run_id": run, "show": "left_out", "search": "w", "page": 1},
            "leave_out": {"run_id": run, "mentor_id": ids["wm"], "mentee_id": ids["w1"], "left_out": True},
            "pair_query": {"health": "on_track", "search": "m", "sort": "mentor", "page": 1},
            "participant_query": {"stage": "waiting", "role": "mentee"},
            "detail": {"pair_id": world["pair"]},
            "search": {"mentee_search": "w"},
            "withdraw": {"participant_id": ids["w1"], "reason": "Testing access."},
            "proposal": meeting_time(),
            "answer": {"meeting_id": world["proposed"], "accept": False},
            "calendar": {"meeting": world["agreed"]},
            "program": {**translated_settings(DIGITAL_TRANSFORMATION, str), "weight": 1.0},
            "circle_page": {"page": 1},
            "circle_post": {"body": "Another tip."},
            "circle_reply": {"post_id": circle_post, "body": "Thanks."},
            "circle_pin": {"post_id": circle_post, "pinned": True},
            "circle_hide": {"post_id": circle_post, "reason": "Off topic."},
            "circle_unhide": {"post_id": hidden},
            "circle_schedule": CIRCLE_MEETING,
            "circle_cancel": {"meeting_id": CircleMeeting.objects.get().pk},
            "reminders": {"on": False},
        },
    }


def call_as(caller, handler, payload, block_client, client, usage_id, world):
    """``(status, body)`` of one call by this kind of caller; ``meeting_calendar`` is a GET with a query."""
    if handler == "meeting_calendar":
        return get_as(caller, handler, payload, client, usage_id, world)
    body = json.dumps(payload)
    if caller == "anonymous":
        response = client.post(f"/unauth_handler/{usage_id}/{handler}/", data=body, content_type="application/json")
        return response.status_code, json.loads(response.content)
    if caller == "studio":
        block = WorkbenchRuntime(None).get_block(usage_id)
        response = block.handle(handler, Request.blank("/", method="POST", body=body.encode()))
        return response.status_code, json.loads(response.body)
    return block_client.post(handler, payload, world["students"][caller])


def get_as(caller, handler, query, client, usage_id, world):
    """``(status, body)`` of one GET; the body is JSON when refused."""
    query = urlencode(query)
    if caller == "studio":
        response = WorkbenchRuntime(None).get_block(usage_id).handle(handler, Request.blank(f"/?{query}"))
        status, content = response.status_code, response.body
    else:
        url = (f"/unauth_handler/{usage_id}/{handler}/?{query}" if caller == "anonymous" else
               f"/handler/{usage_id}/{handler}/?{query}&student={world['students'][caller]}")
        response = client.get(url)
        status, content = response.status_code, response.content
    return status, json.loads(content) if status != 200 else content


@pytest.mark.parametrize("label", [label for (label, _h, _p), _statuses in ROWS])
def test_the_authorization_table_holds(block_client, client, usage_id, matrix_world, label):
    """Each cell of the table, from a fresh copy of the same world; refusals write nothing."""
    found = {}
    for row_label, handler, payload, caller, _expected in cells():
        if row_label != label:
            continue
        with transaction.atomic():
            before = snapshot()
            status, body = call_as(caller, handler, matrix_world["payloads"][payload], block_client, client,
                                   usage_id, matrix_world)
            found[caller] = status
            if status != 200:
                assert isinstance(body, dict) and body["error"], (caller, body)
                assert snapshot() == before, caller
            transaction.set_rollback(True)
    assert found == dict(zip(CALLERS, next(s for (lab, _h, _p), s in ROWS if lab == label)))


def test_the_security_doc_shows_the_table_the_test_checks():
    assert render_markdown() in DOC.read_text(encoding="utf-8"), "run `make security-doc`"
