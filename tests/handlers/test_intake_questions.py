"""The author's own intake questions, the session agenda and what partners share, through the real handlers.

Learners answer the questions in the intake; a learner who joined before a question was added answers only the new
ones (``answer_questions``), which holds up nothing; partners and staff read only the answers the author lets them
read; everything the author and the learners wrote is escaped where it is shown.
"""
from datetime import date

import pytest
from django.utils.html import escape

from reverse_mentoring_xblock.models import Pair, Participant
from tests.factories import intake, session_log
from tests.tables import snapshot
from tests.workbench import change_settings

TODAY = date.today().isoformat()
TOOLS = {"id": "tools", "text": "Which tools do you use every day? <b>honestly</b>", "kind": "text", "choices": [],
         "required": True, "shown_to": "partner_and_staff"}
TEAM = {"id": "team-size", "text": "How big is your team?", "kind": "choice", "choices": ["1-5", "6-20", "more"],
        "required": False, "shown_to": "staff"}
HOBBY = {"id": "hobby", "text": "What do you do on weekends?", "kind": "text", "choices": [], "required": False,
         "shown_to": "partner"}
SECRET_TEAM_ANSWER = "6-20"
SCRIPT = "<script>alert('answer')</script>"


def join(block_client, student, role, **changes):
    status, body = block_client.post("submit_intake", intake(role, public_name=student.title(), **changes), student)
    assert status == 200, body
    return Participant.objects.get(user__username=student)


def pair_up(block_client, mentor, mentee):
    status, body = block_client.post("pair_participants", {"mentor_id": mentor.pk, "mentee_id": mentee.pk}, "staff")
    assert status == 200, body
    return Pair.objects.get(mentor=mentor, mentee=mentee)


def shown(page):
    """The workbench page without its debugging section, which lists the block's settings."""
    return page[:page.index('<section class="debug">')]


def ask(block_client, *questions, **settings):
    change_settings(block_client.usage_id, intake_questions=list(questions), **settings)


@pytest.fixture
def pair(block_client):
    """A mentor and a mentee paired before the author added any question."""
    return pair_up(block_client, join(block_client, "mentor_a", "mentor", contact="ana@example.org"),
                   join(block_client, "mentee_b", "mentee"))


# --- the intake ------------------------------------------------------------------------------------------------

def test_the_intake_asks_the_questions_after_the_built_in_ones_and_keeps_the_answers(block_client):
    ask(block_client, TOOLS, TEAM, HOBBY)
    page = block_client.view("newcomer")
    assert page.index('name="meeting"') < page.index('name="questions.tools"') < page.index('name="questions.hobby"')
    assert escape(TOOLS["text"]) in page and "<b>honestly</b>" not in page
    assert "How big is your team? (optional)" in page and "Only course staff read your answer." in page
    assert "Only your partner reads your answer, once you are paired." in page
    answers = {"tools": "  Video calls\r\nand chat  ", "team-size": SECRET_TEAM_ANSWER}
    participant = join(block_client, "newcomer", "mentee", questions=answers)
    assert participant.intake["questions"] == {"tools": "Video calls\nand chat", "team-size": "6-20", "hobby": ""}
    page = block_client.view("newcomer")
    assert "The program has new questions for you" not in page  # the blank optional one was asked: not again
    assert f'<option value="{SECRET_TEAM_ANSWER}" selected>' in page  # the form to update the answers keeps them


@pytest.mark.parametrize("answers, field", [
    ({"team-size": "1-5"}, "questions.tools"),  # required
    ({"tools": " \u200b "}, "questions.tools"),  # blank once invisible characters are gone
    ({"tools": "x" * 1001}, "questions.tools"),
    ({"tools": ["Video"]}, "questions.tools"),
    ({"tools": "Video", "team-size": "7"}, "questions.team-size"),  # not one of the choices
    ({"tools": "Video", "team-size": 1}, "questions.team-size"),
    ({"tools": "Video", "shoe-size": "42"}, "questions"),  # not a question of the program
    ("Video", "questions"),
])
def test_wrong_answers_are_named_and_nothing_is_saved(block_client, answers, field):
    ask(block_client, TOOLS, TEAM)
    before = snapshot()
    status, body = block_client.post("submit_intake", intake("mentee", questions=answers), "newcomer")
    assert status == 400 and list(body["fields"]) == [field], body
    assert snapshot() == before


