"""An agreed meeting as an iCalendar file, so that each partner adds it to whatever calendar they use.

The file names the partner by the name they chose for the program and carries the pair's meeting link;
nothing else about either person. Times are UTC, which every calendar shows in its owner's zone.
"""
import hashlib
from datetime import timedelta

from icalendar import Calendar, Event

PRODUCT_ID = "-//reverse-mentoring-xblock//meetings//EN"


def meeting_calendar(meeting_id, usage_key, starts_at, minutes, title, link, stamped_at):
    """The bytes of a one-event ``.ics`` file; the event's uid stays the same for the same meeting."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    program = hashlib.sha256(usage_key.encode()).hexdigest()[:16]
    event.add("uid", f"meeting-{meeting_id}-{program}@reverse-mentoring")
    event.add("dtstamp", stamped_at)
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=minutes))
    event.add("summary", title)
    if link:
        event.add("location", link)
        event.add("url", link)
    calendar.add_component(event)
    return calendar.to_ical()
