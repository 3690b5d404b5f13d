"""Answers to intake questions added after a participant joined: one program, one participant, only those answers."""
import pytest

from reverse_mentoring_xblock import access, domain
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.problems import ProblemList
from reverse_mentoring_xblock.domain.questions import answer_new_questions
from tests.factories import config, intake
from tests.tables import snapshot

COURSE_A = domain.ProgramRef("course-v1:Org+A+2026", "block-v1:Org+A+2026+type@reverse_mentoring+block@program")
COURSE_B = domain.ProgramRef("course-v1:Org+B+2026", "block-v1:Org+B+2026+type@reverse_mentoring+block@program")
TOOLS = {"id": "tools", "text": "Which tools?", "kind": "text", "choices": [], "required": True,
         "shown_to": "staff"}
QUESTIONS = config(intake_questions=[TOOLS]).intake_questions


@pytest.fixture
def learner(django_user_model):
    """One learner who joined both programs before the question was added."""
    user = django_user_model.objects.create(username="in_both")
    caller = access.Caller(user_id=user.pk, username=user.username, anonymous_id="anon-in-both")
    for program in (COURSE_A, COURSE_B):
        domain.save_intake(program, caller, parse_intake(intake("mentee"), config()))
    return user


def test_only_the_answers_to_the_new_questions_change_and_only_in_that_program(learner):
    before_b = list(COURSE_B.participants().values())
    joined = COURSE_A.participants().get()
    answered, stored = answer_new_questions(COURSE_A, learner.pk, {"tools": " Chat "}, QUESTIONS)
    assert answered.intake == {**joined.intake, "questions": {"tools": "Chat"}} and stored == {"tools": "Chat"}
    assert COURSE_A.participants().get().intake_updated_at == joined.intake_updated_at
    assert list(COURSE_B.participants().values()) == before_b


def test_questions_answered_once_are_not_answered_again(learner):
    answer_new_questions(COURSE_A, learner.pk, {"tools": "Chat"}, QUESTIONS)
    before = snapshot()
    with pytest.raises(domain.Conflict):
        answer_new_questions(COURSE_A, learner.pk, {"tools": "Mail"}, QUESTIONS)
    assert snapshot() == before


def test_a_wrong_answer_writes_nothing_and_a_stranger_is_refused(learner, django_user_model):
    before = snapshot()
    with pytest.raises(ProblemList):
        answer_new_questions(COURSE_A, learner.pk, {}, QUESTIONS)
    stranger = django_user_model.objects.create(username="stranger")
    with pytest.raises(domain.NotAllowed):
        answer_new_questions(COURSE_A, stranger.pk, {"tools": "Chat"}, QUESTIONS)
    assert snapshot() == before


HOBBY = {"id": "hobby", "text": "Weekends?", "kind": "text", "choices": [], "required": False, "shown_to": "partner"}
LATER = {**TOOLS, "required": False}


def test_an_update_keeps_the_answers_to_the_questions_its_form_did_not_carry(learner):
    """A form drawn before a question was added updates the intake: an answer given to the question meanwhile stays,
    in either order, and a question it never showed stays to be asked."""
    caller = access.Caller(user_id=learner.pk, username=learner.username, anonymous_id="anon-in-both")
    now = config(intake_questions=[HOBBY, LATER])  # the handler reads the payload with the settings of the moment
    stale = intake("mentee", goals="Present online.", questions={"hobby": "Chess"})
    domain.save_intake(COURSE_A, caller, parse_intake(stale, now))
    assert COURSE_A.participants().get().intake["questions"] == {"hobby": "Chess"}  # "tools" is still to be asked
    answer_new_questions(COURSE_A, learner.pk, {"tools": "Video calls."}, now.intake_questions)
    domain.save_intake(COURSE_A, caller, parse_intake(stale, now))
    saved = COURSE_A.participants().get().intake
    assert (saved["goals"], saved["questions"]) == ("Present online.", {"hobby": "Chess", "tools": "Video calls."})
    domain.save_intake(COURSE_A, caller, parse_intake(intake("mentee", questions={"hobby": "", "tools": ""}), now))
    assert COURSE_A.participants().get().intake["questions"] == {"hobby": "", "tools": ""}  # what it sent, it changes


def test_joining_records_every_question_asked(django_user_model):
    user = django_user_model.objects.create(username="newcomer")
    caller = access.Caller(user_id=user.pk, username=user.username, anonymous_id="anon-newcomer")
    joined = domain.save_intake(COURSE_A, caller, parse_intake(intake("mentee"), config(intake_questions=[HOBBY])))
    assert joined.intake["questions"] == {"hobby": ""}  # left blank: asked, not asked again
