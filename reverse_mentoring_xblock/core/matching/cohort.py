"""A cohort in key order with its features and the staff's rules, and the assignment problem solvers see."""
import numpy as np
from scipy.sparse import csr_matrix

from .scoring import Encoding

CHUNK_CELLS = 1 << 22  # score cells per block: 16 MB in float32


class Cohort:
    """Participants in key order (so input order never matters), their features and the rules."""

    def __init__(self, mentors, mentees, weights, constraints):
        self.mentors = tuple(sorted(mentors, key=lambda p: p.key))
        self.mentees = tuple(sorted(mentees, key=lambda p: p.key))
        _check_people(self.mentors, "mentor")
        _check_people(self.mentees, "mentee")
        if {p.key for p in self.mentors} & {p.key for p in self.mentees}:
            raise ValueError("a participant cannot be mentor and mentee in the same run")
        self.mentor_index = {p.key: row for row, p in enumerate(self.mentors)}
        self.mentee_index = {p.key: row for row, p in enumerate(self.mentees)}
        self.constraints = constraints
        self.encoding = Encoding(self.mentors, self.mentees, weights)
        # Exclusions naming people outside this run are stale, not wrong: they are ignored.
        known = [(self.mentee_index[e], self.mentor_index[m]) for m, e in constraints.excluded
                 if m in self.mentor_index and e in self.mentee_index]
        self.excluded = pair_matrix(known, len(self.mentees), len(self.mentors))
        self.locked = self._locked_rows()

    def _locked_rows(self):
        """Locked pairs as (mentee row, mentor row); refuses locks no assignment could honour."""
        pairs = []
        for mentor_key, mentee_key in sorted(self.constraints.locked):
            if mentor_key not in self.mentor_index or mentee_key not in self.mentee_index:
                raise ValueError(f"locked pair {(mentor_key, mentee_key)} names someone outside this run")
            pairs.append((self.mentee_index[mentee_key], self.mentor_index[mentor_key]))
        mentee_rows = [e for e, _m in pairs]
        if len(set(mentee_rows)) != len(mentee_rows):
            raise ValueError("a mentee is locked to more than one mentor")
        load = np.bincount([m for _e, m in pairs], minlength=len(self.mentors))
        capacity = np.array([p.capacity for p in self.mentors], dtype=np.int64)
        if np.any(load > capacity):
            raise ValueError("a mentor is locked to more mentees than their capacity")
        return pairs

    def rules(self, mentee_rows, mentor_rows):
        """The constraints over mentees ``mentee_rows`` x mentors ``mentor_rows``."""
        return Rules(self, mentee_rows, mentor_rows)


def _check_people(people, role):
    """Every participant must carry the role of its side and a key unique on that side."""
    if any(p.role != role for p in people):
        raise ValueError(f"every {role} must have role {role!r}")
    keys = [p.key for p in people]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{role} keys must be unique")


def pair_matrix(pairs, n_rows, n_cols):
    """Boolean sparse matrix with True at each (row, col) of ``pairs``."""
    rows = np.array([r for r, _c in pairs], dtype=np.int64)
    cols = np.array([c for _r, c in pairs], dtype=np.int64)
    return csr_matrix((np.ones(len(pairs), dtype=bool), (rows, cols)), shape=(n_rows, n_cols))


class Rules:
    """Which pairs of a sub-cohort are forbidden, marked a block of mentee rows at a time."""

    def __init__(self, cohort, mentee_rows, mentor_rows):
        constraints, encoding = cohort.constraints, cohort.encoding
        self.width = len(mentor_rows)
        excluded = cohort.excluded[mentee_rows][:, mentor_rows]
        self.excluded = excluded.tocsr() if excluded.nnz else None
        self.mentee_teams = None
        if constraints.separate_teams:
            self.mentee_teams = encoding.mentee_teams[mentee_rows]
            mentor_teams = encoding.mentor_teams[mentor_rows]
            # Columns per team: marking a team's rows x its columns beats a full comparison (measured).
            self.team_columns = {team: np.flatnonzero(mentor_teams == team) for team in np.unique(mentor_teams)
                                 if team >= 0}
        self.advantage = None
        if constraints.require_mentor_advantage:
            self.advantage = (encoding.mentee_advantage[mentee_rows].astype(np.float32),
                              np.ascontiguousarray(encoding.mentor_advantage[mentor_rows].T, dtype=np.float32))

    def mark(self, block, rows, value):
        """Write ``value`` into ``block`` wherever mentee positions ``rows`` x all mentors is forbidden."""
        if self.excluded is not None:
            block[self.excluded[rows].nonzero()] = value
        if self.mentee_teams is not None:
            teams = self.mentee_teams[rows]
            for team in np.unique(teams[teams >= 0]):
                if team in self.team_columns:
                    block[np.ix_(np.flatnonzero(teams == team), self.team_columns[team])] = value
        if self.advantage is not None:
            np.copyto(block, value, where=(self.advantage[0][rows] @ self.advantage[1]) < 0.5)

    def forbidden(self, rows):
        """Boolean block for mentee positions ``rows``."""
        mask = np.zeros((len(rows), self.width), dtype=bool)
        self.mark(mask, rows, True)
        return mask


class AssignmentProblem:
    """What a solver sees: free mentees (rows) x mentors with capacity left (columns)."""

    def __init__(self, cohort, mentee_rows, mentor_rows, capacity, dtype):
        self.cohort = cohort
        self.dtype = dtype
        self.mentee_rows = mentee_rows
        self.mentor_rows = mentor_rows
        self.capacity = capacity
        self.kernel = cohort.encoding.kernel(mentee_rows, mentor_rows, dtype)
        self.rules = cohort.rules(mentee_rows, mentor_rows)

    @property
    def shape(self):
        return len(self.mentee_rows), len(self.mentor_rows)

    def restricted(self, cols):
        """The same mentees against only the mentors at positions ``cols``."""
        return AssignmentProblem(self.cohort, self.mentee_rows, self.mentor_rows[cols], self.capacity[cols], self.dtype)

    def block(self, rows):
        """Scores for mentee positions ``rows``; forbidden pairs are -inf."""
        scores = self.kernel.block(rows)
        self.rules.mark(scores, rows, -np.inf)
        return scores

    def map_blocks(self, function, rows=None):
        """Yield ``function(positions, scores)`` for each block of rows, in order.

        Blocks are scored one at a time: BLAS already uses every core for the products, and
        scoring two blocks in threads measured no faster.
        """
        n_rows, n_cols = self.shape
        positions = np.arange(n_rows) if rows is None else rows
        step = max(1, CHUNK_CELLS // max(1, n_cols))
        for start in range(0, len(positions), step):
            chunk = positions[start:start + step]
            yield function(chunk, self.block(chunk))
