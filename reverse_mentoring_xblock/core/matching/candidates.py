"""Which pairs enter the sparse problem: each side's best by reduced score, spread, then covered.

Prices estimated on a sub-market turn scores into reduced scores; each mentee and each mentor keeps
its best candidates; covering adds pairs until the graph can pair as many people as the full problem.
"""
import numpy as np
from scipy.sparse.csgraph import maximum_bipartite_matching

from .graphs import CandidateGraph, SlotGraph, solve_slots
from .prices import dual_prices

SAMPLE_MENTEES = 2000  # size of the sub-market whose solution prices every mentor
MENTEE_CANDIDATES = 10  # best pairs per mentee that enter the sparse problem
MENTOR_CANDIDATES = 10  # best pairs per mentor that enter it
SAMPLE_CANDIDATES = 10  # per row and per column of the sub-market, by double-centred score
COVERING_ROUNDS = 4  # extensions of the candidate graph towards a maximum matching


def best_per_line(values, count):
    """Each row's ``count`` largest values: (positions, values), -inf where a row has fewer.

    Repeated argmax, overwriting each pick with -inf: for a handful per row many times cheaper
    than argpartition (measured). Ties go to the earlier column, so results are reproducible.
    """
    every_row = np.arange(values.shape[0])
    count = min(count, values.shape[1])
    positions = np.empty((values.shape[0], count), dtype=np.int64)
    found = np.empty((values.shape[0], count), dtype=values.dtype)
    for pick in range(count):
        positions[:, pick] = values.argmax(axis=1)
        found[:, pick] = values[every_row, positions[:, pick]]
        values[every_row, positions[:, pick]] = -np.inf
    return positions, found


def line_pairs(positions, found):
    """(line, position) of the finite entries of a ``best_per_line`` result."""
    line, pick = np.nonzero(np.isfinite(found))
    return line, positions[line, pick]


def sample_prices(problem):
    """A price per mentor, from a sub-market of evenly spread mentees and mentors.

    The sub-market keeps the cohort's ratio of mentees to mentors. Its solved dual prices give
    each sampled mentee a profit; a mentor's price is then the most a sampled mentee would pay
    for it (the c-transform), which is defined for every mentor, sampled or not.
    """
    n_rows, n_cols = problem.shape
    sample = evenly_spaced(n_rows, SAMPLE_MENTEES)
    columns = evenly_spaced(n_cols, max(1, round(n_cols * sample.size / n_rows)))
    sub = np.vstack(list(problem.restricted(columns).map_blocks(lambda rows, scores: scores, rows=sample)))
    slots = SlotGraph(_centred_candidates(sub), problem.capacity[columns])
    slot_prices = dual_prices(slots, solve_slots(slots))
    sub_prices = np.full(columns.size, np.inf)
    np.minimum.at(sub_prices, slots.slot_col, slot_prices)
    profit = np.zeros(n_rows)
    profit[sample] = np.maximum((sub - sub_prices).max(axis=1), 0.0)
    column_max = problem.map_blocks(lambda rows, scores: (scores - profit[rows, None]).max(axis=0), rows=sample)
    return np.maximum(np.max(list(column_max), axis=0), 0.0).astype(np.float32)


def _centred_candidates(scores):
    """Each row's and each column's best pairs by double-centred score, from a dense block.

    Centring removes how popular a mentor or how easy to please a mentee is in general, so
    candidates spread over everyone instead of crowding round the best-rated mentors.
    """
    allowed = np.isfinite(scores)
    safe = np.where(allowed, scores, 0.0)
    col_mean = safe.sum(axis=0) / np.maximum(allowed.sum(axis=0), 1)
    row_mean = safe.sum(axis=1) / np.maximum(allowed.sum(axis=1), 1)
    rows, cols = line_pairs(*best_per_line(scores - col_mean[None, :], SAMPLE_CANDIDATES))
    by_col, by_row = line_pairs(*best_per_line(np.ascontiguousarray((scores - row_mean[:, None]).T),
                                                 SAMPLE_CANDIDATES))
    rows, cols = np.r_[rows, by_row], np.r_[cols, by_col]
    return CandidateGraph.build(rows, cols, scores[rows, cols], scores.shape)


def candidate_graph(problem, prices):
    """Each mentee's and each mentor's best pairs by reduced score (score minus mentor price).

    A mentee ranks mentors by reduced score; a mentor ranks mentees by how little they lose
    against their own best reduced score by taking it. Both sides matter: without each mentor's
    own candidates its price is poorly determined and the pricing round proves little (measured).
    """
    row_best = np.zeros(problem.shape[0], dtype=np.float32)

    def scan(rows, scores):
        scores -= prices  # in place: a full-size temporary per step costs more than the step (measured)
        best = scores.max(axis=1)
        row_best[rows] = np.where(np.isfinite(best), best, 0.0)
        scores -= row_best[rows, None]  # closeness: 0 at each mentee's best
        positions, values = best_per_line(scores, MENTEE_CANDIDATES)
        np.put_along_axis(scores, positions, values, axis=1)
        mentee_at, pick = np.nonzero(np.isfinite(values))
        return rows, (rows[mentee_at], positions[mentee_at, pick], values[mentee_at, pick]), scores

    picks = []
    by_mentor = BestPerMentor(problem.shape[1], MENTOR_CANDIDATES)
    for rows, mentee_picks, closeness in problem.map_blocks(scan):
        picks.append(mentee_picks)
        by_mentor.offer(rows, closeness)
    picks.append(by_mentor.pairs())
    rows, cols, closeness = (np.concatenate([part[i] for part in picks]) for i in range(3))
    # Scores recovered from closeness (float32, about 1e-7 off): gathering feature rows costs more.
    return CandidateGraph.build(rows, cols, closeness + row_best[rows] + prices[cols], problem.shape)


