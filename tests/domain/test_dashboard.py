"""The dashboard's figures, health and tables against hand-computed fixtures on fixed dates."""
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devsite.cohort import populate
from reverse_mentoring_xblock import access, domain, platform
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.pace import pace
from reverse_mentoring_xblock.core.payloads import FeedbackAnswers, parse_session_log
from reverse_mentoring_xblock.core.table_queries import PairQuery, ParticipantQuery
from reverse_mentoring_xblock.core.vocabulary import Health, Stage
from reverse_mentoring_xblock.domain import overview_cache, reports
from reverse_mentoring_xblock.domain.dashboard import pair_page, pair_timeline, participant_page
from reverse_mentoring_xblock.domain.overview import overview, weighted_median
from reverse_mentoring_xblock.domain.overview_cache import shared_overview
from reverse_mentoring_xblock.models import Pair, Participant, StaffAction
from tests.factories import config, intake, session_log

CONFIG = config(sessions_planned=4, cadence_days=30)  # targets: day 7, 37, 67, 97 after pairing
TODAY = date(2026, 5, 1)


def at(day):
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)


class Cohort:
    """Learners who join, get paired and meet on the dates a test says, through the domain API."""

    def __init__(self, program):
        self.program = program
        self.users = {}

    def join(self, name, role, **answers):
        user, _new = get_user_model().objects.get_or_create(username=name.lower())  # or answers again
        caller = access.Caller(user_id=user.pk, username=user.username, anonymous_id=f"anon-{name}")
        participant = domain.save_intake(self.program, caller, parse_intake(intake(role, public_name=name, **answers),
                                                                            CONFIG), now=at(date(2026, 1, 1)))
        self.users[name] = user.pk
        return participant

    def pair(self, mentor, mentee, paired_on, staff=None):
        return domain.pair_participants(self.program, self.join(mentor, "mentor").pk,
                                        self.join(mentee, "mentee").pk, staff, now=at(paired_on))

    def meet(self, logger, confirmer, held_on, confirm=True, items=("linkedin/profile",)):
        log = parse_session_log(session_log(held_on.isoformat(), items=list(items)), CONFIG, today=TODAY)
        session = domain.log_session(self.program, self.users[logger], log, CONFIG, now=at(held_on))
        if confirm:
            domain.confirm_session(self.program, self.users[confirmer], session.pk, CONFIG, now=at(held_on))
        return session


@pytest.fixture
def cohort(program):
    """Five pairs in every health, one completed with feedback from both, one ended; two waiting, one withdrawn.

    Paired 2026-01-01 unless said; TODAY is 2026-05-01 (day 120); stalled means quiet for over 30 + 14 days.
    """
    c = Cohort(program)
    c.pair("Ana", "Paul", date(2026, 4, 20))                       # day 11 of its plan, first target day 7
    c.meet("Ana", "Paul", date(2026, 4, 25))                       # on track: next target 2026-05-27
    c.pair("Sam", "Helen", date(2026, 3, 1))                       # targets 03-08, 04-07, 05-07
    c.meet("Sam", "Helen", date(2026, 3, 5))
    c.meet("Helen", "Sam", date(2026, 4, 5), items=("linkedin/connect",))  # 2 confirmed, next 05-07: on track
    c.pair("Li", "George", date(2026, 2, 1))                        # targets 02-08, 03-10, 04-09
    c.meet("Li", "George", date(2026, 2, 8))
    c.meet("Li", "George", date(2026, 3, 25))                       # next target 04-09 passed, quiet 37 days: behind
    c.pair("Zoe", "Maria", date(2026, 1, 1))                        # quiet since pairing, 120 days: stalled
    c.pair("Omar", "Claire", date(2026, 4, 1))                       # first target 04-08 passed; disputed
    disputed = c.meet("Claire", "Omar", date(2026, 4, 10), confirm=False)
    domain.dispute_session(program, c.users["Omar"], disputed.pk, "We did not meet that day.")
    done = c.pair("Ines", "Robert", date(2026, 1, 1))
    for day in (date(2026, 1, 8), date(2026, 2, 7), date(2026, 3, 9), date(2026, 4, 8)):
        c.meet("Ines", "Robert", day, items=("linkedin/profile", "linkedin/connect"))
    for name, satisfaction, recommend in (("Robert", 5, True), ("Ines", 3, False)):
        topics = domain.feedback_topics(program, c.users[name], CONFIG)
        domain.submit_feedback(program, c.users[name], FeedbackAnswers(
            satisfaction, recommend, dict.fromkeys(topics, 3), ""), CONFIG, now=at(date(2026, 4, 9)))
    ended = c.pair("Kenji", "Sofia", date(2026, 2, 1))
    domain.end_pair(program, ended.pk, "Sofia left the company.", now=at(date(2026, 3, 1)), staff_user_id=None)
    c.join("Yuki", "mentee")
    c.join("Noah", "mentor")
    withdrawn = c.join("Lea", "mentor")
    domain.withdraw_participant(program, withdrawn.pk, "Changed role.", None, now=at(date(2026, 2, 1)))
    return {"cohort": c, "done": done, "ended": ended}


