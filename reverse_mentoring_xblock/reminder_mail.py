"""Sending recorded reminders (``domain/nudges.py``): in each learner's language, through the platform's messaging
(edx-ace) where the site has it, else written to the log by id (the workbench), where learners read them on the page.
"""
import gettext as gettext_module
import logging
from functools import lru_cache

from django.conf import settings
from django.utils import timezone, translation

from . import platform
from .core import nudges
from .domain import nudges as reminders
from .presentation import rendering
from .presentation.reminders import email_text

log = logging.getLogger(__name__)


@lru_cache(maxsize=32)
def catalogue(language):
    """Our own translations for ``language`` (a Django language code), English where we ship none."""
    return gettext_module.translation("text", localedir=str(rendering.PACKAGE_DIR / "translations"),
                                      languages=[translation.to_locale(language)], fallback=True)


def send(batch):
    """``{nudge id: delivery}`` for a batch of ``domain.nudges.Reminder``: the learners' languages in one query."""
    languages = platform.user_languages({reminder.user_id for reminder in batch})
    return {reminder.nudge_id: send_one(reminder, languages.get(reminder.user_id) or settings.LANGUAGE_CODE)
            for reminder in batch}


def send_one(reminder, language):
    with translation.override(language):
        context = email_text(reminder, platform.block_url(reminder.course_key, reminder.usage_key),
                             catalogue(language).gettext)
    context["course_ids"] = [reminder.course_key]  # the platform's course e-mail opt-out reads it
    delivery = platform.email_reminder(reminder.user_id, reminder.email, language, context)
    if delivery is None:
        log.info("Reminder %s (%s): this site sends no e-mail; the learner reads it on the program's page.",
                 reminder.nudge_id, reminder.kind)
        return nudges.LOGGED
    return delivery


def send_daily(today=None):
    """The daily job: every program's reminders for ``today`` (the site's date), recorded and sent."""
    return reminders.run_daily(today or timezone.localdate(), send)


def send_claimed(claim):
    """Send what one staff request recorded (``domain.nudges.nudge_pair``)."""
    return reminders.send_claimed(claim, send)
