"""The matching card of the staff panel: start, progress, or a summary of the proposals and one page of them."""
from collections import Counter

from ..core.problems import _, render_message
from ..core.vocabulary import RunStatus
from .dashboard import pagination, query_items
from .labels import COMPONENT_LABELS, ROLE_LABELS, WAITLIST_LABELS

PROPOSAL_VIEW_LABELS = {"": _("All proposals"), "unstable": _("Unstable"), "locked": _("Locked"),
                        "left_out": _("Left out")}


def matching_context(review, query, gettext):
    """The matching card for ``review`` (a ``domain.proposals.MatchingReview``) at ``query``."""
    run = review.run
    if run is None:
        return {"state": "none", "running": False}
    context = {"state": run.status, "run_id": run.pk, "percent_done": run.progress,
               "running": run.status in RunStatus.OPEN}
    if run.status == RunStatus.APPLIED:
        context["applied_count"] = run.applied_count
    if review.page is None:
        return context
    context.update(summary=_summary(run, review.summary, gettext),
                   proposals=proposals_context(review, query, gettext),
                   waitlist=[{"name": _name(review, w["participant"]), "role_label": gettext(ROLE_LABELS[w["role"]]),
                              "reason": gettext(WAITLIST_LABELS.get(w["reason"], w["reason"]))}
                             for w in review.waitlist],
                   excluded=[{"mentor": _name(review, m), "mentee": _name(review, e)} for m, e in run.excluded],
                   locked_pairs=[{"mentor_id": m, "mentee_id": e, "mentor": _name(review, m),
                                  "mentee": _name(review, e)} for m, e in run.locked])
    return context


def proposals_context(review, query, gettext):
    """One page of proposals with their reasons, and the controls to filter, search and page through them."""
    run, checked = review.run, review.run.result["blocking_checked"]
    return {
        "run_id": run.pk, "query": query, "query_items": query_items(query), "page": pagination(review.page),
        "view_options": [{"value": v, "label": gettext(label)} for v, label in PROPOSAL_VIEW_LABELS.items()
                         if v != "unstable" or checked],
        "blocking_checked": checked,
        "adjust_actions": [{"value": "exclude", "label": gettext("Exclude")},
                           {"value": "lock", "label": gettext("Lock")}],
        "rows": [_row(p, review, gettext) for p in review.page.rows],
    }


def _row(proposal, review, gettext):
    mentor, mentee = proposal.mentor_id, proposal.mentee_id
    return {
        "stale": mentor in review.unavailable or mentee in review.unavailable,
        "left_out": proposal.left_out,
        "value": f"{mentor}:{mentee}", "mentor_id": mentor, "mentee_id": mentee,
        "mentor": _name(review, mentor), "mentee": _name(review, mentee),
        "score": round(proposal.score * 100), "locked": proposal.locked,
        "reasons": [render_message(r["message"], r["params"], gettext) for r in proposal.reasons],
        "breakdown": ", ".join(f"{gettext(COMPONENT_LABELS[name])} {round(value * 100)}"
                               for name, value in proposal.breakdown.items() if name in COMPONENT_LABELS),
        "blocking": proposal.blocking_count and {
            "count": proposal.blocking_count, "mentor": _name(review, proposal.blocking_mentor_id),
            "mentee": _name(review, proposal.blocking_mentee_id)},
    }


def _summary(run, figures, gettext):
    """What the run proposes in figures: the staff read this before any row."""
    result, count = run.result, figures["count"]
    reasons = Counter(w["reason"] for w in result["waitlist"])
    return {
        "count": count, "total": round(100 * (figures["total"] or 0)),
        "mean": round(100 * (figures["mean"] or 0)), "lowest": round(100 * (figures["lowest"] or 0)),
        "unstable": figures["unstable"] if result["blocking_checked"] else None,
        "locked": figures["locked"], "left_out": figures["left_out"], "included": count - figures["left_out"],
        "waiting": len(result["waitlist"]),
        "waiting_reasons": [{"label": gettext(WAITLIST_LABELS.get(reason, reason)), "count": n}
                            for reason, n in reasons.most_common()],
    }


def _name(review, participant_id):
    person = review.people.get(participant_id)
    return person.public_name if person else "?"