def healths(program):
    page = pair_page(program, CONFIG, TODAY, PairQuery(sort="mentor", descending=False))
    return {pair.mentor.public_name: pair.health for pair in page.rows}


def test_each_pair_gets_the_health_its_dates_give(program, cohort):
    assert healths(program) == {"Ana": Health.ON_TRACK, "Sam": Health.ON_TRACK, "Li": Health.BEHIND,
                                "Zoe": Health.STALLED, "Omar": Health.DISPUTED, "Ines": "completed",
                                "Kenji": "ended"}


def test_the_overview_figures(program, cohort):
    seen = overview(program, CONFIG, TODAY)
    assert seen.participants == {
        "mentor": {"waiting": 1, "paired": 5, "completed": 1, "ended": 1, "withdrawn": 1},
        "mentee": {"waiting": 1, "paired": 5, "completed": 1, "ended": 1, "withdrawn": 0}}
    assert seen.pairs_by_status == {"active": 5, "completed": 1, "ended": 1}
    assert seen.pairs_by_health == {"on_track": 2, "behind": 1, "stalled": 1, "disputed": 1}
    assert seen.sessions_confirmed == 1 + 2 + 2 + 4
    # Due by 05-01: Ana 1 (04-27), Sam 2 (03-08, 04-07), Li 3, Zoe 4, Omar 1 (04-08); completed Ines 4.
    assert seen.sessions_planned_to_date == 1 + 2 + 3 + 4 + 1 + 4
    assert seen.items_confirmed == 1 + 2 + 1 + 2  # distinct items per pair
    assert seen.satisfaction == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1} and seen.satisfaction_mean == 4
    assert (seen.recommend_rate, seen.feedback_count) == (0.5, 2)
    # Robert rated himself 1 in his digital topics at intake, Ines 1 in the experience he shares (leadership);
    # both answered 3 at the end: each side's learning, before and after.
    assert seen.confidence == [("area", "leadership", "mentor", 1.0, 3.0, 1),
                               ("topic", "ai-assistants", "mentee", 1.0, 3.0, 1),
                               ("topic", "linkedin", "mentee", 1.0, 3.0, 1)]
    assert (seen.mentor_retention, seen.mentors_finished) == (0.5, 2)  # Ines stayed to the end, Kenji's pair ended
    # Mean gaps: Sam 31 days, Li 45, Ines 30 (90 days over 3 gaps): median 31.
    assert seen.median_days_between_sessions == 31
    assert seen.progress == {0: 2, 1: 1, 2: 2, 4: 1}
    weeks = {week: (confirmed, planned) for week, confirmed, planned in seen.weeks}
    assert weeks[date(2026, 4, 20)] == (1, 0)  # Ana's session of 04-25
    # Week of Monday 04-06: Ines held 04-08 (Sam's 04-05 is the Sunday before); targets of Sam 04-07, Li 04-09,
    # Zoe 04-08, Omar 04-08 and the completed Ines 04-08 (Kenji's pair ended: no longer planned).
    assert weeks[date(2026, 4, 6)] == (1, 5)
    assert len(seen.weeks) == 12 and seen.weeks[-1][0] == date(2026, 4, 27)


