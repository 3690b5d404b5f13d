"""Matching reasons, the waiting list and the staff rules on small cohorts."""

import pytest
from hypothesis import given

from reverse_mentoring_xblock.core import matching as m
from tests.core.matching_people import PROPERTY, mentee, mentor, profiles

# --- reasons ---------------------------------------------------------------------------------


TITLES = {"linkedin": "LinkedIn", "video": "Video calls", "leadership": "leadership"}
DIGITAL = {
    "stronger": "{mentor} offers to teach {topic} and rates it {rating}/4; {mentee}, who wants to learn it, "
                "rates it {mentee_rating}/4",
    "equal": "{mentor} offers to teach {topic}, which {mentee} wants to learn; both rate it {rating}/4",
    "weaker": "{mentor} offers to teach {topic}, which {mentee} wants to learn, but rates it {rating}/4, "
              "lower than {mentee} ({mentee_rating}/4)",
}


def ana_and_paul(**ana_answers):
    answers = {"ratings": {"linkedin": 4}, "teach_topics": {"linkedin"}, "learn_experience": {"leadership"},
               "availability": {"tue-morning", "thu-evening"}, "utc_offset_hours": 1, **ana_answers}
    ana = mentor(1, name="Ana", **answers)
    paul = mentee(2, name="Paul", ratings={"linkedin": 1, "video": 2}, learn_topics={"linkedin", "video"},
                  share_experience={"leadership", "career"}, availability={"tue-morning", "thu-evening"},
                  utc_offset_hours=1)
    return ana, paul


def rendered(ana, paul, **options):
    (proposal,) = m.propose_matches([ana], [paul], **options).proposals
    return [reason.render() for reason in proposal.reasons]


