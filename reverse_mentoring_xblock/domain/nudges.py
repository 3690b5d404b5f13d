"""Reminders: found by the daily job, recorded once per occasion, then sent (``core/nudges.py`` decides which).

The job runs wherever a clock starts it (a Celery beat task in the LMS, a management command anywhere), per
program, a batch of pairs at a time. It is safe to run twice at once: each run inserts the reminders it found
with its own ``claim``, the unique (participant, kind, occasion) index lets one row per occasion in, and a run
sends only the rows bearing its claim. A reminder is recorded before it is sent, so a run that dies in between
leaves it ``pending`` instead of sending it twice: at most once, never twice.

The job reads the program's settings from ``Program.reminder_terms``, which the block keeps (``keep_terms``) as
learners and staff open it, so it needs no block and no modulestore.
"""
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Q
from django.utils import timezone

from ..core import nudges
from ..core.nudges import PairDates, ReminderTerms, WaitingSession
from ..core.problems import _
from ..core.vocabulary import PairStatus, SessionStatus
from ..models import Feedback, Nudge, Participant, Program, Session
from .errors import JOIN_FIRST, Conflict, NotAllowed, NotFound
from .locking import lock_partners, lock_program
from .programs import ProgramRef
from .queries import find_participant
from .transactions import Busy, atomic_write

log = logging.getLogger(__name__)

BATCH = 2000  # pairs read, and reminders sent, at once
CACHE_SECONDS = 3600
ONCE_A_DAY = _("This pair was already reminded today.")
NOT_ACTIVE = _("Only an active pair can be reminded.")
NOBODY_TO_REMIND = _("Both partners have turned reminders off.")
PROGRAM_SENDS_NONE = _("This program sends no reminders: its Days for reminders setting is 0.")


@dataclass(frozen=True)
class Reminder:
    """One recorded reminder as the sender needs it: whom to write to, about what, in which program."""

    nudge_id: int
    user_id: int
    email: str
    public_name: str
    partner_name: str
    kind: str
    session: int
    due: object  # date or None
    title: str  # the program's name
    course_key: str
    usage_key: str


@dataclass
class JobReport:
    """What one run did: programs read, reminders recorded, and how the sender delivered them."""

    programs: int = 0
    recorded: int = 0
    delivered: dict = None

    def __post_init__(self):
        self.delivered = self.delivered or {}


# --- the settings the job reads ----------------------------------------------------------------------

def keep_terms(program, terms):
    """Store ``terms`` with the program when they differ from those stored (0 queries while the cache holds them).

    A view must not fail for this: a write that stays busy (two first views of a program at once) is left to the
    next view, as the cache then still lacks the terms.
    """
    key = f"reverse-mentoring-reminders-{program.usage_key}"
    wanted = terms.to_json()
    try:
        if cache.get(key) == wanted:
            return
    except Exception:  # a cache that is down costs a query, never the view
        log.warning("The cache could not be read: the reminder settings are compared in the database.")
    stored = Program.objects.filter(usage_key=program.usage_key).values_list("reminder_terms", flat=True).first()
    if stored != wanted:
        try:
            _store_terms(program, wanted)
        except (Busy, DatabaseError):
            if connection.in_atomic_block:  # the caller's transaction is lost with this write: the caller retries
                raise
            log.warning("The reminder settings could not be stored now: the next view stores them.")
            return
    try:
        cache.set(key, wanted, CACHE_SECONDS)
    except Exception:
        log.warning("The cache could not be written: the next view compares the reminder settings again.")


@atomic_write
def _store_terms(program, wanted):
    """Under the program's lock, as every program-wide write (``locking``): the head row first."""
    row = lock_program(program)
    if row.reminder_terms != wanted:
        row.reminder_terms = wanted
        row.save(update_fields=["reminder_terms"])


# --- the daily job -------------------------------------------------------------------------------------

