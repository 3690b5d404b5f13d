"""Matchmaking: scoring by hand, optimality against brute force, constraints and stability as properties.

Pure module, plain pytest + hypothesis: no Django, no XBlock.
"""
import itertools
import math
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reverse_mentoring_xblock import matching as m

# The suite-wide conftest gives every test a database; these tests need none (and hypothesis
# refuses function-scoped fixtures in @given tests), so the fixture is overridden here.
PROPERTY = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
BRUTE = settings(PROPERTY, max_examples=80)


@pytest.fixture(autouse=True)
def _db_everywhere():
    """Override of the suite-wide database fixture: matching is pure."""


def mentor(key, **answers):
    return m.Profile(key=key, name=answers.pop("name", f"M{key}"), role="mentor", **answers)


def mentee(key, **answers):
    return m.Profile(key=key, name=answers.pop("name", f"E{key}"), role="mentee", **answers)


# --- scoring, by hand ------------------------------------------------------------------------


def test_goal_words_lower_case_letters_only_without_short_and_stop_words():
    assert m.goal_words("Grow my LinkedIn network through this program, and LEARN about AI-tools in 2025!") == {
        "linkedin", "network", "learn", "tools"}


@pytest.mark.parametrize("a, b, hours", [(0, 0, 0), (1, -5, 6), (10, -12, 2), (5.5, 0, 5.5), (14, -12, 2), (-6, 6, 12)])
def test_hours_apart_go_round_the_day_the_short_way(a, b, hours):
    assert m.hours_apart(a, b) == hours


def test_digital_is_the_mentors_mean_rating_over_the_topics_the_mentee_wants():
    ana = mentor(1, ratings={"linkedin": 4, "video": 2, "ai": 0})
    paul = mentee(2, learn_topics={"linkedin", "video"})
    assert m.score_components(ana, paul)["digital"] == pytest.approx((4 / 4 + 2 / 4) / 2)


def test_digital_is_zero_when_the_mentee_wants_nothing_or_the_mentor_rates_nothing():
    assert m.score_components(mentor(1, ratings={"ai": 4}), mentee(2))["digital"] == 0
    assert m.score_components(mentor(1), mentee(2, learn_topics={"ai"}))["digital"] == 0


def test_reverse_is_the_share_of_the_mentors_wishes_the_mentee_can_share():
    ana = mentor(1, learn_experience={"leadership", "stress"})
    paul = mentee(2, share_experience={"leadership", "career"})
    assert m.score_components(ana, paul)["reverse"] == pytest.approx(1 / 2)


def test_goals_is_the_word_overlap_over_the_geometric_mean_of_the_word_counts():
    ana = mentor(1, goals="Improve my LinkedIn presence and leadership")  # improve linkedin presence leadership
    paul = mentee(2, goals="Leadership coaching; LinkedIn!")  # leadership coaching linkedin
    assert m.score_components(ana, paul)["goals"] == pytest.approx(2 / math.sqrt(4 * 3))


@pytest.mark.parametrize("mentor_slots, mentee_slots, expected", [
    ({"mon-morning", "tue-evening"}, {"wed-morning"}, 0.0),
    ({"mon-morning", "tue-evening"}, {"mon-morning", "fri-evening"}, 0.5),
    ({"mon-morning", "tue-evening", "sun-evening"}, {"mon-morning", "tue-evening"}, 1.0),
    ({"mon-morning", "tue-evening", "sun-evening"}, {"mon-morning", "tue-evening", "sun-evening"}, 1.0),
])
def test_availability_counts_common_slots_up_to_two(mentor_slots, mentee_slots, expected):
    score = m.score_components(mentor(1, availability=mentor_slots), mentee(2, availability=mentee_slots))
    assert score["availability"] == pytest.approx(expected)


@pytest.mark.parametrize("a, b, expected", [(1, -5, 0.5), (10, -12, 1 - 2 / 12), (3, 3, 1.0), (-6, 6, 0.0)])
def test_time_zone_closeness_falls_linearly_to_zero_at_twelve_hours(a, b, expected):
    score = m.score_components(mentor(1, utc_offset_hours=a), mentee(2, utc_offset_hours=b))
    assert score["time_zone"] == pytest.approx(expected)


@pytest.mark.parametrize("a, b, expected", [
    ("remote", "in_person", 0.0), ("in_person", "remote", 0.0), ("remote", "remote", 1.0),
    ("in_person", "in_person", 1.0), ("either", "in_person", 1.0), ("remote", "either", 1.0), ("either", "either", 1.0),
])
def test_meeting_only_remote_against_in_person_conflicts(a, b, expected):
    assert m.score_components(mentor(1, meeting=a), mentee(2, meeting=b))["meeting"] == expected


