"""The learner view and the staff panel cost the same number of SQL queries at any cohort size."""
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reverse_mentoring_xblock import domain
from reverse_mentoring_xblock.models import Pair
from tests.cohorts import CONFIG, populate
from tests.workbench import change_settings


def count_queries(block_client, student):
    """(all queries, queries on our tables); the rest is the workbench reading field data row by row."""
    block_client.view(student)  # warm caches (scenario loading, user row creation)
    with CaptureQueriesContext(connection) as queries:
        block_client.view(student)
    ours = [q for q in queries.captured_queries if "reverse_mentoring_xblock_" in q["sql"]]
    return len(queries), len(ours)


@pytest.mark.parametrize("role_index", [0, 1])
def test_learner_view_queries_do_not_grow_with_the_cohort(block_client, program, role_index):
    small = populate(program, 2)[role_index]
    small_count = count_queries(block_client, small)
    large = populate(program, 200)[role_index]
    assert count_queries(block_client, large) == small_count
    # participant, pair with both partners, sessions, ticks, own feedback; then whether the learner sits in the
    # mentor circle, and for a mentor its count, posts and meetings (no replies to read without posts)
    assert small_count[1] == (5 + 1, 5 + 4)[role_index]


def test_staff_panel_queries_do_not_grow_with_the_cohort(block_client, program):
    populate(program, 2)
    small_count = count_queries(block_client, "staff")
    populate(program, 200)
    assert count_queries(block_client, "staff") == small_count


def test_the_outcomes_of_an_inclusion_program_cost_three_queries_more_at_any_size(block_client, program, usage_id):
    """Participants, pairs and feedback, read once each for the figures by self-described group and retention (the
    overview counted afresh, not shared from the view before)."""
    def counted_afresh():
        block_client.view("staff")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            block_client.view("staff")
        return len([q for q in queries.captured_queries if "reverse_mentoring_xblock_" in q["sql"]])
    populate(program, 2)
    digital = counted_afresh()
    question = {"id": "group", "text": "Which group?", "kind": "choice", "choices": ["A", "B"], "required": False,
                "shown_to": "staff"}
    change_settings(usage_id, goal_kind="both", intake_questions=[question], group_question="group")
    small_count = counted_afresh()
    assert small_count == digital + 3
    populate(program, 200)
    assert counted_afresh() == small_count


def test_learner_state_query_budget(program):
    mentee, _mentor = populate(program, 4)
    user_id = get_user_model().objects.get(username=mentee).pk
    with CaptureQueriesContext(connection) as queries:
        state = domain.learner_state(program, user_id, CONFIG)
    assert state.progress.sessions_confirmed == 1
    assert len(queries) == 5  # participant, pair with partners, sessions, ticks, own feedback


def test_the_own_check_in_costs_one_query_once_a_pair_has_reached_it(program):
    """No query for learners whose pairs are not halfway; one, whatever the number of pairs, once one is."""
    mentee, mentor = populate(program, 4)
    other = "learner4_2"  # the mentee of the other pair
    user_ids = {name: get_user_model().objects.get(username=name).pk for name in (mentee, mentor, other)}
    Pair.objects.filter(mentee__user__username=mentee).update(sessions_confirmed=CONFIG.plan.count // 2)
    for name, expected in ((other, 5), (mentee, 6), (mentor, 6)):
        with CaptureQueriesContext(connection) as queries:
            state = domain.learner_state(program, user_ids[name], CONFIG)
        assert len(queries) == expected, name
        assert state.own_checkin is None and not state.checked_in
