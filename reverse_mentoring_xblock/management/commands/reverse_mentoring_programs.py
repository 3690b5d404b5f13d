"""``reverse_mentoring_programs``: every program that holds rows, and the reports of one whose block is gone.

Staff read a program through its block; when Studio deleted the block (docs/lifecycle.md) its learner data
stays, and operators reach it here:

    reverse_mentoring_programs list [--course COURSE_KEY] [--deleted]
    reverse_mentoring_programs export USAGE_KEY --report pairs [--anonymous] [--sessions-planned 6] ...

Both print CSV. The block's author settings went with the block, so an export uses the shipped defaults
for what depends on them (sessions planned, a pair's health), unless told otherwise, and never shows
session notes.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...core import program as programs_config
from ...core.problems import ProblemList
from ...core.vocabulary import DEFAULT_GRADING_WEIGHTS, DEFAULT_SETTINGS
from ...domain import programs, reports

LIST_HEADER = ["course", "usage key", "participants", "pairs", "active pairs", "sessions confirmed", "last joined",
               "last session", "deleted at"]
EXPORT_SETTINGS = ("sessions_planned", "cadence_days", "stall_grace_days")


class Command(BaseCommand):
    help = "List reverse-mentoring programs with their counts and status, or export one program's report as CSV."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="one CSV line per program that holds rows")
        listing.add_argument("--course", help="only the programs of this course key")
        listing.add_argument("--deleted", action="store_true", help="only programs whose block Studio deleted")
        export = actions.add_parser("export", help="one report of one program, as CSV")
        export.add_argument("usage_key", help="the program's usage key, as `list` prints it")
        export.add_argument("--report", required=True, choices=reports.EXPORTS)
        export.add_argument("--anonymous", action="store_true", help="anonymous ids instead of names")
        for name in EXPORT_SETTINGS:
            export.add_argument(f"--{name.replace('_', '-')}", type=int, default=DEFAULT_SETTINGS[name],
                                help=f"the block's setting (default {DEFAULT_SETTINGS[name]})")

    def handle(self, *args, action, **options):
        lines = self._listing(**options) if action == "list" else self._export(**options)
        for line in reports.csv_lines(lines):
            self.stdout.write(line, ending="")

    @staticmethod
    def _listing(course, deleted, **_options):
        yield LIST_HEADER
        for summary in programs.program_summaries(course_key=course, deleted_only=deleted):
            yield [summary.program.course_key, summary.program.usage_key, summary.participants, summary.pairs,
                   summary.active_pairs, summary.sessions_confirmed, _iso(summary.last_joined),
                   _iso(summary.last_session), _iso(summary.deleted_at)]

    @staticmethod
    def _export(usage_key, report, anonymous, **options):
        program = programs.program_with_rows(usage_key)
        if program is None:
            raise CommandError(f"No program holds rows under {usage_key}; `list` prints the keys that do.")
        return reports.export_rows(program, report, _config(options), timezone.localdate(), anonymous)


def _config(options):
    """The shipped author settings, with the ones the operator gave."""
    try:
        return programs_config.build_config(
            goal="", topics=list(programs_config.DEFAULT_TOPICS),
            experience_areas=list(programs_config.DEFAULT_EXPERIENCE_AREAS),
            session_minutes=DEFAULT_SETTINGS["session_minutes"], grading_weights=dict(DEFAULT_GRADING_WEIGHTS),
            min_days_between_sessions=DEFAULT_SETTINGS["min_days_between_sessions"],
            **{name: options[name] for name in EXPORT_SETTINGS})
    except ProblemList as error:
        raise CommandError(" ".join(f"{problem.field}: {problem.render(str)}" for problem in error.problems)) from error


def _iso(value):
    return value.isoformat() if value else ""
