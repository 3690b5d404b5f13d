"""The Outcomes card through the real block: what the program is for picks what the staff overview leads with."""
from datetime import date

import pytest
from django.core.cache import cache

from reverse_mentoring_xblock.models import Participant, Session
from tests.factories import intake, session_log
from tests.workbench import change_settings

GROUP = {"id": "group", "text": "Which group do you feel part of?", "kind": "choice",
         "choices": ["Women", "Men", "Non-binary"], "required": False, "shown_to": "staff"}
DIGITAL = "checklist items confirmed in the pairs"
BY_GROUP = "by self-described group"
RECOMMEND = "Would recommend the program"
RETENTION = "Mentor retention"
COMPLETED = "<dt>Pairs completed</dt>"


@pytest.fixture
def asked(block_client, usage_id):
    """Six women, five men and one non-binary learner joined a program that asks which group they feel part of."""
    change_settings(usage_id, intake_questions=[GROUP], group_question="group")
    people = [("Women", 6), ("Men", 5), ("Non-binary", 1)]
    for group, count in people:
        for n in range(count):
            student = f"{group.lower()}{n}"
            answers = intake("mentor" if n % 2 else "mentee", public_name=f"{group} {n}", questions={"group": group})
            assert block_client.post("submit_intake", answers, student)[0] == 200
    return usage_id


def overview_html(block_client):
    status, body = block_client.post("dashboard_overview", {}, "staff")
    assert status == 200
    return body["html"]


@pytest.mark.parametrize(("goal_kind", "shown", "not_shown"), [
    ("digital", [DIGITAL, "0 checklist items confirmed"], [BY_GROUP, RECOMMEND, RETENTION, COMPLETED]),
    ("inclusion", [BY_GROUP, "All participants"], [DIGITAL, RECOMMEND, RETENTION]),
    ("both", [RECOMMEND, RETENTION, DIGITAL, BY_GROUP], [COMPLETED]),
    ("custom", [RECOMMEND, COMPLETED], [BY_GROUP, RETENTION, DIGITAL]),
])
def test_the_lead_card_follows_what_the_program_is_for(block_client, asked, goal_kind, shown, not_shown):
    change_settings(asked, goal_kind=goal_kind)
    page = block_client.view("staff")
    card = page[page.index('class="rm-outcomes"'):page.index("</section>", page.index('class="rm-outcomes"'))]
    assert page.index('class="rm-outcomes"') < page.index("<dt>Sessions confirmed</dt>")  # at the top
    for text in shown:
        assert text in card, (goal_kind, text)
    for text in not_shown:
        assert text not in card, (goal_kind, text)


def test_a_digital_program_leads_with_what_mentees_gained(block_client, asked):
    change_settings(asked, sessions_planned=1)
    mentor, mentee = (Participant.objects.get(user__username=name).pk for name in ("women1", "women0"))
    assert block_client.post("pair_participants", {"mentor_id": mentor, "mentee_id": mentee}, "staff")[0] == 200
    assert block_client.post("log_session", session_log(date.today().isoformat()), "women0")[0] == 200
    assert block_client.post("confirm_session", {"session_id": Session.objects.get().pk}, "women1")[0] == 200
    feedback = {"satisfaction": 5, "would_recommend": True, "confidence": {"linkedin": 4, "ai-assistants": 3},
                "comment": ""}
    assert block_client.post("submit_feedback", feedback, "women0")[0] == 200
    cache.clear()  # learners' answers reach the shared overview within the minute: now
    html = overview_html(block_client)
    # The mentee rated herself 1 in every topic at intake (tests.factories.intake): LinkedIn 1 -> 4, AI 1 -> 3.
    assert '<th scope="row">LinkedIn and your professional profile</th><td>1.0</td><td>4.0</td><td>+3.0</td>' in html
    assert '<th scope="row">AI assistants</th><td>1.0</td><td>3.0</td><td>+2.0</td>' in html
    assert "2 checklist items confirmed in the pairs" in html  # the session log's two LinkedIn items


def test_groups_show_from_five_people_and_the_one_left_out_is_not_named(block_client, asked):
    change_settings(asked, goal_kind="inclusion")
    html = overview_html(block_client)
    assert '<th scope="row">Women</th><td>6</td>' in html and '<th scope="row">Men</th><td>5</td>' in html
    assert '<th scope="row">All participants</th><td>12</td>' in html
    assert "Non-binary" not in html and "Some people are left out of the lines by group" in html
    assert "Not shown" in html  # nobody is paired yet and one is left out: no share by group
    assert "Which group do you feel part of?" in html


def test_identical_answers_show_no_group(block_client, usage_id):
    change_settings(usage_id, intake_questions=[GROUP], group_question="group", goal_kind="both")
    for n in range(6):
        assert block_client.post("submit_intake", intake("mentee", public_name=f"W{n}", questions={"group": "Women"}),
                                 f"w{n}")[0] == 200
    html = overview_html(block_client)
    assert "gave the same answer" in html and '<th scope="row">Women</th>' not in html
    assert '<th scope="row">All participants</th><td>6</td>' in html
