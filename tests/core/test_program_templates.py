"""Program templates: each is a whole, valid program whose matching leans on what it is for (pure)."""
import pytest

from reverse_mentoring_xblock.core import program_form, program_templates
from reverse_mentoring_xblock.core.program_templates import (
    DIGITAL_TRANSFORMATION,
    DIVERSITY_AND_INCLUSION,
    TEMPLATES,
    YEAR_WITH_MENTOR_CIRCLE,
)

TEMPLATE_IDS = [template.id for template in TEMPLATES]


def marked(text):
    return "~" + text


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
def test_every_template_is_a_whole_valid_program(template):
    settings = program_templates.translated_settings(template, marked)
    assert set(settings) == set(program_form.SETTINGS) - {"weight"}  # the course's grading keeps its weight
    config = program_form.config_of(settings)
    assert config.topics and config.experience_areas
    assert program_form.parse_program_form({**settings, "weight": 1.0})["topics"] == settings["topics"]


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
def test_titles_and_texts_are_translated_and_the_template_stays_as_it_was(template):
    before = repr(template.settings)
    settings = program_templates.translated_settings(template, marked)
    titles = [t["title"] for t in settings["topics"]] + [a["title"] for a in settings["experience_areas"]]
    titles += [i["title"] for t in settings["topics"] for i in t["items"]]
    assert all(title.startswith("~") for title in titles)
    assert settings["display_name"].startswith("~") and settings["program_goal"].startswith("~")
    settings["topics"][0]["items"].clear()
    settings["grading_weights"]["sessions"] = 0
    assert repr(template.settings) == before


def test_the_digital_program_runs_six_monthly_hours_and_leans_on_the_digital_part():
    settings = DIGITAL_TRANSFORMATION.settings
    plan = program_form.config_of(program_templates.translated_settings(DIGITAL_TRANSFORMATION, str)).plan
    assert (plan.count, plan.minutes, plan.cadence_days) == (6, 60, 30)
    assert settings["topics"][0]["id"] == "getting-to-know-you"  # the first session
    weights = settings["match_weights"]
    assert max(weights, key=weights.get) == "digital" and weights["digital"] > 2 * weights["reverse"]


def test_the_year_long_program_meets_monthly_twelve_times():
    plan = program_form.config_of(program_templates.translated_settings(YEAR_WITH_MENTOR_CIRCLE, str)).plan
    assert (plan.count, plan.cadence_days) == (12, 30)
    assert "circle" in YEAR_WITH_MENTOR_CIRCLE.settings["program_goal"]


def test_diversity_and_inclusion_leans_on_shared_experience():
    weights = DIVERSITY_AND_INCLUSION.settings["match_weights"]
    assert max(weights, key=weights.get) == "reverse" and weights["reverse"] > 2 * weights["digital"]
    areas = {area["id"] for area in DIVERSITY_AND_INCLUSION.settings["experience_areas"]}
    assert areas.isdisjoint(area["id"] for area in DIGITAL_TRANSFORMATION.settings["experience_areas"])


def test_templates_have_distinct_ids():
    assert len(set(TEMPLATE_IDS)) == len(TEMPLATES)


def test_each_template_says_what_it_is_for():
    assert [template.settings["goal_kind"] for template in TEMPLATES] == ["digital", "both", "inclusion"]


def test_the_digital_program_suggests_an_agenda_for_each_of_its_six_sessions():
    config = program_form.config_of(program_templates.translated_settings(DIGITAL_TRANSFORMATION, str))
    assert len(config.session_agenda) == 6 and all(config.session_agenda)
    assert config.session_agenda[0].startswith("Getting to know each other")


def test_the_mentor_circle_asks_mentors_whether_they_join_it_and_only_staff_read_the_answer():
    [question] = program_form.config_of(
        program_templates.translated_settings(YEAR_WITH_MENTOR_CIRCLE, str)).intake_questions
    assert (question.kind, question.required, question.shown_to_partner, question.shown_to_staff) == (
        "choice", False, False, True)
    translated = program_templates.translated_settings(YEAR_WITH_MENTOR_CIRCLE, marked)["intake_questions"][0]
    assert translated["text"].startswith("~") and all(choice.startswith("~") for choice in translated["choices"])
    assert translated["id"] == "mentor-circle"
