"""Author settings validation and the default catalogue (pure)."""
from datetime import date

import pytest

from reverse_mentoring_xblock.core import program
from reverse_mentoring_xblock.core.problems import ProblemList
from tests.factories import DEFAULT_SETTINGS, config


def test_default_catalogue_is_rich_enough():
    built = config()
    assert len(built.topics) >= 8
    assert all(3 <= len(topic.items) <= 6 for topic in built.topics)
    assert len(built.experience_areas) >= 5
    assert built.grading.sessions == pytest.approx(0.6)
    assert built.grading.checklist == pytest.approx(0.3)
    assert built.grading.feedback == pytest.approx(0.1)


def test_session_plan_dates_follow_the_cadence():
    plan = config(sessions_planned=3, cadence_days=30).plan
    assert plan.target_dates(date(2026, 1, 1)) == [date(2026, 1, 8), date(2026, 2, 7), date(2026, 3, 9)]


@pytest.mark.parametrize("changes, field", [
    ({"sessions_planned": 0}, "sessions_planned"),
    ({"sessions_planned": "6"}, "sessions_planned"),
    ({"session_minutes": 1000}, "session_minutes"),
    ({"cadence_days": True}, "cadence_days"),
    ({"grading_weights": {"sessions": 0, "checklist": 0, "feedback": 0}}, "grading_weights"),
    ({"grading_weights": {"sessions": -1, "checklist": 30, "feedback": 10}}, "grading_weights"),
    ({"grading_weights": {"sessions": 60}}, "grading_weights"),
    ({"topics": []}, "topics"),
    ({"topics": [{"id": "Bad Id", "title": "x", "items": [{"id": "a", "title": "a"}]}]}, "topics"),
    ({"topics": [{"id": "a", "title": "A", "items": [{"id": "i", "title": "I"}]},
                 {"id": "a", "title": "B", "items": [{"id": "i", "title": "I"}]}]}, "topics"),
    ({"topics": [{"id": "a", "title": "A", "items": []}]}, "topics"),
    ({"topics": [{"id": "a", "title": "A", "items": [{"id": "i", "title": " "}]}]}, "topics"),
    ({"experience_areas": "leadership"}, "experience_areas"),
    ({"goal": 5}, "goal"),
    ({"goal_kind": "marketing"}, "goal_kind"),
    ({"goal_kind": None}, "goal_kind"),
    ({"session_agenda": "Get to know each other"}, "session_agenda"),
    ({"session_agenda": ["First", None]}, "session_agenda"),
    ({"session_agenda": ["First", "x" * 301]}, "session_agenda.1"),
    ({"sessions_planned": 2, "session_agenda": ["First", "", "Third"]}, "session_agenda"),
    ({"pairs_share_link": "yes"}, "pairs_share_link"),
    ({"pairs_share_contact": None}, "pairs_share_contact"),
    ({"intake_questions": [{"id": "q"}]}, "intake_questions.0"),
])
def test_invalid_settings_are_refused_with_the_field_named(changes, field):
    with pytest.raises(ProblemList) as raised:
        config(**changes)
    assert field in {problem.field for problem in raised.value.problems}


def test_every_problem_is_reported_at_once():
    with pytest.raises(ProblemList) as raised:
        config(sessions_planned=0, session_minutes=0, cadence_days=0)
    assert {p.field for p in raised.value.problems} == {"sessions_planned", "session_minutes", "cadence_days"}


def test_nested_item_problem_renders_through_gettext():
    with pytest.raises(ProblemList) as raised:
        config(topics=[{"id": "a", "title": "A", "items": [{"id": "i", "title": "I"}, {"id": "i", "title": "J"}]}])
    rendered = raised.value.problems[0].render(lambda text: "~" + text)
    assert rendered == "~Topic 'a': ~The id 'i' is used twice."


@pytest.mark.parametrize("kind", ["digital", "inclusion", "both", "custom"])
def test_what_the_program_is_for_is_in_its_configuration(kind):
    assert config(goal_kind=kind).goal_kind == kind
    assert config().goal_kind == "digital"


