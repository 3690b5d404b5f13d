"""Matching solvers: optimal against brute force, constraints and order as properties, stability."""
import gc
import itertools
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock.core import matching as m
from reverse_mentoring_xblock.core.matching import cohort as cohort_module
from reverse_mentoring_xblock.core.matching import stability
from reverse_mentoring_xblock.core.matching.stability import GAIN_TOLERANCE
from reverse_mentoring_xblock.core.vocabulary import AVAILABILITY_SLOTS, MEETING_PREFERENCES
from tests.core.matching_families import family
from tests.core.matching_people import BRUTE, PROPERTY, WORDS, cohorts, mentee, mentor


def allowed(a, b, constraints):
    """The rules, written out independently of the module."""
    if (a.key, b.key) in constraints.locked:
        return True
    if constraints.is_excluded(a.key, b.key):
        return False
    if constraints.separate_teams and a.team and a.team == b.team:
        return False
    if constraints.require_mentor_advantage:
        return any(a.ratings.get(t, 0) > b.ratings.get(t, 0) for t in b.learn_topics)
    return True


def brute_force(mentors, mentees, constraints, weights):
    """Best (number of pairs, total score) over every assignment that honours the constraints,
    and the best total score regardless of the number of pairs."""
    scores = m.score_matrix(mentors, mentees, weights)
    locked_mentor = {e: mk for mk, e in constraints.locked}
    options = []
    for b in mentees:
        if b.key in locked_mentor:
            options.append([next(i for i, a in enumerate(mentors) if a.key == locked_mentor[b.key])])
        else:
            options.append([None] + [i for i, a in enumerate(mentors) if allowed(a, b, constraints)])
    best, best_total = (-1, -1.0), 0.0
    for choice in itertools.product(*options):
        load = np.bincount([i for i in choice if i is not None], minlength=len(mentors))
        if np.all(load <= [a.capacity for a in mentors]):
            pairs = [(i, j) for j, i in enumerate(choice) if i is not None]
            value = (len(pairs), sum(scores[i, j] for i, j in pairs))
            if value[0] > best[0] or (value[0] == best[0] and value[1] > best[1] + 1e-12):
                best = value
            best_total = max(best_total, value[1])
    return best, best_total


def check_valid(result, mentors, mentees, constraints):
    """Every rule, capacity and bookkeeping promise of a result."""
    by_key = {p.key: p for p in (*mentors, *mentees)}
    pairs = {(p.mentor_key, p.mentee_key) for p in result.proposals}
    assert constraints.locked <= pairs
    assert not any(constraints.is_excluded(*pair) for pair in pairs)
    for mentor_key, mentee_key in pairs:
        assert by_key[mentor_key].role == "mentor" and by_key[mentee_key].role == "mentee"
        assert allowed(by_key[mentor_key], by_key[mentee_key], constraints)
    mentee_keys = [e for _m, e in pairs]
    assert len(mentee_keys) == len(set(mentee_keys))
    for a in mentors:
        assert sum(mk == a.key for mk, _e in pairs) <= a.capacity
    paired = {k for pair in pairs for k in pair}
    waiting = [entry.key for entry in result.waitlist]
    assert sorted(waiting + list(paired)) == sorted(by_key) and not set(waiting) & paired
    assert all(1 <= len(p.reasons) <= 3 and all(r.render() for r in p.reasons) for p in result.proposals)
    assert result.total_score == pytest.approx(sum(p.score for p in result.proposals))
    assert all(p.score == pytest.approx(sum(p.breakdown.values())) for p in result.proposals)


@given(cohorts())
@BRUTE
def test_the_exact_solver_is_optimal_against_brute_force(cohort):
    mentors, mentees, constraints = cohort
    result = m.propose_matches(mentors, mentees, constraints=constraints)
    check_valid(result, mentors, mentees, constraints)
    (count, total), _best_total = brute_force(mentors, mentees, constraints, m.MatchWeights())
    assert (len(result.proposals), result.method, result.optimality_bound) == (count, "exact", 1.0)
    assert result.total_score == pytest.approx(total, abs=1e-9)


