"""The mentor circle's handlers: a page of posts, posting and replying, moderation and the circle's meetings.

A mixin of the block. Mentors and course staff read and write in the circle, mentees too where the author
opened it to them (``circle_open_to_mentees``); pinning, hiding and meetings are for staff. Every answer
redraws the circle (``templates/circle.html``, the learner view's ``data-section="circle"``) on the page the
form was sent from; posting goes to the first page, where the new post is.
"""
from django.utils import timezone

from . import access, domain
from .core import circle as circle_payloads
from .domain import circle
from .handling import handler
from .presentation.circle import circle_context

SECTION = "circle"


class MentorCircleMixin:
    """Handlers of the mentor circle, and its part of the learner view."""

    @handler(access.require_learner, section=SECTION)
    def circle_page(self, caller, data):
        """Another page of posts, for anyone in the circle."""
        member = self._circle_seat(caller)
        return self._circle_response(member, "", circle_payloads.parse_page(data))

    @handler(access.require_learner, section=SECTION)
    def circle_post(self, caller, data):
        """Anyone in the circle posts a tip or a question."""
        member = self._circle_seat(caller)
        post = circle.add_post(self.program_ref, member, circle_payloads.parse_post(data))
        self._event("circle.posted", post=post.pk, by_staff=post.by_staff)
        return self._circle_response(member, self.gettext("Your post is in the circle."), 1, post.pk)

    @handler(access.require_learner, section=SECTION)
    def circle_reply(self, caller, data):
        """Anyone in the circle replies to a visible post of this program's circle."""
        member = self._circle_seat(caller)
        post_id, body, page = circle_payloads.parse_reply(data)
        reply = circle.add_reply(self.program_ref, member, post_id, body)
        self._event("circle.replied", post=post_id, reply=reply.pk, by_staff=reply.by_staff)
        return self._circle_response(member, self.gettext("Your reply is in the circle."), page, reply.pk)

    @handler(access.require_staff, section=SECTION)
    def circle_pin(self, caller, data):
        """Staff pin a post above the others, or unpin it."""
        post_id, pinned, page = circle_payloads.parse_pin(data)
        circle.pin_post(self.program_ref, post_id, pinned)
        self._event("circle.pinned" if pinned else "circle.unpinned", post=post_id)
        message = self.gettext("The post is pinned.") if pinned else self.gettext("The post is no longer pinned.")
        return self._circle_response(self._circle_seat(caller), message, 1 if pinned else page, post_id)

    @handler(access.require_staff, section=SECTION)
    def circle_hide(self, caller, data):
        """Staff hide a post or reply from learners, with a reason staff keep reading."""
        post_id, reason, page = circle_payloads.parse_hiding(data)
        circle.hide_post(self.program_ref, post_id, reason, caller.user_id)
        self._event("circle.hidden", post=post_id)
        return self._circle_response(self._circle_seat(caller), self.gettext("Hidden from learners."), page,
                                     post_id)

    @handler(access.require_staff, section=SECTION)
    def circle_unhide(self, caller, data):
        """Staff show a hidden post or reply again."""
        post_id, page = circle_payloads.parse_post_id(data)
        circle.unhide_post(self.program_ref, post_id)
        self._event("circle.unhidden", post=post_id)
        return self._circle_response(self._circle_seat(caller), self.gettext("Shown to learners again."), page,
                                     post_id)

    @handler(access.require_staff, section=SECTION)
    def circle_schedule(self, caller, data):
        """Staff schedule a circle meeting, on the clock of the time zone they choose."""
        plan, page = circle_payloads.parse_circle_meeting(data, timezone.now())
        meeting = circle.schedule_meeting(self.program_ref, caller.user_id, plan)
        self._event("circle.meeting_scheduled", circle_meeting=meeting.pk, minutes=meeting.minutes)
        return self._circle_response(self._circle_seat(caller), self.gettext("The meeting is scheduled."), page,
                                     "meetings")

    @handler(access.require_staff, section=SECTION)
    def circle_cancel_meeting(self, caller, data):
        """Staff cancel a circle meeting that has not ended."""
        meeting_id, page = circle_payloads.parse_meeting_id(data)
        circle.cancel_meeting(self.program_ref, meeting_id)
        self._event("circle.meeting_cancelled", circle_meeting=meeting_id)
        return self._circle_response(self._circle_seat(caller), self.gettext("The meeting is cancelled."), page,
                                     "meetings")

    def circle_html(self, caller, config):
        """The circle for the learner view, or "" for those who are not in it."""
        try:
            member = circle.seat(self.program_ref, caller.user_id, caller.is_staff, config.circle_open_to_mentees)
        except domain.NotAllowed:
            return ""
        return self._render_circle(member, 1, None)

    def circle_replayed(self, caller):
        """The answer to a circle submit already carried out: its first page as it is now."""
        return self._circle_response(self._circle_seat(caller), self.gettext("This was already saved."), 1)

    def _circle_seat(self, caller):
        """The caller's seat, under the program's current settings; ``NotAllowed`` (403) for others."""
        return circle.seat(self.program_ref, caller.user_id, caller.is_staff, self.config().circle_open_to_mentees)

    def _circle_response(self, member, message, page, focus="posts"):
        """The circle drawn again on ``page``, ``focus`` taking the keyboard focus (``presentation.circle``)."""
        return {"message": message, "html": self._render_circle(member, page, focus)}

    def _render_circle(self, member, page, focus):
        now = timezone.now()
        context = circle_context(circle.circle_page(self.program_ref, page, now), member.time_zone, member.is_staff,
                                 member.open_to_mentees, now, self.gettext, focus)
        return self._render("circle.html", context)
