"""Answers to the intake questions an author added after a participant joined.

The participant's row is locked and read again before anything is decided, so two answers sent at once
(two windows) never both pass as the first: the second finds the questions answered. Only the intake's
``questions`` changes; the rest of what the participant answered, and their pairs, stay as they are.
"""
from ..core.problems import _
from ..core.questions import checked_answers, unanswered
from .errors import JOIN_FIRST, WITHDRAWN_BY_STAFF, Conflict, NotAllowed
from .transactions import atomic_write

NOTHING_NEW = _("You have answered every question of the program. Reload the page to see your answers.")


@atomic_write
def answer_new_questions(program, user_id, raw, questions):
    """Store the caller's answers to those of ``questions`` they were not asked yet; ``raw``: ``{id: answer}``.
    Returns the participant and the answers stored (``""`` for an optional question left blank); raises
    ``ProblemList`` (nothing written) when an answer is wrong."""
    participant = program.participants().select_for_update().filter(user_id=user_id).first()
    if participant is None or participant.reset_out:
        raise NotAllowed(JOIN_FIRST)
    if participant.withdrawn:
        raise NotAllowed(WITHDRAWN_BY_STAFF)
    answered = participant.intake.get("questions") or {}
    new = unanswered(questions, answered)
    if not new:
        raise Conflict(NOTHING_NEW)
    answers = checked_answers(raw, new)
    participant.intake = {**participant.intake, "questions": {**answered, **answers}}
    participant.save(update_fields=["intake"])
    return participant, answers
