"""Dual prices: from a solved candidate graph, and from one pass over all pairs, which also proves a bound.

By LP duality, prices plus each mentee's best reduced score over all pairs bound the optimum from above.
"""
import numpy as np

from .graphs import CandidateGraph, Groups

BELLMAN_FORD_ROUNDS = 500  # alternating paths are far shorter in practice; the bound stays valid if cut
PRICE_TOLERANCE = 1e-6  # float32 scores are exact to about 1e-7
SCORE_ERROR = 1e-5  # generous float32 error per score, added per mentee so the bound stays a bound


def dual_prices(slots, row_slot):
    """Dual prices of the slots for the solved candidate graph.

    Bellman-Ford along the matching's alternating paths, once from above (each mentor keeps all the
    matching allows) and once from below (each mentee does); the middle of the two is also
    optimal for the candidate graph and prices the pairs outside it best (measured).
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


def pricing_round(problem, slots, slot_prices):
    """One pass over all pairs at the candidate graph's prices.

    Returns, per mentee, its best pair if that beats the mentee's profit on the graph (only such
    pairs can improve the solution) and an upper bound on the optimum: with every mentee's best
    reduced score over all pairs as its profit, the prices form a feasible dual (LP duality).
    """
    mentor_prices = np.full(problem.shape[1], np.inf)
    np.minimum.at(mentor_prices, slots.slot_col, slot_prices)
    mentor_prices = mentor_prices.astype(np.float32)
    graph_profit = np.maximum(slots.row_best(slot_prices), 0.0)

    def scan(rows, scores):
        scores -= mentor_prices
        cols = scores.argmax(axis=1)
        best = scores[np.arange(rows.size), cols]
        improving = best > graph_profit[rows] + PRICE_TOLERANCE
        return float(np.maximum(best, 0.0).sum()), rows[improving], cols[improving]

    parts = list(problem.map_blocks(scan))
    bound = sum(part[0] for part in parts) + float(slot_prices.sum()) + problem.shape[0] * SCORE_ERROR
    rows, cols = (np.concatenate([part[i] for part in parts]) for i in (1, 2))
    return CandidateGraph.build(rows, cols, problem.kernel.pairs(rows, cols), problem.shape), bound