@given(cohorts())
@BRUTE
def test_the_sparse_solver_is_optimal_when_every_pair_is_a_candidate(cohort):
    # At most MIN_CANDIDATES_PER_MENTEE mentors: every pair enters the sparse problem, which is solved exactly.
    mentors, mentees, constraints = cohort
    result = m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=0)
    check_valid(result, mentors, mentees, constraints)
    (count, total), best_total = brute_force(mentors, mentees, constraints, m.MatchWeights())
    assert len(result.proposals) == count
    assert result.total_score == pytest.approx(total, abs=1e-6)
    # The proof: no assignment, whatever its number of pairs, beats total / optimality_bound.
    assert result.optimality_bound <= 1
    assert result.total_score >= result.optimality_bound * best_total - 1e-4


@given(cohorts(max_mentors=12, max_mentees=16), st.booleans())
@PROPERTY
def test_constraints_hold_on_both_solvers(cohort, sparse):
    mentors, mentees, constraints = cohort
    result = m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=0 if sparse else m.EXACT_LIMIT)
    check_valid(result, mentors, mentees, constraints)


@given(cohorts(max_mentors=10, max_mentees=12), st.booleans(), st.randoms(use_true_random=False))
@PROPERTY
def test_same_input_in_any_order_gives_the_same_result(cohort, sparse, shuffler):
    mentors, mentees, constraints = cohort
    limit = 0 if sparse else m.EXACT_LIMIT
    first = m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=limit)
    assert m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=limit) == first
    shuffled_mentors, shuffled_mentees = mentors[:], mentees[:]
    shuffler.shuffle(shuffled_mentors)
    shuffler.shuffle(shuffled_mentees)
    assert m.propose_matches(shuffled_mentors, shuffled_mentees, constraints=constraints, exact_limit=limit) == first


def random_cohort(n_mentors, n_mentees, seed):
    rng = random.Random(seed)

    def pick(pool):
        return frozenset(rng.sample(pool, rng.randint(1, len(pool))))

    topics = [f"t{i}" for i in range(8)]
    areas = [f"a{i}" for i in range(5)]

    def person(key, role):
        return m.Profile(key=key, name=str(key), role=role, ratings={t: rng.randint(0, 4) for t in topics},
                         learn_topics=pick(topics), share_experience=pick(areas), learn_experience=pick(areas),
                         goals=" ".join(rng.sample(WORDS, 3)), availability=pick(list(AVAILABILITY_SLOTS)),
                         utc_offset_hours=rng.choice([-5, 0, 1, 2, 8]), meeting=rng.choice(MEETING_PREFERENCES),
                         team=rng.choice(["", "a", "b", "c"]), capacity=rng.randint(1, 3) if role == "mentor" else 1)

    return ([person(key, "mentor") for key in range(n_mentors)],
            [person(n_mentors + key, "mentee") for key in range(n_mentees)])


@pytest.mark.parametrize("n_mentors, n_mentees", [(300, 400), (400, 300)])
def test_the_sparse_solver_comes_within_a_tenth_of_a_percent_and_proves_it(n_mentors, n_mentees):
    mentors, mentees = random_cohort(n_mentors, n_mentees, seed=n_mentors)
    constraints = m.Constraints(separate_teams=True, excluded={(k, n_mentors + k) for k in range(50)})
    exact = m.propose_matches(mentors, mentees, constraints=constraints)
    sparse = m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=0)
    check_valid(sparse, mentors, mentees, constraints)
    assert len(sparse.proposals) == len(exact.proposals)
    assert sparse.total_score >= 0.999 * exact.total_score
    assert sparse.total_score >= sparse.optimality_bound * exact.total_score - 1e-6
    assert sparse.optimality_bound > 0.99


# --- stability -------------------------------------------------------------------------------


def test_blocking_pairs_name_who_would_leave_for_whom():
    ana = mentor(1, ratings={"ai": 4}, learn_experience={"leadership"})
    ben = mentor(2, ratings={"ai": 1}, learn_experience={"stress"})
    paul = mentee(10, learn_topics={"ai"}, share_experience={"stress"})
    rita = mentee(11, learn_topics={"ai"}, share_experience={"leadership"})
    # Proposed: Ana-Paul, Ben-Rita. Rita learns more with Ana and Ana learns more from Rita.
    result = m.MatchResult(proposals=(m.Proposal(1, 10, 0, {}, ()), m.Proposal(2, 11, 0, {}, ())),
                           total_score=0, waitlist=(), method="exact", optimality_bound=1)
    report = m.blocking_pairs(result, [ana, ben], [paul, rita])
    assert report.blocking_pair_count == 1
    assert report.proposals == (m.ProposalStability(1, 10, 1, (1, 11)), m.ProposalStability(2, 11, 1, (1, 11)))
    excluded = m.blocking_pairs(result, [ana, ben], [paul, rita], m.Constraints(excluded={(1, 11)}))
    assert excluded.blocking_pair_count == 0


