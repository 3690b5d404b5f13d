"""Dual prices: from a solved candidate graph, and from a pass over all pairs, which also proves a bound.

By LP duality, prices plus each mentee's best reduced score over all pairs bound the optimum from above.
"""
import numpy as np

from .graphs import CandidateGraph, Groups
from .selection import best_per_line
from .twins import mentee_stripes

BELLMAN_FORD_ROUNDS = 500  # alternating paths are far shorter in practice; the bound stays valid if cut
PRICE_TOLERANCE = 1e-6  # float32 scores are exact to about 1e-7
IMPROVING_PER_MENTEE = 3  # improving pairs kept per mentee in a pricing round
SCORE_ERROR = 1e-5  # generous float32 error per score, added per mentee so the bound stays a bound


def dual_prices(slots, row_slot):
    """Dual prices of the slots for the solved candidate graph.

    Bellman-Ford along the matching's alternating paths, once from above (each mentor keeps all the
    matching allows) and once from below (each mentee does); the middle of the two is also
    optimal for the candidate graph, and prices the pairs outside it and bounds the optimum best (measured).
    """
    matched = np.flatnonzero(row_slot >= 0)
    codes = slots.rows * slots.slot_col.size + slots.slots
    own = np.zeros(slots.n_rows)
    own[matched] = slots.scores[np.searchsorted(codes, matched * slots.slot_col.size + row_slot[matched])]
    high = _prices_from_above(slots, matched, row_slot[matched], own)
    low = _prices_from_below(slots, matched, row_slot[matched], own)
    return (high + low) / 2


def _prices_from_above(slots, matched_rows, matched_slots, own):
    """Highest optimal prices: start at each slot's own score, lower while a mentee prefers another."""
    prices = np.zeros(slots.slot_col.size)
    prices[matched_slots] = own[matched_rows]
    for _round in range(BELLMAN_FORD_ROUNDS):
        profit = np.maximum(slots.row_best(prices), 0.0)
        updated = np.zeros_like(prices)
        updated[matched_slots] = np.maximum(own[matched_rows] - profit[matched_rows], 0.0)
        if np.max(np.abs(updated - prices), initial=0.0) <= 1e-12:
            break
        prices = updated
    return prices


def _prices_from_below(slots, matched_rows, matched_slots, own):
    """Lowest optimal prices: start at zero, raise until no mentee prefers another slot to its own."""
    order = np.lexsort((slots.rows, slots.slots))
    rows, scores = slots.rows[order], slots.scores[order]
    by_slot = Groups(slots.slots[order], slots.slot_col.size)
    prices = np.zeros(slots.slot_col.size)
    for _round in range(BELLMAN_FORD_ROUNDS):
        profit = np.zeros(slots.n_rows)
        profit[matched_rows] = own[matched_rows] - prices[matched_slots]
        updated = np.maximum(by_slot.max(scores - profit[rows]), 0.0)
        if np.max(np.abs(updated - prices), initial=0.0) <= 1e-12:
            break
        prices = updated
    return prices


def pricing_round(problem, slots, row_slot, slot_prices):
    """One pass over all pairs at the solved candidate graph's dual prices ``slot_prices`` (``dual_prices``).

    Returns the pairs that could still improve the solution (each mentee's best few pairs that
    beat its profit on the graph, each mentor's tightest such pair, and each group of twins' best
    pairs shared out among them) and an
    upper bound on the optimum. With every mentee's best reduced score over all pairs as its
    profit, and each mentor's price lowered to the most any mentee's profit leaves room for (the
    c-transform), prices and profits form a feasible dual: by LP duality their sum bounds the optimum,
    never above what the graph's own prices would give.
    """
    prices = slots.mentor_prices(slot_prices).astype(np.float32)
    graph_profit = np.maximum(slots.row_best(slot_prices), 0.0)

    def scan(rows, scores):
        scores -= prices  # reduced scores, in place
        profit = np.maximum(scores.max(axis=1), 0.0)
        improving = np.flatnonzero(profit > graph_profit[rows] + PRICE_TOLERANCE)
        picked, values = best_per_line(scores[improving], IMPROVING_PER_MENTEE)
        line, pick = np.nonzero(values > (graph_profit[rows[improving]] + PRICE_TOLERANCE)[:, None])
        scores -= profit[:, None]
        tightest = scores.argmax(axis=0)  # per mentor, the mentee its price must leave room for
        room = scores[tightest, np.arange(scores.shape[1])]
        # That mentee may also improve the graph from the mentor's side.
        cols = np.flatnonzero(room + profit[tightest] > graph_profit[rows[tightest]] + PRICE_TOLERANCE)
        return (float(profit.sum()), room, np.r_[rows[improving[line]], rows[tightest[cols]]],
                np.r_[picked[line, pick], cols])

    parts = list(problem.map_blocks(scan))
    needs = np.maximum(np.max([part[1] for part in parts], axis=0) + prices, 0.0)
    bound = sum(part[0] for part in parts) + float(needs @ problem.capacity) + problem.shape[0] * SCORE_ERROR
    twin_rows, twin_cols = mentee_stripes(problem, prices, 0)
    rows = np.concatenate([part[2] for part in parts] + [twin_rows])
    cols = np.concatenate([part[3] for part in parts] + [twin_cols])
    return allowed_pairs(problem, rows, cols), bound


def allowed_pairs(problem, rows, cols):
    """The pairs (rows[k], cols[k]) staff did not exclude, scored: twins share a ranking, not their exclusions."""
    allowed = ~problem.rules.excluded_at(rows, cols)
    rows, cols = rows[allowed], cols[allowed]
    return CandidateGraph.build(rows, cols, problem.kernel.pairs(rows, cols), problem.shape)
