"""Recomputing every score after a published change of the grading weights: time, queries, memory.

Run: PYTHONPATH=demo .venv/bin/python -P benchmarks/rescoring.py [--participants 5000] [--database sqlite|mariadb]
The program plans ten sessions three weeks apart and is written by ``devsite.cohort`` (half mentors, half
mentees, everyone paired over the last year, about six sessions per pair); every partner of a pair with a
confirmed session gets a score in edx-submissions first, as their confirmations would have given them. Then
the author's new weights are published and one view applies them: the change is recorded and every score is
recomputed in this process (as the workbench does; the LMS does the same in a Celery task). A second run of
the same change writes nothing, and shows what reading and locking cost without edx-submissions' writes.
"""
import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run with -P, as the other benchmarks are
from dashboard import cpu_reference, program_with_cohort  # the same program, database and machine reference


def timed(function):
    """(result, seconds, our queries, all queries, peak MiB) of one call; queries are counted as they run, as
    Django's query log keeps only the last 9,000."""
    from django.db import connection
    counted = {"ours": 0, "all": 0}

    def count(execute, sql, params, many, context):
        counted["all"] += 1
        counted["ours"] += "reverse_mentoring_xblock_" in sql
        return execute(sql, params, many, context)
    tracemalloc.start()
    with connection.execute_wrapper(count):
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, counted["ours"], counted["all"], peak / 2 ** 20


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=5_000)
    parser.add_argument("--database", choices=("sqlite", "mariadb"), default="sqlite")
    args = parser.parse_args()
    _usage_id, program, block, (pairs, sessions, seconds) = program_with_cohort(args.participants, args.database)
    from django.conf import settings
    from django.db.models import Q

    from reverse_mentoring_xblock.domain import scores, settings_changes
    from reverse_mentoring_xblock.models import Pair, SettingsChange
    start = time.perf_counter() - seconds
    config = block.config()
    block.published_settings(config)  # the terms as first seen
    graded = program.pairs().filter(sessions_confirmed__gt=0).order_by("pk")
    for pair in graded.select_related("mentor", "mentee"):
        scores.refresh_scores(pair, config)
    with_score = program.participants().exclude(submission_uuid="").count()
    print(f"# {args.database}: {args.participants:,} participants, {pairs:,} pairs, {sessions:,} sessions, "
          f"{with_score:,} scores written in {time.perf_counter() - start:.0f} s; {cpu_reference()}")
    settings.REVERSE_MENTORING_INLINE_RESCORE_LIMIT = args.participants  # rescored in this process
    block.grading_weights = {"sessions": 20, "checklist": 30, "feedback": 50}
    block.save()
    _state, seconds, ours, total, peak = timed(lambda: block.published_settings(block.config()))
    change = SettingsChange.objects.get(usage_key=program.usage_key)
    print("| run | participants with a score | scores written | seconds | our queries | all queries | peak MiB |")
    print("|---|---|---|---|---|---|---|")
    print(f"| new weights published, applied by one view | {with_score:,} | {change.scores_written:,} | "
          f"{seconds:.1f} | {ours:,} | {total:,} | {peak:.1f} |")
    written, seconds, ours, total, peak = timed(lambda: settings_changes.rescore_program(program, change.pk))
    print(f"| the same change again (nothing to write) | {with_score:,} | {written:,} | {seconds:.1f} | {ours:,} | "
          f"{total:,} | {peak:.1f} |")
    left = Pair.objects.filter(Q(usage_key=program.usage_key), ~Q(status="ended")).count()
    print(f"\n{left:,} pairs not ended; batches of {settings_changes.RESCORE_BATCH} participants.")


if __name__ == "__main__":
    sys.exit(main())
