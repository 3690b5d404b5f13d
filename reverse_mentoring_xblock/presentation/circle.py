"""The mentor circle as the viewer reads it: posts and replies on their own clock, moderation for staff only.

Learners never receive the text of a hidden post or reply, nor who hid it and why; staff receive all three, and
for a post or reply shown again, who hid it earlier and why (the reason stays on record).
A post whose writer was retired keeps its place without its text.
"""
from ..core.circle import POSTS_PER_PAGE
from ..core.intake import timezone_choices
from ..core.meetings import in_zone
from ..core.problems import _
from ..core.vocabulary import SESSION_MINUTES
from .dashboard import pagination
from .meetings import when_text

FORMER_MEMBER = _("A former member")
COURSE_STAFF = _("Course staff")


def circle_context(page, viewer_zone, is_staff, open_to_mentees, now, gettext, focus="posts"):
    """The template context of ``templates/circle.html`` for one page of ``domain.circle.CirclePage``.

    ``focus`` is what takes the keyboard focus once the circle is drawn again: a post or reply (its id), the
    posts' heading (``"posts"``) or the meetings' (``"meetings"``).
    """
    posts = page.posts
    return {
        "focus": focus,
        "posts": [{**_entry(post, viewer_zone, is_staff, gettext), "pinned": post.pinned,
                   "replies": [_entry(reply, viewer_zone, is_staff, gettext) for reply in post.thread]}
                  for post in posts.rows],
        "page": pagination(posts),
        "paginated": posts.total > POSTS_PER_PAGE,
        "meetings": [{"id": meeting.pk, "when": when_text(meeting.starts_at, viewer_zone, gettext),
                      "minutes": meeting.minutes, "link": meeting.link} for meeting in page.meetings],
        "is_staff": is_staff,
        "open_to_mentees": open_to_mentees,
        "zone": viewer_zone,
        "timezones": timezone_choices() if is_staff else (),
        "today": in_zone(now, viewer_zone).date().isoformat(),
        "session_minutes": SESSION_MINUTES,
    }


def _entry(post, zone, is_staff, gettext):
    """One post or reply: who wrote it and when, its text unless hidden from this viewer, and its moderation."""
    hidden = post.hidden_at is not None
    return {
        "id": post.pk,
        "key": str(post.pk),  # for the ids of its forms' fields
        "author": _author(post, gettext),
        "by_staff": post.by_staff,
        "when": when_text(post.created_at, zone, gettext),
        "body": post.body if is_staff or not hidden else None,
        "hidden": {"when": when_text(post.hidden_at, zone, gettext), **_moderation(post, gettext)}
        if hidden and is_staff else hidden,
        "hidden_earlier": _moderation(post, gettext) if is_staff and not hidden and post.hidden_reason else None,
    }


def _moderation(post, gettext):
    """Who hid a post or reply and why, for staff: kept once it is shown again."""
    return {"by": post.hidden_by.get_username() if post.hidden_by else gettext(COURSE_STAFF),
            "reason": post.hidden_reason}


def _author(post, gettext):
    if post.author is not None and post.author.public_name:
        return post.author.public_name
    return gettext(COURSE_STAFF) if post.by_staff else gettext(FORMER_MEMBER)
