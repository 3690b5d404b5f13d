"""Every event the block sends is the one ``docs/events.md`` documents: its name, its keys, ids and numbers only."""
import logging
import re
from datetime import date
from pathlib import Path

import pytest

from reverse_mentoring_xblock.block import EVENT_PREFIX
from reverse_mentoring_xblock.models import (
    CircleMeeting,
    CirclePost,
    MatchProposal,
    MatchRun,
    Meeting,
    Pair,
    Participant,
    Session,
)
from tests.factories import intake, session_log
from tests.handlers.test_meetings import next_week
from tests.workbench import add_program, change_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"
ROW = re.compile(r"^\| `([a-z_.]+)` \| [^|]+ \| (.+) \|$")
FIXED_WORDS = {"mentor", "mentee", "staff", "matching", "automatic", "participants", "pairs", "sessions",
               "staff_actions", "yes", "partly", "no"}
NEW_QUESTION = {"id": "tools", "text": "Which tools do you use every day?", "kind": "text", "choices": [],
                "required": False, "shown_to": "staff"}


def documented():
    """``{event name: set of keys}`` from the document's table."""
    rows = (ROW.match(line) for line in DOC.read_text(encoding="utf-8").splitlines())
    return {EVENT_PREFIX + row[1]: set(re.findall(r"`([a-z_]+)`", row[2])) for row in rows if row}


@pytest.fixture
def sent(caplog):
    """The events the workbench's runtime logged (it logs each published event's name, then its data)."""
    caplog.set_level(logging.INFO, logger="workbench.runtime")

    def events():
        records = [r for r in caplog.records if r.name == "workbench.runtime"]
        return [(record.args[0], records[n + 1].msg) for n, record in enumerate(records)
                if isinstance(record.msg, str) and record.msg.startswith("XBlock event")]
    return events


def every_handler(block_client, client):
    """One program's life, touching every handler that sends an event."""
    usage_id = add_program("events", sessions_planned=1, min_days_between_sessions=0)
    program = block_client(usage_id)
    ids = {}
    for student, role in (("ev_m1", "mentor"), ("ev_e1", "mentee"), ("ev_m2", "mentor"), ("ev_e2", "mentee"),
                          ("ev_m3", "mentor"), ("ev_e3", "mentee")):
        assert program.post("submit_intake", intake(role), student)[0] == 200
        ids[student] = Participant.objects.get(user__username=student).pk
    assert program.post("submit_intake", intake("mentee", goals="Changed my mind."), "ev_e3")[0] == 200
    change_settings(usage_id, intake_questions=[NEW_QUESTION])  # added after everyone joined
    assert program.post("answer_questions", {"questions": {"tools": "Video calls."}}, "ev_e3")[0] == 200
    assert program.post("pair_participants", {"mentor_id": ids["ev_m1"], "mentee_id": ids["ev_e1"]}, "staff")[0] == 200
    assert program.post("set_meeting_link", {"meeting_link": "https://meet.example.org/x"}, "ev_m1")[0] == 200
    assert program.post("set_reminders", {"on": False}, "ev_e1")[0] == 200
    assert program.post("nudge_pair", {"pair_id": Pair.objects.get(mentor_id=ids["ev_m1"]).pk}, "staff")[0] == 200
    for answer in (False, True):
        assert program.post("propose_meeting", {"date": next_week(), "time": "10:00", "minutes": 30}, "ev_m1")[0] == 200
        meeting = Meeting.objects.get(status="proposed").pk
        assert program.post("answer_meeting", {"meeting_id": meeting, "accept": answer}, "ev_e1")[0] == 200
    log = session_log(date.today().isoformat())
    assert program.post("log_session", log, "ev_m1")[0] == 200
    session = Session.objects.get(pair__mentor_id=ids["ev_m1"]).pk
    assert program.post("dispute_session", {"session_id": session, "reason": "Not like this."}, "ev_e1")[0] == 200
    assert program.post("log_session", {**log, "session_id": session, "minutes": 45}, "ev_m1")[0] == 200
    assert program.post("confirm_session", {"session_id": session}, "ev_e1")[0] == 200
    assert program.post("submit_feedback", {"satisfaction": 5, "would_recommend": True, "comment": "Fine.",
                                            "confidence": {"linkedin": 3, "ai-assistants": 3}}, "ev_e1")[0] == 200
    assert program.post("pair_participants", {"mentor_id": ids["ev_m2"], "mentee_id": ids["ev_e2"]}, "staff")[0] == 200
    assert program.post("end_pair", {"pair_id": Pair.objects.get(mentor_id=ids["ev_m2"]).pk, "reason": "Moved."},
                        "staff")[0] == 200
    assert program.post("withdraw_participant", {"participant_id": ids["ev_e2"], "reason": "Left."}, "staff")[0] == 200
    circle(program)
    assert program.post("start_matching", {}, "staff")[0] == 200
    run = MatchRun.objects.latest("pk")
    mentor, mentee = MatchProposal.objects.filter(run=run).values_list("mentor_id", "mentee_id").first()
    assert program.post("leave_out_proposal", {"run_id": run.pk, "mentor_id": mentor, "mentee_id": mentee,
                                               "left_out": True}, "staff")[0] == 200
    assert program.post("leave_out_proposal", {"run_id": run.pk, "mentor_id": mentor, "mentee_id": mentee,
                                               "left_out": False}, "staff")[0] == 200
    assert program.post("adjust_matching", {"run_id": run.pk, "action": "lock", "mentor_id": mentor,
                                            "mentee_id": mentee}, "staff")[0] == 200
    run = MatchRun.objects.latest("pk")
    assert program.post("accept_matches", {"run_id": run.pk, "pairs": "included"}, "staff")[0] == 200
    assert client.get(f"/handler/{usage_id}/export_csv/?kind=pairs&anonymous=1&student=staff").status_code == 200
    automatic = block_client(add_program("events_auto", auto_match_min=2))
    for student, role in (("ev_a1", "mentor"), ("ev_a2", "mentee")):
        assert automatic.post("submit_intake", intake(role), student)[0] == 200
    halfway_checkin(block_client)


