"""Both partners' scores, recomputed and written together whenever a pair's progress changes."""
from dataclasses import dataclass

from ..core.grading import Progress, points
from ..models import Feedback
from . import gradebook
from .queries import progress_for, ticks_by_session


@dataclass(frozen=True)
class ScoreUpdate:
    """A participant's new progress and points after a change to their pair."""

    participant_id: int
    user_id: int
    pair_id: int
    progress: Progress
    points: int


def refresh_scores(pair, config):
    """Recompute both (locked) partners' progress and write changed scores; returns a ``ScoreUpdate`` each."""
    sessions = list(pair.sessions.all())
    ticks = ticks_by_session([pair])
    with_feedback = set(Feedback.objects.filter(pair=pair).values_list("participant_id", flat=True))
    updates = []
    for partner in sorted((pair.mentor, pair.mentee), key=lambda p: p.pk):
        progress = progress_for(pair, sessions, ticks, partner.pk in with_feedback, config)
        update = ScoreUpdate(partner.pk, partner.user_id, pair.pk, progress, points(progress, config.grading))
        if not partner.reset_out:  # a learner reset out of the program has no live score
            gradebook.record(partner, update.points)
        updates.append(update)
    return updates
