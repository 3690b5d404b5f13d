"""Weekly availability read on another person's clock, and the times two partners are both free.

Learners tick parts of days on their own clock; a partner in another zone has to see them on theirs. Each
part stands for fixed local hours (``DAY_PART_HOURS``) so that the shift is exact to the minute, also for
zones a half or three quarters of an hour off. The shift is read in one concrete week because daylight-saving
time changes it: Paris is 8 hours behind Tokyo in January and 7 in July. The ticks are a weekly pattern, so a
stretch pushed past midnight is split there and Sunday night runs on into Monday.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from .vocabulary import AVAILABILITY_SLOTS, WEEKDAYS

# Local hours of each part of the day, start inclusive, end exclusive: the form says "morning", the
# conversion needs hours.
DAY_PART_HOURS = {"morning": (8, 12), "afternoon": (12, 17), "evening": (17, 21)}
DAY_MINUTES = 24 * 60


@dataclass(frozen=True, order=True)
class Stretch:
    """Free time on one weekday of the viewer's clock (0 is Monday), in minutes since that day's midnight."""

    weekday: int
    start: int
    end: int

    @property
    def start_text(self):
        return _clock(self.start)

    @property
    def end_text(self):
        """A stretch that runs to midnight ends at "24:00", so that it reads as ending on its own day."""
        return _clock(self.end)


def in_zone(slots, from_zone, to_zone, week_of):
    """The ``slots`` ticked on the clock of ``from_zone``, as sorted, merged stretches on the clock of
    ``to_zone`` in the week containing the date ``week_of``. Unknown slots are skipped.

    Each end is read on the target clock at that moment, so a stretch over a daylight-saving change there
    shows the clock's jump (four hours that read 00:00–05:00).
    """
    monday = week_of - timedelta(days=week_of.weekday())
    source, target = ZoneInfo(from_zone), ZoneInfo(to_zone)
    pieces = []
    for slot in slots:
        if slot not in AVAILABILITY_SLOTS:
            continue
        day, part = slot.split("-")
        on_day = monday + timedelta(days=WEEKDAYS.index(day))
        start, end = (datetime.combine(on_day, time(hour), tzinfo=source) for hour in DAY_PART_HOURS[part])
        pieces.extend(_by_day(_week_minutes(start, target, monday), _week_minutes(end, target, monday)))
    return _merged(pieces)


def shared(slots_a, zone_a, slots_b, zone_b, view_zone, week_of):
    """When both partners are free, as sorted stretches on the clock of ``view_zone`` in the week of ``week_of``.

    The overlap is taken on the viewer's clock, where each side is already placed by the rules of that week:
    it is the same whichever partner comes first, and a partner shared with themself is their own week.
    """
    mine = in_zone(slots_a, zone_a, view_zone, week_of)
    theirs = in_zone(slots_b, zone_b, view_zone, week_of)
    return [Stretch(a.weekday, max(a.start, b.start), min(a.end, b.end))
            for a in mine for b in theirs
            if a.weekday == b.weekday and max(a.start, b.start) < min(a.end, b.end)]


def _week_minutes(moment, zone, monday):
    """Minutes from midnight starting ``monday`` to ``moment``, both on the clock of ``zone`` (negative before)."""
    local = moment.astimezone(zone)
    return (local.date() - monday).days * DAY_MINUTES + local.hour * 60 + local.minute


def _by_day(start, end):
    """The week minutes from ``start`` to ``end`` cut at each midnight, the week wrapping around."""
    while start < end:
        day = start // DAY_MINUTES
        cut = min(end, (day + 1) * DAY_MINUTES)
        yield Stretch(day % 7, start - day * DAY_MINUTES, cut - day * DAY_MINUTES)
        start = cut


def _merged(stretches):
    """Sorted, with stretches that touch or overlap on the same day joined into one."""
    merged = []
    for stretch in sorted(stretches):
        last = merged[-1] if merged else None
        if last and last.weekday == stretch.weekday and stretch.start <= last.end:
            merged[-1] = Stretch(last.weekday, last.start, max(last.end, stretch.end))
        else:
            merged.append(stretch)
    return merged


def _clock(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
