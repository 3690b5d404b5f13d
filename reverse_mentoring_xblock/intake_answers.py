"""The handler with which a participant answers the intake questions the author added after they joined.

A mixin of the block: ``submit_intake`` stops taking answers once a learner is paired, so these questions have
a handler of their own that changes nothing but the answers to them (``domain.questions``).
"""
from . import access
from .core.questions import answers_of
from .domain.questions import answer_new_questions
from .handling import handler


class IntakeAnswersMixin:
    """``answer_questions`` for the block."""

    @handler(access.require_learner)
    def answer_questions(self, caller, data):
        """``{"questions": {id: answer}}`` for the questions not asked of the caller yet; they never hold up a pair."""
        answers = answers_of(data)
        participant, stored = answer_new_questions(self.program_ref, caller.user_id, answers,
                                                   self.config().intake_questions)
        given = sum(bool(answer) for answer in stored.values())
        self._event("intake.questions_answered", participant=participant.pk, answered=given,
                    left_blank=len(stored) - given)
        return self._learner_response(caller, self.gettext("Thank you, your answers are saved."))
