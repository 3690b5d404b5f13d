"""Matching large cohorts, recomputing their scores after a settings change, and the daily reminders, on the LMS's
own Celery workers (``shared_task`` binds to the LMS's app)."""
from celery import shared_task

from . import reminder_mail
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


@shared_task(name="reverse_mentoring_xblock.send_reminders")
def send_reminders():
    """The daily reminders (``domain/nudges.py``); the LMS's beat starts it (``lms_settings.py``)."""
    report = reminder_mail.send_daily()
    return {"programs": report.programs, "recorded": report.recorded, "delivered": report.delivered}


def send_staff_reminder(claim):
    """Send a reminder staff recorded, on the workers, once the request has committed it."""
    send_claimed.delay(claim)
    return True


@shared_task(name="reverse_mentoring_xblock.send_claimed_reminders")
def send_claimed(claim):
    reminder_mail.send_claimed(claim)
