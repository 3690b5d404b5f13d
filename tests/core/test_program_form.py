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
              {"id": "", "title": "Team wikis", "items": [{"id": "", "title": "Start a page"},
                                                          {"id": "", "title": "Start a page"}]}]
    settings = program_form.parse_program_form(valid_form(topics=topics))
    assert [t["id"] for t in settings["topics"]] == ["linkedin", "team-wikis"]
    assert [i["id"] for i in settings["topics"][1]["items"]] == ["start-a-page", "start-a-page-2"]


def test_a_fault_in_a_list_is_named_once_on_its_place():
    topics = valid_form()["topics"]
    topics[2]["items"][1]["title"] = " "
    with pytest.raises(ProblemList) as raised:
        program_form.parse_program_form(valid_form(topics=topics, program_goal=7))
    assert [p.field for p in raised.value.problems] == ["topics.2.items.1.title", "program_goal"]
