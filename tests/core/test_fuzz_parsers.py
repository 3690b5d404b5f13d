"""Every handler's parser fuzzed alone: it returns a value or names each field that is wrong.

With messages that render. ``RM_FUZZ_PROFILE=ci`` runs 10,000 payloads per parser (tests/fuzzing.py).
"""
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock.core import payloads
from reverse_mentoring_xblock.core.problems import ProblemList
from tests.figures import record
from tests.fuzz_targets import PARSERS, RAW_BODIES, VALID, assert_names_its_problems
from tests.fuzzing import JSON, PARSER_EXAMPLES, TEXT, fuzz_settings
from tests.fuzzing import payloads as payloads_for


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
                     st.fixed_dictionaries({"request_id": st.one_of(TEXT, JSON)}).map(
                         lambda value: json.dumps(value).encode())))
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