def test_reasons_cover_both_directions_then_the_best_logistics():
    assert rendered(*ana_and_paul(), titles=TITLES) == [
        "Ana offers to teach LinkedIn and rates it 4/4; Paul, who wants to learn it, rates it 1/4",
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
    assert proposal.reasons[0].message == DIGITAL["stronger"]
    assert proposal.reasons[0].params == {"mentor": "Ana", "mentee": "Paul", "rating": 4, "mentee_rating": 1,
                                          "topic": "LinkedIn"}


def test_titles_fall_back_to_ids_and_locked_pairs_say_so():
    ana, paul = ana_and_paul()
    reasons = rendered(ana, paul, constraints=m.Constraints(locked={(1, 2)}))
    assert reasons[0] == "Locked by staff"
    assert reasons[1] == "Ana offers to teach linkedin and rates it 4/4; Paul, who wants to learn it, rates it 1/4"


def test_a_topic_the_mentor_did_not_offer_is_never_named():
    ana, paul = ana_and_paul(ratings={"linkedin": 4, "video": 3}, teach_topics={"video"})
    reasons = rendered(ana, paul, titles=TITLES)
    assert reasons[0] == "Ana offers to teach Video calls and rates it 3/4; Paul, who wants to learn it, rates it 2/4"
    assert not any("LinkedIn" in reason for reason in reasons)


def test_among_offered_topics_the_mentor_s_best_rating_then_the_widest_gap_is_named():
    ana, paul = ana_and_paul(ratings={"linkedin": 3, "video": 3}, teach_topics={"linkedin", "video"})
    assert rendered(ana, paul, titles=TITLES)[0] == (
        "Ana offers to teach LinkedIn and rates it 3/4; Paul, who wants to learn it, rates it 1/4")


@pytest.mark.parametrize(("rating", "expected"), [
    (3, "Ana offers to teach Video calls and rates it 3/4; Paul, who wants to learn it, rates it 2/4"),
    (2, "Ana offers to teach Video calls, which Paul wants to learn; both rate it 2/4"),
    (1, "Ana offers to teach Video calls, which Paul wants to learn, but rates it 1/4, lower than Paul (2/4)"),
    (0, "Ana offers to teach Video calls, which Paul wants to learn, but rates it 0/4, lower than Paul (2/4)"),
])
def test_a_weak_equal_or_lower_rating_is_shown_as_it_is(rating, expected):
    ana, paul = ana_and_paul(ratings={"linkedin": 4, "video": rating}, teach_topics={"video"})
    assert rendered(ana, paul, titles=TITLES)[0] == expected


def test_a_mentor_offering_nothing_the_mentee_wants_gets_no_digital_reason_but_two_logistics_ones():
    ana, paul = ana_and_paul(teach_topics={"ai"}, learn_experience=set(), availability=set())
    assert rendered(ana, paul, titles=TITLES) == [
        "Ana and Paul share a time zone", "Ana and Paul can both meet remotely or in person"]


@pytest.mark.parametrize(("offsets", "expected"), [
    ((5.5, 0), "Ana and Paul are 5.5 h apart"),
    ((-3.5, 9), "Ana and Paul are 11.5 h apart"),
    ((-12, 12), "Ana and Paul keep the same clock hours, a day apart"),
    ((2, 2), "Ana and Paul share a time zone"),
])
def test_the_time_zone_reason_says_how_far_apart_the_clocks_are(offsets, expected):
    ana = mentor(1, name="Ana", utc_offset_hours=offsets[0])
    paul = mentee(2, name="Paul", utc_offset_hours=offsets[1])
    assert expected in rendered(ana, paul)


def test_the_goals_reason_names_only_words_both_wrote():
    ana = mentor(1, name="Ana", goals="Grow my network and my confidence")
    paul = mentee(2, name="Paul", goals="Build confidence with data and my network")
    assert "Ana and Paul both mention confidence, network in their goals" in rendered(ana, paul)
    alone = mentee(2, name="Paul", goals="Learn spreadsheets")
    assert not any("goals" in reason for reason in rendered(ana, alone))


def test_a_pair_with_little_in_common_still_gets_two_honest_reasons():
    far = mentor(1, name="Ana", meeting="remote", utc_offset_hours=-6)
    away = mentee(2, name="Paul", meeting="in_person", utc_offset_hours=6)
    (proposal,) = m.propose_matches([far], [away]).proposals
    assert proposal.breakdown["meeting"] == 0 and proposal.score == 0
    assert [reason.render() for reason in proposal.reasons] == [
        "Ana and Paul are 12 h apart", "Ana wants to meet remotely, Paul in person"]


@given(profiles("mentor", 1), profiles("mentee", 2))
@PROPERTY
def test_every_digital_reason_names_an_offered_wanted_topic_with_the_true_ratings(ana, paul):
    (proposal,) = m.propose_matches([ana], [paul]).proposals
    assert 1 <= len(proposal.reasons) <= 3
    digital = [reason for reason in proposal.reasons if reason.message in DIGITAL.values()]
    offered = ana.teach_topics & paul.learn_topics
    assert len(digital) == (1 if offered else 0)
    for reason in digital:
        topic = reason.params["topic"]
        rating, mentee_rating = ana.ratings.get(topic, 0), paul.ratings.get(topic, 0)
        assert topic in offered
        assert (reason.params["rating"], reason.params["mentee_rating"]) == (rating, mentee_rating)
        assert rating == max(ana.ratings.get(t, 0) for t in offered)
        strength = "stronger" if rating > mentee_rating else "equal" if rating == mentee_rating else "weaker"
        assert reason.message == DIGITAL[strength]


# --- constraints, waitlist, errors -----------------------------------------------------------


def test_waitlist_says_why_each_person_is_left_out():
    mentors = [mentor(1, team="sales"), mentor(2, team="hr"), mentor(3, team="it")]
    mentees = [mentee(10, team="sales"), mentee(11, team="hr"), mentee(12, team="ops"), mentee(13, team="ops")]
    excluded = {(1, 12), (2, 12), (3, 12), (3, 11), (3, 10)}
    result = m.propose_matches(mentors, mentees, constraints=m.Constraints(excluded=excluded, separate_teams=True))
    assert {(p.mentor_key, p.mentee_key) for p in result.proposals} == {(1, 11), (2, 10), (3, 13)}
    assert result.waitlist == (m.WaitlistEntry(12, "mentee", m.NO_COMPATIBLE_PARTNER),)
    more = m.propose_matches(mentors, [*mentees, mentee(14)], constraints=m.Constraints(excluded=excluded))
    assert m.WaitlistEntry(12, "mentee", m.NO_COMPATIBLE_PARTNER) in more.waitlist
    assert sum(entry.reason == m.NO_CAPACITY for entry in more.waitlist) == 1
    idle = m.propose_matches([*mentors, mentor(4)], mentees[:1])
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
    {"locked": {(1, 99)}}, {"locked": {(1, 10), (2, 10)}}, {"locked": {(1, 10), (1, 11)}},
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
