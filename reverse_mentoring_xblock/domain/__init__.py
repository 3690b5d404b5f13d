"""The domain layer: the only writer of the models, and the reads the views and reports need.

Every operation is scoped to one program (``ProgramRef``); only retirement spans programs. Writes run
in ``transactions.atomic_write`` and lock rows in the order ``locking`` documents. The block calls the
names below; submodules: ``participants`` (join, reset, retirement), ``pairs`` (create, end),
``sessions`` (link, sessions, feedback), ``meetings`` (proposed and agreed times), ``scores`` (both
partners' grades), ``queries`` (reads), ``matchmaking`` (matching runs), ``gradebook`` (edx-submissions),
``retirement`` (the LMS signal).
"""
from .errors import Conflict, DomainError, NotAllowed, NotFound
from .meetings import agreed_meeting, answer_meeting, own_time_zone, propose_meeting
from .pairs import create_pairs, end_pair, pair_participants
from .participants import reset_participant, retire_user, save_intake, withdraw_participant
from .programs import ProgramRef
from .queries import (
    LearnerState,
    feedback_topics,
    find_participant,
    latest_run,
    learner_state,
    participant_record,
    progress_of,
)
from .scores import ScoreUpdate
from .sessions import confirm_session, correct_session, dispute_session, log_session, set_meeting_link, submit_feedback
from .transactions import Busy, Replayed, client_request, is_transient

__all__ = [
    "Busy", "Conflict", "DomainError", "LearnerState", "NotAllowed", "NotFound", "ProgramRef", "Replayed",
    "ScoreUpdate", "agreed_meeting", "answer_meeting", "client_request", "confirm_session", "correct_session",
    "create_pairs", "dispute_session", "end_pair", "feedback_topics", "find_participant", "is_transient",
    "latest_run", "learner_state", "log_session", "own_time_zone", "pair_participants", "participant_record",
    "progress_of", "propose_meeting", "reset_participant", "retire_user", "save_intake", "set_meeting_link",
    "submit_feedback", "withdraw_participant",
]
