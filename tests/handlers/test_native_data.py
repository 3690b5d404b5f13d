"""The data the mobile apps and MFEs read (``docs/native.md``): ``student_view_data`` and the ``learner_state`` handler.

Each shape below is the documented one, key for key and type for type; a learner is walked through every stage
with the real handlers, and the answers hold only what the caller may see.
"""
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from webob import Request
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock.block import ReverseMentoringXBlock
from reverse_mentoring_xblock.models import Participant, Session
from tests.factories import intake, session_log
from tests.tables import snapshot
from tests.workbench import add_program, change_settings

TODAY = date.today().isoformat()
UTC_TODAY = datetime.now(UTC).date().isoformat()  # the day a pair ends or a learner leaves, as stored
NONE = type(None)

PROGRAM = {"version": int, "display_name": str, "goal": str, "goal_kind": str, "topics": list, "experience_areas": list,
           "session_plan": dict, "session_minutes": dict, "intake": list, "feedback": dict, "grading": dict,
           "matching": dict, "privacy": dict, "problems": list}
TOPIC = {"id": str, "title": str, "items": list}
TITLED = {"id": str, "title": str}
SESSION_PLAN = {"count": int, "minutes": int, "cadence_days": int, "min_gap_days": int, "target_offsets_days": list,
                "agenda": list}
GRADING = {"sessions": float, "checklist": float, "feedback": float, "max_points": int}
MATCHING = {"mode": str, "automatic_from": int, "mentor_capacity": int, "separate_teams": bool}
QUESTION = {"name": str, "kind": str, "label": str, "required_for": list}
QUESTION_EXTRAS = {"line": {"max_length": int}, "paragraph": {"max_length": int}, "choice": {"choices": list},
                   "topic_ratings": {"scale": list}, "area_ratings": {"scale": list}, "topics": {},
                   "experience_areas": {}, "time_zone": {"default": str},
                   "slots": {"choices": list, "weekdays": list, "day_parts": list}}

STATE = {"version": int, "stage": str, "role": (str, NONE), "public_name": (str, NONE), "answers": (dict, NONE),
         "summary": list, "can_edit_intake": bool, "new_questions": list, "withdrawn_on": (str, NONE),
         "settings_notice": (dict, NONE), "reminders_off": (bool, NONE),
         "next_steps": list, "progress": (dict, NONE), "pairs": list, "past_pairs": list, "handlers": dict}
PROGRESS = {"points": int, "max_points": int, "completion": float, "sessions_confirmed": int,
            "sessions_planned": int, "items_confirmed": int, "items_total": int, "feedback_given": bool,
            "best_of_several": bool}
PAIR = {"pair_id": int, "stage": str, "partner": dict, "meeting_link": str, "pace": str, "meeting": (dict, NONE),
        "plan": dict, "checklists": list, "sessions": list, "can_log": bool, "reminders": list, "checkin": dict,
        "feedback": dict}
CHECKIN = {"due": bool, "answered": bool, "answers": (dict, NONE)}
CHECKIN_ANSWERS = {"working": str, "working_label": str, "satisfaction": int, "comment": str, "submitted_at": str}
PARTNER = {"public_name": str, "role": str, "role_label": str, "facts": list, "goals": str, "contact": str}
PLAN = {"sessions_counted": int, "sessions_planned": int, "counts_from": (str, NONE), "targets": list}
TARGET = {"number": int, "date": str, "status_label": str, "agenda": str}
CHECKLIST = {"topic_id": str, "title": str, "items": list, "done": int, "total": int}
CHECKLIST_ITEM = {"id": str, "title": str, "done": bool, "pending": bool}
SESSION = {"id": int, "number": int, "held_on": str, "minutes": int, "topic_ids": list, "items": list,
           "item_titles": list, "notes": str, "status": str, "status_label": str, "too_close_to": (dict, NONE),
           "dispute_reason": (str, NONE), "logged_by_me": bool, "waiting_for": (str, NONE), "can_confirm": bool,
           "can_dispute": bool, "can_correct": bool}
