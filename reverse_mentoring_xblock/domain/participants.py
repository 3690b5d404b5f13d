"""Joining a program, leaving it (reset or withdrawn by staff), and forgetting a retired learner.

A reset learner may join again from scratch; a withdrawn one keeps their history and score but cannot
write. Reset touches one program; retirement is the only operation that spans programs.
"""
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..core.problems import _
from ..core.vocabulary import StaffActionKind
from ..models import CheckIn, CirclePost, ClientRequest, Feedback, Pair, Participant, Session
from . import audit, gradebook, tallies
from .errors import WITHDRAWN_BY_STAFF, Conflict, NotFound
from .locking import StartOver, lock_pairs, lock_participants
from .pairs import end_locked_pair
from .queries import current_pair
from .stages import restage
from .transactions import atomic_write

# Catalogue choices, not writing: the partner's progress is counted on the topics the mentee chose, and a
# mentor's feedback asks about the areas of experience the mentee shared.
KEPT_ANSWERS = ("role", "learn_topics", "share_experience")


@atomic_write
def save_intake(program, caller, intake, now=None):
    """Join the program (or join again after a reset), or update one's answers; frozen once paired.

    An update keeps the answers to the author's questions that its payload did not carry (a form drawn before a
    question was added): an answer given meanwhile with ``answer_questions`` stays, and a question never shown
    stays unasked. Joining records every question (``""`` for an optional one not answered)."""
    participant = program.participants().select_for_update().filter(user_id=caller.user_id).first()
    now = now or timezone.now()
    joining = participant is None or participant.left_at is not None
    if participant is None:
        participant = Participant(
            course_key=program.course_key, usage_key=program.usage_key, user_id=caller.user_id,
            anonymous_user_id=caller.anonymous_id, joined_at=now, waiting_since=now)
    elif participant.withdrawn:
        raise Conflict(WITHDRAWN_BY_STAFF)
    elif current_pair(participant, statuses=(Pair.Status.ACTIVE, Pair.Status.COMPLETED)):
        raise Conflict(_("Your answers cannot change once you are paired."))
    elif participant.left_at is not None:
        participant.left_at, participant.joined_at, participant.waiting_since = None, now, now
    counted_as = tallies.of_participant(participant.role, participant.stage) if participant.pk else {}
    participant.role = intake.role
    participant.public_name = intake.public_name
    stored = {} if joining else participant.intake.get("questions") or {}
    participant.intake = {**intake.to_json(), "questions": intake.questions if joining else
                          intake.questions_over(stored)}
    participant.intake_updated_at = now
    try:
        with transaction.atomic():
            participant.save()
            tallies.moved(program.usage_key, counted_as, tallies.of_participant(participant.role, participant.stage))
            restage([participant.pk])
    except IntegrityError as error:  # the same user's first answers from another window: update those
        raise StartOver() from error
    return participant


@atomic_write
def retire_user(user_id):
    """Forget what a retired learner wrote in every program; keep the anonymous facts partners' history needs.

    Their mentor circle posts keep their place, and the replies under them, without their text.
    """
    ids = list(Participant.objects.filter(user_id=user_id).values_list("pk", flat=True))
    mine = lock_participants(Participant.objects.all(), ids)
    _forget_writing(mine)
    CirclePost.objects.filter(user_id=user_id).update(body="")
    ClientRequest.objects.filter(user_id=user_id).delete()


@atomic_write
def reset_participant(program, anonymous_user_id, now=None, staff_user_id=None):
    """Staff reset of one learner in this program only: end any active pair and leave the program.

    Partners keep their history, so a learner with pairs stays as a row without their own writing
    (marked as having left); a learner who was never paired is removed. Their mentor circle posts stay: they
    belong to the circle, which reads them as a former member's.
    """
    participant = program.participants().filter(anonymous_user_id=anonymous_user_id).first()
    if participant is None:
        return False
    participant, now = _leave(program, participant, _("The learner's state was reset by staff."), staff_user_id,
                              now)
    if participant is None:
        return False
    gradebook.reset(participant)
    audit.record(program, StaffActionKind.LEARNER_RESET, staff_user_id, now, participant=participant)
    if not program.pairs().filter(Q(mentor=participant) | Q(mentee=participant)).exists():
        role, stage = Participant.objects.filter(pk=participant.pk).values_list("role", "stage").get()
        tallies.moved(program.usage_key, tallies.of_participant(role, stage), {})
        participant.delete()
        return True
    _forget_writing({participant.pk: participant})
    Participant.objects.filter(pk=participant.pk).update(
        left_at=now, withdrawn=False, waiting_since=None, submission_uuid="", published_points=None)
    restage([participant.pk])
    return True


@atomic_write
def withdraw_participant(program, participant_id, reason, staff_user_id, now=None):
    """Staff take a participant out of the program: any active pair ends; their history and score stay."""
    participant = program.participants().filter(pk=participant_id).first()
    if participant is None:
        raise NotFound(_("This participant is not in this program."))
    participant, now = _leave(program, participant, reason, staff_user_id, now)
    if participant is None:
        raise NotFound(_("This participant is not in this program."))
    if participant.left_at is not None:
        raise Conflict(_("{name} has left the program."), name=participant.public_name)
    Participant.objects.filter(pk=participant.pk).update(left_at=now, withdrawn=True, waiting_since=None)
    restage([participant.pk])
    audit.record(program, StaffActionKind.WITHDRAWN, staff_user_id, now, participant=participant, reason=reason)
    return participant


def _leave(program, participant, reason, staff_user_id, now):
    """Lock the participant and their partners, end their active pairs; ``(locked participant, now)``."""
    pair_ids = _active_pairs(program, participant.pk)
    involved = {participant.pk} | {pid for partners in pair_ids.values() for pid in partners}
    participant = lock_participants(program.participants(), involved).get(participant.pk)
    if participant is None:
        return None, now
    if _active_pairs(program, participant.pk) != pair_ids:
        raise StartOver()  # paired or ended meanwhile: lock the new partners in order
    now = now or timezone.now()
    for pair in lock_pairs(program.pairs(), pair_ids).values():
        end_locked_pair(pair, reason, now)
        audit.record(program, StaffActionKind.PAIR_ENDED, staff_user_id, now, pair=pair, reason=reason)
    return participant, now


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
    CheckIn.objects.filter(participant_id__in=ids).update(comment="")
    Pair.objects.filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids)).update(meeting_link="")
    for participant in participants.values():
        participant.public_name = ""
        participant.intake = {key: participant.intake[key] for key in KEPT_ANSWERS if key in participant.intake}
        participant.save(update_fields=["public_name", "intake"])