def run_daily(today, send, now=None):
    """Find, record and send every program's reminders for ``today``; ``send(reminder)`` returns a delivery."""
    now = now or timezone.now()
    claim = uuid.uuid4().hex
    report = JobReport()
    programs = Program.objects.filter(deleted_at__isnull=True, reminder_terms__isnull=False).values_list(
        "course_key", "usage_key", "reminder_terms")
    for course_key, usage_key, stored in programs.iterator():
        report.programs += 1
        report.recorded += record_program(ProgramRef(course_key, usage_key), ReminderTerms.from_json(stored),
                                          today, claim, now)
    report.delivered = send_claimed(claim, send, now)
    return report


def record_program(program, terms, today, claim, now=None):
    """Record the reminders this program's pairs need on ``today``, skipping occasions already recorded."""
    if not terms.remind_days:
        return 0
    now = now or timezone.now()
    recorded, after = 0, 0
    open_pairs = program.pairs().filter(
        Q(status=PairStatus.ACTIVE)
        | Q(status=PairStatus.COMPLETED, last_confirmed_on__gte=today - timedelta(days=nudges.FEEDBACK_DAYS)))
    while True:
        rows = list(open_pairs.filter(pk__gt=after).order_by("pk").values_list(
            "pk", "mentor_id", "mentee_id", "status", "paired_on", "sessions_confirmed", "last_confirmed_on",
            "sessions_disputed")[:BATCH])
        if not rows:
            return recorded
        after = rows[-1][0]
        found = [nudge for pair in _pair_dates(rows) for nudge in nudges.nudges_for(terms, pair, today)]
        recorded += _record(program, found, claim, now)


def _pair_dates(rows):
    """``PairDates`` of a batch of pair rows, with their waiting sessions and feedback in two more queries."""
    ids = [row[0] for row in rows]
    waiting = {}
    for session_id, pair_id, number, logged_by, logged_at in Session.objects.filter(
            pair_id__in=ids, status=SessionStatus.LOGGED).order_by("number").values_list(
            "pk", "pair_id", "number", "logged_by_id", "logged_at"):
        waiting.setdefault(pair_id, []).append(
            WaitingSession(session_id, number, logged_by, timezone.localdate(logged_at)))
    completed = [row[0] for row in rows if row[3] == PairStatus.COMPLETED]
    gave = {}
    for pair_id, participant_id in Feedback.objects.filter(pair_id__in=completed).values_list(
            "pair_id", "participant_id"):
        gave.setdefault(pair_id, set()).add(participant_id)
    return [PairDates(pk, mentor, mentee, status == PairStatus.ACTIVE, paired_on, confirmed, last_confirmed_on,
                      disputed, tuple(waiting.get(pk, ())), frozenset(gave.get(pk, ())))
            for pk, mentor, mentee, status, paired_on, confirmed, last_confirmed_on, disputed in rows]


def _record(program, found, claim, now, sent_by=None):
    """Insert the reminders not recorded before for people who take reminders; the unique index keeps out those
    another run records at the same moment. Returns how many this run recorded."""
    if not found:
        return 0
    people = {nudge.participant_id for nudge in found}
    wanted = set(Participant.objects.filter(pk__in=people, reminders_off=False, left_at__isnull=True)
                 .values_list("pk", flat=True))
    done = set(Nudge.objects.filter(pair_id__in={nudge.pair_id for nudge in found})
               .values_list("participant_id", "kind", "occasion"))
    new = [Nudge(pair_id=n.pair_id, usage_key=program.usage_key, participant_id=n.participant_id, kind=n.kind,
                 occasion=n.occasion, session=n.session, due_on=n.due, created_at=now, sent_by_id=sent_by,
                 claim=claim)
           for n in found if n.participant_id in wanted and (n.participant_id, n.kind, n.occasion) not in done]
    if not new:
        return 0
    Nudge.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return Nudge.objects.filter(claim=claim, pair_id__in={nudge.pair_id for nudge in new}).count()