FEEDBACK = {"open": bool, "given": bool, "question": str, "topics": list}
MEETING = {"time_zone": str, "agreed": (dict, NONE), "proposal": (dict, NONE)}
PROPOSAL = {"id": int, "when": str, "minutes": int, "starts_at": str, "by_me": bool, "passed": bool}
PAST_PAIR = {"partner_name": str, "paired_on": str, "ended_on": (str, NONE), "reason": (str, NONE), "sessions": list}
LEARNER_HANDLERS = {"learner_state", "submit_intake", "answer_questions", "set_meeting_link", "propose_meeting",
                    "answer_meeting",
                    "log_session", "confirm_session", "dispute_session", "submit_checkin", "submit_feedback",
                    "dismiss_settings_notice", "set_reminders"}

SECRET_CONTACT = "reach-e1@example.org"
FIRST_AGENDA = "Getting to know you: roles, what each can teach, what each wants to learn, how you will meet"
SECRET_NOTES = "<b>Only</b> the pair reads this & that."


def assert_shape(value, shape):
    """Exactly these keys, each of one of its types (``bool`` is no ``int`` here, ``int`` no ``float``)."""
    assert isinstance(value, dict) and set(value) == set(shape), sorted(set(value) ^ set(shape))
    for key, types in shape.items():
        assert type(value[key]) in (types if isinstance(types, tuple) else (types,)), (key, value[key])


def state_of(block_client, student):
    status, body = block_client.post("learner_state", {}, student)
    assert status == 200, body
    assert_state(body)
    return body


def assert_state(body):
    """The documented shape of a learner state, every nested part included; JSON all the way down."""
    assert_shape(body, STATE)
    assert body["version"] == 1 and json.loads(json.dumps(body)) == body
    assert set(body["handlers"]) == LEARNER_HANDLERS and all(isinstance(url, str) for url in body["handlers"].values())
    if body["progress"] is not None:
        assert_shape(body["progress"], PROGRESS)
    for pair in body["pairs"]:
        assert_shape(pair, PAIR)
        assert_shape(pair["partner"], PARTNER)
        assert_shape(pair["plan"], PLAN)
        for target in pair["plan"]["targets"]:
            assert_shape(target, TARGET)
        assert_shape(pair["feedback"], FEEDBACK)
        assert_shape(pair["checkin"], CHECKIN)
        if pair["checkin"]["answers"]:
            assert_shape(pair["checkin"]["answers"], CHECKIN_ANSWERS)
        for checklist in pair["checklists"]:
            assert_shape(checklist, CHECKLIST)
            for item in checklist["items"]:
                assert_shape(item, CHECKLIST_ITEM)
        for session in pair["sessions"]:
            assert_shape(session, SESSION)
        if pair["meeting"]:
            assert_shape(pair["meeting"], MEETING)
            if pair["meeting"]["proposal"]:
                assert_shape(pair["meeting"]["proposal"], PROPOSAL)
    for past in body["past_pairs"]:
        assert_shape(past, PAST_PAIR)
        for session in past["sessions"]:
            assert_shape(session, SESSION)


def join(block_client, student, role, **changes):
    status, body = block_client.post("submit_intake", intake(role, public_name=student.title(), **changes), student)
    assert status == 200, body
    return Participant.objects.get(user__username=student, usage_key__endswith=block_client.usage_id)


def pair_up(block_client, mentor, mentee):
    status, body = block_client.post("pair_participants", {"mentor_id": mentor.pk, "mentee_id": mentee.pk}, "staff")
    assert status == 200, body


@pytest.fixture
def pair(block_client):
    """m1 and e1 paired; e1 left a contact for the partner only."""
    mentor = join(block_client, "m1", "mentor", contact="m1 on chat")
    mentee = join(block_client, "e1", "mentee", contact=SECRET_CONTACT)
    pair_up(block_client, mentor, mentee)
    return mentor, mentee


# --- student_view_data ---------------------------------------------------------------------------------------

