"""The matcher's parts on cases made to break them: exclusion arrays, the advantage rule, twins, augmenting paths."""
import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.sparse.csgraph import maximum_bipartite_matching

from reverse_mentoring_xblock.core import matching as m
from reverse_mentoring_xblock.core.matching.cardinality import augmenting_pairs, with_most_pairs
from reverse_mentoring_xblock.core.matching.cohort import AssignmentProblem, Cohort, _rows_of
from reverse_mentoring_xblock.core.matching.graphs import CandidateGraph, SlotGraph, solve_slots
from reverse_mentoring_xblock.core.matching.prices import dual_prices
from reverse_mentoring_xblock.core.matching.selection import MANY, ranked_per_line
from reverse_mentoring_xblock.core.matching.twins import TwinGroups, mentee_stripes, twin_gap
from tests.core.matching_people import PROPERTY, cohorts, mentee, mentor
from tests.core.test_matching_solvers import allowed, check_valid, random_cohort


def problem_of(mentors, mentees, constraints=m.Constraints()):
    cohort = Cohort(mentors, mentees, m.MatchWeights(), constraints)
    capacity = np.array([p.capacity for p in cohort.mentors])
    return AssignmentProblem(cohort, np.arange(len(mentees)), np.arange(len(mentors)), capacity, np.float64)


# --- exclusions as arrays ----------------------------------------------------------------------


@pytest.mark.parametrize("limit", [0, m.EXACT_LIMIT])
def test_exclusions_as_an_array_give_the_same_result_as_a_set(limit):
    mentors, mentees = random_cohort(60, 80, seed=3)
    rng = np.random.default_rng(3)
    pairs = np.column_stack([rng.integers(0, 60, 900), rng.integers(60, 140, 900)])
    pairs = np.vstack([pairs, [[999, 60], [0, 999]]])  # people outside the run are ignored
    as_array = m.Constraints(excluded=pairs, separate_teams=True)
    as_set = m.Constraints(excluded={tuple(p) for p in pairs.tolist()}, separate_teams=True)
    result = m.propose_matches(mentors, mentees, constraints=as_array, exact_limit=limit)
    assert result == m.propose_matches(mentors, mentees, constraints=as_set, exact_limit=limit)
    check_valid(result, mentors, mentees, as_set)


def test_an_exclusion_array_must_hold_integer_pairs_and_never_meet_a_lock():
    for bad in (np.zeros((3, 3), dtype=np.int64), np.zeros((2, 2)), np.zeros(4, dtype=np.int64)):
        with pytest.raises(ValueError, match="shape"):
            m.Constraints(excluded=bad)
    with pytest.raises(ValueError, match="locked and excluded"):
        m.Constraints(excluded=np.array([[1, 2], [3, 4]]), locked={(3, 4)})
    assert m.Constraints(excluded=np.array([[3, 4], [1, 2], [3, 4]])).excluded_pairs().tolist() == [[1, 2], [3, 4]]
    assert m.Constraints(excluded=np.empty((0, 2), dtype=np.int64)).excluded_pairs().shape == (0, 2)


@given(st.sets(st.integers(-50, 10 ** 6), max_size=40), st.lists(st.integers(-60, 10 ** 6 + 10), max_size=60),
       st.integers(1, 20))
def test_exclusion_keys_are_found_whether_keys_are_close_together_or_far_apart(keys, asked, spread):
    # Close keys take the lookup table, far ones the binary search: both must agree with a dict.
    keys = sorted(keys) if spread > 10 else sorted(k % 97 for k in keys)
    keys = np.array(sorted(set(keys)), dtype=np.int64)
    asked = np.array(asked + keys.tolist()[:5], dtype=np.int64)
    row = {key: at for at, key in enumerate(keys.tolist())}
    assert _rows_of(keys, asked).tolist() == [row.get(key, -1) for key in asked.tolist()]


# --- the rules --------------------------------------------------------------------------------


