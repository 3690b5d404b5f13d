"""One transaction per domain write: started over on transient database errors, and done once per client request.

A deadlock or a lock wait timeout rolls the whole transaction back, so running it again from the start
is safe; after ``ATTEMPTS`` tries the caller gets ``Busy`` (HTTP 503, "please try again"), never a
server error and never half a write. The browser numbers each submit (``request_id``); the number is
stored in the same transaction as the write, so a double click or a retry after a dropped connection is
answered with ``Replayed`` instead of writing twice.
"""
import contextlib
import contextvars
import functools
import random
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from ..core.problems import _
from ..models import ClientRequest
from . import tallies
from .locking import StartOver

ATTEMPTS = 4
BACKOFF_SECONDS = 0.02  # doubled after each try, with jitter so that two losers do not collide again
MYSQL_TRANSIENT_CODES = {1205, 1213}  # lock wait timeout, deadlock
POSTGRES_TRANSIENT_STATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


class Busy(Exception):
    """The database stayed busy through every attempt (HTTP 503); nothing was written."""

    status = 503
    message = _("Many people are using the program right now and your change could not be saved. "
                "Please try again in a moment.")


class Replayed(Exception):
    """This client request was already carried out; the write is not repeated."""


@dataclass
class _ClientRequest:
    usage_key: str
    user_id: int
    request_id: str
    action: str
    claimed: bool = field(default=False)


_current_request = contextvars.ContextVar("reverse_mentoring_client_request", default=None)


@contextlib.contextmanager
def client_request(usage_key, user_id, request_id, action):
    """Within this block, the first domain write records ``request_id`` (no-op when it is empty)."""
    token = _current_request.set(_ClientRequest(usage_key, user_id, request_id, action) if request_id else None)
    try:
        yield
    finally:
        _current_request.reset(token)


def is_transient(error):
    """True for errors that a fresh transaction may not meet again: deadlocks, lock timeouts, locked SQLite."""
    if isinstance(error, StartOver):
        return True
    if not isinstance(error, DatabaseError) or isinstance(error, IntegrityError):
        return False
    cause = error.__cause__ or error
    code = cause.args[0] if cause.args else None
    if connection.vendor == "mysql":
        return code in MYSQL_TRANSIENT_CODES
    if connection.vendor == "postgresql":
        return getattr(cause, "sqlstate", None) in POSTGRES_TRANSIENT_STATES or getattr(
            cause, "pgcode", None) in POSTGRES_TRANSIENT_STATES
    return "database is locked" in str(cause)


def atomic_write(function):
    """Run ``function`` in a transaction of its own, again from the start on a transient error.

    Inside a caller's transaction it is only a savepoint: the outermost write owns the retry, because
    a deadlock has already rolled back everything the caller did, and stores the tallies its writes changed.
    """
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        attempts = 1 if connection.in_atomic_block else ATTEMPTS
        for attempt in range(1, attempts + 1):
            claimed_here = False
            try:
                with transaction.atomic(), tallies.gathered():
                    claimed_here = _claim_request()
                    return function(*args, **kwargs)
            except Exception as error:
                if claimed_here:  # the record was rolled back with everything else
                    _current_request.get().claimed = False
                if attempts == 1 or not is_transient(error):
                    raise
                if attempt == attempts:
                    raise Busy() from error
                time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1) * (1 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover
    return wrapper


def _claim_request():
    """Store the current client request once; ``Replayed`` if it is stored already (nothing else then runs)."""
    request = _current_request.get()
    if request is None or request.claimed:
        return False
    try:
        with transaction.atomic():
            ClientRequest.objects.create(usage_key=request.usage_key, user_id=request.user_id,
                                         request_id=request.request_id, action=request.action,
                                         created_at=timezone.now())
    except IntegrityError as error:
        raise Replayed() from error
    request.claimed = True
    return True
