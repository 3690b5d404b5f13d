"""Joining a program, leaving it by a staff reset, and forgetting a retired learner.

Reset touches one program; retirement is the only operation that spans programs.
"""
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..core.problems import _
from ..models import ClientRequest, Feedback, Pair, Participant, Session
from . import gradebook
from .errors import Conflict
from .locking import StartOver, lock_pairs, lock_participants
from .pairs import end_locked_pair
from .queries import current_pair
from .transactions import atomic_write

# Catalogue choices, not writing: the partner's progress is counted on the topics the mentee chose.
KEPT_ANSWERS = ("role", "learn_topics")


@atomic_write
def save_intake(program, caller, intake, now=None):
    """Join the program (or join again after a reset), or update one's answers; frozen once paired."""
    participant = program.participants().select_for_update().filter(user_id=caller.user_id).first()
    now = now or timezone.now()
    if participant is None:
        participant = Participant(
            course_key=program.course_key, usage_key=program.usage_key, user_id=caller.user_id,
            anonymous_user_id=caller.anonymous_id, joined_at=now, waiting_since=now)
    elif current_pair(participant, statuses=(Pair.Status.ACTIVE, Pair.Status.COMPLETED)):
        raise Conflict(_("Your answers cannot change once you are paired."))
    elif participant.left_at is not None:
        participant.left_at, participant.joined_at, participant.waiting_since = None, now, now
    participant.role = intake.role
    participant.public_name = intake.public_name
    participant.intake = intake.to_json()
    participant.intake_updated_at = now
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as error:  # the same user's first answers from another window: update those
        raise StartOver() from error
    return participant


@atomic_write
def retire_user(user_id):
    """Forget what a retired learner wrote in every program; keep the anonymous facts partners' history needs."""
    ids = list(Participant.objects.filter(user_id=user_id).values_list("pk", flat=True))
    mine = lock_participants(Participant.objects.all(), ids)
    _forget_writing(mine)
    ClientRequest.objects.filter(user_id=user_id).delete()


@atomic_write
def reset_participant(program, anonymous_user_id, now=None):
    """Staff reset of one learner in this program only: end any active pair and leave the program.

    Partners keep their history, so a learner with pairs stays as a row without their own writing
    (marked as having left); a learner who was never paired is removed.
    """
    participant = program.participants().filter(anonymous_user_id=anonymous_user_id).first()
    if participant is None:
        return False
    pair_ids = _active_pairs(program, participant.pk)
    involved = {participant.pk} | {pid for partners in pair_ids.values() for pid in partners}
    locked = lock_participants(program.participants(), involved)
    participant = locked.get(participant.pk)
    if participant is None:
        return False
    if _active_pairs(program, participant.pk) != pair_ids:
        raise StartOver()  # paired or ended meanwhile: lock the new partners in order
    now = now or timezone.now()
    for pair in lock_pairs(program.pairs(), pair_ids).values():
        end_locked_pair(pair, _("The learner's state was reset by staff."), now)
    gradebook.reset(participant)
    if not program.pairs().filter(Q(mentor=participant) | Q(mentee=participant)).exists():
        participant.delete()
        return True
    _forget_writing({participant.pk: participant})
    Participant.objects.filter(pk=participant.pk).update(
        left_at=now, waiting_since=None, submission_uuid="", published_points=None)
    return True


def _active_pairs(program, participant_id):
    """``{pair id: (mentor id, mentee id)}`` of the participant's active pairs."""
    return {pk: (mentor_id, mentee_id) for pk, mentor_id, mentee_id in program.pairs().filter(
        Q(active_mentor_id=participant_id) | Q(active_mentee_id=participant_id)).values_list(
        "pk", "mentor_id", "mentee_id")}


def _forget_writing(participants):
    """Blank what these (locked) participants wrote: names, answers, notes, dispute reasons, comments, links.

    Sessions are written while both partners are locked, so holding one partner is enough here.
    """
    ids = list(participants)
    Session.objects.filter(logged_by_id__in=ids).update(notes="")
    Session.objects.filter(Q(pair__mentor_id__in=ids) | Q(pair__mentee_id__in=ids)).exclude(
        logged_by_id__in=ids).update(dispute_reason="")
    Feedback.objects.filter(participant_id__in=ids).update(comment="")
    Pair.objects.filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids)).update(meeting_link="")
    for participant in participants.values():
        participant.public_name = ""
        participant.intake = {key: participant.intake[key] for key in KEPT_ANSWERS if key in participant.intake}
        participant.save(update_fields=["public_name", "intake"])
