"""The staff panel's context: participants, pairs, who can be paired now."""
from ..core.problems import _
from ..core.vocabulary import PairStatus
from .labels import PAIR_STATUS_LABELS, ROLE_LABELS


def staff_context(participants, pairs, config, gettext):
    """Rows for the staff panel, plus who can be paired right now."""
    busy = {p.active_mentee_id for p in pairs if p.status == PairStatus.ACTIVE}
    busy |= {p.active_mentor_id for p in pairs if p.status == PairStatus.ACTIVE}
    done = {pid for p in pairs if p.status == PairStatus.COMPLETED for pid in (p.mentor_id, p.mentee_id)}
    rows = []
    for participant in participants:
        status = (_("Completed") if participant.pk in done else _("Paired") if participant.pk in busy
                  else _("Waiting"))
        rows.append({
            "id": participant.pk, "name": participant.public_name, "username": participant.user.username,
            "role": participant.role, "role_label": gettext(ROLE_LABELS[participant.role]),
            "joined_at": participant.joined_at, "waiting_since": participant.waiting_since,
            "status": gettext(status), "free": participant.pk not in busy and participant.pk not in done,
        })
    return {
        "participants": rows,
        "free_mentors": [r for r in rows if r["free"] and r["role"] == "mentor"],
        "free_mentees": [r for r in rows if r["free"] and r["role"] == "mentee"],
        "pairs": [{
            "id": pair.id, "form_id": str(pair.id),
            "mentor": pair.mentor.public_name, "mentee": pair.mentee.public_name,
            "status": pair.status, "status_label": gettext(PAIR_STATUS_LABELS[pair.status]),
            "created_at": pair.created_at, "confirmed": pair.confirmed_count, "planned": config.plan.count,
            "pending": pair.pending_count, "last_session_on": pair.last_session_on, "end_reason": pair.end_reason,
        } for pair in pairs],
    }
