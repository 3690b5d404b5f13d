"""What the mentor circle's handlers receive: posts, replies, a page, moderation and the circle's meetings.

Pure module: each parser returns plain values or raises ``ProblemList`` naming every wrong field. Every
form may carry ``page``, the page of posts it was sent from, so that the answer redraws that page.
"""
from dataclasses import dataclass

from .intake import timezone_choices
from .meetings import MeetingTime, parse_proposal
from .payloads import parse_id, parse_meeting_link, parse_reason
from .problems import Problem, ProblemList, _, require_object
from .table_queries import MAX_PAGE
from .text import clean_paragraph
from .vocabulary import TEXT_LIMITS

POSTS_PER_PAGE = 10
MEETING_FIELDS = ("date", "time", "minutes")


@dataclass(frozen=True)
class CircleMeetingPlan:
    """A circle meeting as staff schedule it: when (UTC) and for how long, and where to join."""

    time: MeetingTime
    link: str


def parse_page(data):
    """``{"page": n}`` (optional, from 1): which page of posts to show."""
    require_object(data, ("page",))
    return _page(data)


def parse_post(data):
    """The text of a new post: ``{"body"}`` (it shows on the first page)."""
    require_object(data, ("body",))
    return _body(data)


def parse_reply(data):
    """``(post id, body, page)`` of a reply to a post: ``{"post_id", "body", "page"}``."""
    require_object(data, ("post_id", "body", "page"))
    problems = []
    post_id = _collect(lambda: parse_id(data, "post_id"), problems)
    body = _collect(lambda: _body(data), problems)
    page = _collect(lambda: _page(data), problems)
    if problems:
        raise ProblemList(problems)
    return post_id, body, page


def parse_pin(data):
    """``(post id, pinned, page)``: staff pin a post to the top of the circle, or unpin it."""
    require_object(data, ("post_id", "pinned", "page"))
    pinned = data.get("pinned")
    if not isinstance(pinned, bool):
        raise ProblemList([Problem("pinned", _("Choose yes or no."))])
    return parse_id(data, "post_id"), pinned, _page(data)


def parse_hiding(data):
    """``(post id, reason, page)``: staff hide a post or reply from learners, saying why."""
    require_object(data, ("post_id", "reason", "page"))
    problems = []
    post_id = _collect(lambda: parse_id(data, "post_id"), problems)
    reason = _collect(lambda: parse_reason({"reason": data.get("reason", "")}), problems)
    page = _collect(lambda: _page(data), problems)
    if problems:
        raise ProblemList(problems)
    return post_id, reason, page


def parse_post_id(data):
    """``(post id, page)``: staff show a hidden post or reply again."""
    require_object(data, ("post_id", "page"))
    return parse_id(data, "post_id"), _page(data)


def parse_meeting_id(data):
    """``(meeting id, page)``: staff cancel a circle meeting."""
    require_object(data, ("meeting_id", "page"))
    return parse_id(data, "meeting_id"), _page(data)


def parse_circle_meeting(data, now):
    """``(CircleMeetingPlan, page)`` from ``{"date", "time", "minutes", "timezone", "meeting_link", "page"}``.

    The date and time are read on the clock of ``timezone`` (the scheduler's own), stored in UTC; the link
    is required and checked as a pair's meeting link is.
    """
    require_object(data, (*MEETING_FIELDS, "timezone", "meeting_link", "page"))
    problems = []
    zone = data.get("timezone")
    if not isinstance(zone, str) or zone not in timezone_choices():
        problems.append(Problem("timezone", _("Choose your time zone from the list.")))
        zone = None
    time = _collect(lambda: parse_proposal({name: data.get(name) for name in MEETING_FIELDS}, zone, now),
                    problems) if zone else None
    link = _collect(lambda: parse_meeting_link({"meeting_link": data.get("meeting_link", "")}), problems)
    if link == "":
        problems.append(Problem("meeting_link", _("Give a full address starting with https://")))
    page = _collect(lambda: _page(data), problems)
    if problems:
        raise ProblemList(problems)
    return CircleMeetingPlan(time, link), page


def _body(data):
    text = clean_paragraph(data.get("body"))
    limit = TEXT_LIMITS["circle_post"]
    if not text or len(text) > limit:
        raise ProblemList([Problem("body", _("Write from 1 to {limit} characters."), {"limit": limit})])
    return text


def _page(data):
    page = data.get("page", 1)
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise ProblemList([Problem("page", _("Give a page number."))])
    return page


def _collect(parse, problems):
    """``parse()``, or None with its problems added to ``problems``."""
    try:
        return parse()
    except ProblemList as error:
        problems.extend(error.problems)
        return None
