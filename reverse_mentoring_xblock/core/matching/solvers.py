"""Solvers. Rows are free mentees, columns mentors with places left; both in key order.

Small problems are solved exactly (dense Hungarian method); large ones on a candidate graph, priced
and repaired once, with a proven bound on how far from the optimum the result can be.
"""
import numpy as np
from scipy.optimize import linear_sum_assignment

from .candidates import candidate_graph, covering, sample_prices
from .cohort import CHUNK_CELLS, AssignmentProblem
from .graphs import SlotGraph, solve_slots
from .prices import dual_prices, pricing_round

# Solver tuning, chosen by measurement (docs/benchmarks.md).
EXACT_LIMIT = 2000  # both sides at most this (mentor side counted in places): dense exact solve


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


def solve_sparse(problem):
    """Near-optimal assignment of a large problem, and a proven upper bound on the optimum.

    Candidates come from prices estimated on a sub-market; the candidate problem is solved
    exactly; one pricing round over all pairs adds those that could still improve it, and the
    problem is solved once more if it found any.
    """
    graph = covering(problem, candidate_graph(problem, sample_prices(problem)))
    slots = SlotGraph(graph, problem.capacity)
    row_slot = solve_slots(slots)
    repairs, bound = pricing_round(problem, slots, dual_prices(slots, row_slot))
    if repairs.rows.size:
        slots = SlotGraph(graph.merged(repairs), problem.capacity)
        row_slot = solve_slots(slots)
    assignment = np.where(row_slot >= 0, slots.slot_col[np.maximum(row_slot, 0)], -1)
    fill_leftovers(problem, assignment)
    return assignment, bound


def fill_leftovers(problem, assignment):
    """Give each still-free mentee (in key order) its best allowed mentor with a place left.

    Only mentees the candidate graph could not reach get here; the exact solver leaves none.
    """
    free = np.flatnonzero(assignment < 0)
    places = problem.capacity - np.bincount(assignment[assignment >= 0], minlength=problem.shape[1])
    step = max(1, CHUNK_CELLS // max(1, problem.shape[1]))
    for start in range(0, free.size, step):
        rows = free[start:start + step]
        scores = problem.block(rows)
        for position, row in enumerate(rows):
            if not places.any():
                return
            options = np.where(places > 0, scores[position], -np.inf)
            col = int(np.argmax(options))
            if np.isfinite(options[col]):
                assignment[row] = col
                places[col] -= 1


def assign(cohort, exact_limit):
    """Solve for everyone not locked: [(mentee row, mentor row)], the method, an optimum bound."""
    capacity = np.array([p.capacity for p in cohort.mentors], dtype=np.int64)
    for _mentee_row, mentor_row in cohort.locked:
        capacity[mentor_row] -= 1
    locked_mentees = {mentee_row for mentee_row, _m in cohort.locked}
    free = np.array([row for row in range(len(cohort.mentees)) if row not in locked_mentees], dtype=np.int64)
    open_mentors = np.flatnonzero(capacity > 0)
    if not free.size or not open_mentors.size:
        return [], "exact", None
    exact = free.size <= exact_limit and capacity[open_mentors].sum() <= exact_limit
    problem = AssignmentProblem(cohort, free, open_mentors, capacity[open_mentors], np.float64 if exact else np.float32)
    if exact:
        assignment, bound = solve_dense(problem), None
    else:
        assignment, bound = solve_sparse(problem)
    matched = np.flatnonzero(assignment >= 0)
    return list(zip(free[matched].tolist(), open_mentors[assignment[matched]].tolist())), \
        "exact" if exact else "sparse", bound
