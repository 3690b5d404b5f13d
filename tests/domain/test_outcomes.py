"""The Outcomes card's counts read from the database: people by self-described group and mentor retention, against
hand-computed fixtures, in a fixed number of queries, each program's own."""
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devsite.cohort import populate
from reverse_mentoring_xblock import access, domain, platform
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.outcomes import SAME_ANSWER, GroupCounts, group_table
from reverse_mentoring_xblock.core.payloads import FeedbackAnswers, parse_session_log
from reverse_mentoring_xblock.core.table_queries import PairQuery
from reverse_mentoring_xblock.domain.dashboard import pair_page
from reverse_mentoring_xblock.domain.outcomes import outcome_counts
from reverse_mentoring_xblock.domain.overview import overview
from reverse_mentoring_xblock.domain.overview_cache import shared_overview
from tests.factories import config, intake, session_log

GROUP = {"id": "group", "text": "Which group do you feel part of?", "kind": "choice",
         "choices": ["Women", "Men", "Non-binary"], "required": False, "shown_to": "staff"}
AGE = {"id": "age", "text": "How old are you?", "kind": "choice", "choices": ["Under 30", "30 and over"],
       "required": False, "shown_to": "staff"}
ASKED = config(sessions_planned=1, intake_questions=[GROUP, AGE])  # one confirmed session completes a pair
CONFIG = config(sessions_planned=1, intake_questions=[GROUP, AGE], goal_kind="inclusion", group_question="group")
TODAY = date(2026, 5, 1)


def at(day):
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)


class People:
    """Learners of one program who join with their answers, pair, meet, give feedback and leave, through the domain."""

    def __init__(self, program):
        self.program, self.ids, self.users = program, {}, {}

    def join(self, name, role, group=None, age="Under 30"):
        user = get_user_model().objects.create(username=f"{self.program.usage_key[-12:]}-{name}".lower())
        caller = access.Caller(user_id=user.pk, username=user.username, anonymous_id=f"anon-{user.pk}")
        answers = {"questions": {"group": group or "", "age": age}} if group is not None else {}
        participant = domain.save_intake(self.program, caller, parse_intake(
            intake(role, public_name=name, **answers), ASKED), now=at(date(2026, 1, 1)))
        self.ids[name], self.users[name] = participant.pk, user.pk
        return participant

    def pair(self, mentor, mentee):
        return domain.pair_participants(self.program, self.ids[mentor], self.ids[mentee], None,
                                        now=at(date(2026, 2, 1)))

    def complete(self, mentor, mentee, satisfaction=None):
        """Meet once (the plan), then each partner gives the satisfaction ``satisfaction`` names, if any."""
        log = parse_session_log(session_log("2026-02-10"), ASKED, today=TODAY)
        session = domain.log_session(self.program, self.users[mentor], log, ASKED, now=at(date(2026, 2, 10)))
        domain.confirm_session(self.program, self.users[mentee], session.pk, ASKED, now=at(date(2026, 2, 10)))
        for name, score in (satisfaction or {}).items():
            domain.submit_feedback(self.program, self.users[name], FeedbackAnswers(score, True, {}, ""), ASKED,
                                   now=at(date(2026, 2, 11)))


@pytest.fixture
def people(program):
    """17 people: 6 women, 6 men, 4 non-binary, and D1 who joined before the question was asked.

    Pairs (mentor, mentee): W1-M4, W2-W5, M1-W4, N1-D1 completed with feedback; W3-N3 active; M2-W6 ended by staff
    (M2 stays); M3-M5 ended when staff withdrew M3. N2 (a mentor) withdrawn while waiting; M6 and N4 waiting.
    Ages: everyone under 30 but W1, W2 and M1 (30 and over); D1 has no answer.
    """
    p = People(program)
    for name, role, group in (("W1", "mentor", "Women"), ("W2", "mentor", "Women"), ("W3", "mentor", "Women"),
                              ("W4", "mentee", "Women"), ("W5", "mentee", "Women"), ("W6", "mentee", "Women"),
                              ("M1", "mentor", "Men"), ("M2", "mentor", "Men"), ("M3", "mentor", "Men"),
                              ("M4", "mentee", "Men"), ("M5", "mentee", "Men"), ("M6", "mentee", "Men"),
                              ("N1", "mentor", "Non-binary"), ("N2", "mentor", "Non-binary"),
                              ("N3", "mentee", "Non-binary"), ("N4", "mentee", "Non-binary")):
        p.join(name, role, group, age="30 and over" if name in ("W1", "W2", "M1") else "Under 30")
    p.join("D1", "mentee")
    for mentor, mentee, scores in (("W1", "M4", {"W1": 5, "M4": 4}), ("W2", "W5", {"W2": 4, "W5": 5}),
                                   ("M1", "W4", {"M1": 3, "W4": 5}), ("N1", "D1", {"N1": 2, "D1": 4})):
        p.pair(mentor, mentee)
        p.complete(mentor, mentee, scores)
    p.pair("W3", "N3")
    ended = p.pair("M2", "W6")
    domain.end_pair(program, ended.pk, "Moved teams.", now=at(date(2026, 3, 1)), staff_user_id=None)
    p.pair("M3", "M5")
    domain.withdraw_participant(program, p.ids["M3"], "Left the company.", None, now=at(date(2026, 3, 2)))
    domain.withdraw_participant(program, p.ids["N2"], "Changed role.", None, now=at(date(2026, 3, 3)))
    return p