def test_the_overview_and_a_page_cost_the_same_queries_at_any_size(program, cohort):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            overview(program, CONFIG, TODAY)
            pair_page(program, CONFIG, TODAY, PairQuery())
        return len(captured)
    small = queries()
    for n in range(40):
        cohort["cohort"].pair(f"M{n}", f"E{n}", date(2026, 3, 1) + timedelta(days=n))
    assert queries() == small <= 10


# The latest staff action, the tallies, the health of active pairs, their check-ins, the page's 2.
OVERVIEW_AND_FIRST_PAGE = 6


@pytest.mark.parametrize("size", [50, 5000])
def test_the_overview_and_first_page_cost_six_queries_at_50_and_5000_participants(program, size):
    """A program written by the demo's cohort: every stage and health, about six sessions per pair."""
    pairs, _sessions = populate(program, size, CONFIG.plan, prefix=f"q{size}-")
    with CaptureQueriesContext(connection) as captured:
        seen = shared_overview(program, CONFIG, timezone.localdate())  # counted: nothing is shared yet
        page = pair_page(program, CONFIG, timezone.localdate(), PairQuery())
    assert len(captured) == OVERVIEW_AND_FIRST_PAGE
    assert sum(sum(stages.values()) for stages in seen.participants.values()) == size
    assert (page.total, len(page.rows)) == (pairs, 25)


@pytest.mark.parametrize("query, expected", [
    (PairQuery(health=Health.STALLED), ["Zoe"]),
    (PairQuery(health=Health.ON_TRACK), ["Ana", "Sam"]),
    (PairQuery(status="completed"), ["Ines"]),
    (PairQuery(disputed=True), ["Omar"]),
    (PairQuery(search="clai"), ["Omar"]),  # the mentee's name
    (PairQuery(search="kenji"), ["Kenji"]),  # a name and a username
    (PairQuery(topic="ai-assistants"), ["Ana", "Ines", "Kenji", "Li", "Omar", "Sam", "Zoe"]),
    (PairQuery(topic="mobile"), []),
])
def test_filters_and_search(program, cohort, query, expected):
    page = pair_page(program, CONFIG, TODAY, query)
    assert sorted(p.mentor.public_name for p in page.rows) == expected and page.total == len(expected)


@pytest.mark.parametrize("limit", [0, 1, 1000])
def test_a_broad_search_finds_the_same_pairs_as_a_narrow_one(program, cohort, monkeypatch, limit):
    """Past the limit, the people a search names stay in the database instead of a list of ids."""
    monkeypatch.setattr("reverse_mentoring_xblock.domain.dashboard.SEARCH_LIST_LIMIT", limit)
    def named(pair):
        return any("e" in text.lower() for person in (pair.mentor, pair.mentee)
                   for text in (person.public_name, person.user.username))
    everyone = Pair.objects.filter(usage_key=program.usage_key).select_related("mentor__user", "mentee__user")
    expected = sorted(pair.pk for pair in everyone if named(pair))
    page = pair_page(program, CONFIG, TODAY, PairQuery(search="E"))
    assert 1 < len(expected) < len(everyone) and sorted(p.pk for p in page.rows) == expected


def test_sorting_and_pages(program, cohort):
    by_confirmed = pair_page(program, CONFIG, TODAY, PairQuery(sort="confirmed", descending=True)).rows
    assert [p.sessions_confirmed for p in by_confirmed] == [4, 2, 2, 1, 0, 0, 0]
    for n in range(30):
        cohort["cohort"].pair(f"M{n}", f"E{n}", date(2026, 3, 1))
    first, second = (pair_page(program, CONFIG, TODAY, PairQuery(sort="created", page=n)) for n in (1, 2))
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (37, 2, 25, 12)
    assert not {p.pk for p in first.rows} & {p.pk for p in second.rows}
    assert pair_page(program, CONFIG, TODAY, PairQuery(page=99)).number == 2  # past the end: the last page