def test_student_view_data_has_the_documented_shape_and_only_the_authors_settings(usage_id, block_client):
    block = WorkbenchRuntime(None).get_block(usage_id)  # as the Course Blocks API collects it: no user
    data = block.student_view_data()
    assert_shape(data, PROGRAM)
    assert json.loads(json.dumps(data)) == data
    assert (data["version"], data["display_name"], data["problems"]) == (1, "Reverse mentoring", [])
    assert [t["id"] for t in data["topics"]][:2] == ["linkedin", "social-media"]
    for topic in data["topics"]:
        assert_shape(topic, TOPIC)
        for item in topic["items"]:
            assert_shape(item, TITLED)
    for area in data["experience_areas"]:
        assert_shape(area, TITLED)
    assert_shape(data["session_plan"], SESSION_PLAN)
    assert data["session_plan"] == {"count": 6, "minutes": 60, "cadence_days": 30, "min_gap_days": 1,
                                    "target_offsets_days": [7, 37, 67, 97, 127, 157],
                                    "agenda": [FIRST_AGENDA, "", "", "", "", ""]}
    assert data["goal_kind"] == "digital"
    assert_shape(data["grading"], GRADING)
    assert (data["grading"]["sessions"], data["grading"]["checklist"], data["grading"]["feedback"]) == (0.6, 0.3, 0.1)
    assert_shape(data["matching"], MATCHING)
    assert data["matching"] == {"mode": "manual", "automatic_from": 0, "mentor_capacity": 1, "separate_teams": False}
    assert data["privacy"] == {"staff_read_notes": False, "pairs_read_end_reason": False, "pairs_share_link": True,
                               "pairs_share_contact": True}
    assert data["feedback"] == {"satisfaction": [1, 2, 3, 4, 5], "confidence": [0, 1, 2, 3, 4]}
    for question in data["intake"]:
        assert_shape(question, {**QUESTION, **QUESTION_EXTRAS[question["kind"]]})
    names = [q["name"] for q in data["intake"]]
    assert "team" not in names and names[0] == "public_name" and len(names) == len(set(names)) == 13
    join(block_client, "e1", "mentee", contact=SECRET_CONTACT, goals="My own goals.")
    assert WorkbenchRuntime(None).get_block(usage_id).student_view_data() == data  # nobody's answers in it


def test_student_view_data_follows_the_settings_and_reports_invalid_ones():
    automatic = WorkbenchRuntime(None).get_block(add_program("auto", auto_match_min=4, separate_teams="true",
                                                             mentor_capacity=2))
    data = automatic.student_view_data()
    assert data["matching"] == {"mode": "automatic", "automatic_from": 4, "mentor_capacity": 2, "separate_teams": True}
    team = next(q for q in data["intake"] if q["name"] == "team")
    assert team["required_for"] == ["mentor", "mentee"] and team["max_length"] == 80
    broken = WorkbenchRuntime(None).get_block(add_program("broken", sessions_planned=0)).student_view_data()
    assert set(broken) == {"version", "display_name", "problems"} and broken["version"] == 1
    assert broken["problems"] and all(isinstance(problem, str) for problem in broken["problems"])


def test_student_view_data_has_the_authors_own_questions_and_what_partners_share(usage_id):
    questions = [{"id": "tools", "text": "Which tools?", "kind": "text", "choices": [], "required": True,
                  "shown_to": "staff"},
                 {"id": "team-size", "text": "Team size?", "kind": "choice", "choices": ["1-5", "6+"],
                  "required": False, "shown_to": "partner"}]
    change_settings(usage_id, intake_questions=questions, goal_kind="inclusion", pairs_share_contact=False,
                    pairs_share_link=False, session_agenda=["Meet"])
    data = WorkbenchRuntime(None).get_block(usage_id).student_view_data()
    assert data["goal_kind"] == "inclusion" and data["session_plan"]["agenda"] == ["Meet", "", "", "", "", ""]
    assert data["privacy"]["pairs_share_link"] is False and data["privacy"]["pairs_share_contact"] is False
    for question in data["intake"]:
        assert_shape(question, {**QUESTION, **QUESTION_EXTRAS[question["kind"]]})
    names = [q["name"] for q in data["intake"]]
    assert "contact" not in names and names[-2:] == ["questions.tools", "questions.team-size"]
    tools, team = data["intake"][-2:]
    assert (tools["kind"], tools["required_for"], tools["max_length"]) == ("paragraph", ["mentor", "mentee"], 1000)
    assert (team["kind"], team["required_for"], team["choices"]) == (
        "choice", [], [{"value": "1-5", "label": "1-5"}, {"value": "6+", "label": "6+"}])


