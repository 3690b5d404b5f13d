"""The pair's next meeting as the viewer reads it: agreed or proposed, on the viewer's own clock."""
from ..core.meetings import in_zone
from ..core.problems import _
from ..core.vocabulary import WEEKDAYS
from .labels import WEEKDAY_LABELS


def meeting_context(state, now, gettext):
    """The agreed meeting still to come, the open proposal (whose it is, whether its time has passed), and the
    viewer's time zone and date there, in which the form asks for a time."""
    zone = state.participant.intake.get("timezone") or "UTC"
    agreed, proposal = state.agreed_meeting, state.open_meeting
    return {
        "zone": zone,
        "today": in_zone(now, zone).date().isoformat(),
        "agreed": _described(agreed, zone, gettext) if agreed and agreed.starts_at > now else None,
        "proposal": {**_described(proposal, zone, gettext), "by_me": proposal.proposed_by_id == state.participant.pk,
                     "passed": proposal.starts_at <= now} if proposal else None,
    }


def when_text(moment, zone, gettext):
    """A moment as the viewer reads it: weekday, date and 24-hour time in their zone, the zone named."""
    local = in_zone(moment, zone)
    return gettext(_("{weekday} {date} at {time} ({zone})")).format(
        weekday=gettext(WEEKDAY_LABELS[WEEKDAYS[local.weekday()]]), date=local.date().isoformat(),
        time=local.strftime("%H:%M"), zone=zone)


def _described(meeting, zone, gettext):
    return {"id": meeting.pk, "when": when_text(meeting.starts_at, zone, gettext), "minutes": meeting.minutes}
