"""Pairs: created by staff or from accepted proposals (all or none), ended by staff with a reason, and what closes
with them."""
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..core.problems import _
from ..core.vocabulary import MeetingStatus, PairStatus, StaffActionKind
from ..models import Meeting, Pair, Participant
from . import audit, tallies
from .errors import Conflict, NotFound
from .locking import lock_participants, lock_partners
from .stages import restage
from .transactions import atomic_write


def pair_participants(program, mentor_id, mentee_id, staff_user_id, now=None, mentor_capacity=1):
    """Staff pair a mentor with a mentee who are both free."""
    return create_pairs(program, [(mentor_id, mentee_id, None)], staff_user_id, capacity=mentor_capacity,
                        now=now)[0]


@atomic_write
def create_pairs(program, matches, staff_user_id, *, capacity, source=Pair.Source.STAFF, run=None, now=None):
    """Create every ``(mentor id, mentee id, score)`` pair, or none of them.

    Participants are locked, then checked in bulk (a constant number of queries for any batch size):
    right roles, still in the program, nobody who completed it, mentees without a partner, mentors
    with a free slot.
    """
    mentor_ids = [m for m, _e, _s in matches]
    mentee_ids = [e for _m, e, _s in matches]
    found = lock_participants(program.participants(), mentor_ids + mentee_ids)
    now = now or timezone.now()  # times are read under the locks, so they follow the order of the writes
    if any(pid not in found for pid in mentor_ids + mentee_ids):
        raise NotFound(_("One of these participants is not in this program."))
    if any(found[m].role != Participant.Role.MENTOR for m in mentor_ids) or any(
            found[e].role != Participant.Role.MENTEE for e in mentee_ids):
        raise Conflict(_("Pair a mentor with a mentee."))
    left = sorted(pid for pid, participant in found.items() if participant.left_at is not None)
    if left:
        raise Conflict(_("{name} has left the program."), name=found[left[0]].public_name)
    if len(set(mentee_ids)) != len(mentee_ids):
        raise Conflict(_("{name} already has a partner."), name=found[_first_repeat(mentee_ids)].public_name)
    _check_free(program, found, mentor_ids, mentee_ids)
    slots = _allocate_slots(program, found, mentor_ids, capacity)
    try:
        with transaction.atomic():
            pairs = Pair.objects.bulk_create(
                Pair(course_key=program.course_key, usage_key=program.usage_key, mentor=found[m], mentee=found[e],
                     active_mentor=found[m], active_mentee=found[e], mentor_slot=slot, created_at=now,
                     paired_on=timezone.localdate(now), created_by_id=staff_user_id, source=source, match_run=run,
                     match_score=score, topics=topics_column(found[e]))
                for (m, e, score), slot in zip(matches, slots))
    except IntegrityError as error:  # the database's own last word on one active pair per mentee and slot
        raise Conflict(_("Someone was paired at the same moment. Reload and try again.")) from error
    if any(pair.pk is None for pair in pairs):  # MySQL returns no ids from a bulk insert: each mentee has one
        by_mentee = {pair.active_mentee_id: pair for pair in Pair.objects.filter(active_mentee_id__in=mentee_ids)}
        pairs = [by_mentee[mentee_id] for mentee_id in mentee_ids]
    for pair in pairs:
        tallies.moved(program.usage_key, {}, tallies.of_pair(pair))
    program.participants().filter(pk__in=found).update(waiting_since=None)
    restage(list(found))
    kind = StaffActionKind.PAIRED if source == Pair.Source.STAFF else StaffActionKind.MATCHING_ACCEPTED
    audit.record_pairs(program, kind, staff_user_id, now, pairs)
    return pairs


def topics_column(mentee):
    """The mentee's topics to learn as `` id id `` (spaces around each), for the dashboard's topic filter."""
    return " " + " ".join(mentee.intake.get("learn_topics", [])) + " "


