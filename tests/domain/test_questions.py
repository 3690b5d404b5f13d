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
    answered = answer_new_questions(COURSE_A, learner.pk, {"tools": " Chat "}, QUESTIONS)
    assert answered.intake == {**joined.intake, "questions": {"tools": "Chat"}}
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
