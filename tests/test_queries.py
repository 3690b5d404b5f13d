"""The learner view and the staff panel cost the same number of SQL queries at any cohort size."""
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reverse_mentoring_xblock import api
from reverse_mentoring_xblock.intake import parse_intake
from reverse_mentoring_xblock.models import Pair, Participant, Session

from factories import config, intake

CONFIG = config()


def populate(program, size):
    """``size`` participants in pairs, each pair with one confirmed session; returns the first mentee."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"learner{size}_{n}") for n in range(size))
    now = timezone.now()
    participants = Participant.objects.bulk_create(
        Participant(course_key=program.course_key, usage_key=program.usage_key, user=user,
                    anonymous_user_id=f"anon-{user.pk}", role="mentor" if n % 2 else "mentee",
                    public_name=user.username, intake=parse_intake(intake("mentor" if n % 2 else "mentee"),
                                                                   CONFIG).to_json(),
                    joined_at=now, intake_updated_at=now)
        for n, user in enumerate(users))
    pairs = Pair.objects.bulk_create(
        Pair(course_key=program.course_key, usage_key=program.usage_key, mentor=participants[n + 1],
             mentee=participants[n], active_mentor=participants[n + 1], active_mentee=participants[n],
             created_at=now - timedelta(days=10))
        for n in range(0, size, 2))
    Session.objects.bulk_create(
        Session(pair=pair, number=1, logged_by=pair.mentor, held_on=now.date(), minutes=60, topics=["linkedin"],
                status="confirmed", logged_at=now) for pair in pairs)
    return users[0].username, users[1].username


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
    assert small_count[1] == 5  # participant, pair with both partners, sessions, ticks, own feedback


def test_staff_panel_queries_do_not_grow_with_the_cohort(block_client, program):
    populate(program, 2)
    small_count = count_queries(block_client, "staff")
    populate(program, 200)
    assert count_queries(block_client, "staff") == small_count


def test_learner_state_query_budget(program):
    mentee, _mentor = populate(program, 4)
    user_id = get_user_model().objects.get(username=mentee).pk
    with CaptureQueriesContext(connection) as queries:
        state = api.learner_state(program, user_id, CONFIG)
    assert state.progress.sessions_confirmed == 1
    assert len(queries) == 5  # participant, pair with partners, sessions, ticks, own feedback
