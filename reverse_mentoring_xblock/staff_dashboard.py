"""The staff dashboard's handlers: table pages, a pair's timeline, the pairing search, withdrawing, reports.

A mixin of the block: each handler parses what it receives, asks the domain layer, and renders one
part of the dashboard again; ``export_csv`` streams a report as CSV.
"""
from django.utils import timezone
from webob import Response

from . import access, domain
from .core import payloads, table_queries
from .core.problems import _
from .domain import dashboard, overview_cache, reports
from .handling import download, error_response, handler
from .presentation import dashboard as board

PICKER_LIMIT = 50  # learners per side listed in "pair these two"; a search finds the others
EXPORT_LABELS = {"participants": _("Participants"), "pairs": _("Pairs"), "sessions": _("Sessions"),
                 "staff_actions": _("Staff actions")}


class StaffDashboardMixin:
    """Handlers of the staff dashboard (the block renders the whole dashboard in its staff view)."""

    @handler(access.require_staff)
    def withdraw_participant(self, caller, data):
        """Staff take a participant out of the program, with a reason; any active pair ends."""
        participant_id, reason = payloads.parse_withdrawal(data)
        participant = domain.withdraw_participant(self.program_ref, participant_id, reason, caller.user_id)
        self._event("participant.withdrawn", participant=participant.pk)
        return self._staff_response(self.gettext("{name} has left the program.").format(name=participant.public_name))

    @handler(access.require_staff)
    def dashboard_overview(self, caller, data):
        """The overview again, for its refresh every minute."""
        payloads.parse_ids(data, ())
        config, program = self.config(), self.program_ref
        seen = overview_cache.shared_overview(program, config, timezone.localdate())
        return self._section_response("dashboard_overview.html",
                                      overview=board.overview_context(seen, config, self.gettext))

    @handler(access.require_staff)
    def dashboard_pairs(self, caller, data):
        """A page of pairs, filtered, searched and sorted."""
        config = self.config()
        query = table_queries.parse_pair_query(data, config)
        return self._section_response("dashboard_pairs.html", pairs=self._pairs_context(config, query))

    @handler(access.require_staff)
    def dashboard_participants(self, caller, data):
        """A page of participants, filtered, searched and sorted."""
        query = table_queries.parse_participant_query(data)
        return self._section_response("dashboard_participants.html", participants=self._participants_context(query))

    @handler(access.require_staff)
    def pair_detail(self, caller, data):
        """A pair's timeline: sessions, confirmations, disputes, feedback and staff actions."""
        (pair_id,) = payloads.parse_ids(data, ("pair_id",))
        config, _published = self.published_settings(self.config())
        timeline = dashboard.pair_timeline(self.program_ref, pair_id, config, timezone.localdate())
        return self._section_response("pair_detail.html", timeline=board.timeline_context(timeline, config,
                                                                                          self.gettext))

    @handler(access.require_staff)
    def pairing_candidates(self, caller, data):
        """The "pair these two" card with the waiting learners a search finds."""
        searches = table_queries.parse_pairing_search(data)
        return self._section_response("pairing.html", pairing=self._pairing_context(self.config(), *searches))

    @download(access.require_staff)
    def export_csv(self, caller, request):
        """A report as a CSV file: ``?kind=participants|pairs|sessions|staff_actions[&anonymous=1]`` (GET)."""
        kind, anonymous = request.GET.get("kind", ""), request.GET.get("anonymous") == "1"
        if kind not in reports.EXPORTS:
            return error_response(400, self.gettext("Choose one of the reports offered."))
        rows = reports.export_rows(self.program_ref, kind, self.config(), timezone.localdate(), anonymous)
        self._event("report.exported", kind=kind, anonymous=anonymous)
        return Response(app_iter=(line.encode("utf-8") for line in reports.csv_lines(rows)),
                        content_type="text/csv", charset="utf-8",
                        content_disposition=f'attachment; filename="reverse-mentoring-{kind}.csv"')

    def _pairs_context(self, config, query):
        page = dashboard.pair_page(self.program_ref, config, timezone.localdate(), query)
        return board.pairs_context(page, query, config, self.gettext)

    def _participants_context(self, query):
        return board.participants_context(dashboard.participant_page(self.program_ref, query), query, self.gettext)

    def _pairing_context(self, config, mentor_search="", mentee_search=""):
        mentors, mentees = dashboard.pairing_candidates(self.program_ref, config.matching.mentor_capacity,
                                                        mentor_search, mentee_search, limit=PICKER_LIMIT)
        return board.pairing_context(mentors, mentees, (mentor_search, mentee_search), PICKER_LIMIT)

    def _exports(self):
        return [{"label": self.gettext(label),
                 "url": self.runtime.handler_url(self, "export_csv", query=f"kind={kind}"),
                 "anonymous_url": self.runtime.handler_url(self, "export_csv", query=f"kind={kind}&anonymous=1")}
                for kind, label in EXPORT_LABELS.items()]

    def _section_response(self, template, **context):
        """Just one part of the dashboard, rendered again (a table page, a timeline)."""
        return {"message": "", "html": self._render(template, context)}
