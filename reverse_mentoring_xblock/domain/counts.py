"""A pair's session counts, recounted from its sessions after every session write (under the pair's lock).

The staff dashboard filters, sorts and sums thousands of pairs by these columns; recounting (at most a
few dozen rows per pair) instead of adding and subtracting keeps them right whatever the write was.
"Confirmed" counts the confirmed sessions that count towards the plan (``core.pace.counting``).
"""
from ..core.pace import counting
from ..core.vocabulary import SessionStatus
from ..models import ChecklistTick
from . import tallies

COUNT_FIELDS = ("sessions_logged", "sessions_confirmed", "sessions_disputed", "items_confirmed",
                "last_confirmed_on", "confirmed_span_days", "last_session_on")


def counts_of(sessions, ticks, min_gap_days):
    """``{field: value}`` for sessions (objects with status, held_on, number, id) and ``{session id: [item
    keys]}``; a confirmed session held too soon after the last one that counts adds nothing."""
    confirmed = counted_sessions(sessions, min_gap_days)
    confirmed_days = [s.held_on for s in confirmed]
    return {
        "sessions_logged": len(sessions),
        "sessions_confirmed": len(confirmed),
        "sessions_disputed": sum(s.status == SessionStatus.DISPUTED for s in sessions),
        "items_confirmed": len({key for s in confirmed for key in ticks.get(s.id, ())}),
        "last_confirmed_on": max(confirmed_days, default=None),
        "confirmed_span_days": (max(confirmed_days) - min(confirmed_days)).days if confirmed_days else None,
        "last_session_on": max((s.held_on for s in sessions), default=None),
    }


def counted_sessions(sessions, min_gap_days):
    """The confirmed sessions that count towards the plan."""
    confirmed = [s for s in sessions if s.status == SessionStatus.CONFIRMED]
    counted = counting([(s.number, s.held_on) for s in confirmed], min_gap_days).counted
    return [s for s in confirmed if s.number in counted]


def recount(pair, plan):
    """Recount the (locked) pair's sessions against its ``plan`` and store the counts."""
    sessions = list(pair.sessions.only("id", "number", "status", "held_on"))
    ticks = {}
    for session_id, topic_id, item_id in ChecklistTick.objects.filter(session__pair=pair).values_list(
            "session_id", "topic_id", "item_id"):
        ticks.setdefault(session_id, []).append((topic_id, item_id))
    counted_as = tallies.of_pair(pair)
    for name, value in counts_of(sessions, ticks, plan.min_gap_days).items():
        setattr(pair, name, value)
    pair.save(update_fields=list(COUNT_FIELDS))
    tallies.moved(pair.usage_key, counted_as, tallies.of_pair(pair))