def test_a_proposals_breakdown_is_each_component_times_its_normalised_weight():
    weights = m.MatchWeights(digital=2, reverse=1, goals=0, availability=1, time_zone=0, meeting=0)
    ana = mentor(1, ratings={"linkedin": 3}, learn_experience={"leadership"}, availability={"mon-morning"})
    paul = mentee(2, learn_topics={"linkedin"}, share_experience={"leadership"}, availability={"mon-morning"})
    (proposal,) = m.propose_matches([ana], [paul], weights).proposals
    assert proposal.breakdown == pytest.approx(
        {"digital": 0.5 * 0.75, "reverse": 0.25, "goals": 0, "availability": 0.25 * 0.5, "time_zone": 0, "meeting": 0})
    assert proposal.score == pytest.approx(0.375 + 0.25 + 0.125)


@given(st.data())
@PROPERTY
def test_the_score_matrix_agrees_with_the_pairwise_components_and_lies_in_0_1(data):
    mentors, mentees, _ = data.draw(cohorts())
    weights = m.MatchWeights()
    matrix = m.score_matrix(mentors, mentees, weights)
    for (i, a), (j, b) in itertools.product(enumerate(mentors), enumerate(mentees)):
        expected = sum(weights.normalised()[c] * v for c, v in m.score_components(a, b).items())
        assert matrix[i, j] == pytest.approx(expected, abs=1e-12)
    assert np.all((matrix >= -1e-12) & (matrix <= 1 + 1e-12))


def test_weights_must_be_non_negative_finite_and_not_all_zero():
    for bad in ({"digital": -1}, {"goals": math.nan}, {"digital": math.inf}):
        with pytest.raises(ValueError):
            m.MatchWeights(**bad)
    with pytest.raises(ValueError):
        m.MatchWeights(**{name: 0 for name in m.COMPONENTS})
    assert sum(m.MatchWeights().normalised().values()) == pytest.approx(1)
    assert max(m.MatchWeights().normalised(), key=m.MatchWeights().normalised().get) == "digital"


@pytest.mark.parametrize("answers", [
    {"role": "boss"}, {"ratings": {"ai": 5}}, {"availability": {"mon-night"}}, {"meeting": "phone"},
    {"utc_offset_hours": 15}, {"capacity": 4}, {"capacity": 0},
])
def test_impossible_answers_are_refused(answers):
    with pytest.raises(ValueError):
        m.Profile(key=1, name="x", **{"role": "mentor", **answers})


# --- reasons ---------------------------------------------------------------------------------


TITLES = {"linkedin": "LinkedIn", "leadership": "leadership"}


def ana_and_paul():
    ana = mentor(1, name="Ana", ratings={"linkedin": 4}, teach_topics=set(), learn_experience={"leadership"},
                 availability={"tue-morning", "thu-evening"}, utc_offset_hours=1)
    paul = mentee(2, name="Paul", ratings={"linkedin": 1}, learn_topics={"linkedin"},
                  share_experience={"leadership", "career"}, availability={"tue-morning", "thu-evening"},
                  utc_offset_hours=1)
    return ana, paul


def test_reasons_cover_both_directions_then_the_best_logistics():
    ana, paul = ana_and_paul()
    (proposal,) = m.propose_matches([ana], [paul], titles=TITLES).proposals
    assert [reason.render() for reason in proposal.reasons] == [
        "Ana rates 4/4 in LinkedIn, which Paul wants to learn",
        "Paul shares experience in leadership, which Ana asked for",
        "Ana and Paul are both free on Tuesday mornings and Thursday evenings",
    ]


def test_reasons_are_msgids_with_named_parameters_translated_before_formatting():
    ana, paul = ana_and_paul()
    (proposal,) = m.propose_matches([ana], [paul], titles=TITLES).proposals
    catalogue = {"{mentor} and {mentee} are both free on {slot} and {other_slot}":
                 "{mentee}, {mentor} : {slot}, {other_slot}",
                 "Tuesday mornings": "le mardi matin", "Thursday evenings": "le jeudi soir"}
    french = proposal.reasons[2].render(lambda text: catalogue.get(text, text))
    assert french == "Paul, Ana : le mardi matin, le jeudi soir"
    assert proposal.reasons[0].params == {"mentor": "Ana", "mentee": "Paul", "rating": 4, "topic": "LinkedIn"}


def test_titles_fall_back_to_ids_and_locked_pairs_say_so():
    ana, paul = ana_and_paul()
    result = m.propose_matches([ana], [paul], constraints=m.Constraints(locked={(1, 2)}))
    reasons = [reason.render() for reason in result.proposals[0].reasons]
    assert reasons[0] == "Locked by staff"
    assert reasons[1] == "Ana rates 4/4 in linkedin, which Paul wants to learn"


