"""A large program written straight into the tables: pairs at every stage and health, for the demo and benchmarks.

``populate(program, participants, plan)`` pairs everyone (half mentors, half mentees), spreads the pairings
over the last year and logs each pair's sessions near the plan's target dates: most pairs keep pace,
some are behind, some stopped early; the last session may wait for confirmation or be disputed. Pairs with
every session confirmed are completed (with feedback from both); one other pair in ten was ended by staff.
The counts every pair carries and each participant's stage are written to match. Reproducible (seed).
"""
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from reverse_mentoring_xblock.domain import tallies
from reverse_mentoring_xblock.models import (
    ChecklistTick,
    Feedback,
    FeedbackRating,
    Pair,
    Participant,
    Session,
    StaffAction,
)

TOPICS = ("linkedin", "social-media", "video-meetings", "collaboration", "ai-assistants", "online-safety")
ITEMS = {"linkedin": "profile", "social-media": "follow", "video-meetings": "host", "collaboration": "co-edit",
         "ai-assistants": "summarise", "online-safety": "phishing"}
BATCH = 5000


def answers(role, rng):
    learn = rng.sample(TOPICS, 2)
    return {"role": role, "ratings": {t: rng.randint(0, 4) for t in TOPICS},
            "learn_topics": learn if role == "mentee" else [], "teach_topics": learn if role == "mentor" else [],
            "share_experience": ["leadership"] if role == "mentee" else [],
            "learn_experience": ["leadership"] if role == "mentor" else [], "goals": "",
            "availability": ["tue-morning"], "timezone": "Europe/Paris", "meeting": "remote"}


def populate(program, participants, plan, prefix="learner", seed=7):
    """Write ``participants`` learners in pairs following ``plan``; returns the number of (pairs, sessions)."""
    rng = random.Random(seed)
    now = timezone.now()
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        (user_model(username=f"{prefix}{n}") for n in range(participants)), batch_size=BATCH)
    if users[0].pk is None:  # MySQL returns no ids from a bulk insert
        users = list(user_model.objects.filter(username__startswith=prefix).order_by("pk"))
    people = Participant.objects.bulk_create(
        (Participant(course_key=program.course_key, usage_key=program.usage_key, user=user,
                     anonymous_user_id=f"anon-{prefix}{n}", role="mentor" if n % 2 else "mentee",
                     public_name=f"Learner {prefix}{n}", intake=answers("mentor" if n % 2 else "mentee", rng),
                     joined_at=now - timedelta(days=400), intake_updated_at=now - timedelta(days=400),
                     stage="paired") for n, user in enumerate(users)), batch_size=BATCH)
    if people[0].pk is None:
        people = list(program.participants().filter(user__username__startswith=prefix).order_by("pk"))
    plans, pairs = [], []
    for n in range(0, len(people) - 1, 2):
        mentee, mentor = people[n], people[n + 1]
        paired = now - timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 23))
        days, confirmed, disputed, status = _history(rng, plan, paired.date(), now.date())
        plans.append((days, confirmed, disputed, status))
        pairs.append(Pair(
            course_key=program.course_key, usage_key=program.usage_key, mentor=mentor, mentee=mentee,
            active_mentor=mentor if status == "active" else None, active_mentee=mentee if status == "active" else None,
            status=status, created_at=paired, paired_on=timezone.localdate(paired),
            ended_at=now - timedelta(days=1) if status == "ended" else None,
            end_reason="Reorganisation." if status == "ended" else "",
            topics=" " + " ".join(mentee.intake["learn_topics"]) + " ",
            sessions_logged=len(days), sessions_confirmed=confirmed, sessions_disputed=int(disputed),
            items_confirmed=min(confirmed, len(mentee.intake["learn_topics"])),
            last_confirmed_on=days[confirmed - 1] if confirmed else None,
            confirmed_span_days=(days[confirmed - 1] - days[0]).days if confirmed else None,
            last_session_on=max(days, default=None)))
    pairs = Pair.objects.bulk_create(pairs, batch_size=BATCH)
    if pairs[0].pk is None:
        pairs = list(program.pairs().order_by("pk"))
    _sessions(pairs, plans, now)
    for pair, (_days, _confirmed, _disputed, status) in zip(pairs, plans):
        stage = {"ended": "ended", "completed": "completed"}.get(status, "paired")
        if stage != "paired":
            Participant.objects.filter(pk__in=(pair.mentor_id, pair.mentee_id)).update(stage=stage)
    _feedback_and_audit(program, pairs, plans, now)
    tallies.rebuild(program.usage_key)  # written in bulk, past the domain: its overview counts are counted once here
    return len(pairs), sum(len(days) for days, *_rest in plans)