def test_new_questions_are_named_in_the_learners_state(block_client, pair):
    change_settings(block_client.usage_id, intake_questions=[
        {"id": "tools", "text": "Which tools?", "kind": "text", "choices": [], "required": True,
         "shown_to": "staff"}])
    assert state_of(block_client, "e1")["new_questions"] == ["questions.tools"]
    assert block_client.post("answer_questions", {"questions": {"tools": "Chat"}}, "e1")[0] == 200
    answered = state_of(block_client, "e1")
    assert answered["new_questions"] == [] and answered["answers"]["questions"] == {"tools": "Chat"}
    assert state_of(block_client, "newcomer")["new_questions"] == []


def test_the_html_view_is_declared_for_the_mobile_apps(usage_id):
    block = WorkbenchRuntime(None).get_block(usage_id)
    assert block.has_support(ReverseMentoringXBlock.student_view, "multi_device")
    assert not block.has_support(ReverseMentoringXBlock.author_view, "multi_device")


# --- learner_state through the stages ------------------------------------------------------------------------

def test_not_joined_then_waiting(block_client):
    fresh = state_of(block_client, "newcomer")
    assert (fresh["stage"], fresh["role"], fresh["answers"], fresh["progress"]) == ("not_joined", None, None, None)
    assert fresh["can_edit_intake"] and fresh["pairs"] == [] and fresh["summary"] == []
    assert "/submit_intake" in fresh["handlers"]["submit_intake"]
    join(block_client, "newcomer", "mentee", goals="Learn <i>video</i> calls.")
    waiting = state_of(block_client, "newcomer")
    assert (waiting["stage"], waiting["role"], waiting["public_name"]) == ("waiting", "mentee", "Newcomer")
    assert waiting["answers"]["goals"] == "Learn <i>video</i> calls."  # raw: JSON is not HTML
    assert {"label": "Wants to learn", "value": "LinkedIn and your professional profile, AI assistants"} in (
        waiting["summary"])
    assert waiting["can_edit_intake"] and waiting["progress"]["points"] == 0
    assert waiting["next_steps"] and waiting["next_steps"][0]["acts"] is True


def test_paired_with_a_session_to_confirm_and_a_proposed_meeting(block_client, pair):
    assert block_client.post("log_session", session_log(TODAY, notes=SECRET_NOTES), "m1")[0] == 200
    when = {"date": (date.today() + timedelta(days=7)).isoformat(), "time": "10:00", "minutes": 45}
    assert block_client.post("propose_meeting", when, "m1")[0] == 200
    mentor, mentee = state_of(block_client, "m1"), state_of(block_client, "e1")
    assert (mentor["stage"], mentee["stage"], mentor["can_edit_intake"]) == ("paired", "paired", False)
    [card] = mentor["pairs"]
    assert card["partner"]["public_name"] == "E1" and card["partner"]["role"] == "mentee"
    assert card["partner"]["contact"] == SECRET_CONTACT and card["partner"]["goals"] == "Get better at this."
    assert [c["topic_id"] for c in card["checklists"]] == ["linkedin", "ai-assistants"]
    linkedin = card["checklists"][0]
    assert linkedin["items"][0] == {"id": "profile", "title": "Update headline, photo and summary", "done": False,
                                    "pending": True}
    assert (linkedin["done"], linkedin["total"]) == (0, 4)
    assert card["plan"]["sessions_planned"] == 6 and len(card["plan"]["targets"]) == 6
    assert [target["agenda"] for target in card["plan"]["targets"]][:2] == [FIRST_AGENDA, ""]
    [logged] = card["sessions"]
    assert (logged["waiting_for"], logged["can_correct"], logged["can_confirm"]) == ("partner", True, False)
    assert logged["notes"] == SECRET_NOTES and logged["items"] == ["linkedin/profile", "linkedin/connect"]
    [to_confirm] = mentee["pairs"][0]["sessions"]
    assert (to_confirm["waiting_for"], to_confirm["can_confirm"], to_confirm["can_dispute"]) == ("me", True, True)
    proposal = mentee["pairs"][0]["meeting"]["proposal"]
    assert proposal["by_me"] is False and proposal["minutes"] == 45 and proposal["starts_at"].startswith(when["date"])
    assert mentee["next_steps"][0]["acts"] is True


