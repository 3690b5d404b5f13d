"""The Studio editor: its view, and a save that checks everything, names each wrong field and saves all or nothing."""
import copy
import html
import json
import re

import pytest
from opaque_keys.edx.keys import UsageKey
from webob import Request
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock.core import program_form, program_templates
from reverse_mentoring_xblock.core.program_templates import DIVERSITY_AND_INCLUSION, TEMPLATES
from reverse_mentoring_xblock.core.vocabulary import DEFAULT_MATCH_WEIGHTS
from tests.factories import intake
from tests.tables import snapshot

EDITOR_URL = "/scenario/reverse_mentoring.0/studio_view/?student=staff"
STATE = re.compile(r'<script type="application/json">(.*?)</script>', re.S)


QUESTION = {"id": "", "text": "How big is your team?", "kind": "choice", "choices": ["1-5", "6-20"],
            "required": True, "shown_to": "staff"}


def form(**changes):
    """What the editor sends for the diversity and inclusion template, with a question and ``changes``."""
    settings = program_templates.translated_settings(DIVERSITY_AND_INCLUSION, str)
    return {**settings, "weight": 2.0, "intake_questions": [dict(QUESTION, id="team-size")],
            **copy.deepcopy(changes)}


def saved_settings(usage_id):
    """The block's settings as stored, read through a fresh runtime."""
    block = WorkbenchRuntime("staff").get_block(usage_id)
    return {name: getattr(block, name) for name in program_form.SETTINGS}


def editor_state(page):
    """The state the editor's script draws its lists from."""
    return json.loads(STATE.search(page).group(1))


def test_the_editor_shows_the_program_and_the_templates(client):
    page = client.get(EDITOR_URL).content.decode()
    assert "ReverseMentoringProgramEditor" in page and 'name="grading_weights.sessions"' in page
    state = editor_state(page)
    assert [topic["id"] for topic in state["topics"]][:2] == ["linkedin", "social-media"]
    assert set(state["templates"]) == {template.id for template in TEMPLATES}
    for template in TEMPLATES:
        assert template.title in page
        assert state["templates"][template.id] == program_templates.translated_settings(template, str)


def test_a_valid_program_is_saved_whole_and_drawn_again(block_client, usage_id):
    status, answer = block_client.post("save_program", form(), "staff")
    assert status == 200, answer
    assert answer["message"] == "The program is saved." and "rm-editor-body" in answer["html"]
    stored = saved_settings(usage_id)
    assert stored == {**form(), "weight": 2.0}
    assert editor_state(answer["html"])["topics"] == stored["topics"]


def test_a_saved_zero_is_shown_as_zero(block_client, client):
    zeros = form(auto_match_min=0, min_days_between_sessions=0, stall_grace_days=0, reminder_days=0,
                 match_weights={**DEFAULT_MATCH_WEIGHTS, "meeting": 0})
    assert block_client.post("save_program", zeros, "staff")[0] == 200
    page = client.get(EDITOR_URL).content.decode()
    for name in ("auto_match_min", "min_days_between_sessions", "stall_grace_days", "reminder_days",
                 "match_weights.meeting"):
        assert re.search(rf'name="{re.escape(name)}"[^>]* value="0"', page), name


def test_a_template_filled_in_and_saved_is_the_program_learners_see(block_client, usage_id):
    assert block_client.post("save_program", form(), "staff")[0] == 200
    page = block_client.view("newcomer")
    for topic in DIVERSITY_AND_INCLUSION.settings["topics"]:
        assert html.escape(topic["title"], quote=False) in page
    assert "LinkedIn and your professional profile" not in page


