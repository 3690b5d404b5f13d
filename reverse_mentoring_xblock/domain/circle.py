"""The mentor circle: who sits in it, its posts and replies a page at a time, moderation, and its meetings.

Mentors of the program and course staff sit in the circle; mentees too where the author opens it to them.
A withdrawn or reset learner does not. Writes check the seat inside their transaction, so a learner
withdrawn meanwhile cannot post. Circle rows are locked alone (a reply locks the post it answers, a
moderation the row it changes), never together with participants or pairs, so they stay out of the
lock order of ``locking``. A page costs four queries whatever its size: the count, the posts, their
replies and the upcoming meetings.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from ..core.circle import POSTS_PER_PAGE
from ..core.problems import _
from ..core.vocabulary import SESSION_MINUTES
from ..models import CircleMeeting, CirclePost
from .dashboard import Page
from .errors import WITHDRAWN_BY_STAFF, Conflict, NotAllowed, NotFound
from .queries import participant_record
from .transactions import atomic_write

FOR_MENTORS = _("The mentor circle is for the program's mentors and course staff.")
FOR_MEMBERS = _("The mentor circle is for the program's participants and course staff.")
NO_SUCH_POST = _("This post is not in this program's circle.")
UPCOMING_SHOWN = 20  # the circle lists this many of its next meetings


@dataclass(frozen=True)
class Seat:
    """Someone in the circle: their participant row (None for staff who take no part), and whether they are staff."""

    user_id: int
    participant: object
    is_staff: bool
    open_to_mentees: bool  # the program's setting as this seat was found under

    @property
    def time_zone(self):
        """The zone the viewer reads times in: their intake's, else UTC."""
        return (self.participant.intake.get("timezone") if self.participant else None) or "UTC"


@dataclass(frozen=True)
class CirclePage:
    """One page of posts (each with ``replies``, oldest first) and the circle's upcoming meetings."""

    posts: Page
    meetings: list


def seat(program, user_id, is_staff, open_to_mentees):
    """The caller's seat in the circle, or ``NotAllowed``: staff, mentors, and mentees where the circle is open."""
    participant = participant_record(program, user_id)
    if participant is not None and participant.withdrawn:
        if not is_staff:
            raise NotAllowed(WITHDRAWN_BY_STAFF)
        participant = None
    if is_staff:
        return Seat(user_id, participant, True, open_to_mentees)
    if participant is None or (participant.role != "mentor" and not open_to_mentees):
        raise NotAllowed(FOR_MEMBERS if open_to_mentees else FOR_MENTORS)
    return Seat(user_id, participant, False, open_to_mentees)