def test_confirming_moves_the_progress_and_an_agreed_meeting_has_its_calendar(block_client, pair):
    assert block_client.post("log_session", session_log(TODAY), "m1")[0] == 200
    session = Session.objects.get()
    assert block_client.post("confirm_session", {"session_id": session.pk}, "e1")[0] == 200
    when = {"date": (date.today() + timedelta(days=3)).isoformat(), "time": "09:30", "minutes": 60}
    assert block_client.post("propose_meeting", when, "e1")[0] == 200
    assert block_client.post("answer_meeting", {"meeting_id": session.pair.meetings.get().pk, "accept": True},
                             "m1")[0] == 200
    mentor = state_of(block_client, "m1")
    assert (mentor["progress"]["points"], mentor["progress"]["sessions_confirmed"]) == (18, 1)
    card = mentor["pairs"][0]
    assert card["plan"]["sessions_counted"] == 1 and card["sessions"][0]["waiting_for"] is None
    assert card["checklists"][0]["done"] == 2
    agreed = card["meeting"]["agreed"]
    assert set(agreed) == {"id", "when", "minutes", "starts_at", "calendar_url"}
    assert "meeting_calendar" in agreed["calendar_url"] and f"meeting={agreed['id']}" in agreed["calendar_url"]


def test_completed_then_feedback_given(block_client):
    client = block_client(add_program("short", sessions_planned=1))
    mentor, mentee = join(client, "m1", "mentor"), join(client, "e1", "mentee")
    pair_up(client, mentor, mentee)
    assert client.post("log_session", session_log(TODAY), "e1")[0] == 200
    assert client.post("confirm_session", {"session_id": Session.objects.get().pk}, "m1")[0] == 200
    done = state_of(client, "e1")
    assert done["stage"] == "completed" and done["pairs"][0]["stage"] == "completed"
    feedback = done["pairs"][0]["feedback"]
    assert (feedback["open"], feedback["given"]) == (True, False)
    assert [t["id"] for t in feedback["topics"]] == ["linkedin", "ai-assistants"]
    answers = {"satisfaction": 5, "would_recommend": True, "comment": "", "confidence": {"linkedin": 3,
                                                                                         "ai-assistants": 2}}
    assert client.post("submit_feedback", answers, "e1")[0] == 200
    given = state_of(client, "e1")
    assert given["pairs"][0]["feedback"]["open"] is False and given["pairs"][0]["feedback"]["given"] is True
    assert given["progress"]["feedback_given"] is True and given["progress"]["completion"] == 1.0


def test_the_halfway_check_in_is_due_then_answered_and_each_partner_reads_only_their_own(block_client):
    client = block_client(add_program("halfway", sessions_planned=2, min_days_between_sessions=0))
    mentor, mentee = join(client, "m1", "mentor"), join(client, "e1", "mentee")
    pair_up(client, mentor, mentee)
    assert state_of(client, "e1")["pairs"][0]["checkin"] == {"due": False, "answered": False, "answers": None}
    assert client.post("log_session", session_log(TODAY), "e1")[0] == 200
    assert client.post("confirm_session", {"session_id": Session.objects.get().pk}, "m1")[0] == 200
    assert state_of(client, "e1")["pairs"][0]["checkin"] == {"due": True, "answered": False, "answers": None}
    answer = {"working": "partly", "satisfaction": 3, "comment": "We <b>keep</b> rescheduling."}
    assert client.post("submit_checkin", answer, "e1")[0] == 200
    mine = state_of(client, "e1")["pairs"][0]["checkin"]
    assert (mine["due"], mine["answered"]) == (True, True)
    assert {key: mine["answers"][key] for key in answer} == answer and mine["answers"]["working_label"] == "Partly"
    theirs = state_of(client, "m1")
    assert theirs["pairs"][0]["checkin"] == {"due": True, "answered": False, "answers": None}
    assert "rescheduling" not in json.dumps(theirs)  # the partner's comment is for staff only
    assert client.post("log_session", session_log(TODAY), "e1")[0] == 200
    assert client.post("confirm_session", {"session_id": Session.objects.get(number=2).pk}, "m1")[0] == 200
    done = state_of(client, "e1")["pairs"][0]
    assert done["stage"] == "completed" and done["checkin"]["due"] is False
    assert done["checkin"]["answers"]["satisfaction"] == 3  # kept to read once the pair is over


