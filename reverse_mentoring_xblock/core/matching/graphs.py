"""Sparse candidate graphs, each mentor repeated once per free place, and their exact solution (LAPJVsp)."""
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching


@dataclass(frozen=True)
class CandidateGraph:
    """Candidate pairs: mentee position, mentor position and score, sorted and unique."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    n_rows: int
    n_cols: int

    @classmethod
    def build(cls, rows, cols, scores, shape):
        """Sort by (row, col) and keep one copy of each pair, so solvers see a canonical graph."""
        codes, first = np.unique(np.asarray(rows, np.int64) * shape[1] + cols, return_index=True)
        return cls(codes // shape[1], codes % shape[1], np.asarray(scores, np.float64)[first], *shape)

    def without(self, dropped):
        """The graph less the pairs flagged in ``dropped``."""
        kept = ~dropped
        return CandidateGraph(self.rows[kept], self.cols[kept], self.scores[kept], self.n_rows, self.n_cols)

    def merged(self, other):
        return CandidateGraph.build(np.r_[self.rows, other.rows], np.r_[self.cols, other.cols],
                            np.r_[self.scores, other.scores], (self.n_rows, self.n_cols))


class SlotGraph:
    """The candidate graph with each pair repeated once per free place of its mentor."""

    def __init__(self, graph, capacity):
        copies = capacity[graph.cols]
        edge = np.repeat(np.arange(graph.rows.size), copies)
        offset = np.arange(edge.size) - np.repeat(np.cumsum(copies) - copies, copies)
        first_slot = np.cumsum(capacity) - capacity
        self.rows = graph.rows[edge]
        self.slots = first_slot[graph.cols[edge]] + offset
        self.scores = graph.scores[edge]
        self.slot_col = np.repeat(np.arange(capacity.size), capacity)
        self.n_rows = graph.n_rows
        self.by_row = Groups(self.rows, self.n_rows)

    def costs(self):
        """Sparse cost matrix for the min-cost solvers: 2 - score is positive and order-reversing."""
        return csr_matrix((2.0 - self.scores, (self.rows, self.slots)), shape=(self.n_rows, self.slot_col.size))

    def row_best(self, slot_prices):
        """Each row's best reduced score on the graph (-inf for rows without candidates)."""
        return self.by_row.max(self.scores - slot_prices[self.slots])


class Groups:
    """Runs of equal ids in a sorted id array, for per-group maxima (found once, used many times)."""

    def __init__(self, ids, size):
        self.starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if ids.size else ids
        self.ids = ids[self.starts]
        self.size = size

    def max(self, values):
        """Maximum of ``values`` per group; -inf for ids without entries."""
        result = np.full(self.size, -np.inf)
        if self.starts.size:
            result[self.ids] = np.maximum.reduceat(values, self.starts)
        return result


def solve_slots(slots):
    """Row -> slot (or -1): most pairs first, then the highest score, exactly, on the candidate graph.

    LAPJVsp pairs every vertex of the smaller side, so those without any candidate are set aside.
    When Hopcroft-Karp shows that the rest can all be paired, that is all; otherwise each gets a
    private way out that costs more than any score sum can win back. That dummy column per vertex
    makes LAPJVsp about ten times slower (measured), so it is only paid when needed.
    """
    costs = slots.costs()
    flipped = costs.shape[0] > costs.shape[1]
    if flipped:
        costs = costs.T.tocsr()
    reachable = np.flatnonzero(np.diff(costs.indptr))
    costs = costs[reachable]
    small, large = costs.shape
    row_slot = np.full(slots.n_rows, -1)
    if not small:
        return row_slot
    if np.any(maximum_bipartite_matching(costs, perm_type="column") < 0):
        way_out = csr_matrix((np.full(small, small + 3.0), (np.arange(small), np.arange(small))), shape=(small, small))
        costs = hstack([costs, way_out], format="csr")
    small_at, large_at = min_weight_full_bipartite_matching(costs)
    paired = large_at < large
    small_at, large_at = reachable[small_at[paired]], large_at[paired]
    rows, slots_at = (large_at, small_at) if flipped else (small_at, large_at)
    row_slot[rows] = slots_at
    return row_slot