def test_people_are_counted_by_their_answer(program, people):
    counts = outcome_counts(program, CONFIG)
    # Women: all 6 paired; their pairs, once per woman: W1, W2, W5 (W2-W5 twice), W4 completed, W3 active, W6 ended.
    # Men: M6 waits; M4 and M1 completed, M2 ended, M3-M5 ended (twice). Non-binary: N1 completed, N3 active.
    assert counts.groups == {
        "Women": GroupCounts(people=6, paired=6, pairs=6, completed=4, scores=(0, 0, 0, 1, 3)),
        "Men": GroupCounts(people=6, paired=5, pairs=5, completed=2, scores=(0, 0, 1, 1, 0)),
        "Non-binary": GroupCounts(people=4, paired=2, pairs=2, completed=1, scores=(0, 1, 0, 0, 0)),
        "": GroupCounts(people=1, paired=1, pairs=1, completed=1, scores=(0, 0, 0, 1, 0)),
    }
    # Mentors with a pair: W1, W2, W3, M1, M2, M3, N1; M3 left while paired (M2's pair ended, M2 stayed; N2 left
    # unpaired).
    assert (counts.mentors_paired, counts.mentors_gone) == (7, 1)


def test_the_group_of_four_and_the_one_who_did_not_say_share_one_line(program, people):
    table = group_table(outcome_counts(program, CONFIG).groups, GROUP["choices"])
    # Non-binary (4) has no line of its own; with D1 they are 5: "groups under 5 people".
    assert [(line.kind, line.answer, line.people) for line in table.lines] == [
        ("answer", "Women", 6), ("answer", "Men", 6), ("smaller", "", 5)]
    assert not table.left_out
    # A program this small shows no figure by group: 3 people wait (M6, N2, N4), so "6 of 6 women paired" would
    # place them outside that group; every group has fewer than 5 completed pairs and fewer than 5 answers.
    assert all((line.paired, line.completion, line.satisfaction) == (None, None, None) for line in table.lines)
    everyone = table.everyone  # the whole program: 17 people, 14 paired, 8 of 14 completed, mean (5+4+4+5+3+5+2+4) / 8
    assert (everyone.people, everyone.paired.part, everyone.completion.part, everyone.completion.whole,
            everyone.satisfaction.value, everyone.satisfaction.answers) == (17, 14, 8, 14, 32 / 8, 8)


def test_a_group_of_four_is_left_out_when_nothing_makes_it_five(program, people):
    by_age = config(sessions_planned=1, intake_questions=[GROUP, AGE], goal_kind="inclusion", group_question="age")
    counts = outcome_counts(program, by_age).groups
    assert {answer: found.people for answer, found in counts.items()} == {"Under 30": 13, "30 and over": 3, "": 1}
    table = group_table(counts, AGE["choices"])
    assert [(line.answer, line.people) for line in table.lines] == [("Under 30", 13)] and table.left_out
    # The 4 left out could be worked out from the whole program minus this line: its figures are kept back.
    assert (table.lines[0].paired, table.lines[0].completion, table.lines[0].satisfaction) == (None, None, None)


def test_another_program_keeps_its_own_people_and_identical_answers_show_no_group(program, people,
                                                                                 other_usage_id):
    other = domain.ProgramRef(*platform.program_keys(other_usage_id))
    assert other.usage_key != program.usage_key
    elsewhere = People(other)
    for n in range(5):
        elsewhere.join(f"O{n}", "mentor" if n % 2 else "mentee", "Women")
    elsewhere.join("O5", "mentee")
    elsewhere.pair("O1", "O0")
    counts = outcome_counts(other, CONFIG)
    assert counts.groups == {"Women": GroupCounts(5, 2, 2, 0, (0, 0, 0, 0, 0)),
                             "": GroupCounts(1, 0, 0, 0, (0, 0, 0, 0, 0))}
    assert (counts.mentors_paired, counts.mentors_gone) == (1, 0)
    table = group_table(counts.groups, GROUP["choices"])
    assert (table.lines, table.withheld, table.everyone.people) == ((), SAME_ANSWER, 6)  # all who answered: Women
    assert sum(found.people for found in outcome_counts(program, CONFIG).groups.values()) == 17  # unchanged


@pytest.mark.parametrize(("goal_kind", "group_question", "queries"), [
    ("digital", "", 0), ("custom", "", 0), ("inclusion", "", 3), ("inclusion", "group", 3), ("both", "group", 3)])
def test_the_counts_cost_three_queries_when_the_goal_needs_them(program, people, goal_kind, group_question, queries):
    settings = config(sessions_planned=1, intake_questions=[GROUP, AGE], goal_kind=goal_kind,
                      group_question=group_question)
    with CaptureQueriesContext(connection) as captured:
        counts = outcome_counts(program, settings)
    assert len(captured) == queries
    if queries and not group_question:  # no question: everyone in one line, for the whole program's figures
        assert list(counts.groups) == [""] and counts.groups[""].people == 17
    assert (counts is None) == (queries == 0)


def test_the_overview_carries_the_counts(program, people):
    seen = overview(program, CONFIG, TODAY)
    assert seen.outcomes == outcome_counts(program, CONFIG)
    assert overview(program, config(sessions_planned=1), TODAY).outcomes is None  # digital: the tallies suffice


@pytest.mark.parametrize("size", [50, 5000])
def test_the_overview_of_an_inclusion_program_costs_three_queries_more_at_any_size(program, size):
    """The demo's cohort (everyone paired, some completed with feedback): the six queries of the overview and the
    first page of pairs (``test_dashboard``), then participants, pairs and feedback once each."""
    both = config(sessions_planned=4, cadence_days=30, intake_questions=[GROUP], goal_kind="both",
                  group_question="group")
    populate(program, size, both.plan, prefix=f"o{size}-")
    with CaptureQueriesContext(connection) as captured:
        seen = shared_overview(program, both, TODAY)
        pair_page(program, both, TODAY, PairQuery())
    assert len(captured) == 6 + 3
    assert seen.outcomes.groups[""].people == size  # the demo's learners were never asked the question
