"""A participant's intake answers in words, as their partner, they themselves and staff read them.

How they can be reached is not among them: only the partner card shows it. Answers to the author's own
questions are shown only to those the author chose (``question_rows``).
"""
from ..core.problems import _
from ..core.vocabulary import AVAILABILITY_SLOTS, WEEKDAYS
from .labels import DAY_PART_LABELS, MEETING_LABELS, WEEKDAY_LABELS

AVAILABILITY_LABEL = _("Availability")


def answer_rows(answers, topics, areas, gettext):
    """A participant's answers as labelled rows, in the words both partners and staff read; unanswered ones
    left out. ``topics`` and ``areas``: id -> title."""
    rows = [
        (_("Wants to learn"), ", ".join(titles(answers.get("learn_topics", []), topics))),
        (_("Can teach"), ", ".join(titles(answers.get("teach_topics", []), topics))),
        (_("Shares experience in"), ", ".join(titles(answers.get("share_experience", []), areas))),
        (_("Would like to hear about"), ", ".join(titles(answers.get("learn_experience", []), areas))),
        (AVAILABILITY_LABEL, ", ".join(
            f"{gettext(WEEKDAY_LABELS[s.split('-')[0]])} {gettext(DAY_PART_LABELS[s.split('-')[1]]).lower()}"
            for s in answers.get("availability", []) if s in AVAILABILITY_SLOTS)),
        (_("Time zone"), answers.get("timezone", "")),
        (_("Prefers to meet"), gettext(MEETING_LABELS[answers["meeting"]]) if answers.get("meeting") else ""),
    ]
    return [{"label": gettext(label), "value": value} for label, value in rows if value]


def question_rows(answers, questions, audience):
    """The answers to the author's own ``questions`` that ``audience`` (``"partner"`` or ``"staff"``) may read, as
    labelled rows in the questions' order; unanswered ones left out."""
    given = answers.get("questions") or {}
    shown = "shown_to_partner" if audience == "partner" else "shown_to_staff"
    return [{"label": question.text, "value": given[question.id]} for question in questions
            if getattr(question, shown) and isinstance(given.get(question.id), str) and given[question.id]]


def stretches_text(stretches, gettext):
    """Weekly free times (``core.availability.Stretch``) as the viewer reads them: "Tuesday 02:00-06:00"."""
    return ", ".join(gettext(_("{weekday} {start}–{end}")).format(
        weekday=gettext(WEEKDAY_LABELS[WEEKDAYS[s.weekday]]), start=s.start_text, end=s.end_text) for s in stretches)


def titles(ids, lookup):
    """The titles of these ids, in their order, skipping ids the catalogue no longer has."""
    return [lookup[i] for i in ids if i in lookup]
