"""The LMS settings hook (``plugin_app`` in ``apps.py``): our events on the xAPI whitelist (``learning_records``),
and the daily reminders on the LMS's Celery beat schedule."""
from . import learning_records

BEAT_ENTRY = "reverse-mentoring-reminders"
REMINDER_HOUR = 8  # UTC, the beat's clock in the LMS: morning in Europe and Africa, night in the Americas


def plugin_settings(settings):
    learning_records.plugin_settings(settings)
    try:
        from celery.schedules import crontab
    except ImportError:
        return
    schedule = dict(getattr(settings, "CELERY_BEAT_SCHEDULE", None) or {})
    schedule.setdefault(BEAT_ENTRY, {"task": "reverse_mentoring_xblock.send_reminders",
                                     "schedule": crontab(hour=REMINDER_HOUR, minute=0)})
    settings.CELERY_BEAT_SCHEDULE = schedule