# --- questions added after a learner joined ----------------------------------------------------------------------

def test_a_learner_who_joined_before_is_asked_only_the_new_questions(block_client):
    ask(block_client, HOBBY)
    waiting = join(block_client, "waiting_w", "mentee", questions={"hobby": "Hiking"})
    ask(block_client, HOBBY, TOOLS, TEAM)
    page = shown(block_client.view("waiting_w"))
    start = page.index('data-action="answer_questions"')
    form = page[start:page.index("</form>", start)]
    assert "The program has new questions for you" in page
    assert 'name="questions.tools"' in form and 'name="questions.team-size"' in form
    assert 'name="questions.hobby"' not in form
    before = dict(waiting.intake)
    status, body = block_client.post("answer_questions", {"questions": {"tools": "Chat"}}, "waiting_w")
    assert status == 200 and body["message"] == "Thank you, your answers are saved."
    assert "The program has new questions for you" not in body["html"]
    waiting.refresh_from_db()
    assert waiting.intake == {**before, "questions": {"hobby": "Hiking", "tools": "Chat", "team-size": ""}}


def test_required_new_questions_hold_up_nothing_and_are_answered_once_paired(block_client, pair):
    ask(block_client, TOOLS, HOBBY)
    page = block_client.view("mentee_b")
    assert "The program has new questions for you" in page and 'data-action="log_session"' in page
    assert block_client.post("log_session", session_log(TODAY), "mentee_b")[0] == 200
    frozen = intake("mentee", questions={"tools": "Chat"})
    assert block_client.post("submit_intake", frozen, "mentee_b")[0] == 409  # answers frozen once paired
    before = snapshot()
    status, body = block_client.post("answer_questions", {"questions": {"hobby": "Chess"}}, "mentee_b")
    assert status == 400 and body["fields"] == {"questions.tools": "This question needs an answer."}
    assert snapshot() == before
    status, body = block_client.post("answer_questions", {"questions": {"tools": SCRIPT, "hobby": "Chess"}},
                                     "mentee_b")
    assert status == 200, body
    mentee = Participant.objects.get(pk=pair.mentee_id)
    assert mentee.intake["questions"] == {"tools": SCRIPT, "hobby": "Chess"}
    assert mentee.intake["learn_topics"] == ["linkedin", "ai-assistants"] and mentee.stage == "paired"
    assert "The program has new questions for you" not in body["html"]
    status, body = block_client.post("answer_questions", {"questions": {"tools": "Again"}}, "mentee_b")
    assert status == 409 and "every question" in body["error"]


@pytest.mark.parametrize("student, payload, expected", [
    ("outsider", {"questions": {"tools": "Chat"}}, 403),  # never joined
    ("mentor_a", {"questions": {"tools": "Chat", "team-size": "1-5"}}, 400),  # team-size: not asked here
    ("mentor_a", {"questions": {"tools": "Chat"}, "extra": 1}, 400),
    ("mentor_a", {"questions": ["Chat"]}, 400),
])
def test_refusals_are_clear_and_write_nothing(block_client, pair, student, payload, expected):
    ask(block_client, TOOLS)
    before = snapshot()
    status, body = block_client.post("answer_questions", payload, student)
    assert status == expected and body["error"], body
    assert expected != 400 or body["fields"]
    assert snapshot() == before


def test_a_withdrawn_participant_cannot_answer(block_client, pair):
    assert block_client.post("withdraw_participant", {"participant_id": pair.mentee_id, "reason": "Left."},
                             "staff")[0] == 200
    ask(block_client, TOOLS)
    assert "The program has new questions for you" not in block_client.view("mentee_b")
    before = snapshot()
    status, body = block_client.post("answer_questions", {"questions": {"tools": "Chat"}}, "mentee_b")
    assert status == 403 and "took you out" in body["error"].replace("have taken", "took")
    assert snapshot() == before


# --- who reads the answers -------------------------------------------------------------------------------------