def test_ended_pair_then_withdrawn(block_client, pair):
    _mentor, mentee = pair
    assert block_client.post("log_session", session_log(TODAY), "m1")[0] == 200
    pair_id = Session.objects.get().pair_id
    assert block_client.post("end_pair", {"pair_id": pair_id, "reason": "Moved teams."}, "staff")[0] == 200
    ended = state_of(block_client, "e1")
    assert (ended["stage"], ended["can_edit_intake"], ended["pairs"]) == ("ended", True, [])
    [past] = ended["past_pairs"]
    assert past["partner_name"] == "M1" and past["reason"] is None and past["ended_on"] == UTC_TODAY  # not shared
    assert past["sessions"][0]["can_confirm"] is False and past["sessions"][0]["number"] == 1
    assert block_client.post("withdraw_participant", {"participant_id": mentee.pk, "reason": "Left."},
                             "staff")[0] == 200
    withdrawn = state_of(block_client, "e1")
    assert (withdrawn["stage"], withdrawn["withdrawn_on"]) == ("withdrawn", UTC_TODAY)
    assert withdrawn["can_edit_intake"] is False and withdrawn["progress"]["sessions_confirmed"] == 0


def test_staff_get_their_own_state(block_client, pair):
    staff = state_of(block_client, "staff")
    assert staff["stage"] == "not_joined" and staff["pairs"] == []  # staff who never joined: like any newcomer
    join(block_client, "staff", "mentor")
    assert state_of(block_client, "staff")["stage"] == "waiting"


def test_partner_only_data_reaches_the_partner_only(block_client, pair):
    assert block_client.post("log_session", session_log(TODAY, notes=SECRET_NOTES), "e1")[0] == 200
    pair_up(block_client, join(block_client, "m2", "mentor"), join(block_client, "e2", "mentee"))
    partner = json.dumps(state_of(block_client, "m1"))
    assert SECRET_CONTACT in partner and json.dumps(SECRET_NOTES)[1:-1] in partner
    for student in ("m2", "e2", "outsider", "staff"):
        answer = json.dumps(state_of(block_client, student))
        assert SECRET_CONTACT not in answer and "Only" not in answer and "E1" not in answer, student
    assert "ratings" not in json.dumps(state_of(block_client, "m1")["pairs"][0]["partner"])


# --- refusals -----------------------------------------------------------------------------------------------

def test_anonymous_and_studio_callers_get_the_learner_handlers_refusal(client, usage_id):
    answers = {}
    for handler in ("learner_state", "submit_intake"):
        response = client.post(f"/unauth_handler/{usage_id}/{handler}/", data="{}", content_type="application/json")
        answers[handler] = (response.status_code, json.loads(response.content))
    assert answers["learner_state"] == answers["submit_intake"] and answers["learner_state"][0] == 403
    assert answers["learner_state"][1]["error"] == "Sign in and enrol in the course to take part."
    studio = WorkbenchRuntime(None).get_block(usage_id).handle("learner_state",
                                                               Request.blank("/", method="POST", body=b"{}"))
    assert studio.status_code == 403 and json.loads(studio.body)["error"]


@pytest.mark.parametrize("raw", ['{"pair_id": 1}', "[]", "{not json", '"text"', "null"])
def test_anything_but_an_empty_object_is_a_400_naming_the_problem(block_client, raw):
    status, body = block_client.post("learner_state", None, "m1", raw=raw)
    assert status == 400 and body["error"] and body["fields"], body


def test_only_post_is_answered(client, usage_id):
    response = client.get(f"/handler/{usage_id}/learner_state/?student=m1")
    assert response.status_code == 405 and response["Allow"] == "POST" and json.loads(response.content)["error"]


def test_invalid_settings_answer_a_400_not_a_crash(block_client):
    status, body = block_client(add_program("misconfigured", cadence_days=1)).post("learner_state", {}, "m1")
    assert status == 400 and "cadence_days" in body["fields"]


def test_a_request_number_is_accepted_and_nothing_is_written(block_client, pair):
    before = snapshot()
    status, body = block_client.post("learner_state", {"request_id": "abcdef-123456"}, "m1")
    assert status == 200 and body["stage"] == "paired"
    assert snapshot() == before