@given(cohorts(max_mentors=6, max_mentees=7))
@PROPERTY
def test_the_rules_forbid_exactly_what_the_rules_say(cohort):
    mentors, mentees, constraints = cohort
    unlocked = m.Constraints(excluded=constraints.excluded, separate_teams=constraints.separate_teams,
                             require_mentor_advantage=constraints.require_mentor_advantage)
    problem = problem_of(mentors, mentees, unlocked)
    forbidden = problem.rules.forbidden(np.arange(len(mentees)))
    expected = np.array([[not allowed(a, b, unlocked) for a in problem.cohort.mentors]
                         for b in problem.cohort.mentees], dtype=bool).reshape(forbidden.shape)
    assert np.array_equal(forbidden, expected)


# --- twins ------------------------------------------------------------------------------------


def test_only_people_the_solver_cannot_tell_apart_share_a_group():
    answers = {"ratings": {"ai": 1}, "learn_topics": {"ai"}, "availability": {"mon-morning"}, "team": "x"}
    twins = [mentee(10, **answers), mentee(11, **answers), mentee(12, **answers)]
    other_team = mentee(13, **{**answers, "team": "y"})
    excluded_twin = mentee(14, **answers)
    cohort = Cohort([mentor(1), mentor(2), mentor(3)], [*twins, other_team, excluded_twin], m.MatchWeights(),
                    m.Constraints(excluded={(1, 14)}))
    groups = cohort.mentee_groups
    # Exclusions are per person: an excluded twin stays a twin, and the pairs its group shares are checked.
    assert groups[0] == groups[1] == groups[2] == groups[4] != groups[3]
    assert cohort.mentor_groups[0] == cohort.mentor_groups[1] == cohort.mentor_groups[2]


def test_equal_picks_are_spread_over_a_group():
    groups = TwinGroups(np.array([5, 7, 5, 5, 9, 7]))
    assert groups.sizes.tolist() == [3, 2, 1] and groups.first.tolist() == [0, 1, 4]
    assert sorted(groups.spread(np.zeros(3, dtype=np.int64), np.arange(3)).tolist()) == [0, 2, 3]
    assert groups.spread(np.array([4, 4]), np.array([0, 1])).tolist() == [4, 4]
    assert groups.later.tolist() == [2, 3, 5]


@pytest.mark.parametrize("offset", [0, 2])
def test_each_twin_takes_the_next_place_of_its_groups_ranking(offset):
    # A group ranked the long way (more members than MANY) beside one ranked the short way.
    topics = ("ai", "email", "cloud", "video")
    groups = [[mentee(100 * (t + 1) + k, learn_topics={topic}) for k in range(MANY + 8 if t == 1 else 3)]
              for t, topic in enumerate(topics)]
    mentors = [mentor(k, capacity=1 + k % 3, ratings={topic: (k * (t + 2)) % 5 for t, topic in enumerate(topics)})
               for k in range(1, 41)]
    problem = problem_of(mentors, [person for group in groups for person in group])
    rows, cols = mentee_stripes(problem, np.zeros(len(mentors), dtype=np.float32), offset)
    scores = problem.block(np.arange(problem.shape[0]))
    starts = np.cumsum([0] + [len(group) for group in groups])
    for members in (np.arange(start, end) for start, end in itertools.pairwise(starts)):
        ranking = sorted(range(len(mentors)), key=lambda col: (-scores[members[0], col], col))[offset:]
        places = [col for col in ranking for _place in range(problem.capacity[col])]
        taken = {row: col for row, col in zip(rows.tolist(), cols.tolist()) if row in set(members.tolist())}
        # Twins are told apart by position only: the j-th member in position order takes place j.
        assert [taken[row] for row in sorted(taken)] == places[:len(members)]


def solved_graph(problem, pairs):
    """The slot graph of ``pairs`` (mentee position, mentor position), solved, with its dual prices."""
    rows, cols = (np.array(side) for side in zip(*pairs))
    slots = SlotGraph(CandidateGraph.build(rows, cols, problem.kernel.pairs(rows, cols), problem.shape),
                      problem.capacity)
    row_slot = solve_slots(slots)
    return slots, row_slot, dual_prices(slots, row_slot)