def test_a_pair_with_little_in_common_still_gets_two_honest_reasons():
    far = mentor(1, name="Ana", meeting="remote", utc_offset_hours=-6)
    away = mentee(2, name="Paul", meeting="in_person", utc_offset_hours=6)
    (proposal,) = m.propose_matches([far], [away]).proposals
    assert proposal.breakdown["meeting"] == 0 and proposal.score == 0
    assert [reason.render() for reason in proposal.reasons] == [
        "Ana and Paul are 12 h apart", "Ana wants to meet remotely, Paul in person"]


# --- constraints, waitlist, errors -----------------------------------------------------------


def test_waitlist_says_why_each_person_is_left_out():
    mentors = [mentor(1, team="sales"), mentor(2, team="hr"), mentor(3, team="it")]
    mentees = [mentee(10, team="sales"), mentee(11, team="hr"), mentee(12, team="ops"), mentee(13, team="ops")]
    excluded = {(1, 12), (2, 12), (3, 12), (3, 11), (3, 10)}
    result = m.propose_matches(mentors, mentees, constraints=m.Constraints(excluded=excluded, separate_teams=True))
    assert {(p.mentor_key, p.mentee_key) for p in result.proposals} == {(1, 11), (2, 10), (3, 13)}
    assert result.waitlist == (m.WaitlistEntry(12, "mentee", m.NO_COMPATIBLE_PARTNER),)
    more = m.propose_matches(mentors, mentees + [mentee(14)], constraints=m.Constraints(excluded=excluded))
    assert m.WaitlistEntry(12, "mentee", m.NO_COMPATIBLE_PARTNER) in more.waitlist
    assert sum(entry.reason == m.NO_CAPACITY for entry in more.waitlist) == 1
    idle = m.propose_matches(mentors + [mentor(4)], mentees[:1])
    assert {entry.reason for entry in idle.waitlist} == {m.NO_MENTEE_LEFT}


@pytest.mark.parametrize("exact_limit", [0, m.EXACT_LIMIT])
def test_empty_sides_and_all_forbidden_cohorts_leave_everyone_waiting(exact_limit):
    assert m.propose_matches([], [], exact_limit=exact_limit) == m.MatchResult((), 0.0, (), "exact", 1.0)
    alone = m.propose_matches([mentor(1)], [], exact_limit=exact_limit)
    assert alone.waitlist == (m.WaitlistEntry(1, "mentor", m.NO_COMPATIBLE_PARTNER),)
    apart = m.propose_matches([mentor(1)], [mentee(2)], constraints=m.Constraints(excluded={(1, 2)}),
                              exact_limit=exact_limit)
    assert (apart.proposals, apart.optimality_bound) == ((), 1.0)
    assert {entry.reason for entry in apart.waitlist} == {m.NO_COMPATIBLE_PARTNER}


def test_a_mentor_nobody_may_meet_is_waitlisted_as_incompatible():
    result = m.propose_matches([mentor(1), mentor(2)], [mentee(10)],
                               constraints=m.Constraints(excluded={(2, 10)}))
    assert m.WaitlistEntry(2, "mentor", m.NO_COMPATIBLE_PARTNER) in result.waitlist


@pytest.mark.parametrize("constraints", [
    dict(locked={(1, 99)}), dict(locked={(1, 10), (2, 10)}), dict(locked={(1, 10), (1, 11)}),
])
def test_impossible_locks_are_refused(constraints):
    with pytest.raises(ValueError):
        m.propose_matches([mentor(1), mentor(2)], [mentee(10), mentee(11)], constraints=m.Constraints(**constraints))


def test_a_pair_cannot_be_both_locked_and_excluded():
    with pytest.raises(ValueError):
        m.Constraints(excluded={(1, 2)}, locked={(1, 2)})


def test_keys_must_be_unique_roles_right_and_sides_disjoint():
    with pytest.raises(ValueError):
        m.propose_matches([mentor(1), mentor(1)], [mentee(2)])
    with pytest.raises(ValueError):
        m.propose_matches([mentee(1)], [mentee(2)])
    with pytest.raises(ValueError):
        m.propose_matches([mentor(1)], [mentee(1)])


