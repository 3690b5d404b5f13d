"""The candidate graph's exact solution, at any prices and in every shape, against brute force."""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock.core.matching.graphs import CandidateGraph, SlotGraph, solve_slots
from tests.core.matching_people import BRUTE


def best_by_brute_force(pairs, capacity, n_rows):
    """(most pairs, highest total among them) over every assignment of the candidate pairs."""
    by_row = [[(col, score) for row, col, score in pairs if row == r] for r in range(n_rows)]
    best = (0, 0.0)

    def extend(row, load, count, total):
        nonlocal best
        if row == n_rows:
            if count > best[0] or (count == best[0] and total > best[1] + 1e-9):
                best = (count, total)
            return
        extend(row + 1, load, count, total)
        for col, score in by_row[row]:
            if load[col] < capacity[col]:
                load[col] += 1
                extend(row + 1, load, count + 1, total + score)
                load[col] -= 1

    extend(0, [0] * len(capacity), 0, 0.0)
    return best


@st.composite
def candidate_graphs(draw):
    """Small graphs of every shape: more rows than places, fewer, as many; some rows or mentors unreachable;
    scores from a few values, so that many pairs tie as they do between twins."""
    n_rows, n_cols = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    capacity = np.array(draw(st.lists(st.integers(1, 2), min_size=n_cols, max_size=n_cols)))
    cells = draw(st.sets(st.tuples(st.integers(0, n_rows - 1), st.integers(0, n_cols - 1)), max_size=n_rows * n_cols))
    scores = draw(st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.5, 0.75, 1.0]), min_size=len(cells),
                           max_size=len(cells)))
    pairs = [(row, col, score) for (row, col), score in zip(sorted(cells), scores)]
    prices = draw(st.lists(st.floats(0, 1), min_size=int(capacity.sum()), max_size=int(capacity.sum())))
    return n_rows, capacity, pairs, np.array(prices), draw(st.booleans())


@given(candidate_graphs())
@BRUTE
def test_the_graph_is_solved_exactly_whatever_the_prices(case):
    n_rows, capacity, pairs, prices, priced = case
    rows, cols, scores = (np.array([pair[i] for pair in pairs]) for i in range(3))
    graph = CandidateGraph.build(rows.astype(np.int64), cols.astype(np.int64), scores, (n_rows, capacity.size))
    slots = SlotGraph(graph, capacity)
    row_slot = solve_slots(slots, prices if priced else None)
    paired = np.flatnonzero(row_slot >= 0)
    assert np.unique(row_slot[paired]).size == paired.size  # a place holds one mentee
    score_of = {(row, col): score for row, col, score in pairs}
    total = sum(score_of[row, slots.slot_col[row_slot[row]]] for row in paired)  # KeyError: not a candidate
    count, best = best_by_brute_force(pairs, capacity.tolist(), n_rows)
    assert paired.size == count
    assert abs(total - best) < 1e-9
