"""The matcher on every intake shape: rules, most pairs, true waitlist reasons, near-optimal proven totals."""
import functools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reverse_mentoring_xblock.core import matching as m
from reverse_mentoring_xblock.core.matching import candidates
from tests.core.matching_families import FAMILIES, allowed_dense, exact_optimum, family, maximum_pairs
from tests.core.matching_people import BRUTE
from tests.core.test_matching_solvers import brute_force, check_valid

SIZE = 400  # mentees: twin groups of about eight, and far more mentors than candidates per mentee
SEEDS = (0, 1, 2)
# Exact limit of each solver tried, and whether it first prices sub-markets as large cohorts do: with a
# smallest sub-market of a twelfth, 400 mentees price a sub-market of 80, which prices one of 33 first.
SOLVERS = {"sparse": (0, False), "default": (m.EXACT_LIMIT, False), "priced": (0, True)}
SMALL = settings(BRUTE, max_examples=40)
each_cohort = pytest.mark.parametrize(
    "name, seed", [(name, seed) for name in FAMILIES for seed in SEEDS])
each_cohort_and_solver = pytest.mark.parametrize(
    "name, seed, solver", [(name, seed, solver) for name in FAMILIES for seed in SEEDS for solver in SOLVERS],
    ids=[f"{name}-{seed}-{solver}" for name in FAMILIES for seed in SEEDS for solver in SOLVERS])


@functools.cache
def cohort(name, seed):
    return family(name, SIZE, seed)


@functools.cache
def solved(name, seed, solver):
    return solve(*cohort(name, seed), solver)


