"""Solvers. Rows are free mentees, columns mentors with places left; both in key order.

Small problems are solved exactly (dense Hungarian method); large ones on a candidate graph that
holds a maximum matching of the whole problem, priced and repaired until a proven bound says how
close to the optimum the result is.
"""
import numpy as np
from scipy.optimize import linear_sum_assignment
from threadpoolctl import threadpool_limits

from .candidates import candidate_graph, centred_prices, extended_prices, sub_market
from .cardinality import with_most_pairs
from .cohort import AssignmentProblem
from .graphs import SlotGraph, solve_slots
from .prices import allowed_pairs, dual_prices, pricing_round
from .twins import twin_gap, twin_pairs

# Solver tuning, chosen by measurement (docs/benchmarks.md).
EXACT_LIMIT = 2000  # both sides at most this (mentor side counted in places): dense exact solve
PROVEN_TARGET = 0.999  # pricing stops once the result is proven this close to the optimum
SUB_MARKET_TARGET = 0.9999  # a sub-market is priced closer: its prices choose every candidate
PRICING_ROUNDS = 6  # at most this many passes over all pairs; a fixed count keeps results reproducible
# Twins share out their pairs at the first solve's prices, and the graph is solved again before the first pass,
# when what they miss on the graph (``twin_gap``) is this many times what the target leaves unproven: at twice,
# `everything` at 20,000 paid the extra solve and still needed a second round (17 s against 13 s, measured).
TWIN_GAP_SHARE = 4


def solve_dense(problem):
    """Exact: the Hungarian method on the whole matrix, each mentor repeated once per free place.

    A forbidden pair costs more than any score sum can win back, so the solver first pairs as
    many people as the constraints allow, then maximises the score; such pairs are then dropped.
    """
    n_rows, n_cols = problem.shape
    scores = problem.block(np.arange(n_rows))
    slot_col = np.repeat(np.arange(n_cols), problem.capacity)
    allowed = np.isfinite(scores)
    penalty = float(min(n_rows, slot_col.size) + 1)
    rows, slots = linear_sum_assignment(np.where(allowed, -scores, penalty)[:, slot_col])
    keep = allowed[rows, slot_col[slots]]
    assignment = np.full(n_rows, -1)
    assignment[rows[keep]] = slot_col[slots[keep]]
    return assignment


def solve_sparse(problem, target=PROVEN_TARGET):
    """Near-optimal assignment of a large problem with the most pairs, and a proven upper bound on the optimum.

    Candidates come from prices estimated on a sub-market (``market_prices``), extended until they
    hold a maximum matching of the whole problem; the candidate problem is solved exactly. Pricing
    rounds over all pairs then add those that could still improve it and solve again, each solve
    starting from the previous one's dual prices (exact whatever the prices, and far faster with
    good ones), until the bound proves ``PROVEN_TARGET`` of the optimum, no pair can improve it, or
    ``PRICING_ROUNDS`` rounds have run; when the rounds run out unproven, the pairs the last one
    found are solved in once more, since a larger graph can only do better (a proven result is
    kept: one more solve costs as much as a round). When twins come out of the first solve far apart
    (``twin_gap``), they share out their best pairs at its prices and the graph is solved again
    before the first round. Returns the assignment, the bound and the mentors' prices at the end.
    """
    prices = market_prices(problem)
    graph = with_most_pairs(problem, candidate_graph(problem, prices))
    # The market's prices start the first solve where every place will be taken (twins: 1.3 s to 0.55 s at
    # 10,000); with places to spare they made it slower (abundant 0.5 s to 8 s, advantage 0.2 s to 1 s: measured).
    slot_prices = np.repeat(prices, problem.capacity).astype(np.float64) \
        if problem.capacity.sum() == problem.shape[0] else None
    bound = np.inf
    for pricing in range(PRICING_ROUNDS):
        slots, row_slot, slot_prices = _solved(graph, problem.capacity, slot_prices)
        if pricing == 0 and twin_gap(problem, slots, row_slot, slot_prices) > \
                TWIN_GAP_SHARE * (1 - target) * _total(slots, row_slot):
            # Twins share out their best pairs at these prices before the first pass, not after it.
            graph = graph.merged(allowed_pairs(problem, *twin_pairs(
                problem, _finite(slots.mentor_prices(slot_prices)), _finite(slots.row_best(slot_prices)))))
            slots, row_slot, slot_prices = _solved(graph, problem.capacity, slot_prices)
        repairs, round_bound = pricing_round(problem, slots, row_slot, slot_prices)
        bound = min(bound, round_bound)
        total = _total(slots, row_slot)
        merged = graph.merged(repairs)
        if total >= target * bound or merged.rows.size == graph.rows.size:
            break
        graph = merged
        if pricing == PRICING_ROUNDS - 1:
            slots, row_slot, slot_prices = _solved(graph, problem.capacity, slot_prices)
    assignment = np.where(row_slot >= 0, slots.slot_col[np.maximum(row_slot, 0)], -1)
    return assignment, bound, slots.mentor_prices(slot_prices)


