"""Matchmaking that knows what mentor and mentee can learn from each other.

Pure package (standard library, NumPy, SciPy only). ``propose_matches`` scores every mentor-mentee
candidate, honours the staff's constraints and picks the assignment that pairs as many people as
the constraints allow and, among those, has the highest total score: exactly on small cohorts,
and on large ones to within a share of the optimum it proves (``MatchResult.optimality_bound``).
``blocking_pairs`` tells staff which proposals are unstable, at any cohort size.

The parts, in the order a run goes through them: ``profiles`` (what comes in), ``scoring`` (features
whose products are the scores), ``cohort`` (people in key order, the rules, twins, the problem a
solver sees), ``solvers`` (exact dense; sparse via ``candidates`` and ``twins``, ``cardinality``,
``graphs`` and ``prices``, with ``selection`` picking each line's best), ``assembly`` and ``reasons``
(what staff review), ``stability`` (blocking pairs), ``results`` (what goes out). docs/benchmarks.md
has the measurements behind the choices.
"""
import contextlib
import gc

import numpy as np

from .assembly import proposals_for, waitlist_for
from .cohort import Cohort
from .prices import SCORE_ERROR
from .profiles import Constraints, MatchWeights, Profile
from .reasons import Reason
from .results import (
    NO_CAPACITY,
    NO_COMPATIBLE_PARTNER,
    NO_MENTEE_LEFT,
    MatchResult,
    Proposal,
    ProposalStability,
    StabilityReport,
    WaitlistEntry,
)
from .scoring import Encoding
from .solvers import EXACT_LIMIT, assign
from .stability import blocking_pairs

__all__ = ["EXACT_LIMIT", "NO_CAPACITY", "NO_COMPATIBLE_PARTNER", "NO_MENTEE_LEFT", "Constraints", "MatchResult",
           "MatchWeights", "Profile", "Proposal", "ProposalStability", "Reason", "StabilityReport", "WaitlistEntry",
           "blocking_pairs", "propose_matches", "score_components", "score_matrix"]


def propose_matches(mentors, mentees, weights=MatchWeights(), constraints=Constraints(), titles=None,
                    exact_limit=EXACT_LIMIT):
    """Propose mentor-mentee pairs for a cohort.

    Pairs as many people as the constraints and capacities allow and, among such assignments,
    maximises the total score: exactly when both sides (mentors counted once per free place) are
    at most ``exact_limit``, otherwise to within ``optimality_bound`` (the sparse solver prices
    until that proves 99.9 % or a fixed number of rounds has run). Everyone waiting gets a true
    reason: with the most pairs made, a mentee waits only when every mentor it may meet is full.
    ``titles`` maps topic and experience-area ids to the titles used in reasons. Same input, in any
    order: same result.
    """
    with without_cycle_collection():
        cohort = Cohort(mentors, mentees, weights, constraints)
        solved, method, bound = assign(cohort, exact_limit)
        locked = {(e, m) for e, m in cohort.locked}
        proposals = proposals_for(cohort, cohort.locked + solved, locked, titles or {})
        waitlist = waitlist_for(cohort, cohort.locked + solved)
    total = float(sum(p.score for p in proposals))
    optimality = 1.0
    if bound is not None:
        best_possible = sum(p.score for p in proposals if p.locked) + bound
        # A best possible total within float32 rounding of nothing leaves nothing to prove.
        if best_possible > 2 * SCORE_ERROR * len(cohort.mentees):
            optimality = min(1.0, total / best_possible)
    return MatchResult(proposals=proposals, total_score=total, waitlist=waitlist, method=method,
                       optimality_bound=optimality)


@contextlib.contextmanager
def without_cycle_collection():
    """Python's cycle collector paused while a run builds its objects.

    A run allocates hundreds of thousands of small objects (features, proposals, reasons) and frees
    them by reference counting; each full collection they set off walks every object of the process:
    0.3 s of 2.1 s at 10,000 mentees in a bare process (measured), more in an LMS worker holding
    millions. The few cycles a run leaves go with the next collection after it; the collector is
    restored as it was found, also when the run fails.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def score_components(mentor, mentee):
    """``{component: value in [0, 1]}`` for one pair, before weighting."""
    encoding = Encoding([mentor], [mentee], MatchWeights())
    return {name: float(values[0]) for name, values in encoding.components([0], [0]).items()}


def score_matrix(mentors, mentees, weights=MatchWeights()):
    """Dense scores, a row per mentor and a column per mentee in the order given; ignores constraints.

    For what-if views on small cohorts: it holds len(mentors) x len(mentees) floats.
    """
    encoding = Encoding(list(mentors), list(mentees), weights)
    kernel = encoding.kernel(np.arange(len(mentees)), np.arange(len(mentors)), np.float64)
    return kernel.block(np.arange(len(mentees))).T
