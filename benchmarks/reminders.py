"""The daily reminders job at scale: time, queries, memory.

Run: PYTHONPATH=demo .venv/bin/python -P benchmarks/reminders.py [--participants 50000] [--database sqlite|mariadb]
    [--sender log|ace]
The program plans ten sessions three weeks apart and is written by ``devsite.cohort`` (half mentors, half
mentees, everyone paired over the last year, about six sessions per pair, many active pairs behind or stalled,
sessions waiting for confirmation, completed pairs without feedback). The job runs three times on the same day:
the first records and sends every reminder due, the second (the same day, a second clock or a retry) finds them
all recorded, the third runs the next day. ``--sender ace`` sends through edx-ace's ``django_email`` channel into
Django's in-memory mailbox, as the LMS would, instead of the workbench's log line.
"""
import argparse
import logging
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run with -P, as the other benchmarks are
from dashboard import cpu_reference, program_with_cohort  # the same program, database and machine reference
from rescoring import timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--database", choices=("sqlite", "mariadb"), default="sqlite")
    parser.add_argument("--sender", choices=("log", "ace"), default="log")
    args = parser.parse_args()
    _usage_id, program, block, (pairs, sessions, seconds) = program_with_cohort(args.participants, args.database)
    from django.conf import settings
    from django.core import mail
    from django.utils import timezone

    from reverse_mentoring_xblock import reminder_mail
    from reverse_mentoring_xblock.core.nudges import ReminderTerms
    from reverse_mentoring_xblock.domain import nudges
    from reverse_mentoring_xblock.models import Pair
    logging.getLogger("reverse_mentoring_xblock.reminder_mail").setLevel(logging.WARNING)
    if args.sender == "ace":
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.ACE_ENABLED_CHANNELS = ["django_email"]
        settings.ACE_CHANNEL_DEFAULT_EMAIL = settings.ACE_CHANNEL_TRANSACTIONAL_EMAIL = "django_email"
        settings.ACE_ENABLED_POLICIES = []
        mail.outbox = []
        from django.contrib.auth import get_user_model
        from django.db.models import Value
        from django.db.models.functions import Concat
        get_user_model().objects.update(email=Concat("username", Value("@example.org")))
    nudges.keep_terms(program, ReminderTerms.of(block.config(), "Benchmark program"))
    active = Pair.objects.filter(usage_key=program.usage_key, status="active").count()
    print(f"# {args.database}, sender {args.sender}: {args.participants:,} participants, {pairs:,} pairs "
          f"({active:,} active), {sessions:,} sessions, written in {seconds:.0f} s; {cpu_reference()}")
    print("| run | reminders recorded | delivered | seconds | our queries | all queries | peak MiB |")
    print("|---|---|---|---|---|---|---|")
    today = timezone.localdate()
    for label, day in (("first run of the day", today), ("again the same day", today),
                       ("the next day", today + timedelta(days=1))):
        report, seconds, ours, total, peak = timed(lambda day=day: reminder_mail.send_daily(day))
        delivered = ", ".join(f"{count:,} {how}" for how, count in sorted(report.delivered.items())) or "none"
        print(f"| {label} | {report.recorded:,} | {delivered} | {seconds:.1f} | {ours:,} | {total:,} | {peak:.1f} |")
    if args.sender == "ace":
        print(f"\n{len(mail.outbox):,} e-mails in the mailbox.")


if __name__ == "__main__":
    sys.exit(main())