def send_claimed(claim, send, now=None):
    """Send the reminders recorded under ``claim``, a batch at a time, and record how each was delivered.

    ``send(reminders)`` returns ``{nudge id: delivery}``. A learner who turned reminders off since gets none.
    """
    delivered = {}
    after = 0
    while True:
        rows = list(Nudge.objects.filter(claim=claim, delivery=nudges.PENDING, pk__gt=after).order_by("pk")
                    .values_list("pk", "participant__user_id", "participant__user__email",
                                 "participant__public_name", "participant_id", "participant__reminders_off",
                                 "pair__mentor_id", "pair__mentor__public_name", "pair__mentee__public_name",
                                 "kind", "session", "due_on", "usage_key", "pair__course_key")[:BATCH])
        if not rows:
            return delivered
        after = rows[-1][0]
        titles = _titles({row[12] for row in rows})
        outcome = {row[0]: nudges.SKIPPED for row in rows if row[5]}
        reminders = [
            Reminder(pk, user_id, email, name, mentee_name if participant_id == mentor_id else mentor_name, kind,
                     session, due, titles.get(usage_key, ""), course_key, usage_key)
            for (pk, user_id, email, name, participant_id, off, mentor_id, mentor_name, mentee_name, kind, session,
                 due, usage_key, course_key) in rows if not off]
        outcome.update(_delivered(send, reminders))
        by_delivery = {}
        for pk, delivery in outcome.items():
            by_delivery.setdefault(delivery, []).append(pk)
        for delivery, ids in by_delivery.items():
            Nudge.objects.filter(pk__in=ids).update(delivery=delivery, delivered_at=now or timezone.now())
            delivered[delivery] = delivered.get(delivery, 0) + len(ids)


def _titles(usage_keys):
    return {usage_key: (stored or {}).get("title", "") for usage_key, stored in
            Program.objects.filter(usage_key__in=usage_keys).values_list("usage_key", "reminder_terms")}


def _delivered(send, reminders):
    """The sender's deliveries; a sender that fails outright marks the batch failed, and the job goes on."""
    if not reminders:
        return {}
    try:
        return send(reminders)
    except Exception:  # an e-mail service that is down must not stop the other programs
        log.exception("%s reminders could not be sent.", len(reminders))
        return {reminder.nudge_id: nudges.FAILED for reminder in reminders}


# --- by hand, and what learners and staff read --------------------------------------------------------

@atomic_write
def nudge_pair(program, pair_id, staff_user_id, today, remind_days, now=None):
    """Staff remind an active pair by hand, once a day, where the program sends reminders (``remind_days``, the
    author's setting, above 0: where it is 0 learners are offered no way to turn them off); returns the claim to
    send. Partners who turned reminders off are not reminded."""
    if not remind_days:
        raise Conflict(PROGRAM_SENDS_NONE)
    pair = lock_partners(program, pair_id)  # the status read under the lock that ending the pair takes
    if pair is None:
        raise NotFound(_("This pair is not in this program."))
    if pair.status != PairStatus.ACTIVE:
        raise Conflict(NOT_ACTIVE)
    found = nudges.staff_nudges(pair_id, (pair.mentor_id, pair.mentee_id), today)
    claim = uuid.uuid4().hex
    if not _record(program, found, claim, now or timezone.now(), sent_by=staff_user_id):
        today_done = Nudge.objects.filter(pair_id=pair_id, kind=nudges.STAFF, occasion=found[0].occasion).exists()
        raise Conflict(ONCE_A_DAY if today_done else NOBODY_TO_REMIND)
    return claim


@atomic_write
def set_reminders(program, user_id, on):
    """The learner takes reminder e-mails, or not."""
    participant = find_participant(program, user_id)
    if participant is None:
        raise NotAllowed(JOIN_FIRST)
    program.participants().filter(pk=participant.pk).update(reminders_off=not on)
    return on


def pair_nudges(program, pair_id):
    """The reminders a pair's partners were sent, newest first, for its timeline: ``(created_at, participant id,
    kind, session, delivery, sent by staff)``."""
    return list(Nudge.objects.filter(usage_key=program.usage_key, pair_id=pair_id).order_by("-created_at", "-pk")
                .values_list("created_at", "participant_id", "kind", "session", "delivery", "sent_by_id"))

