"""Progress -> score. Pure: the policy is data, the arithmetic is here, publishing is elsewhere.

Scores are whole points out of ``MAX_POINTS`` because edx-submissions stores integers; the LMS
scales them by the block's weight.
"""
import math
from dataclasses import dataclass

MAX_POINTS = 100


@dataclass(frozen=True)
class Progress:
    """What a participant has achieved; derived from confirmed data, never stored."""

    sessions_planned: int
    sessions_confirmed: int
    items_total: int
    items_confirmed: int
    feedback_given: bool

    @property
    def sessions_fraction(self):
        return min(self.sessions_confirmed, self.sessions_planned) / self.sessions_planned

    @property
    def checklist_fraction(self):
        if not self.items_total:
            return self.sessions_fraction  # no checklist to tick: do not penalise the pair for it
        return min(self.items_confirmed, self.items_total) / self.items_total


NO_PROGRESS = Progress(sessions_planned=1, sessions_confirmed=0, items_total=0, items_confirmed=0,
                       feedback_given=False)


def score(progress, policy):
    """Weighted share of the program done, from 0.0 to 1.0."""
    value = (policy.sessions * progress.sessions_fraction
             + policy.checklist * progress.checklist_fraction
             + policy.feedback * (1.0 if progress.feedback_given else 0.0))
    return max(0.0, min(1.0, value))


def points(progress, policy):
    """The score as whole points out of ``MAX_POINTS``, rounded half up (tolerant of float noise)."""
    return math.floor(score(progress, policy) * MAX_POINTS + 0.5 + 1e-9)


def best(progresses, policy):
    """The progress a participant is graded on: that of their best pair. A mentor with several mentees, or a
    learner paired again after staff ended a pair, never loses points when a pair starts or ends: only a
    confirmed session or a feedback changes a grade, and it is written then."""
    return max(progresses, key=lambda progress: points(progress, policy), default=NO_PROGRESS)


def completion(progress):
    """Completion for the LMS: each planned session is a step, and the feedback is the last one."""
    steps = min(progress.sessions_confirmed, progress.sessions_planned) + (1 if progress.feedback_given else 0)
    return steps / (progress.sessions_planned + 1)
