"""The most pairs first: extend the candidate graph until it holds a maximum matching of the whole problem.

A matching is maximum when no augmenting path exists (Berge). The search for one runs on the whole
problem without storing it: breadth first from every unpaired mentee, each layer reading the
allowed pairs of its mentees a block at a time. The pairs that reach each mentor are added to the
graph, so Hopcroft-Karp on the graph then finds every path the search saw.
"""
import numpy as np
from scipy.sparse.csgraph import maximum_bipartite_matching

from .cohort import CHUNK_CELLS
from .graphs import CandidateGraph, SlotGraph
from .selection import best_per_line

PARENTS = 3  # mentees kept per mentor reached in a layer: several, so that paths need not share one


def with_most_pairs(problem, graph):
    """``graph`` plus the pairs needed for it to pair as many people as any assignment of the problem can."""
    capacity = problem.capacity
    while True:
        slots = SlotGraph(graph, capacity)
        row_slot = maximum_bipartite_matching(slots.costs(), perm_type="column")
        paired = row_slot >= 0
        if paired.sum() >= min(graph.n_rows, capacity.sum()):
            return graph
        rows, cols = augmenting_pairs(problem, np.where(paired, slots.slot_col[np.maximum(row_slot, 0)], -1))
        if not rows.size:
            return graph
        graph = graph.merged(CandidateGraph.build(rows, cols, problem.kernel.pairs(rows, cols), problem.shape))


def augmenting_pairs(problem, row_col):
    """Allowed pairs along the shortest augmenting paths of the matching ``row_col`` (mentor or -1 per mentee).

    Empty when there is none, which proves the matching has the most pairs possible.
    """
    n_cols = problem.shape[1]
    paired = row_col >= 0
    spare = problem.capacity - np.bincount(row_col[paired], minlength=n_cols) > 0
    seen_cols = np.zeros(n_cols, dtype=bool)
    seen_rows = ~paired
    frontier = np.flatnonzero(~paired)
    found_rows, found_cols = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    while frontier.size:
        reached, rows, cols = _layer(problem, frontier, seen_cols)
        found_rows.append(rows)
        found_cols.append(cols)
        seen_cols |= reached
        if np.any(reached & spare):
            return np.concatenate(found_rows), np.concatenate(found_cols)
        frontier = np.flatnonzero(paired & reached[np.maximum(row_col, 0)] & ~seen_rows)
        seen_rows[frontier] = True
    return np.empty(0, np.int64), np.empty(0, np.int64)


def _layer(problem, frontier, seen_cols):
    """Mentors first reached from ``frontier``, and up to ``PARENTS`` allowed pairs into each of them.

    The pairs are spread over the frontier (a different order of mentees for each mentor), so
    that disjoint paths can go through one layer.
    """
    n_cols = problem.shape[1]
    reached = np.zeros(n_cols, dtype=bool)
    kept = np.zeros(n_cols, dtype=np.int64)
    found_rows, found_cols = [], []
    step = max(1, CHUNK_CELLS // max(1, n_cols))
    for start in range(0, frontier.size, step):
        rows = frontier[start:start + step]
        allowed = ~problem.rules.forbidden(rows) & ~seen_cols[None, :]
        reaching = allowed.any(axis=0)
        reached |= reaching
        wanted = np.flatnonzero(reaching & (kept < PARENTS))
        if not wanted.size:
            continue
        spread = (np.arange(rows.size)[None, :] * 7919 + wanted[:, None] * 104729) % 1000003
        priority = np.where(allowed[:, wanted].T, -spread.astype(np.float32), -np.inf)
        picked, values = best_per_line(priority, PARENTS)
        picked_ok = np.isfinite(values) & (np.arange(picked.shape[1])[None, :] < (PARENTS - kept[wanted])[:, None])
        line, pick = np.nonzero(picked_ok)
        found_rows.append(rows[picked[line, pick]])
        found_cols.append(wanted[line])
        kept[wanted] += picked_ok.sum(axis=1)
    if not found_rows:
        return reached, np.empty(0, np.int64), np.empty(0, np.int64)
    return reached, np.concatenate(found_rows), np.concatenate(found_cols)