def test_a_lock_overrides_the_team_and_advantage_rules():
    ana = mentor(1, team="sales", ratings={"ai": 0})
    paul = mentee(2, team="sales", learn_topics={"ai"}, ratings={"ai": 3})
    rules = m.Constraints(locked={(1, 2)}, separate_teams=True, require_mentor_advantage=True)
    (proposal,) = m.propose_matches([ana], [paul], constraints=rules).proposals
    assert (proposal.mentor_key, proposal.mentee_key, proposal.locked) == (1, 2, True)
    assert not m.propose_matches([ana], [paul], constraints=m.Constraints(separate_teams=True)).proposals
    assert not m.propose_matches([ana], [paul], constraints=m.Constraints(require_mentor_advantage=True)).proposals


# --- properties ------------------------------------------------------------------------------

TOPICS = ("linkedin", "video", "ai")
AREAS = ("leadership", "stress")
SLOT_POOL = ("mon-morning", "tue-evening", "wed-afternoon", "sat-morning")
WORDS = ("network", "confidence", "leadership", "linkedin", "career", "data")


@st.composite
def profiles(draw, role, key):
    def subset(pool):
        return draw(st.frozensets(st.sampled_from(pool)))

    return m.Profile(
        key=key, name=f"{role}-{key}", role=role,
        ratings={t: draw(st.integers(0, 4)) for t in subset(TOPICS)},
        learn_topics=subset(TOPICS), teach_topics=subset(TOPICS),
        share_experience=subset(AREAS), learn_experience=subset(AREAS),
        goals=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=4))),
        availability=subset(SLOT_POOL), utc_offset_hours=draw(st.sampled_from([-5, 0, 1, 5.5, 9])),
        meeting=draw(st.sampled_from(m.MEETING_MODES)), team=draw(st.sampled_from(["", "x", "y"])),
        capacity=draw(st.integers(1, 3)) if role == "mentor" else 1,
    )


@st.composite
def cohorts(draw, max_mentors=4, max_mentees=5):
    """Mentors, mentees (keys interleaved, so key order differs from list order) and constraints."""
    n_mentors, n_mentees = draw(st.integers(1, max_mentors)), draw(st.integers(1, max_mentees))
    keys = draw(st.permutations(range(100, 100 + n_mentors + n_mentees)))
    mentors = [draw(profiles("mentor", key)) for key in keys[:n_mentors]]
    mentees = [draw(profiles("mentee", key)) for key in keys[n_mentors:]]
    pairs = [(a.key, b.key) for a in mentors for b in mentees]
    excluded = draw(st.frozensets(st.sampled_from(pairs), max_size=len(pairs) // 2))
    lockable = [pair for pair in pairs if pair not in excluded]
    locked, load, taken = set(), {}, set()
    for mentor_key, mentee_key in draw(st.lists(st.sampled_from(lockable), max_size=2)) if lockable else []:
        capacity = next(p.capacity for p in mentors if p.key == mentor_key)
        if mentee_key not in taken and load.get(mentor_key, 0) < capacity:
            locked.add((mentor_key, mentee_key))
            taken.add(mentee_key)
            load[mentor_key] = load.get(mentor_key, 0) + 1
    constraints = m.Constraints(excluded=excluded, locked=frozenset(locked), separate_teams=draw(st.booleans()),
                                require_mentor_advantage=draw(st.booleans()))
    return mentors, mentees, constraints


def allowed(a, b, constraints):
    """The rules, written out independently of the module."""
    if (a.key, b.key) in constraints.locked:
        return True
    if (a.key, b.key) in constraints.excluded:
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
    for j, b in enumerate(mentees):
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
    assert not (constraints.excluded & pairs)
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
                         goals=" ".join(rng.sample(WORDS, 3)), availability=pick(list(m.SLOTS)),
                         utc_offset_hours=rng.choice([-5, 0, 1, 2, 8]), meeting=rng.choice(m.MEETING_MODES),
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


def test_blocking_pairs_refuse_cohorts_above_the_limit():
    with pytest.raises(ValueError):
        m.blocking_pairs(m.MatchResult((), 0, (), "exact", 1), [mentor(1), mentor(2)], [mentee(3)], max_cohort=1)


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
        mentee_gains = b.key not in partner or learns(a, b) > learns(by_key[partner[b.key]], b) + m.GAIN_TOLERANCE
        own = [by_key[e] for e, mk in partner.items() if mk == a.key]
        mentor_gains = len(own) < a.capacity or teaches(a, b) > min(teaches(a, e) for e in own) + m.GAIN_TOLERANCE
        if mentee_gains and mentor_gains:
            expected.add((a.key, b.key))
    assert report.blocking_pair_count == len(expected)
    for row in report.proposals:
        involved = {pair for pair in expected if pair[0] == row.mentor_key or pair[1] == row.mentee_key}
        assert row.blocking_pairs == len(involved)
        assert (row.example is None) == (not involved) and (row.example is None or row.example in involved)