CASES = [  # (changes to a valid form, the field path the answer names)
    ({"display_name": " "}, "display_name"),
    ({"display_name": "x" * 121}, "display_name"),
    ({"program_goal": 5}, "program_goal"),
    ({"program_goal": "x" * 2001}, "program_goal"),
    ({"topics": []}, "topics"),
    ({"topics": "linkedin"}, "topics"),
    ({"topics": form()["topics"] * 7}, "topics"),
    ({"topics.1.title": ""}, "topics.1.title"),
    ({"topics.0.items": []}, "topics.0.items"),
    ({"topics.0.items.2.title": "x" * 121}, "topics.0.items.2.title"),
    ({"topics.0.id": "Not A Slug"}, "topics.0.id"),
    ({"topics.1.id": "inclusive-meetings"}, "topics.1.id"),
    ({"topics.0.items.1.id": "captions"}, "topics.0.items.1.id"),
    ({"topics.2": "a topic"}, "topics.2"),
    ({"topics.2.colour": "red"}, "topics.2"),
    ({"experience_areas": []}, "experience_areas"),
    ({"experience_areas.3.title": None}, "experience_areas.3.title"),
    ({"sessions_planned": 0}, "sessions_planned"),
    ({"session_minutes": 241}, "session_minutes"),
    ({"cadence_days": "30"}, "cadence_days"),
    ({"min_days_between_sessions": -1}, "min_days_between_sessions"),
    ({"stall_grace_days": 91}, "stall_grace_days"),
    ({"reminder_days": 15}, "reminder_days"),
    ({"reminder_days": -1}, "reminder_days"),
    ({"grading_weights.checklist": -1}, "grading_weights.checklist"),
    ({"grading_weights.feedback": True}, "grading_weights.feedback"),
    ({"grading_weights": {"sessions": 0, "checklist": 0, "feedback": 0}}, "grading_weights"),
    ({"grading_weights": {"sessions": 60}}, "grading_weights"),
    ({"weight": -1}, "weight"),
    ({"weight": "1"}, "weight"),
    ({"match_weights.time_zone": 101}, "match_weights.time_zone"),
    ({"match_weights": dict.fromkeys(DEFAULT_MATCH_WEIGHTS, 0)}, "match_weights"),
    ({"match_weights": {"digital": 50}}, "match_weights"),
    ({"mentor_capacity": 4}, "mentor_capacity"),
    ({"auto_match_min": -1}, "auto_match_min"),
    ({"separate_teams": "yes"}, "separate_teams"),
    ({"require_mentor_advantage": 1}, "require_mentor_advantage"),
    ({"staff_see_notes": None}, "staff_see_notes"),
    ({"pairs_see_end_reason": "no"}, "pairs_see_end_reason"),
    ({"pairs_share_link": "no"}, "pairs_share_link"),
    ({"pairs_share_contact": None}, "pairs_share_contact"),
    ({"goal_kind": "growth"}, "goal_kind"),
    ({"goal_kind": None}, "goal_kind"),  # no choice made
    ({"session_agenda": ["Meet", "", "", "", "", "", "Too late"]}, "session_agenda"),
    ({"session_agenda.0": "x" * 301}, "session_agenda.0"),
    ({"session_agenda": None}, "session_agenda"),
    ({"intake_questions": {"id": "q"}}, "intake_questions"),
    ({"intake_questions": [QUESTION] * 11}, "intake_questions"),
    ({"intake_questions.0": "a question"}, "intake_questions.0"),
    ({"intake_questions.0.id": "Not A Slug"}, "intake_questions.0.id"),
    ({"intake_questions.0.text": " "}, "intake_questions.0.text"),
    ({"intake_questions.0.kind": "essay"}, "intake_questions.0.kind"),
    ({"intake_questions.0.choices": ["1-5"]}, "intake_questions.0.choices"),
    ({"intake_questions.0.required": "yes"}, "intake_questions.0.required"),
    ({"intake_questions.0.shown_to": "everyone"}, "intake_questions.0.shown_to"),
    ({"group_question": "gone"}, "group_question"),  # no such question
    ({"group_question": 5}, "group_question"),
    ({"group_question": "team-size", "intake_questions.0.kind": "text", "intake_questions.0.choices": []},
     "group_question"),  # answered in words
    ({"extra": True}, "form"),
]


def changed(changes):
    data = form()
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return data


@pytest.mark.parametrize("changes, path", CASES, ids=[path + ":" + str(i) for i, (_c, path) in enumerate(CASES)])
def test_every_rule_names_the_field_that_is_wrong_and_nothing_is_saved(block_client, usage_id, changes, path):
    before = saved_settings(usage_id)
    status, answer = block_client.post("save_program", changed({"display_name": "Changed", **changes}), "staff")
    assert status == 400, answer
    assert list(answer["fields"]) == [path] and answer["fields"][path]
    assert saved_settings(usage_id) == before


@pytest.mark.parametrize("setting", program_form.SETTINGS)
def test_a_missing_setting_is_named(block_client, setting):
    data = form()
    del data[setting]
    status, answer = block_client.post("save_program", data, "staff")
    assert status == 400 and list(answer["fields"]) == [setting]


