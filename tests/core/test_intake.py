"""Intake questionnaire validation (pure)."""
import pytest

from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.problems import ProblemList
from tests.factories import config, intake

CONFIG = config()


def fields_refused(answers):
    with pytest.raises(ProblemList) as raised:
        parse_intake(answers, CONFIG)
    return {problem.field for problem in raised.value.problems}


def test_valid_answers_are_normalised_to_catalogue_order():
    parsed = parse_intake(intake(learn_topics=["ai-assistants", "linkedin"], public_name="  Paul\tDurand "), CONFIG)
    assert parsed.learn_topics == ("linkedin", "ai-assistants")
    assert parsed.public_name == "Paul Durand"
    assert parsed.to_json()["learn_topics"] == ["linkedin", "ai-assistants"]


@pytest.mark.parametrize("changes, field", [
    ({"role": "boss"}, "role"),
    ({"public_name": ""}, "public_name"),
    ({"public_name": "x" * 81}, "public_name"),
    ({"ratings": {"linkedin": 5}}, "ratings"),
    ({"ratings": "4"}, "ratings"),
    ({"learn_topics": []}, "learn_topics"),
    ({"learn_topics": ["linkedin", "linkedin"]}, "learn_topics"),
    ({"learn_topics": ["tiktok"]}, "learn_topics"),
    ({"share_experience": []}, "share_experience"),
    ({"goals": "x" * 1001}, "goals"),
    ({"goals": 12}, "goals"),
    ({"availability": []}, "availability"),
    ({"availability": ["mon-night"]}, "availability"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"meeting": "carrier pigeon"}, "meeting"),
    ({"surprise": 1}, "form"),
])
def test_bad_answers_name_their_field(changes, field):
    assert field in fields_refused(intake(**changes))


def test_mentor_must_offer_a_topic_but_need_not_learn_one():
    assert "teach_topics" in fields_refused(intake(role="mentor", teach_topics=[]))
    assert parse_intake(intake(role="mentor"), CONFIG).learn_topics == ()


def test_ratings_for_topics_not_in_the_program_are_refused():
    answers = intake()
    answers["ratings"] = {**answers["ratings"], "fax-machines": 3}
    assert "ratings" in fields_refused(answers)


def test_not_an_object():
    assert fields_refused(["role", "mentee"]) == {"form"}


AREA_IDS = CONFIG.area_ids


@pytest.mark.parametrize("role, area_ratings, stored", [
    ("mentor", {**dict.fromkeys(AREA_IDS, 1), "leadership": 3}, {**dict.fromkeys(AREA_IDS, 1), "leadership": 3}),
    ("mentee", {}, {}),  # mentees need not rate the areas they share
    ("mentee", dict.fromkeys(AREA_IDS), {}),  # the form's selects left blank
    ("mentee", dict.fromkeys(AREA_IDS, 2), dict.fromkeys(AREA_IDS, 2)),
])
def test_mentors_rate_every_area_of_experience_before_they_learn_it(role, area_ratings, stored):
    assert parse_intake(intake(role, area_ratings=area_ratings), CONFIG).to_json()["area_ratings"] == stored


@pytest.mark.parametrize("role, area_ratings", [
    ("mentor", {}),
    ("mentor", dict.fromkeys(AREA_IDS)),
    ("mentor", {**dict.fromkeys(AREA_IDS, 1), "leadership": 5}),
    ("mentor", {**dict.fromkeys(AREA_IDS, 1), "leadership": True}),
    ("mentor", {**dict.fromkeys(AREA_IDS, 1), "juggling": 2}),
    ("mentee", {**dict.fromkeys(AREA_IDS), "leadership": 2}),  # half answered
    ("mentee", "all of them"),
])
def test_area_ratings_that_do_not_cover_every_area_from_0_to_4_are_refused(role, area_ratings):
    assert fields_refused(intake(role, area_ratings=area_ratings)) == {"area_ratings"}


QUESTION = {"id": "tools", "text": "Which tools?", "kind": "text", "choices": [], "required": True,
            "shown_to": "staff"}


def test_the_authors_questions_are_answered_in_the_intake():
    asking = config(intake_questions=[QUESTION])
    assert parse_intake(intake(questions={"tools": " Chat "}), asking).to_json()["questions"] == {"tools": "Chat"}
    with pytest.raises(ProblemList) as raised:
        parse_intake(intake(), asking)
    assert [problem.field for problem in raised.value.problems] == ["questions.tools"]
    assert parse_intake(intake(), CONFIG).questions == {}


def test_the_contact_is_asked_only_where_partners_see_it():
    assert parse_intake(intake(contact=" ana@example.org "), CONFIG).contact == "ana@example.org"
    assert fields_refused(intake(contact="x" * 201)) == {"contact"}
    private = config(pairs_share_contact=False)
    assert parse_intake(intake(contact="ana@example.org"), private).contact == ""
    assert parse_intake(intake(contact="x" * 201), private).contact == ""
