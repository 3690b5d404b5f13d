"""Every JSON handler fuzzed end to end, with every table compared before and after.

Handlers answer every payload (wrong types, huge and unicode strings, deep nesting, missing and extra
fields, ids of another program, bytes that are not JSON) with 200 or a JSON error naming the problem
(400 with the fields, 403, 404, 409, 413), never a 500, and write nothing when they refuse.
``RM_FUZZ_PROFILE=ci`` runs 1,000 payloads per handler (tests/fuzzing.py).
"""
import json
from datetime import date

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock.models import (
    CircleMeeting,
    CirclePost,
    MatchRun,
    Meeting,
    Pair,
    Participant,
    SettingsChange,
)
from tests.factories import intake, session_log
from tests.figures import record
from tests.fuzz_targets import ACKNOWLEDGING_HANDLERS, DATA_HANDLERS, PARSERS, QUESTIONS, RAW_BODIES, VALID
from tests.fuzzing import HANDLER_EXAMPLES, fuzz_settings
from tests.fuzzing import payloads as payloads_for
from tests.tables import snapshot
from tests.workbench import change_settings

TODAY = date.today()
ERROR_STATUSES = {400, 403, 404, 409, 413}


@pytest.fixture
def world(block_client, other_usage_id):
    """This program: an active pair with a logged session, a completed pair, a matching run, a newcomer.

    The other program: the same, so that every handler also meets ids that belong elsewhere.
    """
    pool, here = set(), {}
    for usage in (other_usage_id, block_client.usage_id):
        client = block_client(usage)
        ids = {}
        for student, role in (("m1", "mentor"), ("e1", "mentee"), ("m2", "mentor"), ("e2", "mentee"),
                              ("m3", "mentor"), ("e3", "mentee")):
            assert client.post("submit_intake", intake(role), student)[0] == 200
            ids[student] = Participant.objects.get(user__username=student, usage_key__endswith=usage).pk
        for mentor, mentee in (("m1", "e1"), ("m2", "e2")):
            assert client.post("pair_participants", {"mentor_id": ids[mentor], "mentee_id": ids[mentee]},
                               "staff")[0] == 200
        assert client.post("log_session", session_log(TODAY.isoformat()), "m1")[0] == 200
        proposal = {key: value for key, value in VALID["propose_meeting"].items() if key != "pair_id"}
        assert client.post("propose_meeting", proposal, "m1")[0] == 200
        Pair.objects.filter(mentor_id=ids["m2"]).update(status="completed", active_mentor=None, active_mentee=None)
        assert client.post("start_matching", {}, "staff")[0] == 200
        for body in ("A tip.", "Hidden."):
            assert client.post("circle_post", {"body": body}, "m1")[0] == 200
        posts = CirclePost.objects.filter(usage_key__endswith=usage)
        hidden = posts.get(body="Hidden.").pk
        assert client.post("circle_hide", {"post_id": hidden, "reason": "Testing."}, "staff")[0] == 200
        assert client.post("circle_schedule", VALID["circle_schedule"], "staff")[0] == 200
        change_settings(usage, grading_weights={"sessions": 50, "checklist": 40, "feedback": 10})
        client.view("staff")  # applies the published weights: a settings change whose notice learners dismiss
        change = SettingsChange.objects.get(usage_key__endswith=usage).pk
        pool.add(change)
        pool |= set(CirclePost.objects.values_list("pk", flat=True)) | set(
            CircleMeeting.objects.values_list("pk", flat=True))
        pool |= set(ids.values()) | set(Pair.objects.values_list("pk", flat=True))
        pool |= {pk for pair in Pair.objects.all() for pk in pair.sessions.values_list("pk", flat=True)}
        pool |= set(Meeting.objects.values_list("pk", flat=True))
        here = {**ids, "pair": Pair.objects.get(mentor_id=ids["m1"]).pk, "run": MatchRun.objects.latest("pk").pk,
                "session": Pair.objects.get(mentor_id=ids["m1"]).sessions.get().pk,
                "meeting": Pair.objects.get(mentor_id=ids["m1"]).meetings.get().pk,
                "post": posts.get(body="A tip.").pk, "hidden": hidden,
                "circle_meeting": CircleMeeting.objects.get(usage_key__endswith=usage).pk, "change": change}
    change_settings(block_client.usage_id, intake_questions=QUESTIONS)  # added once all joined: new to e1
    return {"client": block_client, "pool": pool | set(MatchRun.objects.values_list("pk", flat=True)),
            "valid": valid_payloads(here)}


