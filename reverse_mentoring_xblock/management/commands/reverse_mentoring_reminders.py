"""``reverse_mentoring_reminders``: the daily reminders of every program, for a cron job or by hand.

    reverse_mentoring_reminders [--date YYYY-MM-DD]

Finds who needs a reminder on that day (the site's today by default), records each once and sends it through the
platform's messaging (docs/reminders.md). Running it again the same day, or twice at once, sends nothing twice.
The LMS may run the same job as the Celery beat task ``reverse_mentoring_xblock.send_reminders`` instead.
"""
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ... import reminder_mail


class Command(BaseCommand):
    help = "Record and send the reminders reverse-mentoring pairs need today (each one once)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind for, YYYY-MM-DD (default: today in the site's zone)")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError("--date takes a day as YYYY-MM-DD.") from error
        report = reminder_mail.send_daily(today)
        delivered = ", ".join(f"{count} {delivery}" for delivery, count in sorted(report.delivered.items()))
        self.stdout.write(f"programs: {report.programs}; reminders recorded: {report.recorded}; "
                          f"delivered: {delivered or 'none'}")
