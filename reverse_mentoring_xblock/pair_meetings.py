"""The handlers with which a pair agrees on its next meeting, and the calendar file of an agreed one.

A mixin of the block: times arrive on the caller's own clock (their intake's time zone) and are stored
in UTC; ``meeting_calendar`` answers a GET with an ``.ics`` file, to the two partners only, with the pair's
meeting link where the program lets partners share one.
"""
from django.utils import timezone
from webob import Response

from . import access, domain
from .core import meetings, payloads
from .core.payloads import MAX_ID
from .handling import download, error_response, handler
from .presentation.calendar import meeting_calendar as calendar_file


class PairMeetingsMixin:
    """Proposing, answering and downloading a pair's meetings."""

    @handler(access.require_learner)
    def propose_meeting(self, caller, data):
        """Either partner proposes a time; it replaces any proposal still open."""
        zone = domain.own_time_zone(self.program_ref, caller.user_id)
        data, pair_id = payloads.take_pair_id(data)
        meeting = domain.propose_meeting(self.program_ref, caller.user_id,
                                         meetings.parse_proposal(data, zone, timezone.now()), pair_id=pair_id)
        self._event("meeting.proposed", pair=meeting.pair_id, meeting=meeting.pk, minutes=meeting.minutes)
        return self._learner_response(caller, self.gettext(
            "Your proposal is sent: your partner can accept it or propose another time."))

    @handler(access.require_learner)
    def answer_meeting(self, caller, data):
        """The partner accepts or declines the proposed time."""
        meeting_id, accept = meetings.parse_answer(data)
        meeting = domain.answer_meeting(self.program_ref, caller.user_id, meeting_id, accept)
        self._event("meeting.accepted" if accept else "meeting.declined", pair=meeting.pair_id, meeting=meeting.pk)
        message = (self.gettext("The meeting is agreed. Add it to your calendar so that neither of you forgets it.")
                   if accept else self.gettext("You declined the time. Propose another one that suits you both."))
        return self._learner_response(caller, message)

    @download(access.require_learner)
    def meeting_calendar(self, caller, request):
        """An agreed meeting as an iCalendar file: ``?meeting=<id>`` (GET), for either partner of its pair."""
        raw = request.GET.get("meeting", "")
        if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
            return error_response(400, self.gettext("A valid identifier is required."))
        meeting, partner, agreed_before = domain.agreed_meeting(self.program_ref, caller.user_id, int(raw))
        title = self.gettext("Mentoring session with {partner}").format(
            partner=partner.public_name or self.gettext("your partner"))
        link = meeting.pair.meeting_link if self.config().sharing.meeting_link else ""
        body = calendar_file(meeting.pair_id, agreed_before, self.program_ref.usage_key, meeting.starts_at,
                             meeting.minutes, title, link, timezone.now())
        return Response(body=body, content_type="text/calendar", charset="utf-8",
                        content_disposition='attachment; filename="mentoring-meeting.ics"')