def test_every_problem_is_named_at_once_and_none_is_saved(block_client, usage_id):
    before = saved_settings(usage_id)
    data = changed({"display_name": "", "topics.0.items.0.title": "", "experience_areas.1.id": "Bad",
                    "sessions_planned": 99, "grading_weights.sessions": 101, "match_weights.digital": -5,
                    "staff_see_notes": "on"})
    status, answer = block_client.post("save_program", data, "staff")
    assert status == 400
    assert set(answer["fields"]) == {"display_name", "topics.0.items.0.title", "experience_areas.1.id",
                                     "sessions_planned", "grading_weights.sessions", "match_weights.digital",
                                     "staff_see_notes"}
    assert saved_settings(usage_id) == before


def test_ids_are_made_from_titles_and_kept_when_renamed(block_client, usage_id):
    data = form()
    data["topics"].append({"id": "", "title": "Team wikis", "items": [{"id": "", "title": "Start a page"},
                                                                      {"id": "", "title": "Link two pages"}]})
    assert block_client.post("save_program", data, "staff")[0] == 200
    added = saved_settings(usage_id)["topics"][-1]
    assert added == {"id": "team-wikis", "title": "Team wikis", "items": [
        {"id": "start-a-page", "title": "Start a page"}, {"id": "link-two-pages", "title": "Link two pages"}]}
    renamed = copy.deepcopy(saved_settings(usage_id))
    renamed["topics"][-1]["title"] = "Shared wikis"
    renamed["topics"][-1]["items"][0]["title"] = "Create a page"
    renamed["topics"].append({"id": "", "title": "Team wikis", "items": [{"id": "", "title": "Read"}]})
    assert block_client.post("save_program", renamed, "staff")[0] == 200
    topics = saved_settings(usage_id)["topics"]
    assert [(t["id"], t["title"]) for t in topics[-2:]] == [("team-wikis", "Shared wikis"),
                                                             ("team-wikis-2", "Team wikis")]
    assert topics[-2]["items"][0] == {"id": "start-a-page", "title": "Create a page"}


@pytest.mark.parametrize("student", ["e1", "m1", "outsider"])
def test_learners_are_refused_and_nothing_is_saved(block_client, usage_id, student):
    if student != "outsider":
        assert block_client.post("submit_intake", intake("mentee" if student == "e1" else "mentor"), student)[0] == 200
    before, tables = saved_settings(usage_id), snapshot()
    status, answer = block_client.post("save_program", form(), student)
    assert status == 403 and answer["error"]
    assert saved_settings(usage_id) == before and snapshot() == tables


def test_anonymous_callers_are_refused(client, usage_id):
    before = saved_settings(usage_id)
    response = client.post(f"/unauth_handler/{usage_id}/save_program/", data=json.dumps(form()),
                           content_type="application/json")
    assert response.status_code == 403 and saved_settings(usage_id) == before


def test_studio_authors_save(usage_id):
    block = WorkbenchRuntime(None).get_block(usage_id)
    response = block.handle("save_program", Request.blank("/", method="POST", body=json.dumps(form()).encode()))
    assert response.status_code == 200, response.body
    assert saved_settings(usage_id)["topics"] == form()["topics"]


def test_in_a_course_even_staff_are_refused_before_the_body_is_read(usage_id):
    block = WorkbenchRuntime("staff").get_block(usage_id)
    block.scope_ids = block.scope_ids._replace(
        usage_id=UsageKey.from_string("block-v1:Org+Course+Run+type@reverse_mentoring+block@program"))
    response = block.handle("save_program", Request.blank("/", method="POST", body=b"{not json"))
    assert response.status_code == 403
    assert json.loads(response.body)["error"] == "Edit the program's settings in Studio."


def test_untouched_shipped_texts_stay_in_each_viewers_language(block_client, usage_id):
    block = WorkbenchRuntime("staff").get_block(usage_id)
    shown = {name: getattr(block, name) for name in program_form.SETTINGS} | block._editable_settings()
    as_drawn = {**shown, "session_agenda": shown["session_agenda"] + [""] * 5}  # a field per planned session
    status, answer = block_client.post("save_program", {**as_drawn, "sessions_planned": 5}, "staff")
    assert status == 200, answer
    saved = WorkbenchRuntime("staff").get_block(usage_id)
    assert saved.sessions_planned == 5
    assert not [name for name in ("display_name", "program_goal", "topics", "experience_areas", "session_agenda")
                if saved.fields[name].is_set_on(saved)]
    renamed = copy.deepcopy(shown["topics"])
    renamed[0]["title"] = "LinkedIn, our way"
    status, answer = block_client.post("save_program", {**shown, "topics": renamed}, "staff")
    assert status == 200 and WorkbenchRuntime("staff").get_block(usage_id).topics[0]["title"] == "LinkedIn, our way"