def solve(mentors, mentees, constraints, solver):
    limit, priced = SOLVERS[solver]
    with pytest.MonkeyPatch.context() as patch:
        if priced:
            patch.setattr(candidates, "SAMPLE_MENTEES", max(2, len(mentees) // 12))
        return m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=limit)


@functools.cache
def allowed(name, seed):
    return allowed_dense(*cohort(name, seed))


@functools.cache
def optimum(name, seed):
    return exact_optimum(*cohort(name, seed))


def rows_of(result, mentors, mentees):
    """Proposed pairs as (mentee rows, mentor rows) in the order the cohort lists people."""
    mentor_row = {p.key: row for row, p in enumerate(mentors)}
    mentee_row = {p.key: row for row, p in enumerate(mentees)}
    return (np.array([mentee_row[p.mentee_key] for p in result.proposals], dtype=np.int64),
            np.array([mentor_row[p.mentor_key] for p in result.proposals], dtype=np.int64))


def test_each_family_is_deterministic_and_keyed_mentors_first():
    for name in FAMILIES:
        mentors, mentees, constraints = family(name, 30, seed=5)
        again = family(name, 30, seed=5)
        assert (mentors, mentees) == again[:2]
        assert np.array_equal(constraints.excluded_pairs(), again[2].excluded_pairs())
        assert constraints.locked == again[2].locked
        assert [p.key for p in (*mentors, *mentees)] == list(range(len(mentors) + len(mentees)))


def test_the_families_have_their_shapes():
    def answers(p):
        return (p.ratings, p.learn_topics, p.teach_topics, p.share_experience, p.learn_experience, p.goals,
                p.availability, p.utc_offset_hours, p.meeting, p.team)

    mentors, mentees, _ = family("twins", 400)
    assert len({repr(answers(p)) for p in mentees}) <= 400 - 400 // 4 + 12
    mentors, mentees, _ = family("one_and_a_half", 300)
    assert (len(mentors), sum(p.capacity for p in mentors)) == (200, 300)
    assert all(len(p.availability) <= 2 for p in family("sparse_availability", 100)[1])
    assert sum(not p.ratings for p in family("empty_answers", 100)[1]) == 20
    assert len(family("locks", 200)[2].locked) == 4
    assert (~allowed("advantage", 0).any(axis=1)).sum() >= SIZE // 20
    assert 0.04 < (~allowed("exclusions", 0)).mean() < 0.06


@each_cohort
def test_the_independent_checks_agree_on_the_most_pairs(name, seed):
    assert optimum(name, seed)[0] == maximum_pairs(*cohort(name, seed))


@each_cohort_and_solver
def test_every_rule_capacity_and_lock_holds(name, seed, solver):
    mentors, mentees, constraints = cohort(name, seed)
    result = solved(name, seed, solver)
    mentee_rows, mentor_rows = rows_of(result, mentors, mentees)
    assert allowed(name, seed)[mentee_rows, mentor_rows].all()
    assert np.unique(mentee_rows).size == mentee_rows.size
    assert np.all(np.bincount(mentor_rows, minlength=len(mentors)) <= [p.capacity for p in mentors])
    assert constraints.locked <= {(p.mentor_key, p.mentee_key) for p in result.proposals}
    paired = {p.mentor_key for p in result.proposals} | {p.mentee_key for p in result.proposals}
    assert sorted(entry.key for entry in result.waitlist) == sorted(
        p.key for p in (*mentors, *mentees) if p.key not in paired)


@each_cohort_and_solver
def test_as_many_pairs_as_the_rules_allow(name, seed, solver):
    assert len(solved(name, seed, solver).proposals) == maximum_pairs(*cohort(name, seed))


@each_cohort_and_solver
def test_every_waitlist_reason_is_true(name, seed, solver):
    mentors, mentees, _ = cohort(name, seed)
    result = solved(name, seed, solver)
    rules = allowed(name, seed)
    mentee_rows, mentor_rows = rows_of(result, mentors, mentees)
    full = np.bincount(mentor_rows, minlength=len(mentors)) == [p.capacity for p in mentors]
    paired = np.zeros(len(mentees), dtype=bool)
    paired[mentee_rows] = True
    mentee_row = {p.key: row for row, p in enumerate(mentees)}
    mentor_row = {p.key: row for row, p in enumerate(mentors)}
    for entry in result.waitlist:
        if entry.role == "mentee":
            options = rules[mentee_row[entry.key]]
            expected = m.NO_CAPACITY if options.any() else m.NO_COMPATIBLE_PARTNER
            assert (entry.reason, full[options].all()) == (expected, True)
        else:
            options = rules[:, mentor_row[entry.key]]
            expected = m.NO_MENTEE_LEFT if options.any() else m.NO_COMPATIBLE_PARTNER
            assert (entry.reason, paired[options].all()) == (expected, True)


@each_cohort_and_solver
def test_the_total_is_within_a_tenth_of_a_percent_of_the_optimum_and_proven(name, seed, solver):
    result = solved(name, seed, solver)
    _pairs, best = optimum(name, seed)
    assert result.total_score >= 0.999 * best
    assert result.total_score >= result.optimality_bound * best - 1e-6


@pytest.mark.parametrize("solver", ["sparse", "priced"])
@pytest.mark.parametrize("name", ["plain", "abundant", "everything"])
def test_a_cohort_of_identical_mentees_is_solved_and_proven_within_a_tenth_of_a_percent(name, solver):
    mentors, mentees, constraints = family(name, 1000)  # a group of a thousand twins
    copies = [replace(mentees[0], key=p.key, name=p.name) for p in mentees]  # everyone answered the same
    result = solve(mentors, copies, constraints, solver)
    pairs, best = exact_optimum(mentors, copies, constraints)
    assert len(result.proposals) == pairs
    assert result.total_score >= 0.999 * best
    assert result.optimality_bound >= 0.999


@pytest.mark.parametrize("solver", SOLVERS)
@given(st.sampled_from(FAMILIES), st.integers(4, 6), st.integers(0, 2 ** 32 - 1))
@SMALL
def test_small_cohorts_of_every_family_match_brute_force(solver, name, n_mentees, seed):
    mentors, mentees, constraints = family(name, n_mentees, seed)
    result = solve(mentors, mentees, constraints, solver)
    check_valid(result, mentors, mentees, constraints)
    (count, total), _best_total = brute_force(mentors, mentees, constraints, m.MatchWeights())
    assert len(result.proposals) == count
    assert result.total_score == pytest.approx(total, abs=1e-6)