def market_prices(problem):
    """A price per mentor, for choosing candidates: what the market of a sub-cohort pays for each.

    A problem no larger than the sub-market is priced whole from double-centred candidates. A larger
    one is priced by solving an evenly spread sub-market of it with this same solver (priced until
    proven, as the whole problem is). Either way the prices are then made consistent with every
    mentee's profit at them (``extended_prices``): raw dual prices of a candidate graph left the
    large-cohort solver at 99.7 % on `everything` at 2,000 (measured). Prices from the
    sub-market's candidate graph alone left twins and scarce places needing up to five pricing
    rounds over the whole problem, where a solved sub-market's need two (measured).
    """
    sample, columns = sub_market(problem)
    if sample.size == problem.shape[0] and columns.size == problem.shape[1]:
        sub_prices = centred_prices(problem)
    else:
        _assignment, _bound, sub_prices = solve_sparse(problem.sub(sample, columns), SUB_MARKET_TARGET)
    return extended_prices(problem, sample, columns, sub_prices)


def _solved(graph, capacity, slot_prices):
    """The slot graph of ``graph``, its exact solution started from ``slot_prices``, and its dual prices."""
    slots = SlotGraph(graph, capacity)
    row_slot = solve_slots(slots, slot_prices)
    return slots, row_slot, dual_prices(slots, row_slot)


def _total(slots, row_slot):
    """Total score of the pairs of ``row_slot`` on the slot graph."""
    paired = row_slot >= 0
    return float(slots.scores[_edge_of(slots, np.flatnonzero(paired), row_slot[paired])].sum())


def _finite(values):
    """float32 values with infinities (people without candidates) as 0."""
    return np.where(np.isfinite(values), np.maximum(values, 0.0), 0.0).astype(np.float32)


def _edge_of(slots, rows, row_slots):
    """Positions in the slot graph of the pairs (rows[k], row_slots[k])."""
    codes = slots.rows * slots.slot_col.size + slots.slots
    return np.searchsorted(codes, rows * slots.slot_col.size + row_slots)


def assign(cohort, exact_limit):
    """Solve for everyone not locked: [(mentee row, mentor row)], the method, an optimum bound."""
    capacity = np.array([p.capacity for p in cohort.mentors], dtype=np.int64)
    for _mentee_row, mentor_row in cohort.locked:
        capacity[mentor_row] -= 1
    locked_mentees = {mentee_row for mentee_row, _m in cohort.locked}
    free = np.array([row for row in range(len(cohort.mentees)) if row not in locked_mentees], dtype=np.int64)
    open_mentors = np.flatnonzero(capacity > 0)
    if free.size and open_mentors.size:
        # People with no allowed partner at all leave the problem before it is built.
        mentee_ok, mentor_ok = cohort.rules(free, open_mentors).any_allowed(free.size)
        free, open_mentors = free[mentee_ok], open_mentors[mentor_ok]
    if not free.size or not open_mentors.size:
        return [], "exact", None
    exact = free.size <= exact_limit and capacity[open_mentors].sum() <= exact_limit
    problem = AssignmentProblem(cohort, free, open_mentors, capacity[open_mentors], np.float64 if exact else np.float32)
    if exact:
        assignment, bound = solve_dense(problem), None
    else:
        with threadpool_limits(limits=1, user_api="blas"):  # blocks are scored in threads instead (map_blocks)
            assignment, bound, _prices = solve_sparse(problem)
    matched = np.flatnonzero(assignment >= 0)
    return list(zip(free[matched].tolist(), open_mentors[assignment[matched]].tolist())), \
        "exact" if exact else "sparse", bound