def halfway_checkin(block_client):
    """A pair of a two-session plan, halfway: the mentee answers the check-in."""
    halfway = block_client(add_program("events_halfway", sessions_planned=2, min_days_between_sessions=0))
    ids = {}
    for student, role in (("ev_h1", "mentor"), ("ev_h2", "mentee")):
        assert halfway.post("submit_intake", intake(role), student)[0] == 200
        ids[student] = Participant.objects.get(user__username=student).pk
    assert halfway.post("pair_participants", {"mentor_id": ids["ev_h1"], "mentee_id": ids["ev_h2"]}, "staff")[0] == 200
    assert halfway.post("log_session", session_log(date.today().isoformat()), "ev_h1")[0] == 200
    session = Session.objects.get(pair__mentor_id=ids["ev_h1"]).pk
    assert halfway.post("confirm_session", {"session_id": session}, "ev_h2")[0] == 200
    assert halfway.post("submit_checkin", {"working": "partly", "satisfaction": 3}, "ev_h2")[0] == 200


def circle(program):
    """Every mentor circle handler that sends an event."""
    assert program.post("circle_post", {"body": "Captions help in long calls."}, "ev_m1")[0] == 200
    post = CirclePost.objects.get(parent=None).pk
    assert program.post("circle_reply", {"post_id": post, "body": "Thank you."}, "staff")[0] == 200
    for pinned in (True, False):
        assert program.post("circle_pin", {"post_id": post, "pinned": pinned}, "staff")[0] == 200
    assert program.post("circle_hide", {"post_id": post, "reason": "Off topic."}, "staff")[0] == 200
    assert program.post("circle_unhide", {"post_id": post}, "staff")[0] == 200
    assert program.post("circle_schedule", {"date": next_week(), "time": "10:00", "minutes": 30, "timezone": "UTC",
                                            "meeting_link": "https://meet.example.org/circle"}, "staff")[0] == 200
    meeting = CircleMeeting.objects.get().pk
    assert program.post("circle_cancel_meeting", {"meeting_id": meeting}, "staff")[0] == 200


def test_every_event_sent_is_documented_with_its_keys_and_carries_no_text(block_client, client, sent):
    every_handler(block_client, client)
    table, events = documented(), sent()
    ours = [(name, data) for name, data in events if name.startswith(EVENT_PREFIX)]
    for name, data in ours:
        assert name in table, f"{name} is not in docs/events.md"
        assert set(data) == table[name], f"{name} sends {sorted(data)}, the document lists {sorted(table[name])}"
        for key, value in data.items():
            assert isinstance(value, bool | int) or value in FIXED_WORDS, f"{name}.{key} carries {value!r}"
    assert set(table) == {name for name, _data in ours}, "documented events that no handler sent"
    assert {name for name, _data in events} - set(table) == {"grade", "completion"}
    assert {data["by"] for name, data in ours if name.endswith("pair.created")} == {"staff", "matching",
                                                                                   "automatic"}
