"""The matching card of the staff panel: start, progress, or proposals to review with their reasons."""
from ..core.problems import render_message
from ..core.vocabulary import PairStatus, RunStatus
from .labels import COMPONENT_LABELS, ROLE_LABELS, WAITLIST_LABELS


def _unavailable(pairs, capacity):
    """Participants who cannot take (another) partner now: proposals naming them are out of date."""
    unavailable, mentor_load = set(), {}
    for pair in pairs:
        if pair.status == PairStatus.COMPLETED:
            unavailable.update((pair.mentor_id, pair.mentee_id))
        elif pair.status == PairStatus.ACTIVE:
            unavailable.add(pair.mentee_id)
            mentor_load[pair.mentor_id] = mentor_load.get(pair.mentor_id, 0) + 1
    return unavailable | {mentor for mentor, load in mentor_load.items() if load >= capacity}


def matching_context(run, participants, pairs, config, gettext):
    """The matching card of the staff panel: start, progress, or proposals to review."""
    if run is None:
        return {"state": "none", "running": False}
    names = {p.pk: p.public_name for p in participants}
    context = {"state": run.status, "run_id": run.pk,
               "adjust_actions": [{"value": "exclude", "label": gettext("Exclude")},
                                  {"value": "lock", "label": gettext("Lock")}], "percent_done": run.progress,
               "running": run.status in RunStatus.OPEN}
    if run.status == RunStatus.APPLIED:
        context["applied_count"] = run.applied_count
    if run.status != RunStatus.READY:
        return context
    result = run.result
    unavailable = _unavailable(pairs, config.matching.mentor_capacity)
    proposals = [{
        "stale": p["mentor"] in unavailable or p["mentee"] in unavailable,
        "value": f"{p['mentor']}:{p['mentee']}", "mentor_id": p["mentor"], "mentee_id": p["mentee"],
        "mentor": names.get(p["mentor"], "?"), "mentee": names.get(p["mentee"], "?"),
        "score": round(p["score"] * 100), "locked": p["locked"],
        "reasons": [render_message(r["message"], r["params"], gettext) for r in p["reasons"]],
        "breakdown": ", ".join(f"{gettext(COMPONENT_LABELS[name])} {round(value * 100)}"
                               for name, value in p["breakdown"].items() if name in COMPONENT_LABELS),
        "blocking": p["blocking"] and {
            "count": p["blocking"]["count"], "mentor": names.get(p["blocking"]["mentor"], "?"),
            "mentee": names.get(p["blocking"]["mentee"], "?")},
    } for p in result["proposals"]]
    context.update({
        "proposals": proposals,
        "total": round(result["total"] * 100),
        "waitlist": [{"name": names.get(w["participant"], "?"), "role_label": gettext(ROLE_LABELS[w["role"]]),
                      "reason": gettext(WAITLIST_LABELS.get(w["reason"], w["reason"]))} for w in result["waitlist"]],
        "blocking_checked": result["blocking_checked"],
        "excluded": [{"mentor": names.get(m, "?"), "mentee": names.get(e, "?")} for m, e in run.excluded],
        "locked_pairs": [{"mentor_id": m, "mentee_id": e, "mentor": names.get(m, "?"), "mentee": names.get(e, "?")}
                         for m, e in run.locked],
    })
    return context
