"""Calls made at the same moment from several threads, each with its own database connection.

Each call is what an LMS process would do: a handler request through the workbench's URLs, the
instructor dashboard's reset (``clear_student_state``), or the retirement pipeline's signal. An
outcome is the HTTP status and JSON body, 500 for anything that escaped (a server error).

Requests spend a few milliseconds in the runtime before they reach our domain layer, and that spread
would hide the races a busy LMS meets. So the calls meet twice: at the start, and again at the door
of the domain layer (each domain entry point waits for the others), from where each thread sleeps
a random fraction of a millisecond so that every order of the writes shows up.
"""
import contextlib
import functools
import json
import random
import threading
import time
import traceback
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock import domain, intake_answers, pair_checkins, platform
from reverse_mentoring_xblock.domain import circle, lifecycle, matchmaking, nudges, retirement, settings_changes

CLEAN_STATUSES = {200, 400, 403, 404, 409}
DOOR_JITTER_SECONDS = 0.0008
DOOR_TIMEOUT_SECONDS = 2  # a call refused before the domain layer never arrives: the others go on
DOMAIN_ENTRY_POINTS = (  # where the block, its mixins, the LMS signal and matching runs find them
    (domain, ("save_intake", "pair_participants", "end_pair", "set_meeting_link", "log_session", "correct_session",
              "confirm_session", "dispute_session", "submit_feedback", "reset_participant",
              "withdraw_participant", "propose_meeting", "answer_meeting")),
    (retirement, ("retire_user",)),
    (matchmaking, ("start_run", "adjust", "accept", "accept_included", "leave_out")),
    (lifecycle, ("mark_deleted",)),
    (settings_changes, ("published",)),
    (pair_checkins, ("record_checkin",)),
    (intake_answers, ("answer_new_questions",)),
    (circle, ("add_post", "add_reply", "pin_post", "hide_post", "unhide_post", "schedule_meeting", "cancel_meeting")),
    (nudges, ("set_reminders", "nudge_pair")),
)


def race(function, arguments, jitter=0.0):
    """Call ``function`` once per argument, each in its own thread and database connection, all at once."""
    barrier = threading.Barrier(len(arguments))
    results = [None] * len(arguments)

    def run(index, argument):
        try:
            barrier.wait(timeout=10)
            if jitter:
                time.sleep(random.random() * jitter)
            results[index] = function(argument)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, argument)) for n, argument in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(not thread.is_alive() for thread in threads), "a thread did not finish"
    return results


@dataclass
class Outcome:
    status: int
    body: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.status == 200


@dataclass(frozen=True)
class HandlerCall:
    """A browser's POST to one of the block's handlers."""

    usage_id: str
    student: str
    handler: str
    payload: dict

    def __call__(self):
        response = Client().post(f"/handler/{self.usage_id}/{self.handler}/?student={self.student}",
                                 data=json.dumps(self.payload), content_type="application/json")
        return Outcome(response.status_code, json.loads(response.content or b"null"))


@dataclass(frozen=True)
class ResetCall:
    """The instructor dashboard's "reset student attempts" on one learner (by anonymous id)."""

    usage_id: str
    anonymous_id: str

    def __call__(self):
        block = WorkbenchRuntime("staff").get_block(self.usage_id)
        try:
            block.clear_student_state(user_id=self.anonymous_id, course_id="workbench", item_id=self.usage_id,
                                      requesting_user_id=None)
        except domain.Busy:
            return Outcome(503)
        return Outcome(200)


@dataclass(frozen=True)
class RetireCall:
    """The LMS retirement pipeline reaching our receiver for one user."""

    username: str

    def __call__(self):
        misc_signal, _critical = platform.retirement_signals()
        misc_signal.send(sender=None, user=get_user_model().objects.get(username=self.username))
        return Outcome(200)


@dataclass(frozen=True)
class DeleteCall:
    """Studio's ``XBLOCK_DELETED`` reaching our receiver for one program."""

    usage_id: str

    def __call__(self):
        lifecycle.mark_deleted(domain.ProgramRef(*platform.program_keys(self.usage_id)), timezone.now())
        return Outcome(200)


@contextlib.contextmanager
def meeting_at_the_domain(parties):
    """While inside, the first domain call of each thread waits until ``parties`` threads got there."""
    barrier = threading.Barrier(parties)
    arrived = threading.local()

    def wait_for_the_others(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if not getattr(arrived, "done", False):
                arrived.done = True
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=DOOR_TIMEOUT_SECONDS)
                time.sleep(random.random() * DOOR_JITTER_SECONDS)
            return function(*args, **kwargs)
        return wrapper

    originals = [(module, name, getattr(module, name)) for module, names in DOMAIN_ENTRY_POINTS for name in names]
    for module, name, function in originals:
        setattr(module, name, wait_for_the_others(function))
    try:
        yield
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def call_safely(call):
    """Run one call; an exception that escaped becomes a 500 with its traceback."""
    try:
        return call()
    except Exception:  # a server error is an outcome to count, not a crash
        return Outcome(500, {"error": traceback.format_exc()})


def at_once(calls):
    """Outcomes of ``calls`` made at the same moment (meeting again at the domain's door), in the same order."""
    with meeting_at_the_domain(len(calls)):
        return race(call_safely, list(calls))