def valid_payloads(ids):
    """Payloads that succeed in this program (the fuzzer starts from them and breaks them)."""
    swap = [f"{ids['m3']}:{ids['e3']}", f"{ids['m1']}:{ids['e1']}"]
    return {**VALID,
            "log_session": {**session_log(TODAY.isoformat()), "session_id": ids["session"]},
            "confirm_session": {"session_id": ids["session"]},
            "dispute_session": {"session_id": ids["session"], "reason": "Not what happened."},
            "pair_participants": {"mentor_id": ids["m3"], "mentee_id": ids["e3"]},
            "end_pair": {"pair_id": ids["pair"], "reason": "Testing."},
            "adjust_matching": {"run_id": ids["run"], "action": "lock", "mentor_id": ids["m3"],
                                "mentee_id": ids["e3"], "pairs": swap},
            "accept_matches": {"run_id": ids["run"], "pairs": [f"{ids['m3']}:{ids['e3']}"]},
            "matching_proposals": {"run_id": ids["run"], "show": "", "search": "m", "page": 1},
            "leave_out_proposal": {"run_id": ids["run"], "mentor_id": ids["m3"], "mentee_id": ids["e3"],
                                   "left_out": True, "page": 1},
            "pair_detail": {"pair_id": ids["pair"]},
            "nudge_pair": {"pair_id": ids["pair"]},
            "dismiss_settings_notice": {"change_id": ids["change"]},
            "set_meeting_link": {**VALID["set_meeting_link"], "pair_id": ids["pair"]},
            "propose_meeting": {**VALID["propose_meeting"], "pair_id": ids["pair"]},
            "submit_checkin": {**VALID["submit_checkin"], "pair_id": ids["pair"]},
            "answer_meeting": {"meeting_id": ids["meeting"], "accept": True},
            "withdraw_participant": {"participant_id": ids["e3"], "reason": "Moved abroad."},
            "circle_reply": {**VALID["circle_reply"], "post_id": ids["post"]},
            "circle_pin": {**VALID["circle_pin"], "post_id": ids["post"]},
            "circle_hide": {**VALID["circle_hide"], "post_id": ids["post"]},
            "circle_unhide": {**VALID["circle_unhide"], "post_id": ids["hidden"]},
            "circle_cancel_meeting": {**VALID["circle_cancel_meeting"], "meeting_id": ids["circle_meeting"]}}


CALLERS = {"submit_intake": "newcomer", "learner_state": "e1", "confirm_session": "e1", "dispute_session": "e1",
           "submit_feedback": "e2", "set_meeting_link": "m1", "log_session": "m1", "propose_meeting": "m1",
           "answer_meeting": "e1", "answer_questions": "e1", "circle_page": "m1", "circle_post": "m1",
           "circle_reply": "m1", "set_reminders": "e1"}


@pytest.mark.parametrize("handler", sorted(PARSERS))
def test_handlers_answer_every_payload_cleanly_and_write_nothing_when_they_refuse(world, handler):
    client, student = world["client"], CALLERS.get(handler, "staff")
    outcomes = []

    @fuzz_settings(HANDLER_EXAMPLES)
    @given(st.one_of(payloads_for(world["valid"][handler], world["pool"]).map(lambda v: json.dumps(v).encode()),
                     RAW_BODIES))
    def check(body):
        with transaction.atomic():
            before = snapshot()
            status, answer = client.post(handler, None, student, raw=body)
            outcomes.append(status)
            if status == 200 and handler in DATA_HANDLERS:
                assert answer["version"] == 1 and isinstance(answer["stage"], str), answer
            elif status == 200 and handler in ACKNOWLEDGING_HANDLERS:
                assert answer == {"dismissed": json.loads(body)["change_id"]}, answer
            elif status == 200:
                assert isinstance(answer["html"], str) and isinstance(answer["message"], str)
            else:
                assert status in ERROR_STATUSES, answer
                assert isinstance(answer["error"], str) and answer["error"], answer
                assert status != 400 or answer.get("fields"), answer
                assert snapshot() == before
            transaction.set_rollback(True)  # the next payload meets the same world

    check()
    record("fuzzing, payloads per handler end to end", **{handler: len(outcomes)})
    record("fuzzing, answers", **{str(status): outcomes.count(status) for status in set(outcomes)})
    assert len(outcomes) >= HANDLER_EXAMPLES
