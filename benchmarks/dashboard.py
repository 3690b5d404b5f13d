"""The staff dashboard at 50,000 participants: queries and median milliseconds per request, CSV export memory.

Run: PYTHONPATH=demo .venv/bin/python -P benchmarks/dashboard.py [--participants 50000] [--repeat 10]
     [--database sqlite|mariadb]
A throw-away SQLite file, or the local MariaDB server's ``rm_dashboard_bench`` database (dropped first). The
program plans ten sessions three weeks apart and is written by ``devsite.cohort`` (half mentors, half
mentees, everyone paired over the last year, sessions near their target dates: about six per pair).
Each request goes through the block's real handler in the workbench, in this process. The matching review
is measured on a run awaiting review that proposes a pair for each of the program's pairs (25,000 proposals
with three reasons each).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

PLAN = (10, 21)  # sessions planned, days between sessions


def setup(database):
    os.environ["RM_VAR_DIR"] = tempfile.mkdtemp(prefix="rm-dash-")
    if database == "mariadb":
        os.environ.update(RM_DATABASE="mariadb", RM_DATABASE_NAME="rm_dashboard_bench")
        subprocess.run(["mariadb", "-uroot", "--protocol=tcp", "-h127.0.0.1", "-e",
                        "DROP DATABASE IF EXISTS rm_dashboard_bench; "
                        "CREATE DATABASE rm_dashboard_bench CHARACTER SET utf8mb4;"], check=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    import django
    django.setup()
    from django.core.management import call_command
    if database == "mariadb":  # edx-submissions cannot migrate a fresh MariaDB database (docs/security.md)
        for app in ("auth", "reverse_mentoring_xblock", "sessions"):
            call_command("migrate", app, verbosity=0)
        call_command("migrate", "workbench", run_syncdb=True, verbosity=0)  # no migrations of its own
    else:
        call_command("migrate", run_syncdb=True, verbosity=0)


def program_with_cohort(participants, database):
    """The workbench's program planning ``PLAN``, filled by ``devsite.cohort``: (usage id, program, block,
    (pairs, sessions, seconds spent writing))."""
    setup(database)
    from django.apps import apps
    from workbench.runtime import WorkbenchRuntime
    from workbench.scenarios import SCENARIOS, init_scenarios

    from devsite.cohort import populate
    from reverse_mentoring_xblock import domain, platform
    init_scenarios()
    usage_id = SCENARIOS["reverse_mentoring.0"].usage_id
    program = domain.ProgramRef(*platform.program_keys(usage_id))
    block = WorkbenchRuntime("staff").get_block(usage_id)
    block.sessions_planned, block.cadence_days = PLAN  # a long program: about six sessions per pair so far
    block.save()
    start = time.perf_counter()
    pairs, sessions = populate(program, participants, block.config().plan)
    if database == "mariadb":  # InnoDB refreshes its statistics some time after a bulk load: now
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE TABLE " + ", ".join(model._meta.db_table for model in apps.get_app_config(
                "reverse_mentoring_xblock").get_models()))
            cursor.fetchall()
    return usage_id, program, block, (pairs, sessions, time.perf_counter() - start)


def measure(client, url, payload, repeat, fresh):
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    timings = []
    for _ in range(repeat):
        if fresh:  # nothing shared: the overview is counted in this request
            cache.clear()
        reset_queries()  # the log keeps 9,000 queries: a full log would make the capture look empty
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post(url, data=json.dumps(payload), content_type="application/json")
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:300]
    ours = sum("reverse_mentoring_xblock_" in q["sql"] for q in queries.captured_queries)
    return ours, len(queries), statistics.median(timings)


def settings_read(usage_id, repeat):
    """What the workbench spends before any of our code: a new block reading its author settings through the
    workbench's own field store (a query or two per field; the LMS reads them from the course structure)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from workbench.runtime import WorkbenchRuntime
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            WorkbenchRuntime("staff").get_block(usage_id).config()
            timings.append((time.perf_counter() - start) * 1000)
    return len(queries), statistics.median(timings)


def cpu_reference():
    """How fast this machine runs plain Python, to compare figures taken on different machines."""
    start = time.perf_counter()
    total = 0
    for n in range(10_000_000):
        total += n
    return f"10,000,000 additions in {time.perf_counter() - start:.2f} s, load average {os.getloadavg()[0]:.2f}"