def test_the_editor_shows_what_the_program_is_for_its_sharing_and_its_questions_and_agenda(client, block_client):
    page = client.get(EDITOR_URL).content.decode()
    assert re.search(r'<input type="radio" name="goal_kind" value="digital" checked>', page)
    assert "Diversity and inclusion" in page and "A goal of its own" in page
    for name in ("pairs_share_link", "pairs_share_contact"):
        assert re.search(rf'name="{name}" data-type="bool" checked', page), name
    state = editor_state(page)
    assert state["session_agenda"][0].startswith("Getting to know you") and state["intake_questions"] == []
    assert [kind["value"] for kind in state["question_kinds"]] == ["text", "choice"]
    assert [audience["value"] for audience in state["audiences"]] == ["partner_and_staff", "staff", "partner"]
    assert block_client.post("save_program", form(goal_kind="inclusion", pairs_share_link=False), "staff")[0] == 200
    page = client.get(EDITOR_URL).content.decode()
    assert 'value="inclusion" checked' in page
    assert not re.search(r'name="pairs_share_link" data-type="bool" checked', page)
    assert editor_state(page)["intake_questions"] == [dict(QUESTION, id="team-size")]


def test_the_question_for_self_described_groups_is_chosen_among_the_saved_choice_questions(client, block_client,
                                                                                          usage_id):
    words = dict(QUESTION, id="hobby", text="Your hobby?", kind="text", choices=[])
    assert block_client.post("save_program", form(intake_questions=[dict(QUESTION, id="team-size"), words]),
                             "staff")[0] == 200
    page = client.get(EDITOR_URL).content.decode()
    select = re.search(r'<select id="[^"]*-group-question" name="group_question".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "team-size"]  # the text question is not offered
    assert '<option value="" selected>' in select
    assert block_client.post("save_program", form(group_question="team-size"), "staff")[0] == 200
    assert saved_settings(usage_id)["group_question"] == "team-size"
    page = client.get(EDITOR_URL).content.decode()
    assert '<option value="team-size" selected>How big is your team?</option>' in page
    status, answer = block_client.post("save_program", form(group_question="team-size", intake_questions=[]), "staff")
    assert status == 400 and list(answer["fields"]) == ["group_question"]  # its question removed: choose again


def test_a_new_question_gets_an_id_from_its_text_that_stays_when_the_text_changes(block_client, usage_id):
    new = dict(QUESTION, text="  Would you join a mentor circle?  ", kind="text", choices=[], shown_to="partner")
    assert block_client.post("save_program", form(intake_questions=[new]), "staff")[0] == 200
    [saved] = saved_settings(usage_id)["intake_questions"]
    assert saved == {**new, "id": "would-you-join-a-mentor-circle", "text": "Would you join a mentor circle?"}
    renamed = {**saved, "text": "Would you join the mentors' circle?"}
    assert block_client.post("save_program", form(intake_questions=[new, renamed]), "staff")[0] == 200
    assert [q["id"] for q in saved_settings(usage_id)["intake_questions"]] == [
        "would-you-join-a-mentor-circle-2", "would-you-join-a-mentor-circle"]


def test_the_agenda_saved_is_the_one_of_the_sessions_planned(block_client, usage_id):
    agenda = ["Meet", "", "Video calls", "", "", ""]
    assert block_client.post("save_program", form(session_agenda=agenda), "staff")[0] == 200
    assert saved_settings(usage_id)["session_agenda"] == ["Meet", "", "Video calls"]
    status, answer = block_client.post("save_program", form(sessions_planned=2, session_agenda=agenda), "staff")
    assert status == 400 and list(answer["fields"]) == ["session_agenda"]
    assert "Session 3 has an agenda, but the plan stops at session 2" in answer["fields"]["session_agenda"]
    assert block_client.post("save_program", form(sessions_planned=2, session_agenda=agenda[:2]), "staff")[0] == 200
    assert saved_settings(usage_id)["session_agenda"] == ["Meet"]
