"""An agreed meeting as an iCalendar file, so that each partner adds it to whatever calendar they use.

The file names the partner by the name they chose for the program and carries the pair's meeting link;
nothing else about either person. Times are UTC, which every calendar shows in its owner's zone. Every
meeting of a pair is one event (its uid names the pair) at a higher sequence each time the pair agrees on
another time, so that a calendar importing the new file moves the event instead of adding a second one.
"""
import hashlib
from datetime import timedelta

from icalendar import Calendar, Event

PRODUCT_ID = "-//reverse-mentoring-xblock//meetings//EN"


def meeting_calendar(pair_id, sequence, usage_key, starts_at, minutes, title, link, stamped_at):
    """The bytes of a one-event ``.ics`` file: the pair's event, at ``sequence`` (how many times it agreed
    on a time before)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    program = hashlib.sha256(usage_key.encode()).hexdigest()[:16]
    event.add("uid", f"pair-{pair_id}-{program}@reverse-mentoring")
    event.add("sequence", sequence)
    event.add("dtstamp", stamped_at)
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=minutes))
    event.add("summary", title)
    if link:
        event.add("location", link)
        event.add("url", link)
    calendar.add_component(event)
    return calendar.to_ical()