class BestPerMentor:
    """The ``count`` mentees of highest closeness per mentor, over row blocks offered in order.

    Only entries at or above a mentor's current ``count``-th best can enter, so after the first
    blocks a comparison and a few merges replace a per-mentor selection over every block (which
    costs more than scoring the block: measured). Ties keep the earlier mentee.
    """

    def __init__(self, n_cols, count):
        self.rows = np.zeros((n_cols, count), dtype=np.int64)
        self.values = np.full((n_cols, count), -np.inf, dtype=np.float32)

    def offer(self, rows, closeness):
        hits = np.flatnonzero(closeness >= self.values[:, -1][None, :])
        if hits.size > self.values.size:
            positions, values = best_per_line(np.ascontiguousarray(closeness.T), self.values.shape[1])
            cols = np.repeat(np.arange(self.values.shape[0]), positions.shape[1])
            self._merge(cols, rows[positions.ravel()], values.ravel())
        elif hits.size:
            at_row, cols = np.divmod(hits, closeness.shape[1])
            order = np.argsort(cols, kind="stable")
            self._merge(cols[order], rows[at_row[order]], closeness.ravel()[hits[order]])

    def _merge(self, cols, rows, values):
        """Merge entries sorted by column (rows ascending within a column) into the kept best."""
        touched, starts, counts = np.unique(cols, return_index=True, return_counts=True)
        width = counts.max()
        slot = np.arange(cols.size) - np.repeat(starts, counts)
        new_rows = np.zeros((touched.size, width), dtype=np.int64)
        new_values = np.full((touched.size, width), -np.inf, dtype=np.float32)
        line = np.repeat(np.arange(touched.size), counts)
        new_rows[line, slot], new_values[line, slot] = rows, values
        candidates = np.hstack([self.rows[touched], new_rows])
        picked, self.values[touched] = best_per_line(np.hstack([self.values[touched], new_values]),
                                                      self.values.shape[1])
        self.rows[touched] = np.take_along_axis(candidates, picked, axis=1)

    def pairs(self):
        """(mentee position, mentor position, closeness) of every kept entry."""
        cols, pick = np.nonzero(np.isfinite(self.values))
        return self.rows[cols, pick], cols, self.values[cols, pick]


def covering(problem, graph):
    """The candidate graph, extended so that it can pair as many people as the full problem.

    Each mentee a maximum matching of the graph leaves out gets its best mentors among those with
    a place left free: augmenting paths of length one (mentors left idle, when places are scarce,
    likewise get their best free mentees). Stops when nothing more can be added.
    """
    for _round in range(COVERING_ROUNDS):
        slots = SlotGraph(graph, problem.capacity)
        if graph.n_rows <= slots.slot_col.size:
            row_slot = maximum_bipartite_matching(slots.costs(), perm_type="column")
            taken = np.zeros(slots.slot_col.size, dtype=bool)
            taken[row_slot[row_slot >= 0]] = True
            rows, cols = _best_between(problem, np.flatnonzero(row_slot < 0), np.unique(slots.slot_col[~taken]),
                                       by_row=True)
        else:
            slot_row = maximum_bipartite_matching(slots.costs(), perm_type="row")
            free_rows = np.setdiff1d(np.arange(graph.n_rows), slot_row[slot_row >= 0])
            rows, cols = _best_between(problem, free_rows, np.unique(slots.slot_col[slot_row < 0]), by_row=False)
        if not rows.size:
            return graph
        graph = graph.merged(CandidateGraph.build(rows, cols, problem.kernel.pairs(rows, cols), problem.shape))
    return graph


def _best_between(problem, rows, cols, by_row):
    """The ``MENTEE_CANDIDATES`` best allowed pairs of each row (or column) of rows x cols."""
    if not rows.size or not cols.size:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    blocks = problem.restricted(cols).map_blocks(lambda positions, scores: (positions, scores), rows=rows)
    if by_row:
        found_rows, found_cols = [], []
        for positions, scores in blocks:
            line, at = line_pairs(*best_per_line(scores, MENTEE_CANDIDATES))
            found_rows.append(positions[line])
            found_cols.append(cols[at])
        return np.concatenate(found_rows), np.concatenate(found_cols)
    by_col = BestPerMentor(cols.size, MENTEE_CANDIDATES)
    for positions, scores in blocks:
        by_col.offer(positions, scores)
    mentee_rows, at, _scores = by_col.pairs()
    return mentee_rows, cols[at]


def evenly_spaced(total, count):
    """``count`` positions spread evenly over ``range(total)``."""
    count = min(total, count)
    return (np.arange(count) * total) // max(count, 1)