def ready_run(program, count):
    """A matching run awaiting review with ``count`` proposals shaped like the solver's (score, breakdown,
    three reasons), over the program's participants: the review reads nothing else of it."""
    from django.utils import timezone

    from reverse_mentoring_xblock.models import MatchProposal, MatchRun, Participant
    mentors = list(Participant.objects.filter(usage_key=program.usage_key, role="mentor").order_by("pk")
                   .values_list("pk", "public_name")[:count])
    mentees = list(Participant.objects.filter(usage_key=program.usage_key, role="mentee").order_by("pk")
                   .values_list("pk", "public_name")[:count])
    run = MatchRun.objects.create(course_key=program.course_key, usage_key=program.usage_key, status="ready",
                                  progress=100, created_at=timezone.now(),
                                  result={"total": 0, "optimality_bound": None, "waitlist": [],
                                          "blocking_checked": False})
    reason = "{mentor} rates {rating}/4 in {topic}, which {mentee} wants to learn"
    MatchProposal.objects.bulk_create((MatchProposal(
        run=run, rank=n, mentor_id=m, mentee_id=e, score=0.9 - n / (3 * count),
        breakdown={"digital": 0.4, "reverse": 0.2, "goals": 0.1, "availability": 0.1, "timezone": 0.05,
                   "meeting": 0.05},
        reasons=[{"message": reason, "params": {"mentor": mentor, "mentee": mentee, "rating": 4,
                                                "topic": "LinkedIn and your professional profile"}}] * 3)
        for n, ((m, mentor), (e, mentee)) in enumerate(zip(mentors, mentees))), batch_size=1000)
    return run


def export_memory(program, config, today):
    from reverse_mentoring_xblock.domain import reports
    results = {}
    for kind in reports.EXPORTS:
        tracemalloc.start()
        start = time.perf_counter()
        size = sum(len(line.encode()) for line in reports.csv_lines(
            reports.export_rows(program, kind, config, today, anonymous=False)))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[kind] = (size, peak, time.perf_counter() - start)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--database", choices=("sqlite", "mariadb"), default="sqlite")
    args = parser.parse_args()
    usage_id, program, block, (pairs, sessions, seconds) = program_with_cohort(args.participants, args.database)
    from django.test import Client
    from django.utils import timezone

    from reverse_mentoring_xblock.models import Pair
    print(f"# {args.database}: {args.participants:,} participants, {pairs:,} pairs, {sessions:,} sessions "
          f"written in {seconds:.0f} s; {cpu_reference()}")
    client = Client()
    base = f"/handler/{usage_id}/{{}}/?student=staff"
    some_pair = Pair.objects.filter(usage_key=program.usage_key, status="active").order_by("pk")[100].pk
    requests = [
        ("overview, counted", "dashboard_overview", {}),
        ("overview, shared within the minute", "dashboard_overview", {}),
        ("first page of pairs", "dashboard_pairs", {}),
        ("stalled pairs, sorted by mentor", "dashboard_pairs", {"health": "stalled", "sort": "mentor"}),
        ("search by name", "dashboard_pairs", {"search": "learner4321"}),
        ("first page of participants", "dashboard_participants", {}),
        ("pair detail", "pair_detail", {"pair_id": some_pair}),
    ]
    run = ready_run(program, pairs)
    requests += [
        (f"matching review of {run.proposals.count():,} proposals, first page", "matching_proposals",
         {"run_id": run.pk}),
        ("matching review, page 500", "matching_proposals", {"run_id": run.pk, "page": 500}),
        ("matching review, search by name", "matching_proposals", {"run_id": run.pk, "search": "learner4321"}),
    ]
    print("| request | our queries | all queries | median ms |")
    print("|---|---|---|---|")
    print("| (the workbench reading the block's settings, in every handler but the participants') | 0 | {} | {:.1f} |"
          .format(*settings_read(usage_id, args.repeat)))
    seen = {}
    for label, handler, payload in requests:
        seen[label] = measure(client, base.format(handler), payload, args.repeat, fresh=label != requests[1][0])
        print("| {} | {} | {} | {:.1f} |".format(label, *seen[label]))
    for overview in ("overview, counted", "overview, shared within the minute"):
        total = [a + b for a, b in zip(seen[overview], seen["first page of pairs"])]
        print("| {} + first page of pairs | {} | {} | {:.1f} |".format(overview, *total))
    print("\n| export | size MB | peak MiB (tracemalloc) | seconds |")
    print("|---|---|---|---|")
    for kind, (size, peak, seconds) in export_memory(program, block.config(), timezone.localdate()).items():
        print(f"| {kind} | {size / 1e6:.1f} | {peak / 2 ** 20:.1f} | {seconds:.1f} |")


if __name__ == "__main__":
    sys.exit(main())
