"""A cohort in key order with its features and the staff's rules, and the assignment problem solvers see."""
import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.sparse import csr_matrix

from .scoring import Encoding

CHUNK_CELLS = 1 << 22  # score cells per block: 16 MB in float32
EXCLUSION_CHUNK = 1 << 20  # excluded pairs looked up at once
# Threads scoring blocks, one per usable core up to four; each holds a block in flight.
BLOCK_WORKERS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
KEY_TABLE_SPAN = 16  # keys spread over at most this many times their number are looked up in a table


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
        self.excluded = self._excluded_matrix(constraints.excluded_pairs())
        self.locked = self._locked_rows()
        # Twins share scores, team and advantage features; exclusions are per person, so every pair
        # taken from a twin's ranking is checked against them (``Rules.excluded_at``).
        encoding = self.encoding
        self.mentee_groups = identical_groups(encoding.mentee_linear, encoding.mentee["availability"],
                                              encoding.mentee_advantage, encoding.mentee_teams)
        self.mentor_groups = identical_groups(encoding.mentor_linear, encoding.mentor_slots,
                                              encoding.mentor_advantage, encoding.mentor_teams)

    def _excluded_matrix(self, pairs):
        """Excluded pairs as a sparse (mentee row, mentor row) matrix, converted as arrays a chunk at a time.

        Exclusions naming people outside this run are stale, not wrong: they are ignored.
        """
        mentor_keys = np.array([p.key for p in self.mentors], dtype=np.int64)
        mentee_keys = np.array([p.key for p in self.mentees], dtype=np.int64)
        mentee_rows, mentor_rows = [np.empty(0, np.int32)], [np.empty(0, np.int32)]
        for start in range(0, len(pairs), EXCLUSION_CHUNK):
            chunk = pairs[start:start + EXCLUSION_CHUNK]
            mentor_at, mentee_at = _rows_of(mentor_keys, chunk[:, 0]), _rows_of(mentee_keys, chunk[:, 1])
            known = (mentor_at >= 0) & (mentee_at >= 0)
            mentee_rows.append(mentee_at[known].astype(np.int32))
            mentor_rows.append(mentor_at[known].astype(np.int32))
        mentee_rows, mentor_rows = np.concatenate(mentee_rows), np.concatenate(mentor_rows)
        return csr_matrix((np.ones(mentee_rows.size, dtype=bool), (mentee_rows, mentor_rows)),
                          shape=(len(self.mentees), len(self.mentors)))

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


def _rows_of(sorted_keys, keys):
    """Row of each key in ``sorted_keys``, -1 for keys not there.

    Keys spanning at most ``KEY_TABLE_SPAN`` times their number (ids from one table usually do) are
    looked up in a table indexed by key: one gather each, against a binary search (0.27 s to 0.05 s
    for 5 million keys, measured).
    """
    if not sorted_keys.size:
        return np.full(len(keys), -1)
    low, high = int(sorted_keys[0]), int(sorted_keys[-1])
    if high - low >= KEY_TABLE_SPAN * sorted_keys.size:
        at = np.searchsorted(sorted_keys, keys)
        found = at < sorted_keys.size
        found[found] = sorted_keys[at[found]] == keys[found]
        return np.where(found, at, -1)
    table = np.full(high - low + 1, -1)
    table[sorted_keys - low] = np.arange(sorted_keys.size)
    inside = (keys >= low) & (keys <= high)
    rows = np.full(len(keys), -1)
    rows[inside] = table[keys[inside] - low]
    return rows


