"""Blocking pairs: pairs not proposed whose mentor and mentee would both rather be with each other."""
import numpy as np

from .cohort import Cohort
from .profiles import Constraints, MatchWeights
from .results import ProposalStability, StabilityReport
from .solvers import EXACT_LIMIT

GAIN_TOLERANCE = 1e-9  # smaller differences in gain are rounding, not a preference


def blocking_pairs(result, mentors, mentees, constraints=Constraints(), max_cohort=EXACT_LIMIT):
    """Pairs not proposed whose mentor and mentee would both rather be with each other.

    Each side counts its own gain: the mentee what it learns (the digital component), the mentor
    what it learns (the reverse component). A mentee prefers any allowed partner to none; a mentor
    with a free place prefers any allowed mentee to none, a full one must gain over its least
    useful mentee. Forbidden pairs never block. Dense: cohorts of at most ``max_cohort`` per side.
    """
    if len(mentors) > max_cohort or len(mentees) > max_cohort:
        raise ValueError(f"blocking pairs are computed for cohorts of at most {max_cohort} per side")
    cohort = Cohort(mentors, mentees, MatchWeights(), constraints)
    encoding = cohort.encoding
    mentee_gain = encoding.mentee["digital"] @ encoding.mentor["digital"].T
    mentor_gain = encoding.mentee["reverse"] @ encoding.mentor["reverse"].T
    n_mentees, n_mentors = mentee_gain.shape
    partner = np.full(n_mentees, -1)
    pairs = [(cohort.mentee_index[p.mentee_key], cohort.mentor_index[p.mentor_key]) for p in result.proposals]
    for mentee_row, mentor_row in pairs:
        partner[mentee_row] = mentor_row
    matched = np.flatnonzero(partner >= 0)
    mentee_floor = np.full(n_mentees, -np.inf)
    mentee_floor[matched] = mentee_gain[matched, partner[matched]]
    least_useful = np.full(n_mentors, np.inf)
    np.minimum.at(least_useful, partner[matched], mentor_gain[matched, partner[matched]])
    capacity = np.array([p.capacity for p in cohort.mentors])
    full = np.bincount(partner[matched], minlength=n_mentors) >= capacity
    mentor_floor = np.where(full, least_useful, -np.inf)
    blocking = ((mentee_gain > mentee_floor[:, None] + GAIN_TOLERANCE)
                & (mentor_gain > mentor_floor[None, :] + GAIN_TOLERANCE))
    blocking[matched, partner[matched]] = False
    blocking &= ~cohort.rules(np.arange(n_mentees), np.arange(n_mentors)).forbidden(np.arange(n_mentees))
    return StabilityReport(
        blocking_pair_count=int(blocking.sum()),
        proposals=tuple(_proposal_stability(cohort, blocking, mentee_row, mentor_row)
                        for mentee_row, mentor_row in sorted(pairs, key=lambda pair: (pair[1], pair[0]))),
    )


def _proposal_stability(cohort, blocking, mentee_row, mentor_row):
    """Blocking pairs that tempt this proposal's mentee or mentor away, and the first of them."""
    other_mentors = np.flatnonzero(blocking[mentee_row])
    other_mentees = np.flatnonzero(blocking[:, mentor_row])
    example = None
    if other_mentors.size:
        example = (cohort.mentors[other_mentors[0]].key, cohort.mentees[mentee_row].key)
    elif other_mentees.size:
        example = (cohort.mentors[mentor_row].key, cohort.mentees[other_mentees[0]].key)
    return ProposalStability(cohort.mentors[mentor_row].key, cohort.mentees[mentee_row].key,
                             int(other_mentors.size + other_mentees.size), example)
