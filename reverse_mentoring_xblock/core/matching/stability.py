"""Blocking pairs: pairs not proposed whose mentor and mentee would both rather be with each other."""
import numpy as np

from .cohort import CHUNK_CELLS, Cohort
from .profiles import Constraints, MatchWeights
from .results import ProposalStability, StabilityReport

GAIN_TOLERANCE = 1e-9  # smaller differences in gain are rounding, not a preference


def blocking_pairs(result, mentors, mentees, constraints=Constraints()):
    """Pairs not proposed whose mentor and mentee would both rather be with each other.

    Each side counts its own gain: the mentee what it learns (the digital component), the mentor
    what it learns (the reverse component). A mentee prefers any allowed partner to none; a mentor
    with a free place prefers any allowed mentee to none, a full one must gain over its least
    useful mentee. Forbidden pairs never block. Mentees are checked a block of rows at a time, so
    memory stays bounded at any cohort size.
    """
    cohort = Cohort(mentors, mentees, MatchWeights(), constraints)
    pairs = [(cohort.mentee_index[p.mentee_key], cohort.mentor_index[p.mentor_key]) for p in result.proposals]
    tally = _count_blocking(cohort, pairs)
    return StabilityReport(
        blocking_pair_count=tally.total,
        proposals=tuple(_proposal_stability(cohort, tally, mentee_row, mentor_row)
                        for mentee_row, mentor_row in sorted(pairs, key=lambda pair: (pair[1], pair[0]))),
    )


def _count_blocking(cohort, pairs):
    """Tally of every blocking pair, scanning blocks of about ``CHUNK_CELLS`` pairs in mentee row order."""
    n_mentees, n_mentors = len(cohort.mentees), len(cohort.mentors)
    preferences = _Preferences(cohort, pairs)
    tally = _Tally(n_mentees, n_mentors)
    step = max(1, CHUNK_CELLS // max(1, n_mentors))
    for start in range(0, n_mentees, step):
        rows = np.arange(start, min(start + step, n_mentees))
        tally.add(rows, preferences.blocking(rows))
    return tally


class _Preferences:
    """What each side would give up for someone else, so that any block of pairs can be checked alone."""

    def __init__(self, cohort, pairs):
        encoding = cohort.encoding
        n_mentees, n_mentors = len(cohort.mentees), len(cohort.mentors)
        self.mentee = {side: encoding.mentee[side] for side in ("digital", "reverse")}
        self.mentor = {side: np.ascontiguousarray(encoding.mentor[side].T) for side in ("digital", "reverse")}
        self.rules = cohort.rules(np.arange(n_mentees), np.arange(n_mentors))
        self.partner = np.full(n_mentees, -1)
        for mentee_row, mentor_row in pairs:
            self.partner[mentee_row] = mentor_row
        matched = np.flatnonzero(self.partner >= 0)
        partners = self.partner[matched]
        self.mentee_floor = np.full(n_mentees, -np.inf)
        self.mentee_floor[matched] = self._pair_gains(encoding, "digital", matched, partners)
        least_useful = np.full(n_mentors, np.inf)
        np.minimum.at(least_useful, partners, self._pair_gains(encoding, "reverse", matched, partners))
        capacity = np.array([p.capacity for p in cohort.mentors])
        full = np.bincount(partners, minlength=n_mentors) >= capacity
        self.mentor_floor = np.where(full, least_useful, -np.inf)

    @staticmethod
    def _pair_gains(encoding, side, mentee_rows, mentor_rows):
        """Gains of the pairs (mentee_rows[k], mentor_rows[k]) on ``side``, without a full matrix."""
        return np.einsum("ij,ij->i", encoding.mentee[side][mentee_rows], encoding.mentor[side][mentor_rows])

    def _gains(self, side, rows):
        """Gains on ``side`` of mentee rows ``rows`` x every mentor."""
        return self.mentee[side][rows] @ self.mentor[side]

    def blocking(self, rows):
        """Boolean block: which of mentee rows ``rows`` x every mentor are blocking pairs."""
        # Each gain block is compared as soon as it is made, so only one is alive at a time.
        blocking = self._gains("digital", rows) > (self.mentee_floor[rows] + GAIN_TOLERANCE)[:, None]
        blocking &= self._gains("reverse", rows) > self.mentor_floor + GAIN_TOLERANCE
        matched = np.flatnonzero(self.partner[rows] >= 0)
        blocking[matched, self.partner[rows[matched]]] = False  # a proposal never blocks itself
        blocking &= ~self.rules.forbidden(rows)
        return blocking


class _Tally:
    """Blocking pairs counted per mentee row and per mentor column, with the lowest other side of each."""

    def __init__(self, n_mentees, n_mentors):
        self.total = 0
        self.mentee_count = np.zeros(n_mentees, dtype=np.int64)
        self.mentee_first = np.full(n_mentees, -1)
        self.mentor_count = np.zeros(n_mentors, dtype=np.int64)
        self.mentor_first = np.full(n_mentors, -1)

    def add(self, rows, blocking):
        """Count a block of mentee ``rows`` x every mentor; blocks must come in increasing row order."""
        if not blocking.size:
            return
        in_row = blocking.sum(axis=1)
        self.total += int(in_row.sum())
        self.mentee_count[rows] = in_row
        self.mentee_first[rows] = np.where(in_row > 0, blocking.argmax(axis=1), -1)
        in_column = blocking.sum(axis=0)
        self.mentor_count += in_column
        first_seen = np.flatnonzero((in_column > 0) & (self.mentor_first < 0))
        self.mentor_first[first_seen] = rows[blocking[:, first_seen].argmax(axis=0)]


def _proposal_stability(cohort, tally, mentee_row, mentor_row):
    """Blocking pairs that tempt this proposal's mentee or mentor away, and the first of them."""
    example = None
    if tally.mentee_count[mentee_row]:
        example = (cohort.mentors[tally.mentee_first[mentee_row]].key, cohort.mentees[mentee_row].key)
    elif tally.mentor_count[mentor_row]:
        example = (cohort.mentors[mentor_row].key, cohort.mentees[tally.mentor_first[mentor_row]].key)
    return ProposalStability(cohort.mentors[mentor_row].key, cohort.mentees[mentee_row].key,
                             int(tally.mentee_count[mentee_row] + tally.mentor_count[mentor_row]), example)