def test_the_twin_gap_is_what_a_twin_would_gain_by_taking_what_its_twin_has():
    wanted = {"learn_topics": {"ai"}, "ratings": {"ai": 0}}
    strong, weak = mentor(1, ratings={"ai": 4}), mentor(2, ratings={"ai": 1})
    problem = problem_of([strong, weak], [mentee(10, **wanted), mentee(11, **wanted)])
    each_its_own = solved_graph(problem, [(0, 0), (1, 1)])
    # Seen apart, the twin with the strong mentor keeps more than its twin; together, neither can.
    gain = problem.kernel.pairs(np.array([0]), np.array([0]))[0] - problem.kernel.pairs(np.array([1]), np.array([1]))[0]
    assert twin_gap(problem, *each_its_own) == pytest.approx(gain / 2)
    assert twin_gap(problem, *solved_graph(problem, [(0, 0), (0, 1), (1, 0), (1, 1)])) == pytest.approx(0.0)


def test_the_twin_gap_counts_a_mentor_priced_above_its_twin():
    twins = [mentor(1, ratings={"ai": 4}), mentor(2, ratings={"ai": 4})]
    problem = problem_of(twins, [mentee(10, learn_topics={"ai"}), mentee(11, learn_topics={"ai", "email"})])
    slots, row_slot, slot_prices = solved_graph(problem, [(0, 0), (1, 1)])
    prices = slots.mentor_prices(slot_prices)
    assert prices[0] != prices[1]
    assert twin_gap(problem, slots, row_slot, slot_prices) == pytest.approx(abs(prices[0] - prices[1]))


@given(st.integers(1, 60), st.integers(0, 2 * MANY + 5), st.integers(0, 10 ** 6))
@PROPERTY
def test_ranked_per_line_gives_each_line_its_best_in_order(width, count, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 6, (4, width)).astype(float)  # many ties
    values[rng.random(values.shape) < 0.2] = -np.inf
    counts = np.array([0, 1, count, min(count, MANY)])
    lines, positions, ranks = ranked_per_line(values.copy(), counts)
    for line in range(4):
        finite = np.flatnonzero(np.isfinite(values[line]))
        expected = sorted(finite, key=lambda col: (-values[line, col], col))[:counts[line]]
        mine = positions[lines == line][np.argsort(ranks[lines == line])]
        assert mine.tolist() == expected


# --- the most pairs ---------------------------------------------------------------------------


def chain():
    """Mentors A (key 1) and B (2); mentee x (10) may take either, y (11) only A."""
    return problem_of([mentor(1), mentor(2)], [mentee(10), mentee(11)], m.Constraints(excluded={(2, 11)}))


def test_an_augmenting_path_is_found_through_a_full_mentor():
    problem = chain()
    # x holds A, y waits: y -> A (held by x) -> x -> B, which has a place.
    rows, cols = augmenting_pairs(problem, np.array([0, -1]))
    assert {(1, 0), (0, 1)} <= set(zip(rows.tolist(), cols.tolist()))
    assert not augmenting_pairs(problem, np.array([1, 0]))[0].size  # both paired: nothing to find


def test_the_graph_grows_until_it_pairs_as_many_as_the_problem_allows():
    problem = chain()
    only_x_with_a = CandidateGraph.build([0], [0], [0.5], problem.shape)
    graph = with_most_pairs(problem, only_x_with_a)
    slots = SlotGraph(graph, problem.capacity)
    assert (maximum_bipartite_matching(slots.costs(), perm_type="column") >= 0).sum() == 2


def test_everyone_is_paired_when_the_advantage_rule_narrows_one_mentors_choice():
    # One place each; the weak mentor may take only the keen mentees, whom the strong ones would take too.
    strong = [mentor(k, ratings={"ai": 4, "video": 4}) for k in range(1, 30)]
    weak = mentor(30, ratings={"ai": 1})
    keen = [mentee(100 + k, ratings={"ai": 0, "video": 3}, learn_topics={"ai", "video"}) for k in range(29)]
    picky = mentee(200, ratings={"video": 2}, learn_topics={"video"})
    rules = m.Constraints(require_mentor_advantage=True)
    result = m.propose_matches([*strong, weak], [*keen, picky], constraints=rules, exact_limit=0)
    check_valid(result, [*strong, weak], [*keen, picky], rules)
    assert len(result.proposals) == 30 and not result.waitlist
