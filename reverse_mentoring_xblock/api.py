"""Domain operations: the writers of participants, pairs, sessions and feedback.

Every operation takes the program (``ProgramRef``), the acting user's id and already-validated
values; it checks that this user may do it, runs in one transaction (``transactions.atomic_write``)
with the rows it changes locked in the order ``locking`` documents, decides on what it read under
those locks, and raises a ``DomainError`` (with an HTTP status) instead of half-writing. Only user
retirement spans programs.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from . import gradebook
from .grading import NO_PROGRESS, Progress, points
from .locking import StartOver, lock_participants, lock_pairs, lock_partners
from .models import ChecklistTick, ClientRequest, Feedback, Pair, Participant, Session
from .problems import Problem, ProblemList, _
from .transactions import atomic_write

FEEDBACK_NOT_OPEN = _("Feedback opens after your last planned session is confirmed.")
JOIN_FIRST = _("Join the program first.")
NO_ACTIVE_PAIR = _("You have no active pair.")
# Catalogue choices, not writing: the partner's progress is counted on the topics the mentee chose.
KEPT_ANSWERS = ("role", "learn_topics")
PAIR_CHANGED = _("Your pair has just ended or finished its planned sessions. Reload the page to see it.")


class DomainError(Exception):
    """An operation refused; ``message`` is a msgid with ``{named}`` params."""

    status = 409

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


@dataclass(frozen=True)
class ProgramRef:
    """Identifies one program: a block usage inside a course."""

    course_key: str
    usage_key: str

    def participants(self):
        return Participant.objects.filter(usage_key=self.usage_key)

    def pairs(self):
        return Pair.objects.filter(usage_key=self.usage_key)


@dataclass(frozen=True)
class ScoreUpdate:
    """A participant's new progress and points after a change to their pair."""

    participant_id: int
    user_id: int
    progress: Progress
    points: int


@dataclass(frozen=True)
class LearnerState:
    """All a learner's view needs, loaded with a fixed number of queries."""

    participant: object
    pair: object
    partner: object
    sessions: list
    ticks: dict  # session id -> [(topic_id, item_id)]
    own_feedback: object
    progress: Progress


def find_participant(program, user_id):
    """The user's participant row in this program, unless staff reset them out of it."""
    return program.participants().filter(user_id=user_id, left_at__isnull=True).first()


@atomic_write
def save_intake(program, caller, intake, now=None):
    """Join the program (or join again after a reset), or update one's answers; frozen once paired."""
    participant = program.participants().select_for_update().filter(user_id=caller.user_id).first()
    now = now or timezone.now()
    if participant is None:
        participant = Participant(
            course_key=program.course_key, usage_key=program.usage_key, user_id=caller.user_id,
            anonymous_user_id=caller.anonymous_id, joined_at=now, waiting_since=now)
    elif _current_pair(participant, statuses=(Pair.Status.ACTIVE, Pair.Status.COMPLETED)):
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


def learner_state(program, user_id, config):
    """The learner's participant row, current pair, sessions, ticks and progress."""
    participant = find_participant(program, user_id)
    if participant is None:
        return None
    pair = _current_pair(participant, select_partners=True)
    if pair is None:
        return LearnerState(participant, None, None, [], {}, None, NO_PROGRESS)
    sessions = list(pair.sessions.all())
    ticks = _ticks_by_session(pair)
    feedback = Feedback.objects.filter(pair=pair, participant=participant).first()
    progress = _progress(pair, sessions, ticks, feedback is not None, config)
    return LearnerState(participant, pair, pair.partner_of(participant), sessions, ticks, feedback, progress)


def focus_topics(pair, config):
    """Topics the pair works on: what the mentee wants to learn (still in the catalogue), else all."""
    wanted = [t for t in pair.mentee.intake.get("learn_topics", []) if config.topic(t)]
    return wanted or list(config.topic_ids)


def _progress(pair, sessions, ticks, feedback_given, config):
    confirmed = [s for s in sessions if s.status == Session.Status.CONFIRMED]
    current_items = set(config.checklist_keys(focus_topics(pair, config)))
    done = {key for s in confirmed for key in ticks.get(s.id, ())} & current_items
    return Progress(sessions_planned=config.plan.count, sessions_confirmed=len(confirmed),
                    items_total=len(current_items), items_confirmed=len(done), feedback_given=feedback_given)


