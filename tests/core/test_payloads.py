"""Validation of session logs, feedback, reasons and links (pure)."""
from datetime import date

import pytest

from reverse_mentoring_xblock.core import payloads
from reverse_mentoring_xblock.core.problems import ProblemList
from tests.factories import config, session_log

CONFIG = config()
TODAY = date(2026, 11, 25)


def refused(parse, *args, **kwargs):
    with pytest.raises(ProblemList) as raised:
        parse(*args, **kwargs)
    return {problem.field for problem in raised.value.problems}


def test_session_log_is_parsed_in_catalogue_order():
    log = payloads.parse_session_log(session_log("2026-11-20", items=["linkedin/connect", "linkedin/profile"]),
                                     CONFIG, today=TODAY)
    assert log.items == (("linkedin", "profile"), ("linkedin", "connect"))
    assert log.held_on == date(2026, 11, 20)


@pytest.mark.parametrize("changes, field", [
    ({"held_on": "20/11/2026"}, "held_on"),
    ({"held_on": "2026-02-30"}, "held_on"),
    ({"held_on": "2026-12-24"}, "held_on"),
    ({"minutes": 0}, "minutes"),
    ({"minutes": "60"}, "minutes"),
    ({"topics": []}, "topics"),
    ({"topics": ["fax"]}, "topics"),
    ({"items": ["online-safety/phishing"]}, "items"),
    ({"items": "linkedin/profile"}, "items"),
    ({"notes": "x" * 2001}, "notes"),
])
def test_bad_session_logs_name_their_field(changes, field):
    data = {**session_log("2026-11-20"), **changes}
    assert field in refused(payloads.parse_session_log, data, CONFIG, today=TODAY)


def test_feedback_needs_confidence_for_exactly_the_focus_topics():
    good = {"satisfaction": 4, "would_recommend": True, "confidence": {"linkedin": 3}, "comment": ""}
    assert payloads.parse_feedback(good, ["linkedin"]).confidence == {"linkedin": 3}
    assert "confidence" in refused(payloads.parse_feedback, {**good, "confidence": {}}, ["linkedin"])
    assert "satisfaction" in refused(payloads.parse_feedback, {**good, "satisfaction": 6}, ["linkedin"])
    assert "would_recommend" in refused(payloads.parse_feedback, {**good, "would_recommend": "yes"}, ["linkedin"])


def test_meeting_link_must_be_https():
    assert payloads.parse_meeting_link({"meeting_link": " https://meet.example.org/abc "}) == \
        "https://meet.example.org/abc"
    assert payloads.parse_meeting_link({"meeting_link": ""}) == ""
    for bad in ("javascript:alert(1)", "http://insecure.example", "https://", 42):
        assert refused(payloads.parse_meeting_link, {"meeting_link": bad}) == {"meeting_link"}


def test_ids_and_reasons():
    assert payloads.parse_ids({"session_id": 3}, ("session_id",)) == (3,)
    for bad in ({"session_id": "3"}, {"session_id": True}, {"session_id": 0}, {}, {"session_id": 3, "x": 1}):
        with pytest.raises(ProblemList):
            payloads.parse_ids(bad, ("session_id",))
    assert payloads.parse_reason({"reason": " Too short a meeting "}) == "Too short a meeting"
    assert refused(payloads.parse_reason, {"reason": "no"}) == {"reason"}
