"""The Outcomes card at the top of the staff overview: the figures the program's goal puts first.

Built from the overview the domain layer counted (its tallies, and ``OutcomeCounts`` where the goal needs them);
the rules of what may be shown by group are ``core/outcomes.py``'s, applied here before anything reaches the
template. Every share is given as a number and a percentage in words, never by colour alone.
"""
from ..core import outcomes
from ..core.problems import _
from ..core.vocabulary import PairStatus
from .labels import GOAL_KIND_LABELS

WITHHELD = {
    outcomes.NO_QUESTION: _("Name one of your own choice questions as the question for self-described groups in "
                            "the program's settings to compare groups."),
    outcomes.NO_ANSWERS: _("Nobody has answered the question for self-described groups yet."),
    outcomes.SAME_ANSWER: _("Everyone who answered the question for self-described groups gave the same answer: "
                            "figures by group would tell each person's answer, so there are none."),
}
SMALLER = _("Groups under {count} people")
UNSAID = _("Did not say")
EVERYONE = _("All participants")


def percent(share):
    """A share in 0..1 as a whole percentage, None when there is none."""
    return None if share is None else round(100 * share)


def outcomes_context(seen, config, gettext):
    """The card's parts for the program's goal kind (``core.outcomes.LEADS``), each present only when it leads."""
    parts = outcomes.LEADS.get(config.goal_kind, ())
    counts = seen.outcomes
    context = {"goal": gettext(GOAL_KIND_LABELS.get(config.goal_kind, config.goal_kind)),
               "min_people": outcomes.MIN_PEOPLE}
    if "headline" in parts or "neutral" in parts:
        context["recommend"] = {"rate": percent(seen.recommend_rate), "answers": seen.feedback_count}
    if "headline" in parts:
        paired, gone = (counts.mentors_paired, counts.mentors_gone) if counts else (0, 0)
        context["retention"] = {"rate": percent(outcomes.retention(paired, gone)), "mentors": paired}
    if "neutral" in parts:
        pairs = sum(seen.pairs_by_status.values())
        done = seen.pairs_by_status.get(PairStatus.COMPLETED, 0)
        context["completion"] = {"completed": done, "pairs": pairs, "rate": percent(outcomes.rate(done, pairs))}
    if "digital" in parts:
        titles = {topic.id: topic.title for topic in config.topics}
        context["digital"] = {
            "items_confirmed": seen.items_confirmed,
            "gains": [{"topic": titles.get(gain.topic_id, gain.topic_id), "before": round(gain.before, 1),
                       "after": round(gain.after, 1), "gain": round(gain.gain, 1), "answers": gain.answers}
                      for gain in outcomes.confidence_gains(seen.confidence, config.topic_ids)]}
    if "groups" in parts:
        context["groups"] = groups_context(counts, config, gettext)
    return context


def groups_context(counts, config, gettext):
    """The table by self-described group, or why it has no lines."""
    question = next((q for q in config.intake_questions if q.id == config.group_question), None)
    table = outcomes.group_table(counts.groups if counts else {}, question.choices if question else (),
                                 asked=question is not None)
    return {"question": question.text if question else "", "everyone": _row(table.everyone, gettext),
            "rows": [_row(line, gettext) for line in table.lines], "left_out": table.left_out,
            "hidden_figures": table.hidden_figures,
            "withheld": gettext(WITHHELD[table.withheld]) if table.withheld else ""}


def _row(line, gettext):
    labels = {outcomes.ANSWER: line.answer, outcomes.UNSAID: gettext(UNSAID), outcomes.EVERYONE: gettext(EVERYONE),
              outcomes.SMALLER: gettext(SMALLER).format(count=outcomes.MIN_PEOPLE)}
    return {
        "label": labels[line.kind], "kind": line.kind, "people": line.people,
        "paired": _share(line.paired), "completion": _share(line.completion),
        "satisfaction": None if line.satisfaction is None else {
            "mean": None if line.satisfaction.value is None else round(line.satisfaction.value, 1),
            "answers": line.satisfaction.answers},
    }


def _share(share):
    return None if share is None else {"part": share.part, "whole": share.whole, "rate": percent(share.value)}
