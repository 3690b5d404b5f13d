"""Each participant's stage, worked out again from their pairs after every write that can change it.

Called under the locks of the participants concerned, by joining, pairing, ending, completing,
withdrawing and resetting; the dashboard then counts and filters participants by a column.
"""
from django.db.models import Q

from ..core.vocabulary import PairStatus, Stage
from ..models import Pair, Participant
from . import tallies


def stage_of(left, statuses):
    """The stage of a participant who has pairs with these ``statuses`` (a set), or has left."""
    if left:
        return Stage.WITHDRAWN
    if PairStatus.ACTIVE in statuses:
        return Stage.PAIRED
    if PairStatus.COMPLETED in statuses:
        return Stage.COMPLETED
    if PairStatus.ENDED in statuses:
        return Stage.ENDED
    return Stage.WAITING


def restage(participant_ids):
    """Store the stage of each of these (locked) participants."""
    statuses = {}
    for mentor_id, mentee_id, status in Pair.objects.filter(
            Q(mentor_id__in=participant_ids) | Q(mentee_id__in=participant_ids)).values_list(
            "mentor_id", "mentee_id", "status"):
        statuses.setdefault(mentor_id, set()).add(status)
        statuses.setdefault(mentee_id, set()).add(status)
    for pk, usage_key, role, left_at, current in Participant.objects.filter(pk__in=participant_ids).values_list(
            "pk", "usage_key", "role", "left_at", "stage"):
        stage = stage_of(left_at is not None, statuses.get(pk, set()))
        if stage != current:
            Participant.objects.filter(pk=pk).update(stage=stage)
            tallies.moved(usage_key, tallies.of_participant(role, current), tallies.of_participant(role, stage))
