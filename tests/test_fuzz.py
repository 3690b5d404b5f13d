"""Every JSON handler fuzzed: its parser alone, then the whole handler with every table compared.

Parsers either return a value or raise ``ProblemList`` naming each field that is wrong, with a message
that renders. Handlers answer every payload (wrong types, huge and unicode strings, deep nesting,
missing and extra fields, ids of another program, bytes that are not JSON) with 200 or a JSON error
naming the problem (400 with the fields, 403, 404, 409, 413), never a 500, and write nothing when
they refuse. ``RM_FUZZ_PROFILE=ci`` runs 10,000 payloads per parser and 1,000 per handler.
"""
import json
from datetime import date

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock import payloads
from reverse_mentoring_xblock.intake import parse_intake
from reverse_mentoring_xblock.models import MatchRun, Pair, Participant
from reverse_mentoring_xblock.problems import ProblemList

from factories import config, intake, session_log
from figures import record
from fuzzing import HANDLER_EXAMPLES, JSON, PARSER_EXAMPLES, TEXT, fuzz_settings, payloads as payloads_for
from test_access import snapshot

TODAY = date.today()
CONFIG = config()
FOCUS = ("linkedin", "ai-assistants")
VALID = {
    "submit_intake": intake("mentee"),
    "set_meeting_link": {"meeting_link": "https://meet.example.org/x"},
    "log_session": {**session_log(TODAY.isoformat()), "session_id": 1},
    "confirm_session": {"session_id": 1},
    "dispute_session": {"session_id": 1, "reason": "Not what happened."},
    "submit_feedback": {"satisfaction": 4, "would_recommend": True, "confidence": {t: 3 for t in FOCUS},
                        "comment": "Fine."},
    "pair_participants": {"mentor_id": 1, "mentee_id": 2},
    "end_pair": {"pair_id": 1, "reason": "Testing."},
    "start_matching": {},
    "matching_status": {},
    "adjust_matching": {"run_id": 1, "action": "swap", "mentor_id": 1, "mentee_id": 2, "pairs": ["1:2", "3:4"]},
    "accept_matches": {"run_id": 1, "pairs": ["1:2"]},
}
PARSERS = {  # what each handler runs on its payload before the domain layer sees anything
    "submit_intake": lambda data: parse_intake(data, CONFIG),
    "set_meeting_link": payloads.parse_meeting_link,
    "log_session": lambda data: payloads.parse_log_or_correction(data, CONFIG, today=TODAY),
    "confirm_session": lambda data: payloads.parse_ids(data, ("session_id",)),
    "dispute_session": payloads.parse_dispute,
    "submit_feedback": lambda data: payloads.parse_feedback(data, FOCUS),
    "pair_participants": lambda data: payloads.parse_ids(data, ("mentor_id", "mentee_id")),
    "end_pair": payloads.parse_pair_ending,
    "start_matching": lambda data: payloads.parse_ids(data, ()),
    "matching_status": lambda data: payloads.parse_ids(data, ()),
    "adjust_matching": payloads.parse_adjustment,
    "accept_matches": payloads.parse_acceptance,
}
ERROR_STATUSES = {400, 403, 404, 409, 413}
RAW_BODIES = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda depth: ("[" * depth + "]" * depth).encode(), st.integers(min_value=1, max_value=200_000)),
    st.builds(lambda depth: ('{"a":' * depth + "1" + "}" * depth).encode(), st.integers(min_value=1, max_value=50_000)),
    st.just(b'{"meeting_link": "' + b"x" * 2_100_000 + b'"}'),
    st.just("9" * 5000).map(str.encode),
)


def assert_names_its_problems(error):
    assert error.problems
    for problem in error.problems:
        assert isinstance(problem.field, str) and problem.field
        assert problem.render(lambda text: text)  # every parameter the message names is there


@pytest.fixture(autouse=True)
def _db_everywhere():
    """Parser fuzzing is pure; the handler tests below ask for the database themselves."""


@pytest.mark.parametrize("handler", sorted(PARSERS))
def test_parsers_name_the_problem_or_return_a_value(handler):
    parse, examples = PARSERS[handler], []

    @fuzz_settings(PARSER_EXAMPLES)
    @given(payloads_for(VALID[handler], {1, 2, 3}))
    def check(data):
        examples.append(1)
        try:
            parse(data)
        except ProblemList as error:
            assert_names_its_problems(error)

    check()
    record("fuzzing, payloads per parser", **{handler: len(examples)})
    assert len(examples) >= PARSER_EXAMPLES


def test_the_envelope_refuses_what_is_not_a_sane_json_document():
    examples = []

    @fuzz_settings(PARSER_EXAMPLES)
    @given(st.one_of(RAW_BODIES, JSON.map(lambda value: json.dumps(value).encode()),
                     st.fixed_dictionaries({"request_id": st.one_of(TEXT, JSON)}).map(lambda v: json.dumps(v).encode())))
    def check(body):
        examples.append(1)
        try:
            data, request_id = payloads.take_request_id(payloads.parse_body(body))
        except ProblemList as error:
            assert_names_its_problems(error)
        else:
            assert request_id == "" or payloads.REQUEST_ID.fullmatch(request_id)
            assert "request_id" not in data if isinstance(data, dict) else True

    check()
    record("fuzzing, payloads per parser", envelope=len(examples))
    assert len(examples) >= PARSER_EXAMPLES


@pytest.fixture
def world(db, block_client, other_usage_id):  # pylint: disable=unused-argument
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
        Pair.objects.filter(mentor_id=ids["m2"]).update(status="completed", active_mentor=None, active_mentee=None)
        assert client.post("start_matching", {}, "staff")[0] == 200
        pool |= set(ids.values()) | set(Pair.objects.values_list("pk", flat=True))
        pool |= {pk for pair in Pair.objects.all() for pk in pair.sessions.values_list("pk", flat=True)}
        here = {**ids, "pair": Pair.objects.get(mentor_id=ids["m1"]).pk, "run": MatchRun.objects.latest("pk").pk,
                "session": Pair.objects.get(mentor_id=ids["m1"]).sessions.get().pk}
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
            "accept_matches": {"run_id": ids["run"], "pairs": [f"{ids['m3']}:{ids['e3']}"]}}


CALLERS = {"submit_intake": "newcomer", "confirm_session": "e1", "dispute_session": "e1", "submit_feedback": "e2",
           "set_meeting_link": "m1", "log_session": "m1"}


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
            if status == 200:
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