def identical_groups(*columns):
    """A group id per row, shared by rows equal in every column: people the solver cannot tell apart."""
    n_rows = len(columns[0])
    if not n_rows:
        return np.zeros(0, dtype=np.int64)
    matrix = np.ascontiguousarray(np.hstack([np.asarray(c, dtype=np.float64).reshape(n_rows, -1) for c in columns]))
    rows = matrix.view(np.dtype((np.void, matrix.itemsize * matrix.shape[1]))).ravel()
    return np.unique(rows, return_inverse=True)[1].reshape(n_rows)


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
            self.advantage = AdvantageSets(encoding.mentee_advantage[mentee_rows],
                                           encoding.mentor_advantage[mentor_rows])

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
            np.copyto(block, value, where=~self.advantage.allowed(rows))

    def excluded_at(self, rows, cols):
        """For each pair (rows[k], cols[k]), whether staff excluded it."""
        if self.excluded is None or not len(rows):
            return np.zeros(len(rows), dtype=bool)
        return np.asarray(self.excluded[rows, cols]).ravel().astype(bool)

    def forbidden(self, rows):
        """Boolean block for mentee positions ``rows``."""
        mask = np.zeros((len(rows), self.width), dtype=bool)
        self.mark(mask, rows, True)
        return mask

    def any_allowed(self, n_rows):
        """For each of the ``n_rows`` mentee positions, and each mentor, whether any pair is allowed."""
        mentee_ok = np.zeros(n_rows, dtype=bool)
        mentor_ok = np.zeros(self.width, dtype=bool)
        step = max(1, CHUNK_CELLS // max(1, self.width))
        for start in range(0, n_rows, step):
            positions = np.arange(start, min(start + step, n_rows))
            allowed = ~self.forbidden(positions)
            mentee_ok[positions] = allowed.any(axis=1)
            mentor_ok |= allowed.any(axis=0)
        return mentee_ok, mentor_ok


class AdvantageSets:
    """The mentor-advantage rule as bit sets: per (topic, level), the mentors who rate above that level.

    A mentee's allowed mentors are the union of the sets for each topic it wants at its own level:
    a few byte-wise ORs per mentee instead of a product over every (topic, level) column.
    """

    def __init__(self, mentee_features, mentor_features):
        self.width = mentor_features.shape[0]
        packed = np.packbits(mentor_features.T.astype(bool), axis=1)
        self.packed = np.vstack([packed, np.zeros((1, packed.shape[1]), dtype=np.uint8)])
        rows, features = np.nonzero(mentee_features)
        counts = np.bincount(rows, minlength=mentee_features.shape[0])
        self.index = np.full((mentee_features.shape[0], max(1, counts.max(initial=0))), packed.shape[0])
        self.index[rows, np.arange(rows.size) - np.repeat(np.cumsum(counts) - counts, counts)] = features

    def allowed(self, rows):
        """Boolean block: mentee positions ``rows`` x every mentor, True where the mentor knows more."""
        bits = np.bitwise_or.reduce(self.packed[self.index[rows]], axis=1)
        return np.unpackbits(bits, axis=1, count=self.width).astype(bool)


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
        self.mentee_groups = cohort.mentee_groups[mentee_rows]
        self.mentor_groups = cohort.mentor_groups[mentor_rows]

    @property
    def shape(self):
        return len(self.mentee_rows), len(self.mentor_rows)

    def restricted(self, cols):
        """The same mentees against only the mentors at positions ``cols``."""
        return self.sub(np.arange(len(self.mentee_rows)), cols)

    def sub(self, rows, cols):
        """The mentees at positions ``rows`` against the mentors at positions ``cols``."""
        return AssignmentProblem(self.cohort, self.mentee_rows[rows], self.mentor_rows[cols], self.capacity[cols],
                                 self.dtype)

    def block(self, rows):
        """Scores for mentee positions ``rows``; forbidden pairs are -inf."""
        scores = self.kernel.block(rows)
        self.rules.mark(scores, rows, -np.inf)
        return scores

    def map_blocks(self, function, rows=None):
        """Yield ``function(positions, scores)`` for each block of rows, in order.

        Blocks are scored and reduced in ``BLOCK_WORKERS`` threads (NumPy and BLAS release the GIL), with
        one block more than the threads in flight, so ``function`` must only write what is its block's
        own. With BLAS on one thread per block (``solvers.assign``) a run at 10,000 takes about a fifth
        less than with BLAS on both cores and blocks in turn (measured).
        """
        n_rows, n_cols = self.shape
        positions = np.arange(n_rows) if rows is None else rows
        step = max(1, CHUNK_CELLS // max(1, n_cols))
        chunks = [positions[start:start + step] for start in range(0, len(positions), step)]
        if len(chunks) < 2 or BLOCK_WORKERS < 2:
            yield from (function(chunk, self.block(chunk)) for chunk in chunks)
            return
        with ThreadPoolExecutor(BLOCK_WORKERS) as pool:
            pending = deque()
            for chunk in chunks:
                pending.append(pool.submit(lambda some: function(some, self.block(some)), chunk))
                if len(pending) > BLOCK_WORKERS:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