def test_partners_read_the_answers_for_partners_and_staff_those_for_staff(block_client):
    ask(block_client, TOOLS, TEAM, HOBBY)
    mentor = join(block_client, "mentor_a", "mentor", questions={"tools": "Slides"})
    mentee = join(block_client, "mentee_b", "mentee",
                  questions={"tools": SCRIPT, "team-size": SECRET_TEAM_ANSWER, "hobby": "Sailing"})
    pair = pair_up(block_client, mentor, mentee)
    card = shown(block_client.view("mentor_a"))
    assert escape(SCRIPT) in card and SCRIPT not in card
    assert "Sailing" in card and escape(TOOLS["text"]) in card
    assert "How big is your team?" not in card  # staff only
    status, body = block_client.post("pair_detail", {"pair_id": pair.pk}, "staff")
    assert status == 200, body
    timeline = body["html"]
    assert "How big is your team?" in timeline and SECRET_TEAM_ANSWER in timeline
    assert escape(SCRIPT) in timeline and SCRIPT not in timeline
    assert "Sailing" not in timeline and "What do you do on weekends?" not in timeline  # the partner's only
    state = block_client.post("learner_state", {}, "mentor_a")[1]
    facts = {fact["label"]: fact["value"] for fact in state["pairs"][0]["partner"]["facts"]}
    assert facts[TOOLS["text"]] == SCRIPT and facts[HOBBY["text"]] == "Sailing" and TEAM["text"] not in facts


# --- what partners share ---------------------------------------------------------------------------------------

def test_without_contact_sharing_the_intake_does_not_ask_and_the_card_does_not_show_it(block_client, pair):
    assert "ana@example.org" in block_client.view("mentee_b")
    change_settings(block_client.usage_id, pairs_share_contact=False)
    assert "ana@example.org" not in block_client.view("mentee_b")
    assert block_client.post("learner_state", {}, "mentee_b")[1]["pairs"][0]["partner"]["contact"] == ""
    page = block_client.view("newcomer")
    assert 'name="contact"' not in page and 'name="public_name"' in page
    newcomer = join(block_client, "newcomer", "mentor", contact="not asked")
    assert newcomer.intake["contact"] == ""


def test_without_link_sharing_there_is_no_link_form_and_the_handler_refuses(block_client, pair):
    link = {"meeting_link": "https://meet.example.org/ours"}
    assert block_client.post("set_meeting_link", link, "mentor_a")[0] == 200
    change_settings(block_client.usage_id, pairs_share_link=False)
    page = block_client.view("mentee_b")
    assert 'data-action="set_meeting_link"' not in page and "https://meet.example.org/ours" not in page
    before = snapshot()
    status, body = block_client.post("set_meeting_link", {"meeting_link": "https://meet.example.org/new"}, "mentor_a")
    assert status == 403 and body["error"] == ("This program does not share meeting links: agree with your partner on "
                                               "where to meet.")
    assert snapshot() == before
    assert block_client.post("learner_state", {}, "mentor_a")[1]["pairs"][0]["meeting_link"] == ""


# --- the session agenda ----------------------------------------------------------------------------------------

def test_the_pair_reads_each_sessions_agenda_in_its_plan_and_the_next_one_when_logging(block_client, pair):
    change_settings(block_client.usage_id, session_agenda=["Meet & <greet>", "", "Video calls\nand chat"])
    page = block_client.view("mentee_b")
    assert "Suggested agenda" in page and "Meet &amp; &lt;greet&gt;" in page and "Video calls<br>and chat" in page
    assert "Suggested agenda for session 1: Meet &amp; &lt;greet&gt;" in page
    assert block_client.post("log_session", session_log(TODAY), "mentor_a")[0] == 200
    assert "Suggested agenda for session 2:" not in block_client.view("mentee_b")  # session 2 has none
    targets = block_client.post("learner_state", {}, "mentee_b")[1]["pairs"][0]["plan"]["targets"]
    assert [target["agenda"] for target in targets] == ["Meet & <greet>", "", "Video calls\nand chat", "", "", ""]


def test_the_shipped_agenda_starts_with_getting_to_know_each_other(block_client, pair):
    page = block_client.view("mentee_b")
    assert ("Suggested agenda for session 1: Getting to know you: roles, what each can teach, what each wants to "
            "learn, how you will meet") in page
