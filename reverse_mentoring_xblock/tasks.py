"""Matching large cohorts on the LMS's own Celery workers (``shared_task`` binds to the LMS's app)."""
from celery import shared_task

from .core.program import MatchingPolicy
from .domain import matchmaking


@shared_task(name="reverse_mentoring_xblock.run_matching")
def run_matching(run_id, policy, titles):
    """``policy`` is ``dataclasses.asdict(MatchingPolicy)``: task arguments must be JSON."""
    matchmaking.execute(run_id, MatchingPolicy(**policy), titles)


def enqueue_matching(run_id, policy, titles):
    """Queue one run on the workers."""
    run_matching.delay(run_id, policy, titles)
    return True
