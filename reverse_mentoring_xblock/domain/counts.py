"""A pair's session counts, recounted from its sessions after every session write (under the pair's lock).

The staff dashboard filters, sorts and sums thousands of pairs by these columns; recounting (at most a
few dozen rows per pair) instead of adding and subtracting keeps them right whatever the write was.
"Confirmed" counts the confirmed sessions that count towards the plan (``Session.counts``).
"""
from ..core.vocabulary import SessionStatus
from ..models import ChecklistTick
from . import tallies

COUNT_FIELDS = ("sessions_logged", "sessions_confirmed", "sessions_disputed", "sessions_not_counted",
                "items_confirmed", "last_confirmed_on", "confirmed_span_days", "last_session_on")


def counts_of(sessions, ticks):
    """``{field: value}`` for sessions (objects with status, counts, held_on, id) and ``{session id: [item
    keys]}``; a confirmed session that does not count towards the plan adds nothing but its own count."""
    confirmed = counted_sessions(sessions)
    confirmed_days = [s.held_on for s in confirmed]
    return {
        "sessions_logged": len(sessions),
        "sessions_confirmed": len(confirmed),
        "sessions_disputed": sum(s.status == SessionStatus.DISPUTED for s in sessions),
        "sessions_not_counted": sum(s.status == SessionStatus.CONFIRMED and not s.counts for s in sessions),
        "items_confirmed": len({key for s in confirmed for key in ticks.get(s.id, ())}),
        "last_confirmed_on": max(confirmed_days, default=None),
        "confirmed_span_days": (max(confirmed_days) - min(confirmed_days)).days if confirmed_days else None,
        "last_session_on": max((s.held_on for s in sessions), default=None),
    }


def counted_sessions(sessions):
    """The confirmed sessions that count towards the plan."""
    return [s for s in sessions if s.status == SessionStatus.CONFIRMED and s.counts]


def recount(pair):
    """Recount the (locked) pair's sessions and store the counts."""
    sessions = list(pair.sessions.only("id", "status", "counts", "held_on"))
    ticks = {}
    for session_id, topic_id, item_id in ChecklistTick.objects.filter(session__pair=pair).values_list(
            "session_id", "topic_id", "item_id"):
        ticks.setdefault(session_id, []).append((topic_id, item_id))
    counted_as = tallies.of_pair(pair)
    for name, value in counts_of(sessions, ticks).items():
        setattr(pair, name, value)
    pair.save(update_fields=list(COUNT_FIELDS))
    tallies.moved(pair.usage_key, counted_as, tallies.of_pair(pair))