def circle_page(program, number, now=None):
    """Page ``number`` of the circle (the last one when there are fewer): pinned posts first, then newest first."""
    now = now or timezone.now()
    posts = CirclePost.objects.filter(usage_key=program.usage_key, parent__isnull=True)
    total = posts.count()
    number = max(1, min(number, -(-total // POSTS_PER_PAGE)))
    start = (number - 1) * POSTS_PER_PAGE
    rows = list(posts.select_related("author", "hidden_by").order_by("-pinned", "-created_at", "-pk")
                [start:start + POSTS_PER_PAGE])
    replies = {post.pk: [] for post in rows}
    for reply in (CirclePost.objects.filter(parent__in=[post.pk for post in rows])
                  .select_related("author", "hidden_by").order_by("created_at", "pk")):
        replies[reply.parent_id].append(reply)
    for post in rows:
        post.thread = replies[post.pk]
    earliest = now - timedelta(minutes=SESSION_MINUTES[1])  # a meeting under way is still listed
    meetings = [meeting for meeting in CircleMeeting.objects.filter(
        usage_key=program.usage_key, cancelled_at__isnull=True, starts_at__gt=earliest).order_by(
        "starts_at", "pk")[:UPCOMING_SHOWN] if meeting.starts_at + timedelta(minutes=meeting.minutes) > now]
    return CirclePage(Page(rows, total, number, POSTS_PER_PAGE), meetings)


@atomic_write
def add_post(program, member, body, now=None):
    """A new tip or question in the circle, by ``member`` (a ``Seat``, found again in this transaction)."""
    member = seat(program, member.user_id, member.is_staff, member.open_to_mentees)
    return CirclePost.objects.create(usage_key=program.usage_key, user_id=member.user_id, author=member.participant,
                                     by_staff=member.is_staff, body=body, created_at=now or timezone.now())


@atomic_write
def add_reply(program, member, post_id, body, now=None):
    """A reply to a visible post of this circle (not to a reply: threads are one level deep)."""
    member = seat(program, member.user_id, member.is_staff, member.open_to_mentees)
    post = _locked_post(program, post_id)
    if post.parent_id is not None:
        raise Conflict(_("Reply to the post this reply answers."))
    if post.hidden_at is not None:
        raise Conflict(_("Course staff have hidden this post: it takes no replies."))
    return CirclePost.objects.create(usage_key=program.usage_key, parent=post, user_id=member.user_id,
                                     author=member.participant, by_staff=member.is_staff, body=body,
                                     created_at=now or timezone.now())


@atomic_write
def pin_post(program, post_id, pinned):
    """Staff pin a post above the others, or unpin it; replies are not pinned."""
    post = _locked_post(program, post_id)
    if post.parent_id is not None:
        raise Conflict(_("Pin the post, not one of its replies."))
    if post.pinned == pinned:
        raise Conflict(_("This post is already pinned.") if pinned else _("This post is not pinned."))
    post.pinned = pinned
    post.save(update_fields=["pinned"])
    return post


@atomic_write
def hide_post(program, post_id, reason, staff_user_id, now=None):
    """Staff hide a post or reply from learners; the reason and who hid it stay with it for staff to read (a post
    hidden again keeps the latest reason)."""
    post = _locked_post(program, post_id)
    if post.hidden_at is not None:
        raise Conflict(_("This is hidden already."))
    post.hidden_at, post.hidden_by_id, post.hidden_reason = now or timezone.now(), staff_user_id, reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return post


@atomic_write
def unhide_post(program, post_id):
    """Staff show a hidden post or reply again; who hid it and why stay on record for staff, as hidden earlier."""
    post = _locked_post(program, post_id)
    if post.hidden_at is None:
        raise Conflict(_("This is not hidden."))
    post.hidden_at = None
    post.save(update_fields=["hidden_at"])
    return post


@atomic_write
def schedule_meeting(program, staff_user_id, plan, now=None):
    """Staff schedule a meeting of the whole circle (``core.circle.CircleMeetingPlan``)."""
    return CircleMeeting.objects.create(usage_key=program.usage_key, starts_at=plan.time.starts_at,
                                        minutes=plan.time.minutes, link=plan.link, created_by_id=staff_user_id,
                                        created_at=now or timezone.now())


@atomic_write
def cancel_meeting(program, meeting_id, now=None):
    """Staff cancel a circle meeting that has not ended."""
    now = now or timezone.now()
    meeting = CircleMeeting.objects.select_for_update().filter(pk=meeting_id, usage_key=program.usage_key).first()
    if meeting is None:
        raise NotFound(_("This meeting is not one of this circle's."))
    if meeting.cancelled_at is not None:
        raise Conflict(_("This meeting is cancelled already."))
    if meeting.starts_at + timedelta(minutes=meeting.minutes) <= now:
        raise Conflict(_("This meeting is over."))
    meeting.cancelled_at = now
    meeting.save(update_fields=["cancelled_at"])
    return meeting


def _locked_post(program, post_id):
    post = CirclePost.objects.select_for_update().filter(pk=post_id, usage_key=program.usage_key).first()
    if post is None:
        raise NotFound(NO_SUCH_POST)
    return post
