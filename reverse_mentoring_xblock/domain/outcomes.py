"""The counts behind the staff overview's Outcomes card that the tallies do not keep: people by self-described
group, and mentor retention, in three queries at any size.

Read only when the card of the program's goal kind needs them (``core.outcomes.counts_needed``); the digital
figures and the share who would recommend come from the tallies, with the rest of the overview. The answer to the
author's group question lives in each participant's intake, a JSON field: the database extracts it (a key
transform, which SQLite, MariaDB and PostgreSQL all run), and the counting is done here, from one row per
participant, pair and feedback answer. Grouping in SQL by a text drawn from JSON would compare the answers under
the database's collation, and MariaDB's usual ones fold case and accents, so that two different choices could be
counted as one; Python compares them exactly on every database. ``core.outcomes`` then applies the rules that
keep every answer private.
"""
from dataclasses import dataclass

from django.db.models import CharField, Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform

from ..core.outcomes import GroupCounts, counts_needed
from ..core.vocabulary import SATISFACTION, PairStatus


@dataclass(frozen=True)
class OutcomeCounts:
    """People by answer to the group question (``""``: none, or no question named), and the mentors for retention:
    those who have had a pair, and those of them who left the program while one of their pairs was active."""

    groups: dict  # answer -> ``core.outcomes.GroupCounts``
    mentors_paired: int
    mentors_gone: int


def outcome_counts(program, config):
    """The counts the program's Outcomes card needs, or None when it needs none of them."""
    if not counts_needed(config.goal_kind):
        return None
    answer = (KeyTextTransform(config.group_question, KeyTransform("questions", "intake")) if config.group_question
              else Value("", output_field=CharField()))
    answer_of, left_at = {}, {}
    for pk, left, given in program.participants().annotate(answer=answer).values_list("pk", "left_at", "answer"):
        answer_of[pk] = given if isinstance(given, str) else ""
        left_at[pk] = left
    people, paired, pairs, completed = {}, {}, {}, {}
    for given in answer_of.values():
        people[given] = people.get(given, 0) + 1
    seen, mentors, gone = set(), set(), set()
    for mentor_id, mentee_id, status, ended_at in program.pairs().values_list("mentor_id", "mentee_id", "status",
                                                                             "ended_at"):
        for partner in (mentor_id, mentee_id):
            given = answer_of.get(partner, "")
            pairs[given] = pairs.get(given, 0) + 1
            completed[given] = completed.get(given, 0) + (status == PairStatus.COMPLETED)
            if partner not in seen:
                seen.add(partner)
                paired[given] = paired.get(given, 0) + 1
        mentors.add(mentor_id)
        left = left_at.get(mentor_id)
        if status == PairStatus.ENDED and left is not None and ended_at is not None and ended_at >= left:
            gone.add(mentor_id)  # leaving the program ends the active pairs, at the same moment
    scores = {}
    for participant_id, satisfaction in program.feedback().values_list("participant_id", "satisfaction"):
        given = answer_of.get(participant_id, "")
        counts = scores.setdefault(given, [0] * len(SATISFACTION))
        counts[satisfaction - SATISFACTION[0]] += 1
    groups = {given: GroupCounts(people.get(given, 0), paired.get(given, 0), pairs.get(given, 0),
                                 completed.get(given, 0), tuple(scores.get(given, (0,) * len(SATISFACTION))))
              for given in people}
    return OutcomeCounts(groups, len(mentors), len(gone))
