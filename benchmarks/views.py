"""Learner view, staff panel and confirm handler: SQL queries and wall time per request at several cohort sizes.

Run: PYTHONPATH=demo .venv/bin/python -P benchmarks/views.py [--sizes 2,200,2000] [--repeat 20]
Uses a throw-away SQLite database in a temporary folder and the real workbench runtime.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta


def setup_django():
    os.environ["RM_VAR_DIR"] = tempfile.mkdtemp(prefix="rm-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", run_syncdb=True, verbosity=0)


def populate(program, size, config, prefix):
    """``size`` participants in pairs, each pair with two confirmed sessions."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from reverse_mentoring_xblock.domain import tallies
    from reverse_mentoring_xblock.models import Pair, Participant, Session
    user_model = get_user_model()
    users = user_model.objects.bulk_create(user_model(username=f"{prefix}{n}") for n in range(size))
    now = timezone.now()
    answers = {"learn_topics": list(config.topic_ids[:2]), "ratings": dict.fromkeys(config.topic_ids, 2)}
    participants = Participant.objects.bulk_create(
        Participant(course_key=program.course_key, usage_key=program.usage_key, user=user,
                    anonymous_user_id=f"anon-{user.pk}", role="mentor" if n % 2 else "mentee",
                    public_name=user.username, intake=answers, joined_at=now, intake_updated_at=now)
        for n, user in enumerate(users))
    pairs = Pair.objects.bulk_create(
        Pair(course_key=program.course_key, usage_key=program.usage_key, mentor=participants[n + 1],
             mentee=participants[n], active_mentor=participants[n + 1], active_mentee=participants[n],
             created_at=now - timedelta(days=40), paired_on=(now - timedelta(days=40)).date())
        for n in range(0, size, 2))
    Session.objects.bulk_create(
        Session(pair=pair, usage_key=program.usage_key, number=number, logged_by=pair.mentor,
                held_on=now.date() - timedelta(days=30 - number), minutes=60, topics=[config.topic_ids[0]],
                status="confirmed", logged_at=now)
        for pair in pairs for number in (1, 2))
    tallies.rebuild(program.usage_key)
    return users[0].username


def measure(client, method, url, repeat, body=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    timings, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = getattr(client, method)(url, **({"data": body, "content_type": "application/json"}
                                                        if body is not None else {}))
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code < 500, response.content[:300]
        queries = len(captured)
    return queries, statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2,200,2000")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.test import Client
    from workbench.scenarios import SCENARIOS, init_scenarios

    from devsite.seed import _default_config
    from reverse_mentoring_xblock import domain, platform
    from reverse_mentoring_xblock.block import ReverseMentoringXBlock
    init_scenarios()
    usage_id = SCENARIOS["reverse_mentoring.0"].usage_id
    program = domain.ProgramRef(*platform.program_keys(usage_id))
    config = _default_config(ReverseMentoringXBlock)
    client = Client()
    total = 0
    print(f"{'participants':>12} {'request':<22} {'queries':>8} {'median ms':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        learner = populate(program, size - total, config, f"s{size}_")
        total = size
        view = f"/scenario/reverse_mentoring.0/?student={learner}"
        for label, method, url in (("learner view", "get", view),
                                   ("staff panel", "get", "/scenario/reverse_mentoring.0/?student=staff")):
            queries, median = measure(client, method, url, args.repeat)
            print(f"{size:>12} {label:<22} {queries:>8} {median:>10.1f}")
        queries, median = measure(client, "post", f"/handler/{usage_id}/set_meeting_link/?student={learner}",
                                  args.repeat, body='{"meeting_link": "https://meet.example.org/a"}')
        print(f"{size:>12} {'set_meeting_link':<22} {queries:>8} {median:>10.1f}")
    print("queries include the workbench reading block fields one row at a time (the LMS caches them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
