"""The editor's payload: new entries get ids from their titles, given ids stay, problems name their place (pure)."""
import pytest

from reverse_mentoring_xblock.core import program, program_form, program_templates
from reverse_mentoring_xblock.core.problems import ProblemList


def valid_form(**changes):
    settings = program_templates.translated_settings(program_templates.DIGITAL_TRANSFORMATION, str)
    return {**settings, "weight": 1.0, **changes}


@pytest.mark.parametrize("title, taken, expected", [
    ("Team wikis", set(), "team-wikis"),
    ("  Réseaux sociaux & Co. ", set(), "reseaux-sociaux-co"),
    ("LinkedIn", {"linkedin"}, "linkedin-2"),
    ("LinkedIn", {"linkedin", "linkedin-2"}, "linkedin-3"),
    ("日本語", set(), "topic"),
    ("x" * 200, set(), "x" * program_form.SLUG_LENGTH),
])
def test_a_new_id_is_a_unique_slug_of_the_title(title, taken, expected):
    made = program_form.slug(title, taken, "topic")
    assert made == expected and made in taken
    assert program.SLUG_PATTERN.match(made)


def test_new_entries_get_ids_and_given_ids_stay_whatever_the_title():
    topics = [{"id": "linkedin", "title": "Team wikis", "items": [{"id": "", "title": "Start a page"}]},
              {"id": "", "title": "Team: wikis", "items": [{"id": "", "title": "Start a page"},
                                                           {"id": "", "title": "Start a page!"}]}]
    settings = program_form.parse_program_form(valid_form(topics=topics))
    assert [t["id"] for t in settings["topics"]] == ["linkedin", "team-wikis"]
    assert [i["id"] for i in settings["topics"][1]["items"]] == ["start-a-page", "start-a-page-2"]


def test_two_entries_of_a_list_may_not_share_a_title_that_learners_could_not_tell_apart():
    topics = [{"id": "", "title": "Team wikis", "items": [{"id": "", "title": "Start a page"},
                                                          {"id": "", "title": "start a PAGE "}]},
              {"id": "", "title": "team wikis", "items": [{"id": "", "title": "Start a page"}]}]
    areas = [{"id": "", "title": "Leadership"}, {"id": "", "title": "Leadership"}]
    with pytest.raises(ProblemList) as raised:
        program_form.parse_program_form(valid_form(topics=topics, experience_areas=areas))
    assert [p.field for p in raised.value.problems] == [
        "topics.0.items.1.title", "topics.1.title", "experience_areas.1.title"]  # an item may repeat in another topic


def test_a_fault_in_a_list_is_named_once_on_its_place():
    topics = valid_form()["topics"]
    topics[2]["items"][1]["title"] = " "
    with pytest.raises(ProblemList) as raised:
        program_form.parse_program_form(valid_form(topics=topics, program_goal=7))
    assert [p.field for p in raised.value.problems] == ["topics.2.items.1.title", "program_goal"]


def question(**changes):
    return {"id": "", "text": "How big is your team?", "kind": "choice", "choices": [" 1-5 ", "6-20"],
            "required": False, "shown_to": "staff", **changes}


def test_a_new_question_gets_an_id_from_its_text_and_a_given_id_stays_when_the_text_changes():
    questions = [question(), question(), question(id="tools", text="  Anything else? ", kind="text", choices=[])]
    settings = program_form.parse_program_form(valid_form(intake_questions=questions))
    assert [q["id"] for q in settings["intake_questions"]] == ["how-big-is-your-team", "how-big-is-your-team-2",
                                                               "tools"]
    assert settings["intake_questions"][0]["choices"] == ["1-5", "6-20"]
    assert settings["intake_questions"][2]["text"] == "Anything else?"
    assert program_form.parse_program_form(valid_form(intake_questions=[question(text="日本語?")]))[
        "intake_questions"][0]["id"] == "question"


def test_a_questions_problem_is_named_on_its_field():
    with pytest.raises(ProblemList) as raised:
        program_form.parse_program_form(valid_form(intake_questions=[question(), question(choices=["1-5"])]))
    assert [p.field for p in raised.value.problems] == ["intake_questions.1.choices"]


def test_the_agenda_keeps_a_text_per_planned_session_without_the_blank_ones_at_the_end():
    settings = program_form.parse_program_form(valid_form(sessions_planned=4, session_agenda=[" Meet ", "", "x", " "]))
    assert settings["session_agenda"] == ["Meet", "", "x"]
    assert program_form.parse_program_form(valid_form(session_agenda=["", ""]))["session_agenda"] == []


@pytest.mark.parametrize("changes, field", [
    ({"sessions_planned": 2, "session_agenda": ["a", "b", "c"]}, "session_agenda"),
    ({"session_agenda": ["a", "x" * 301]}, "session_agenda.1"),
    ({"session_agenda": "a"}, "session_agenda"),
    ({"goal_kind": "growth"}, "goal_kind"),
    ({"pairs_share_link": "no"}, "pairs_share_link"),
    ({"pairs_share_contact": 0}, "pairs_share_contact"),
    ({"intake_questions": "none"}, "intake_questions"),
])
def test_the_new_settings_name_their_field(changes, field):
    with pytest.raises(ProblemList) as raised:
        program_form.parse_program_form(valid_form(**changes))
    assert [p.field for p in raised.value.problems] == [field]
