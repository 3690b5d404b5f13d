"""Participants and pairs written straight into the tables, for tests that need many of them quickly."""
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.models import Pair, Participant, Session
from tests.factories import config, intake

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
             created_at=now - timedelta(days=10), paired_on=(now - timedelta(days=10)).date())
        for n in range(0, size, 2))
    Session.objects.bulk_create(
        Session(pair=pair, usage_key=program.usage_key, number=1, logged_by=pair.mentor, held_on=now.date(),
                minutes=60, topics=["linkedin"], status="confirmed", logged_at=now) for pair in pairs)
    return users[0].username, users[1].username


def waiting(program, size, prefix="waiting"):
    """``size`` mentors and ``size`` mentees who joined and wait for a partner; returns their participants."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{prefix}{role}{n}") for role in ("mentor", "mentee") for n in range(size))
    now = timezone.now()
    return Participant.objects.bulk_create(
        Participant(course_key=program.course_key, usage_key=program.usage_key, user=user,
                    anonymous_user_id=f"anon-{user.pk}", role=role, public_name=user.username.title(),
                    intake=parse_intake(intake(role), CONFIG).to_json(), joined_at=now, intake_updated_at=now,
                    waiting_since=now)
        for user, role in zip(users, ["mentor"] * size + ["mentee"] * size))
