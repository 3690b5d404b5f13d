"""Matching large cohorts, and recomputing their scores after a settings change, on the LMS's own Celery
workers (``shared_task`` binds to the LMS's app)."""
from celery import shared_task

from .core.program import MatchingPolicy
from .domain import matchmaking, settings_changes
from .domain.programs import ProgramRef


@shared_task(name="reverse_mentoring_xblock.run_matching")
def run_matching(run_id, policy, titles):
    """``policy`` is ``dataclasses.asdict(MatchingPolicy)``: task arguments must be JSON."""
    matchmaking.execute(run_id, MatchingPolicy(**policy), titles)


def enqueue_matching(run_id, policy, titles):
    """Queue one run on the workers."""
    run_matching.delay(run_id, policy, titles)
    return True


@shared_task(name="reverse_mentoring_xblock.rescore_program")
def rescore_program(course_key, usage_key, change_id):
    """Scores follow the terms stored with the program, so the task needs only which program and change."""
    settings_changes.rescore_program(ProgramRef(course_key, usage_key), change_id)


def enqueue_rescoring(program, change_id):
    """Queue the recomputation of every score of a program on the workers."""
    rescore_program.delay(program.course_key, program.usage_key, change_id)
    return True
