"""The handlers of reminders (``domain/nudges.py``): a learner takes reminder e-mails or not, and staff remind a pair
by hand.

A mixin of the block: ``set_reminders`` answers with the learner's part drawn again, ``nudge_pair`` with the pair's
timeline, where the reminder just sent is listed.
"""
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import access, domain, reminder_mail
from .core import payloads
from .domain import dashboard
from .domain import nudges as reminders
from .handling import handler
from .presentation import dashboard as board

log = logging.getLogger(__name__)


def send_staff_reminder(claim):
    """Send what a staff request recorded: on the LMS's Celery workers once the request has committed it; in the
    request where Celery is not installed, or runs its tasks in the request anyway (the workbench, which has no
    workers and no broker)."""
    try:
        from . import tasks
    except ImportError:
        tasks = None
    if tasks is None or runs_tasks_in_request(tasks):
        reminder_mail.send_claimed(claim)
        return
    transaction.on_commit(lambda: _enqueue_or_send(tasks, claim))


def runs_tasks_in_request(tasks):
    """Whether the site runs Celery tasks in the request rather than on workers: its settings say so
    (``CELERY_TASK_ALWAYS_EAGER``, or the older ``CELERY_ALWAYS_EAGER``), or the Celery app our tasks are bound to
    does. The settings come first: in a thread of a development server, the app bound is Celery's default one."""
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or getattr(settings, "CELERY_ALWAYS_EAGER", False)
                or tasks.send_claimed.app.conf.task_always_eager)


def _enqueue_or_send(tasks, claim):
    try:
        tasks.send_staff_reminder(claim)
    except Exception:  # the broker is down: two e-mails are sent in the request rather than never
        log.exception("A staff reminder could not be queued; it is sent in the request.")
        reminder_mail.send_claimed(claim)


class PairRemindersMixin:
    """``set_reminders`` and ``nudge_pair`` for the block."""

    @handler(access.require_learner)
    def set_reminders(self, caller, data):
        """The learner takes reminder e-mails, or not; the reminders stay on their page either way."""
        on = payloads.parse_reminders(data)
        reminders.set_reminders(self.program_ref, caller.user_id, on)
        self._event("reminders.set", on=on)
        return self._learner_response(caller, self.gettext("Reminder e-mails are on.") if on else self.gettext(
            "Reminder e-mails are off. Your reminders still show on this page."))

    @handler(access.require_staff)
    def nudge_pair(self, caller, data):
        """Staff remind both partners of an active pair by e-mail, once a day; the pair's timeline again."""
        (pair_id,) = payloads.parse_ids(data, ("pair_id",))
        try:
            claim = reminders.nudge_pair(self.program_ref, pair_id, caller.user_id, timezone.localdate(),
                                         self.config().monitoring.remind_days)
        except domain.Replayed:  # a retry of a reminder already sent: the timeline lists it
            return self._timeline_response(pair_id, lambda pair: self.gettext("This was already saved."))
        send_staff_reminder(claim)
        self._event("pair.reminded", pair=pair_id)
        return self._timeline_response(pair_id, self._reminded_message)

    def _timeline_response(self, pair_id, message):
        """The pair's timeline drawn again, and ``message(pair)`` (the pair with both partners)."""
        config, _published = self.published_settings(self.config())
        timeline = dashboard.pair_timeline(self.program_ref, pair_id, config, timezone.localdate())
        return {"message": message(timeline.pair),
                "html": self._render("pair_detail.html",
                                     {"timeline": board.timeline_context(timeline, config, self.gettext)})}

    def _reminded_message(self, pair):
        """Who was reminded: both partners, or the one who has not turned reminder e-mails off."""
        reminded = [person for person in (pair.mentor, pair.mentee) if not person.reminders_off]
        if len(reminded) == 2:
            return self.gettext("A reminder was sent to both partners.")
        off = [person for person in (pair.mentor, pair.mentee) if person.reminders_off]
        if not reminded:  # both turned reminders off since it was recorded
            return self.gettext("Both partners have turned reminder e-mails off.")
        return self.gettext("A reminder was sent to {name}. {other} has turned reminder e-mails off.").format(
            name=reminded[0].public_name, other=off[0].public_name)