def _first_repeat(values):
    seen = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def _check_free(program, found, mentor_ids, mentee_ids):
    involved = set(found)
    done = program.pairs().filter(status=Pair.Status.COMPLETED).filter(
        Q(mentor_id__in=involved) | Q(mentee_id__in=involved)).values_list("mentor_id", "mentee_id")
    finished = {pid for pair in done for pid in pair} & involved
    if finished:
        raise Conflict(_("{name} has already completed the program."), name=found[min(finished)].public_name)
    busy = set(program.pairs().filter(active_mentee_id__in=mentee_ids).values_list("active_mentee_id", flat=True))
    if busy:
        raise Conflict(_("{name} already has a partner."), name=found[min(busy)].public_name)


def _allocate_slots(program, found, mentor_ids, capacity):
    """A free slot (1..capacity) for each mentor occurrence, in order."""
    taken = {}
    for mentor_id, slot in program.pairs().filter(active_mentor_id__in=set(mentor_ids)).values_list(
            "active_mentor_id", "mentor_slot"):
        taken.setdefault(mentor_id, set()).add(slot)
    slots = []
    for mentor_id in mentor_ids:
        free = [slot for slot in range(1, capacity + 1) if slot not in taken.setdefault(mentor_id, set())]
        if not free:
            raise Conflict(_("{name} already has a partner."), name=found[mentor_id].public_name)
        taken[mentor_id].add(free[0])
        slots.append(free[0])
    return slots


@atomic_write
def end_pair(program, pair_id, reason, now=None, staff_user_id=None):
    """Staff end an active pair; both partners go back to the waiting list, their history stays."""
    pair = lock_partners(program, pair_id)
    if pair is None:
        raise NotFound(_("This pair is not in this program."))
    if pair.status != Pair.Status.ACTIVE:
        raise Conflict(_("Only an active pair can be ended."))
    now = now or timezone.now()
    end_locked_pair(pair, reason, now)
    audit.record(program, StaffActionKind.PAIR_ENDED, staff_user_id, now, pair=pair, reason=reason)
    return pair


def end_locked_pair(pair, reason, now):
    """End a pair whose partners and row the caller has locked; partners still in the program wait again."""
    counted_as = tallies.of_pair(pair)
    count_mentor_at_the_end(pair, Pair.Status.ENDED)
    pair.status = Pair.Status.ENDED
    pair.active_mentor = pair.active_mentee = None
    pair.ended_at = now
    pair.end_reason = reason
    pair.save(update_fields=["status", "active_mentor", "active_mentee", "ended_at", "end_reason"])
    tallies.moved(pair.usage_key, counted_as, tallies.of_pair(pair))
    close_meetings(pair, now)
    Participant.objects.filter(pk__in=[pair.mentor_id, pair.mentee_id], left_at__isnull=True).update(
        waiting_since=now)
    restage([pair.mentor_id, pair.mentee_id])


def close_meetings(pair, now):
    """A pair that ends or completes (partners and pair locked) has no meeting to come: its open proposal is
    cancelled and its agreed meeting no longer agreed, so neither shows nor downloads any more."""
    Meeting.objects.filter(open_for=pair).update(status=MeetingStatus.CANCELLED, open_for=None, answered_at=now)
    Meeting.objects.filter(agreed_for=pair).update(agreed_for=None)


def count_mentor_at_the_end(pair, status):
    """Before an active pair ends or completes (its mentor locked): count the mentor once as finished, and
    once as having stayed to the end when it completes, for the overview's mentor retention."""
    earlier = set(Pair.objects.filter(mentor_id=pair.mentor_id, status__in=(PairStatus.COMPLETED, PairStatus.ENDED))
                  .values_list("status", flat=True).distinct())
    if not earlier:
        tallies.add(pair.usage_key, tallies.MENTORS, "finished")
    if status == PairStatus.COMPLETED and PairStatus.COMPLETED not in earlier:
        tallies.add(pair.usage_key, tallies.MENTORS, "stayed")