def _history(rng, plan, paired_on, today):
    """One pair's sessions so far: most keep pace, some fall behind, some go quiet, one in ten is ended."""
    due = sum(target <= today for target in plan.target_dates(paired_on))
    kind = rng.random()
    if kind < 0.65:  # keeps pace
        logged = due
    elif kind < 0.85:  # behind by a session or two
        logged = max(0, due - rng.randint(1, 2))
    else:  # stopped meeting early
        logged = rng.randint(0, min(2, due))
    days = [min(target + timedelta(days=rng.randint(-3, 3)), today) for target in plan.target_dates(paired_on)]
    days = sorted(days[:logged])
    confirmed = logged - (1 if logged and rng.random() < 0.3 else 0)
    disputed = logged > confirmed and rng.random() < 0.3
    status = "completed" if confirmed == plan.count else "ended" if rng.random() < 0.1 else "active"
    return days, confirmed, disputed, status


def _sessions(pairs, plans, now):
    sessions = []
    for pair, (days, confirmed, disputed, _status) in zip(pairs, plans):
        for number, day in enumerate(days, start=1):
            state = "confirmed" if number <= confirmed else "disputed" if disputed and number == confirmed + 1 \
                else "logged"
            sessions.append(Session(pair=pair, usage_key=pair.usage_key, number=number, logged_by_id=pair.mentee_id,
                                    held_on=day, minutes=60, topics=[_topic_of(pair, number)], notes="", status=state,
                                    dispute_reason="Too short." if state == "disputed" else "",
                                    logged_at=now, confirmed_at=now if state == "confirmed" else None))
    created = Session.objects.bulk_create(sessions, batch_size=BATCH)
    if created and created[0].pk is None:
        created = list(Session.objects.filter(pair__in=[p.pk for p in pairs]).order_by("pair_id", "number"))
    ChecklistTick.objects.bulk_create(
        (ChecklistTick(session=s, topic_id=s.topics[0], item_id=ITEMS[s.topics[0]]) for s in created),
        batch_size=BATCH)


def _topic_of(pair, number):
    """The pair's learning topics in turn, one per session."""
    topics = pair.topics.split()
    return topics[(number - 1) % len(topics)]


def _feedback_and_audit(program, pairs, plans, now):
    rng = random.Random(11)
    feedback = Feedback.objects.bulk_create(
        (Feedback(pair=pair, usage_key=program.usage_key, participant_id=who, satisfaction=rng.randint(3, 5),
                  would_recommend=rng.random() < 0.9,
                  confidence=dict.fromkeys(pair.topics.split(), 3), submitted_at=now)
         for pair, (_days, _c, _d, status) in zip(pairs, plans) if status == "completed"
         for who in (pair.mentor_id, pair.mentee_id)), batch_size=BATCH)
    if feedback and feedback[0].pk is None:
        feedback = list(Feedback.objects.filter(usage_key=program.usage_key))
    roles = {pair.mentor_id: "mentor" for pair in pairs} | {pair.mentee_id: "mentee" for pair in pairs}
    FeedbackRating.objects.bulk_create(
        (FeedbackRating(feedback=f, usage_key=program.usage_key, role=roles[f.participant_id], topic_id=t,
                        before=rng.randint(0, 2), after=3) for f in feedback
         for t in f.confidence), batch_size=BATCH)
    StaffAction.objects.bulk_create(
        (StaffAction(course_key=program.course_key, usage_key=program.usage_key, kind="pair_ended", pair=pair,
                     reason="Reorganisation.", created_at=now) for pair in pairs if pair.status == "ended"),
        batch_size=BATCH)
