"""What learners and staff read after a published change of the settings grades depend on: a short notice for
learners who joined before it, and for staff the change with where its rescoring stands."""
from datetime import datetime

from ..core.grading_terms import TermsChange
from ..core.problems import _

PARTS = (_("confirmed sessions"), _("checklist items"), _("feedback"))


def notice_context(latest_change, participant, seen_change_id, gettext):
    """The notice of the program's latest change, for a participant who joined before it and has not dismissed
    it; None otherwise. Titles are the author's text or shipped defaults, translated here."""
    if not latest_change or participant is None or latest_change["id"] <= seen_change_id:
        return None
    if datetime.fromisoformat(latest_change["changed_at"]) <= participant.joined_at:
        return None
    change = TermsChange.from_json(latest_change["changes"])
    lines = [*_lines(change, gettext), gettext("Your grade is computed again with these settings.")]
    return {"id": latest_change["id"], "lines": lines}


def staff_context(latest_change, gettext):
    """The program's latest change for the staff panel (None before any): when, what, and the rescoring."""
    if not latest_change:
        return None
    rescored_at = latest_change["rescored_at"]
    return {"changed_at": datetime.fromisoformat(latest_change["changed_at"]),
            "lines": list(_lines(TermsChange.from_json(latest_change["changes"]), gettext)),
            "rescored_at": rescored_at and datetime.fromisoformat(rescored_at),
            "scores_written": latest_change["scores_written"]}


def impact_lines(change, new_questions, joined, scored, gettext, ngettext):
    """What the editor tells an author before saving a change that reaches learners (empty when none does)."""
    lines = []
    if change.regrades and scored:
        lines += [*_lines(change, gettext), ngettext(
            "Once published, the grade of {count} learner is computed again, and learners who joined read a notice.",
            "Once published, the grades of {count} learners are computed again, and learners who joined read a "
            "notice.", scored).format(count=scored)]
    if new_questions and joined:
        lines.append(ngettext("{count} learner who joined is asked the new questions: {texts}.",
                              "{count} learners who joined are asked the new questions: {texts}.",
                              joined).format(count=joined, texts="; ".join(new_questions)))
    return lines


def _lines(change, gettext):
    if change.sessions:
        before, after = change.sessions
        yield gettext("Each pair now plans {after} sessions instead of {before}.").format(after=after, before=before)
        if change.fewer_sessions:
            yield gettext("Pairs that have confirmed as many are complete and can give their feedback.")
        else:
            yield gettext("Pairs that had completed the program stay complete.")
    if change.min_gap_days:
        before, after = change.min_gap_days
        yield gettext("A session now counts when held at least {after} days away from the sessions that count "
                      "(before: {before}). Sessions counted before still count.").format(after=after, before=before)
    if change.weights:
        before, after = ([round(share * 100) for share in shares] for shares in change.weights)
        yield gettext("Grades now weigh {parts} (before: {before}).").format(
            parts=_shares(after, gettext), before=_shares(before, gettext))
    if change.removed_items:
        yield gettext("Checklist items no longer in the program: {titles}. What you ticked stays in your "
                      "history.").format(titles=_titles(change.removed_items, gettext))
    if change.added_items:
        yield gettext("New checklist items: {titles}.").format(titles=_titles(change.added_items, gettext))


def _shares(percentages, gettext):
    return ", ".join(gettext("{part} {percent} %").format(part=gettext(part), percent=percent)
                     for part, percent in zip(PARTS, percentages))


def _titles(items, gettext):
    return "; ".join(gettext(title) for _topic, _item, title in items)