def test_blocking_pairs_do_not_depend_on_the_block_size(monkeypatch):
    mentors, mentees = random_cohort(300, 300, seed=7)
    constraints = m.Constraints(separate_teams=True, excluded={(k, 300 + k) for k in range(50)})
    result = m.propose_matches(mentors, mentees, constraints=constraints)
    one_block = m.blocking_pairs(result, mentors, mentees, constraints)
    monkeypatch.setattr(stability, "CHUNK_CELLS", 1000)  # blocks of 3 mentee rows
    many_blocks = m.blocking_pairs(result, mentors, mentees, constraints)
    assert many_blocks == one_block
    assert one_block.blocking_pair_count > 0


@pytest.mark.parametrize("name", ["twins_scarce", "everything"])
def test_the_large_cohort_solver_gives_the_same_result_whatever_the_blocks_and_threads(monkeypatch, name):
    mentors, mentees, constraints = family(name, 300)
    whole = m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=0)
    monkeypatch.setattr(cohort_module, "CHUNK_CELLS", 2000)  # blocks of a few mentee rows
    threaded = m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=0)
    monkeypatch.setattr(cohort_module, "BLOCK_WORKERS", 1)
    in_turn = m.propose_matches(mentors, mentees, constraints=constraints, exact_limit=0)
    assert threaded == in_turn
    assert (threaded.proposals, threaded.waitlist) == (whole.proposals, whole.waitlist)
    # Block sums are float32: another cut of the rows moves the bound in its last digits only.
    assert threaded.optimality_bound == pytest.approx(whole.optimality_bound, abs=1e-6)


def test_a_run_leaves_the_cycle_collector_as_it_found_it():
    mentors, mentees = random_cohort(30, 30, seed=3)
    seen = []
    original_assign = m.assign
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(m, "assign", lambda *args: seen.append(gc.isenabled()) or original_assign(*args))
        m.propose_matches(mentors, mentees)
        assert seen == [False] and gc.isenabled()
        gc.disable()
        try:
            m.propose_matches(mentors, mentees)
            assert not gc.isenabled()
        finally:
            gc.enable()
        with pytest.raises(ValueError):
            m.propose_matches(mentors, mentees + mentees[:1])  # a key twice
        assert gc.isenabled()


@given(cohorts(max_mentors=6, max_mentees=7))
@PROPERTY
def test_blocking_pairs_follow_their_definition(cohort):
    mentors, mentees, constraints = cohort
    result = m.propose_matches(mentors, mentees, constraints=constraints)
    report = m.blocking_pairs(result, mentors, mentees, constraints)

    def learns(a, b):  # what the mentee gains
        return m.score_components(a, b)["digital"]

    def teaches(a, b):  # what the mentor gains
        return m.score_components(a, b)["reverse"]

    partner = {p.mentee_key: p.mentor_key for p in result.proposals}
    by_key = {p.key: p for p in (*mentors, *mentees)}
    expected = set()
    for a, b in itertools.product(mentors, mentees):
        if partner.get(b.key) == a.key or not allowed(a, b, constraints) or (a.key, b.key) in constraints.locked:
            continue
        mentee_gains = b.key not in partner or learns(a, b) > learns(by_key[partner[b.key]], b) + GAIN_TOLERANCE
        own = [by_key[e] for e, mk in partner.items() if mk == a.key]
        mentor_gains = len(own) < a.capacity or teaches(a, b) > min(teaches(a, e) for e in own) + GAIN_TOLERANCE
        if mentee_gains and mentor_gains:
            expected.add((a.key, b.key))
    assert report.blocking_pair_count == len(expected)
    for row in report.proposals:
        involved = {pair for pair in expected if pair[0] == row.mentor_key or pair[1] == row.mentee_key}
        assert row.blocking_pairs == len(involved)
        assert (row.example is None) == (not involved) and (row.example is None or row.example in involved)