def _current_pair(participant, statuses=None, select_partners=False):
    """The participant's latest pair (optionally only with the given statuses)."""
    pairs = Pair.objects.filter(Q(mentor=participant) | Q(mentee=participant))
    if statuses:
        pairs = pairs.filter(status__in=statuses)
    if select_partners:
        pairs = pairs.select_related("mentor", "mentee")
    return pairs.order_by("-created_at", "-id").first()


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
                     created_by_id=staff_user_id, source=source, match_run=run, match_score=score)
                for (m, e, score), slot in zip(matches, slots))
    except IntegrityError as error:  # the database's own last word on one active pair per mentee and slot
        raise Conflict(_("Someone was paired at the same moment. Reload and try again.")) from error
    program.participants().filter(pk__in=found).update(waiting_since=None)
    return pairs


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
def end_pair(program, pair_id, reason, now=None):
    """Staff end an active pair; both partners go back to the waiting list, their history stays."""
    pair = lock_partners(program, pair_id)
    if pair is None:
        raise NotFound(_("This pair is not in this program."))
    if pair.status != Pair.Status.ACTIVE:
        raise Conflict(_("Only an active pair can be ended."))
    _end(pair, reason, now or timezone.now())
    return pair


def _end(pair, reason, now):
    """End a pair whose partners and row the caller has locked; partners still in the program wait again."""
    pair.status = Pair.Status.ENDED
    pair.active_mentor = pair.active_mentee = None
    pair.ended_at = now
    pair.end_reason = reason
    pair.save(update_fields=["status", "active_mentor", "active_mentee", "ended_at", "end_reason"])
    Participant.objects.filter(pk__in=[pair.mentor_id, pair.mentee_id], left_at__isnull=True).update(
        waiting_since=now)


@atomic_write
def set_meeting_link(program, user_id, link):
    """Either partner sets the link both use to meet."""
    pair, _participant = _lock_own_active_pair(program, user_id)
    pair.meeting_link = link
    pair.save(update_fields=["meeting_link"])
    return pair


@atomic_write
def log_session(program, user_id, log, config, now=None):
    """Either partner logs a session; the other confirms it later."""
    pair, participant = _lock_own_active_pair(program, user_id)
    now = now or timezone.now()
    _check_dates(pair, log)
    numbers = list(pair.sessions.values_list("number", flat=True))
    if len(numbers) >= config.plan.count:
        raise Conflict(_("All {count} planned sessions are already logged."), count=config.plan.count)
    session = Session.objects.create(
        pair=pair, number=max(numbers, default=0) + 1, logged_by=participant, held_on=log.held_on,
        minutes=log.minutes, topics=list(log.topics), notes=log.notes, logged_at=now)
    _write_ticks(session, log)
    return session


@atomic_write
def correct_session(program, user_id, session_id, log):
    """The logger corrects a session until it is confirmed; a disputed one goes back for confirmation."""
    pair, participant = _lock_own_active_pair(program, user_id)
    session = _session_of(pair, session_id)
    if session.logged_by_id != participant.pk:
        raise NotAllowed(_("Only the partner who logged this session can correct it."))
    if session.status == Session.Status.CONFIRMED:
        raise Conflict(_("A confirmed session cannot be changed."))
    _check_dates(pair, log)
    session.held_on, session.minutes, session.notes = log.held_on, log.minutes, log.notes
    session.topics = list(log.topics)
    session.status, session.dispute_reason = Session.Status.LOGGED, ""
    session.save()
    session.ticks.all().delete()
    _write_ticks(session, log)
    return session


@atomic_write
def confirm_session(program, user_id, session_id, config, now=None):
    """The partner confirms a session; both partners' scores are updated at once."""
    pair, participant = _lock_own_active_pair(program, user_id)
    now = now or timezone.now()
    session = _session_of(pair, session_id)
    _check_partner_reviews(session, participant)
    session.status, session.dispute_reason, session.confirmed_at = Session.Status.CONFIRMED, "", now
    session.save(update_fields=["status", "dispute_reason", "confirmed_at"])
    confirmed = pair.sessions.filter(status=Session.Status.CONFIRMED).count()
    if confirmed >= config.plan.count:
        pair.status = Pair.Status.COMPLETED
        pair.active_mentor = pair.active_mentee = None
        pair.save(update_fields=["status", "active_mentor", "active_mentee"])
    return _refresh_scores(pair, config)


@atomic_write
def dispute_session(program, user_id, session_id, reason):
    """The partner disagrees with a logged session and says why; the logger can then correct it."""
    pair, participant = _lock_own_active_pair(program, user_id)
    session = _session_of(pair, session_id)
    _check_partner_reviews(session, participant)
    if session.status != Session.Status.LOGGED:
        raise Conflict(_("Only a session waiting for confirmation can be disputed."))
    session.status, session.dispute_reason = Session.Status.DISPUTED, reason
    session.save(update_fields=["status", "dispute_reason"])
    return session