def test_participants_by_stage_role_and_search(program, cohort):
    def names(**filters):
        return sorted(p.public_name for p in participant_page(program, ParticipantQuery(**filters)).rows)
    assert names(stage=Stage.WITHDRAWN) == ["Lea"]
    assert names(stage=Stage.WAITING) == ["Noah", "Yuki"]
    assert names(stage=Stage.ENDED) == ["Kenji", "Sofia"]
    assert names(stage=Stage.COMPLETED, role="mentee") == ["Robert"]
    assert names(search="ROB") == ["Robert"]


def test_the_timeline_shows_sessions_feedback_and_what_staff_did(program, cohort):
    ended = pair_timeline(program, cohort["ended"].pk, CONFIG, TODAY)
    assert [(a.kind, a.reason) for a in ended.actions] == [("paired_by_hand", ""),
                                                           ("pair_ended", "Sofia left the company.")]
    done = pair_timeline(program, cohort["done"].pk, CONFIG, TODAY)
    assert [s.number for s in done.sessions] == [1, 2, 3, 4] and len(done.feedback) == 2
    assert done.pair.health == "completed"
    with pytest.raises(domain.NotFound):
        pair_timeline(program, 10 ** 6, CONFIG, TODAY)


def test_every_staff_action_is_in_the_audit_trail(program, cohort):
    kinds = sorted(StaffAction.objects.filter(usage_key=program.usage_key).values_list("kind", flat=True))
    assert kinds.count("paired_by_hand") == 7 and kinds.count("pair_ended") == 1
    assert kinds.count("participant_withdrawn") == 1
    withdrawn = StaffAction.objects.get(kind="participant_withdrawn")
    assert (withdrawn.participant.public_name, withdrawn.reason) == ("Lea", "Changed role.")
    assert Pair.objects.filter(usage_key=program.usage_key, status="active").count() == 5


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the database fixture is not used
@given(st.dictionaries(st.integers(0, 400).map(lambda days: days / 3), st.integers(0, 40), max_size=30))
def test_the_median_of_grouped_gaps_is_the_median_of_every_gap(counts):
    every = [value for value, count in counts.items() for _ in range(count)]
    if every:
        assert weighted_median(counts) == pytest.approx(statistics.median(every))
    else:
        assert weighted_median(counts) is None


@pytest.mark.parametrize("kind", reports.EXPORTS)
def test_reports_read_in_small_chunks_hold_every_row_once(program, cohort, monkeypatch, kind):
    """Chunks follow one another by key (ties in time included): the same rows whatever the chunk size."""
    StaffAction.objects.bulk_create(StaffAction(course_key=program.course_key, usage_key=program.usage_key,
                                                kind="pair_ended", reason=f"Same second {n}.", created_at=at(TODAY))
                                    for n in range(3))
    whole = list(reports.export_rows(program, kind, CONFIG, TODAY, anonymous=False))
    assert len(whole) > 3
    for size in (1, 2, 3):
        monkeypatch.setattr(reports, "CHUNK", size)
        assert list(reports.export_rows(program, kind, CONFIG, TODAY, anonymous=False)) == whole


PAIR_STATES = st.lists(st.tuples(
    st.integers(0, 160),           # days since pairing
    st.integers(0, 4),             # sessions confirmed (the plan has 4)
    st.integers(0, 160),           # days from pairing to the last confirmed session (capped at today)
    st.booleans()), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PAIR_STATES)
