"""The mentor circle's payloads: text cleaned and bounded, pages, moderation, meetings on the scheduler's clock."""
from datetime import UTC, datetime

import pytest

from reverse_mentoring_xblock.core import circle
from reverse_mentoring_xblock.core.problems import ProblemList

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
MEETING = {"date": "2026-03-30", "time": "09:30", "minutes": 45, "timezone": "Europe/Paris",
           "meeting_link": "https://meet.example.org/circle"}


def fields(parse, data):
    with pytest.raises(ProblemList) as error:
        parse(data)
    return {problem.field for problem in error.value.problems}


def test_a_post_is_cleaned_and_kept_within_its_limit():
    assert circle.parse_post({"body": "  Try\u202e captions\r\nin calls \u200b "}) == "Try captions\nin calls"
    assert circle.parse_post({"body": "x" * 2000}) == "x" * 2000
    for body in ("", "  \u200b ", "x" * 2001, None, 3, ["a"]):
        assert fields(circle.parse_post, {"body": body}) == {"body"}
    assert fields(circle.parse_post, {"body": "Hi", "title": "No"}) == {"form"}


def test_a_reply_names_every_wrong_field_at_once():
    assert circle.parse_reply({"post_id": 4, "body": "Yes.", "page": 2}) == (4, "Yes.", 2)
    assert circle.parse_reply({"post_id": 4, "body": "Yes."}) == (4, "Yes.", 1)
    assert fields(circle.parse_reply, {"post_id": "4", "body": "", "page": 0}) == {"post_id", "body", "page"}


@pytest.mark.parametrize("page", [0, -1, True, "2", 1.5, 100_001])
def test_a_page_is_a_whole_number_from_one(page):
    assert fields(circle.parse_page, {"page": page}) == {"page"}


def test_moderation_payloads():
    assert circle.parse_pin({"post_id": 3, "pinned": False}) == (3, False, 1)
    assert fields(circle.parse_pin, {"post_id": 3, "pinned": "true"}) == {"pinned"}
    assert circle.parse_hiding({"post_id": 3, "reason": " Off topic. ", "page": 2}) == (3, "Off topic.", 2)
    assert fields(circle.parse_hiding, {"post_id": 0, "reason": "x"}) == {"post_id", "reason"}
    assert circle.parse_post_id({"post_id": 3}) == (3, 1)
    assert circle.parse_meeting_id({"meeting_id": 8, "page": 3}) == (8, 3)


def test_a_meeting_is_read_on_the_schedulers_clock_and_stored_in_utc():
    plan, page = circle.parse_circle_meeting(MEETING, NOW)
    assert plan.time.starts_at == datetime(2026, 3, 30, 7, 30, tzinfo=UTC)  # summer time in Paris from 29 March
    assert (plan.time.minutes, plan.link, page) == (45, "https://meet.example.org/circle", 1)


@pytest.mark.parametrize("change, wrong", [
    ({"meeting_link": "http://meet.example.org"}, {"meeting_link"}),
    ({"meeting_link": ""}, {"meeting_link"}),
    ({"timezone": "Europe/Atlantis"}, {"timezone"}),
    ({"date": "2026-03-29", "time": "02:30"}, {"time"}),  # the hour the clocks skip in Paris
    ({"date": "2026-03-19"}, {"date"}),
    ({"minutes": 0, "meeting_link": "javascript:alert(1)"}, {"minutes", "meeting_link"}),
])
def test_a_meeting_refuses_what_would_go_wrong(change, wrong):
    assert fields(lambda data: circle.parse_circle_meeting(data, NOW), {**MEETING, **change}) == wrong
