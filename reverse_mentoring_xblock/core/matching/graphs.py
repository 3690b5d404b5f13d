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
        self.n_rows, self.n_cols = graph.n_rows, capacity.size
        self.by_row = Groups(self.rows, self.n_rows)

    def costs(self):
        """Sparse cost matrix for the min-cost solvers: 2 - score is positive and order-reversing."""
        return csr_matrix((2.0 - self.scores, (self.rows, self.slots)), shape=(self.n_rows, self.slot_col.size))

    def mentor_prices(self, slot_prices):
        """A price per mentor: the lowest of its places' (the one a new mentee would pay); inf without places."""
        prices = np.full(self.n_cols, np.inf)
        np.minimum.at(prices, self.slot_col, slot_prices)
        return prices

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


def solve_slots(slots, slot_prices=None):
    """Row -> slot (or -1): most pairs first, then the highest score, exactly, on the candidate graph.

    SciPy's LAPJVsp pairs every vertex of the smaller side, so people without any candidate are set
    aside. When Hopcroft-Karp shows that every row left can be paired and there are at least as many
    slots, the problem is made square and solved at reduced costs (``_square``, given the slots'
    ``slot_prices`` when known); otherwise as it is.
    """
    row_at, rows = np.unique(slots.rows, return_inverse=True)[::-1]
    slot_at, slot_ids = np.unique(slots.slots, return_inverse=True)[::-1]
    shape = (rows.size, slot_ids.size)
    row_slot = np.full(slots.n_rows, -1)
    if not rows.size:
        return row_slot
    pairable = maximum_bipartite_matching(csr_matrix((np.ones(row_at.size), (row_at, slot_at)), shape=shape),
                                          perm_type="column")
    most = int(np.count_nonzero(pairable >= 0))
    if most == shape[0] <= shape[1]:
        prices = np.zeros(shape[1]) if slot_prices is None else np.maximum(slot_prices[slot_ids], 0.0)
        local = _square(row_at, slot_at, slots.scores, prices, shape)
    else:
        local = _least_cost_most_pairs(row_at, slot_at, 2.0 - slots.scores, shape, most < min(shape))
    paired = local >= 0
    row_slot[rows[paired]] = slot_ids[local[paired]]
    return row_slot


def _square(row_at, slot_at, scores, prices, shape):
    """Row -> slot of the best assignment pairing every row, as a square problem at reduced costs.

    LAPJVsp starts with a fast reduction phase only on square problems (without it, 6 times slower at
    10,000 on the advantage family, measured), so each slot gets a stand-in row that takes it when no
    row does, and each row a stand-in slot that the stand-in of its slot takes when it does: every
    assignment of the rows extends to a square one, all with the same cost on top of the rows'. For
    the same reason every vertex may shift its costs (each is paired exactly once): slots by their
    ``prices``, rows by their profit at them. With prices near the optimal duals most rows find their
    slot at once, where graphs with many equal costs (twins) otherwise take long searches (3 to 12
    times slower at 10,000, measured).
    """
    n_rows, n_slots = shape
    profit = Groups(row_at, n_rows).max(scores - prices[slot_at])
    costs = [1.0 + profit[row_at] + prices[slot_at] - scores]
    tails, heads = [row_at], [slot_at]
    if n_slots > n_rows:
        tails += [n_rows + slot_at, n_rows + np.arange(n_slots)]
        heads += [n_slots + row_at, np.arange(n_slots)]
        costs += [np.ones(row_at.size), 1.0 + prices]
    size = n_rows + (n_slots if n_slots > n_rows else 0)
    square = csr_matrix((np.concatenate(costs), (np.concatenate(tails), np.concatenate(heads))), shape=(size, size))
    return min_weight_full_bipartite_matching(square)[1][:n_rows]


def _least_cost_most_pairs(row_at, slot_at, costs, shape, short):
    """Row -> slot (or -1) of least total ``costs`` (positive, one per edge) among assignments pairing the most.

    When the smaller side cannot all be paired (``short``), each of its vertices gets a private way
    out that costs more than any sum of edge costs can win back. That dummy column per vertex makes
    LAPJVsp about ten times slower (measured), so it is only paid when needed.
    """
    costs = csr_matrix((costs, (row_at, slot_at)), shape=shape)
    flipped = shape[0] > shape[1]
    if flipped:
        costs = costs.T.tocsr()
    small, large = costs.shape
    if short:
        way_out = csr_matrix((np.full(small, small * costs.data.max() + 1.0), (np.arange(small), np.arange(small))),
                             shape=(small, small))
        costs = hstack([costs, way_out], format="csr")
    small_at, large_at = min_weight_full_bipartite_matching(costs)
    paired = large_at < large
    small_at, large_at = small_at[paired], large_at[paired]
    local = np.full(shape[0], -1)
    if flipped:
        local[large_at] = small_at
    else:
        local[small_at] = large_at
    return local