def test_the_database_gives_each_pair_the_health_core_pace_gives(program, states):
    """The SQL twin of ``core.pace`` on pairs at and around every cut-off, listed and filtered by health."""
    Pair.objects.filter(usage_key=program.usage_key).delete()
    people = list(Participant.objects.filter(usage_key=program.usage_key).order_by("pk"))
    if not people:
        users = get_user_model().objects.bulk_create(get_user_model()(username=f"pace{n}") for n in range(24))
        people = Participant.objects.bulk_create(
            Participant(course_key=program.course_key, usage_key=program.usage_key, user=user,
                        anonymous_user_id=f"anon-pace{n}", role="mentor" if n % 2 else "mentee",
                        public_name=f"P{n:02}", intake={}, joined_at=at(TODAY), intake_updated_at=at(TODAY))
            for n, user in enumerate(users))
    expected = {}
    for n, (age, confirmed, last_after, disputed) in enumerate(states):
        paired_on = TODAY - timedelta(days=age)
        last = min(paired_on + timedelta(days=last_after), TODAY) if confirmed else None
        mentor = people[2 * n + 1]
        Pair.objects.create(course_key=program.course_key, usage_key=program.usage_key, mentor=mentor,
                            mentee=people[2 * n], active_mentor=mentor, active_mentee=people[2 * n],
                            created_at=at(paired_on), paired_on=paired_on, sessions_confirmed=confirmed,
                            sessions_disputed=int(disputed), last_confirmed_on=last,
                            confirmed_span_days=(last - paired_on).days if confirmed else None)
        expected[mentor.public_name] = pace(CONFIG.plan, paired_on, TODAY, confirmed=confirmed, last_confirmed_on=last,
                                            disputed=disputed, grace_days=CONFIG.monitoring.grace_days).health
    assert healths(program) == expected
    for health in Health.ALL:
        page = pair_page(program, CONFIG, TODAY, PairQuery(health=health, sort="mentor"))
        assert {pair.mentor.public_name for pair in page.rows} == {
            name for name, seen in expected.items() if seen == health}
    groups = overview(program, CONFIG, TODAY).pairs_by_health
    assert groups == {health: list(expected.values()).count(health) for health in Health.ALL}


def test_search_finds_any_part_of_a_name_and_the_start_of_a_username(program, cohort):
    Participant.objects.filter(usage_key=program.usage_key, public_name="Kenji").update(public_name="K. Tanaka")
    found = {search: [p.mentor.public_name for p in pair_page(program, CONFIG, TODAY, PairQuery(search=search)).rows]
             for search in ("kenj", "enji", "TANAKA")}
    assert found == {"kenj": ["K. Tanaka"], "enji": [], "TANAKA": ["K. Tanaka"]}
    people = participant_page(program, ParticipantQuery(search="KEN")).rows
    assert [p.public_name for p in people] == ["K. Tanaka"]


def test_the_overview_is_shared_for_a_minute_until_staff_act(program, cohort, other_usage_id, monkeypatch):
    """Reused while young, for the same day and program; a staff action or a minute later, counted again."""
    clock = [1_000_000.0]
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: clock[0])
    first = shared_overview(program, CONFIG, TODAY)
    with CaptureQueriesContext(connection) as captured:
        again = shared_overview(program, CONFIG, TODAY)
    assert again == first and len(captured) == 1  # only the latest staff action is read
    cohort["cohort"].join("Late", "mentee")  # a learner: seen within the minute
    assert shared_overview(program, CONFIG, TODAY) == first
    clock[0] += overview_cache.MAX_AGE + 1
    later = shared_overview(program, CONFIG, TODAY)
    assert later.participants["mentee"]["waiting"] == first.participants["mentee"]["waiting"] + 1
    domain.end_pair(program, Pair.objects.filter(usage_key=program.usage_key, status="active").first().pk,
                    "Moved abroad.", now=at(TODAY), staff_user_id=None)  # staff: seen at once
    assert shared_overview(program, CONFIG, TODAY).pairs_by_status["ended"] == later.pairs_by_status["ended"] + 1
    assert shared_overview(program, CONFIG, TODAY + timedelta(days=1)).updated_at != later.updated_at
    other = domain.ProgramRef(*platform.program_keys(other_usage_id))
    assert shared_overview(other, CONFIG, TODAY).pairs_by_status == {"active": 0, "completed": 0, "ended": 0}
    assert shared_overview(program, config(sessions_planned=6, cadence_days=30), TODAY).sessions_planned_to_date \
        != shared_overview(program, CONFIG, TODAY).sessions_planned_to_date


def test_page_totals_from_the_tallies_are_the_rows_counted(program, cohort):
    for status in ("", "active", "completed", "ended"):
        expected = program.pairs().filter(**({"status": status} if status else {})).count()
        assert pair_page(program, CONFIG, TODAY, PairQuery(status=status)).total == expected
    for role in ("", "mentor", "mentee"):
        for stage in ("", *Stage.ALL):
            narrowed = {name: value for name, value in (("role", role), ("stage", stage)) if value}
            assert participant_page(program, ParticipantQuery(**narrowed)).total == \
                program.participants().filter(**narrowed).count()