def feedback_topics(program, user_id, config):
    """Topics the feedback form asks confidence for; refuses before the planned sessions are done."""
    participant = find_participant(program, user_id)
    if participant is None:
        raise NotAllowed(JOIN_FIRST)
    pair = _current_pair(participant, statuses=(Pair.Status.COMPLETED,), select_partners=True)
    if pair is None:
        raise Conflict(FEEDBACK_NOT_OPEN)
    return focus_topics(pair, config)


@atomic_write
def submit_feedback(program, user_id, answers, config, now=None):
    """Feedback once the planned sessions are confirmed; counts towards the giver's grade."""
    participant = find_participant(program, user_id)
    if participant is None:
        raise NotAllowed(JOIN_FIRST)
    pair = _current_pair(participant, statuses=(Pair.Status.COMPLETED,))
    if pair is None:
        raise Conflict(FEEDBACK_NOT_OPEN)
    pair = lock_partners(program, pair.pk)  # a completed pair stays completed: no status to read again
    now = now or timezone.now()
    try:
        with transaction.atomic():
            Feedback.objects.create(
                pair=pair, participant=participant, satisfaction=answers.satisfaction,
                would_recommend=answers.would_recommend, confidence=answers.confidence,
                comment=answers.comment, submitted_at=now)
    except IntegrityError as error:
        raise Conflict(_("You have already given your feedback.")) from error
    return _refresh_scores(pair, config)


def staff_overview(program):
    """Participants and pairs for the staff panel, in two set-based queries."""
    participants = list(program.participants().select_related("user").order_by("joined_at", "pk"))
    pairs = list(
        program.pairs().select_related("mentor", "mentee")
        .annotate(confirmed_count=Count("sessions", filter=Q(sessions__status=Session.Status.CONFIRMED)),
                  pending_count=Count("sessions", filter=~Q(sessions__status=Session.Status.CONFIRMED)),
                  last_session_on=Max("sessions__held_on"))
        .order_by("-created_at", "-pk"))
    return participants, pairs


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
        _end(pair, _("The learner's state was reset by staff."), now)
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


def progress_of(program, user_id, config):
    """A participant's progress (for the block's score methods)."""
    state = learner_state(program, user_id, config)
    return state.progress if state else NO_PROGRESS


def _lock_own_active_pair(program, user_id):
    """The caller's active pair, locked with both partners, its status read again under the locks."""
    participant = find_participant(program, user_id)
    if participant is None:
        raise NotAllowed(JOIN_FIRST)
    pair = _current_pair(participant, statuses=(Pair.Status.ACTIVE,))
    if pair is None:
        raise Conflict(NO_ACTIVE_PAIR)
    pair = lock_partners(program, pair.pk)
    if pair is None or pair.status != Pair.Status.ACTIVE:
        raise Conflict(PAIR_CHANGED)
    return pair, pair.mentor if pair.mentor_id == participant.pk else pair.mentee


def _session_of(pair, session_id):
    session = pair.sessions.filter(pk=session_id).first()
    if session is None:  # another pair's session, or none at all: either way not this caller's to touch
        raise NotAllowed(_("This session is not one of your pair's sessions."))
    return session


def _check_partner_reviews(session, participant):
    if session.logged_by_id == participant.pk:
        raise NotAllowed(_("Your partner confirms the sessions you log."))
    if session.status == Session.Status.CONFIRMED:
        raise Conflict(_("This session is already confirmed."))


def _check_dates(pair, log):
    """Payloads check the date is not in the future; only the pair knows when it started."""
    if log.held_on < timezone.localdate(pair.created_at) - timedelta(days=1):
        raise ProblemList([Problem("held_on", _("Give a date between the start of your pairing and today."))])


def _ticks_by_session(pair):
    ticks = {}
    for session_id, topic_id, item_id in ChecklistTick.objects.filter(session__pair=pair).values_list(
            "session_id", "topic_id", "item_id"):
        ticks.setdefault(session_id, []).append((topic_id, item_id))
    return ticks


def _write_ticks(session, log):
    ChecklistTick.objects.bulk_create(
        ChecklistTick(session=session, topic_id=topic_id, item_id=item_id) for topic_id, item_id in log.items)


def _refresh_scores(pair, config):
    """Recompute both (locked) partners' progress and write changed scores; returns a ``ScoreUpdate`` each."""
    sessions = list(pair.sessions.all())
    ticks = _ticks_by_session(pair)
    with_feedback = set(Feedback.objects.filter(pair=pair).values_list("participant_id", flat=True))
    updates = []
    for partner in sorted((pair.mentor, pair.mentee), key=lambda p: p.pk):
        progress = _progress(pair, sessions, ticks, partner.pk in with_feedback, config)
        update = ScoreUpdate(partner.pk, partner.user_id, progress, points(progress, config.grading))
        if partner.left_at is None:  # a learner reset out of the program has no live score
            gradebook.record(partner, update.points)
        updates.append(update)
    return updates