GROUP = {"id": "group", "text": "Which group do you feel part of?", "kind": "choice", "choices": ["A", "B"],
         "required": False, "shown_to": "staff"}
TOOL = {"id": "tool", "text": "Your favourite tool?", "kind": "text", "choices": [], "required": False,
        "shown_to": "partner"}


def test_the_question_for_self_described_groups_is_one_of_the_authors_choice_questions():
    assert config(intake_questions=[TOOL, GROUP], group_question="group").group_question == "group"
    assert config(intake_questions=[GROUP]).group_question == config().group_question == ""


@pytest.mark.parametrize(("changes", "named"), [
    ({"intake_questions": [TOOL, GROUP], "group_question": "tool"}, True),  # answered in words
    ({"intake_questions": [GROUP], "group_question": "gone"}, True),  # removed, or never asked
    ({"intake_questions": [], "group_question": "group"}, True),
    ({"intake_questions": [GROUP], "group_question": None}, True),
    ({"intake_questions": [{**GROUP, "choices": ["A"]}], "group_question": "group"}, False),  # named on the question
    ({"intake_questions": "group", "group_question": "group"}, False),  # the list itself is named
])
def test_a_wrong_group_question_is_named_once(changes, named):
    with pytest.raises(ProblemList) as raised:
        config(**changes)
    assert ("group_question" in {problem.field for problem in raised.value.problems}) is named


def test_the_agenda_has_a_text_per_planned_session():
    built = config(sessions_planned=4, session_agenda=["  Meet  ", "", "Video calls"])
    assert built.session_agenda == ("Meet", "", "Video calls", "")
    assert [built.agenda_of(number) for number in range(6)] == ["", "Meet", "", "Video calls", "", ""]
    assert config(sessions_planned=2, session_agenda=["First", "", "  "]).session_agenda == ("First", "")


def test_a_text_beyond_the_plan_is_a_problem_that_names_the_session_and_the_plan():
    with pytest.raises(ProblemList) as raised:
        config(sessions_planned=2, session_agenda=["First", "", "Third", "Fourth"])
    [problem] = raised.value.problems
    assert problem.render(str) == ("Session 3 has an agenda, but the plan stops at session 2: remove it, or plan "
                                   "more sessions.")


def test_a_wrong_number_of_sessions_is_named_once():
    with pytest.raises(ProblemList) as raised:
        config(sessions_planned=99, session_agenda=["First", "Second"])
    assert [problem.field for problem in raised.value.problems] == ["sessions_planned"]


def test_partners_share_a_link_and_how_to_reach_them_unless_the_author_says_otherwise():
    assert config().sharing == program.SharingPolicy(meeting_link=True, contact=True)
    sharing = config(pairs_share_link=False, pairs_share_contact=False).sharing
    assert (sharing.meeting_link, sharing.contact) == (False, False)


def test_translated_agenda_is_the_first_session_in_the_viewers_language():
    assert program.translated_agenda(lambda text: "<" + text + ">") == [
        "<Getting to know you: roles, what each can teach, what each wants to learn, how you will meet>"]


def test_translated_defaults_keep_ids_and_translate_titles():
    topics, areas = program.translated_defaults(lambda text: "<" + text + ">")
    assert [t["id"] for t in topics] == [t["id"] for t in program.DEFAULT_TOPICS]
    assert topics[0]["title"].startswith("<") and topics[0]["items"][0]["title"].startswith("<")
    assert areas[0]["title"].startswith("<")


def test_checklist_keys_follow_catalogue_order_and_skip_unknown_topics():
    built = config()
    keys = built.checklist_keys(["ai-assistants", "linkedin", "gone"])
    assert keys[0] == ("linkedin", "profile")
    assert all(topic in {"linkedin", "ai-assistants"} for topic, _item in keys)
    assert DEFAULT_SETTINGS["sessions_planned"] == built.plan.count
