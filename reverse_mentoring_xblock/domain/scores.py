"""Both partners' scores, recomputed and written together whenever a pair's progress changes."""
from dataclasses import dataclass

from django.db.models import Q

from ..core.grading import Progress, best, completion, points
from ..models import Feedback, Pair, Session
from . import gradebook
from .queries import graded_pairs, progress_for, ticks_by_session


@dataclass(frozen=True)
class ScoreUpdate:
    """A participant's new progress and points after a change to their pair."""

    participant_id: int
    user_id: int
    pair_id: int
    progress: Progress  # of the pair graded (the best)
    points: int
    completion: float  # the highest over the graded pairs, so that it never goes back


def refresh_scores(pair, config):
    """Recompute both (locked) partners' progress and write changed scores; returns a ``ScoreUpdate`` each.

    A partner is graded on their best pair (``grading.best``): their other pairs are read too, safely, as
    every write to a pair's progress holds both its partners' locks.
    """
    partners = (pair.mentor, pair.mentee)
    others = list(Pair.objects.filter(Q(mentor__in=partners) | Q(mentee__in=partners)).exclude(pk=pair.pk)
                  .select_related("mentor", "mentee"))
    pairs = [pair, *others]
    sessions = {p.pk: [] for p in pairs}
    for session in Session.objects.filter(pair__in=pairs):
        sessions[session.pair_id].append(session)
    ticks = ticks_by_session(pairs)
    with_feedback = set(Feedback.objects.filter(pair__in=pairs).values_list("pair_id", "participant_id"))
    updates = []
    for partner in sorted(partners, key=lambda p: p.pk):
        graded = [progress_for(p, sessions[p.pk], ticks, (p.pk, partner.pk) in with_feedback, config)
                  for p in graded_pairs(partner, [p for p in pairs if partner.pk in (p.mentor_id, p.mentee_id)])]
        progress = best(graded, config.grading)
        update = ScoreUpdate(partner.pk, partner.user_id, pair.pk, progress, points(progress, config.grading),
                             max(map(completion, graded)))
        if not partner.reset_out:  # a learner reset out of the program has no live score
            gradebook.record(partner, update.points)
        updates.append(update)
    return updates
