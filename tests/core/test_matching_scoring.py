"""Matching scores, by hand: each component, the weights, and the answers a profile refuses."""
import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock.core import matching as m
from reverse_mentoring_xblock.core.matching.scoring import goal_words, hours_apart
from reverse_mentoring_xblock.core.vocabulary import MATCH_COMPONENTS
from tests.core.matching_people import PROPERTY, cohorts, mentee, mentor

# --- scoring, by hand ------------------------------------------------------------------------


def test_goal_words_lower_case_letters_only_without_short_and_stop_words():
    assert goal_words("Grow my LinkedIn network through this program, and LEARN about AI-tools in 2025!") == {
        "linkedin", "network", "learn", "tools"}


@pytest.mark.parametrize("a, b, hours", [(0, 0, 0), (1, -5, 6), (10, -12, 2), (5.5, 0, 5.5), (14, -12, 2), (-6, 6, 12)])
def test_hours_apart_go_round_the_day_the_short_way(a, b, hours):
    assert hours_apart(a, b) == hours


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
        m.MatchWeights(**dict.fromkeys(MATCH_COMPONENTS, 0))
    assert sum(m.MatchWeights().normalised().values()) == pytest.approx(1)
    assert max(m.MatchWeights().normalised(), key=m.MatchWeights().normalised().get) == "digital"


@pytest.mark.parametrize("answers", [
    {"role": "boss"}, {"ratings": {"ai": 5}}, {"availability": {"mon-night"}}, {"meeting": "phone"},
    {"utc_offset_hours": 15}, {"capacity": 4}, {"capacity": 0},
])
def test_impossible_answers_are_refused(answers):
    with pytest.raises(ValueError):
        m.Profile(key=1, name="x", **{"role": "mentor", **answers})
