"""Meeting times as partners give them: a date and a time on their own clock, checked and turned into UTC.

Each partner reads and writes times in the time zone of their intake, so the pair never converts by hand;
the stored moment is UTC. A local time that the clocks skip (the hour lost when daylight-saving time
starts) is refused rather than moved, so nobody arrives an hour off.
"""
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .payloads import parse_date, parse_id
from .problems import Problem, ProblemList, _, require_object
from .vocabulary import MEETING_DAYS_AHEAD, SESSION_MINUTES

TIME_OF_DAY = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class MeetingTime:
    """When a proposed meeting starts (aware, UTC) and how long it lasts."""

    starts_at: datetime
    minutes: int


def parse_proposal(data, zone, now):
    """``MeetingTime`` from ``{"date": "YYYY-MM-DD", "time": "HH:MM", "minutes": n}``, read in ``zone``.

    The moment must lie after ``now`` and at most ``MEETING_DAYS_AHEAD`` days later.
    """
    require_object(data, ("date", "time", "minutes"))
    problems = []
    day = parse_date(data.get("date"), problems, field="date")
    clock = _parse_clock(data.get("time"), problems)
    minutes = data.get("minutes")
    low, high = SESSION_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        problems.append(Problem("minutes", _("Give the length in minutes, from {low} to {high}."),
                                {"low": low, "high": high}))
    coming = Problem("date", _("Choose a time in the coming {days} days."), {"days": MEETING_DAYS_AHEAD})
    if day and not -1 <= (day - now.date()).days <= MEETING_DAYS_AHEAD + 1:  # also keeps the conversion in range
        problems.append(coming)
    elif day and clock:
        starts_at = local_to_utc(day, clock, zone)
        if starts_at is None:
            problems.append(Problem("time", _("The clocks skip this time in your time zone: choose another.")))
        elif not now < starts_at <= now + timedelta(days=MEETING_DAYS_AHEAD):
            problems.append(coming)
    if problems:
        raise ProblemList(problems)
    return MeetingTime(starts_at, minutes)


def parse_answer(data):
    """``(meeting id, accept)``: the partner accepts or declines a proposed time."""
    require_object(data, ("meeting_id", "accept"))
    accept = data.get("accept")
    if not isinstance(accept, bool):
        raise ProblemList([Problem("accept", _("Accept or decline the proposed time."))])
    return parse_id(data, "meeting_id"), accept


def local_to_utc(day, clock, zone):
    """The UTC moment of ``day`` at ``clock`` in ``zone``, or None when that local time does not exist there."""
    local = datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
    moment = local.astimezone(UTC)
    if moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return moment


def in_zone(moment, zone):
    """``moment`` on the clock of ``zone``."""
    return moment.astimezone(ZoneInfo(zone))


def _parse_clock(value, problems):
    match = TIME_OF_DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        problems.append(Problem("time", _("Give the time as HH:MM, on a 24-hour clock.")))
        return None
    return time(int(match[1]), int(match[2]))

