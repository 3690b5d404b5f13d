"""What a pair does: the meeting link, sessions logged, corrected, confirmed or disputed, and feedback.

Every write locks both partners, then the pair, and reads the pair's status again under the locks.
"""
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..core.pace import counts_towards_plan
from ..core.problems import Problem, ProblemList, _
from ..models import ChecklistTick, Feedback, FeedbackRating, Pair, Session
from . import tallies
from .counts import recount
from .errors import (
    FEEDBACK_NOT_OPEN,
    JOIN_FIRST,
    NO_ACTIVE_PAIR,
    NOT_YOUR_PAIR,
    NOT_YOUR_SESSION,
    PAIR_CHANGED,
    Conflict,
    NotAllowed,
)
from .locking import lock_partners
from .pairs import close_meetings, count_mentor_at_the_end
from .queries import current_pair, find_participant
from .scores import refresh_scores
from .stages import restage
from .transactions import atomic_write


@atomic_write
def set_meeting_link(program, user_id, link, pair_id=None):
    """Either partner sets the link both use to meet."""
    pair, _participant = lock_own_active_pair(program, user_id, pair_id)
    pair.meeting_link = link
    pair.save(update_fields=["meeting_link"])
    return pair


@atomic_write
def log_session(program, user_id, log, config, now=None, pair_id=None):
    """Either partner logs a session; the other confirms it later."""
    pair, participant = lock_own_active_pair(program, user_id, pair_id)
    now = now or timezone.now()
    _check_dates(pair, log)
    logged = list(pair.sessions.values_list("number", "status", "counts"))
    not_counted = sum(status == Session.Status.CONFIRMED and not counts for _n, status, counts in logged)
    if len(logged) - not_counted >= config.plan.count:  # a session that does not count leaves its place open
        raise Conflict(_("All {count} planned sessions are already logged."), count=config.plan.count)
    session = Session.objects.create(
        pair=pair, usage_key=program.usage_key, number=max((n for n, _s, _c in logged), default=0) + 1,
        logged_by=participant,
        held_on=log.held_on, minutes=log.minutes, topics=list(log.topics), notes=log.notes, logged_at=now)
    _write_ticks(session, log)
    recount(pair)
    return session


@atomic_write
def correct_session(program, user_id, session_id, log):
    """The logger corrects a session until it is confirmed; a disputed one goes back for confirmation."""
    pair, participant = lock_own_active_pair(program, user_id, _pair_of_session(program, session_id), NOT_YOUR_SESSION)
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
    recount(pair)
    return session


@atomic_write
def confirm_session(program, user_id, session_id, config, now=None):
    """The partner confirms a session; both partners' scores are updated at once. Returns the session and
    both partners' ``ScoreUpdate``."""
    pair, participant = lock_own_active_pair(program, user_id, _pair_of_session(program, session_id), NOT_YOUR_SESSION)
    now = now or timezone.now()
    session = _session_of(pair, session_id)
    _check_partner_reviews(session, participant)
    counted_days = pair.sessions.filter(status=Session.Status.CONFIRMED, counts=True).values_list("held_on", flat=True)
    session.counts = counts_towards_plan(session.held_on, list(counted_days), config.plan.min_gap_days)
    session.status, session.dispute_reason, session.confirmed_at = Session.Status.CONFIRMED, "", now
    session.save(update_fields=["status", "dispute_reason", "confirmed_at", "counts"])
    if session.counts:
        tallies.add(program.usage_key, tallies.HELD_ON, session.held_on.isoformat())
    recount(pair)
    complete_if_done(pair, config, now)
    return session, refresh_scores(pair, config)


def complete_if_done(pair, config, now):
    """Complete the (locked) active pair once its planned sessions are confirmed; its feedback opens."""
    if pair.status != Pair.Status.ACTIVE or pair.sessions_confirmed < config.plan.count:
        return False
    counted_as = tallies.of_pair(pair)
    count_mentor_at_the_end(pair, Pair.Status.COMPLETED)
    pair.status = Pair.Status.COMPLETED
    pair.active_mentor = pair.active_mentee = None
    pair.save(update_fields=["status", "active_mentor", "active_mentee"])
    tallies.moved(pair.usage_key, counted_as, tallies.of_pair(pair))
    close_meetings(pair, now)
    restage([pair.mentor_id, pair.mentee_id])
    return True


@atomic_write
def dispute_session(program, user_id, session_id, reason):
    """The partner disagrees with a logged session and says why; the logger can then correct it."""
    pair, participant = lock_own_active_pair(program, user_id, _pair_of_session(program, session_id), NOT_YOUR_SESSION)
    session = _session_of(pair, session_id)
    _check_partner_reviews(session, participant)
    if session.status != Session.Status.LOGGED:
        raise Conflict(_("Only a session waiting for confirmation can be disputed."))
    session.status, session.dispute_reason = Session.Status.DISPUTED, reason
    session.save(update_fields=["status", "dispute_reason"])
    recount(pair)
    return session


@atomic_write
def submit_feedback(program, user_id, answers, config, now=None, pair_id=None):
    """Feedback once the planned sessions are confirmed; counts towards the giver's grade."""
    pair, participant = _lock_own_pair(program, user_id, Pair.Status.COMPLETED, FEEDBACK_NOT_OPEN, pair_id)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                pair=pair, usage_key=program.usage_key, participant=participant, satisfaction=answers.satisfaction,
                would_recommend=answers.would_recommend, confidence=answers.confidence,
                comment=answers.comment, submitted_at=now)
    except IntegrityError as error:
        raise Conflict(_("You have already given your feedback.")) from error
    about = "area" if participant.role == "mentor" else "topic"  # what each side learns: ProgramConfig.learned_in
    intake_ratings = participant.intake.get("area_ratings" if about == "area" else "ratings", {})
    ratings = FeedbackRating.objects.bulk_create(
        FeedbackRating(feedback=feedback, usage_key=program.usage_key, role=participant.role, about=about,
                       topic_id=topic_id, before=intake_ratings.get(topic_id), after=after)
        for topic_id, after in answers.confidence.items())
    tallies.add(program.usage_key, tallies.FEEDBACK, f"{answers.satisfaction} {int(answers.would_recommend)}")
    for rating in ratings:
        if rating.before is not None:
            tallies.add(program.usage_key, tallies.CONFIDENCE, f"{rating.about} {rating.topic_id} {rating.role}", 1,
                        rating.before, rating.after)
    return refresh_scores(pair, config)


def lock_own_active_pair(program, user_id, pair_id=None, not_yours=NOT_YOUR_PAIR):
    """The caller's active pair (``pair_id``, or their latest), locked with both partners, and the caller's own
    participant row; ``not_yours`` says why another pair's id is refused."""
    return _lock_own_pair(program, user_id, Pair.Status.ACTIVE, NO_ACTIVE_PAIR, pair_id, not_yours)


def _lock_own_pair(program, user_id, status, none_message, pair_id=None, not_yours=NOT_YOUR_PAIR):
    """The caller's pair ``pair_id`` (or their latest in ``status``), locked with both partners, its status read
    again under the locks."""
    participant = find_participant(program, user_id)
    if participant is None:
        raise NotAllowed(JOIN_FIRST)
    if pair_id is None:
        pair = current_pair(participant, statuses=(status,))
        if pair is None:
            raise Conflict(none_message)
    else:
        pair = program.pairs().filter(Q(mentor=participant) | Q(mentee=participant), pk=pair_id).first()
        if pair is None:  # another pair, or none at all: either way not this caller's to touch
            raise NotAllowed(not_yours)
    pair = lock_partners(program, pair.pk)
    if pair is None or pair.status != status:
        raise Conflict(PAIR_CHANGED)
    return pair, pair.mentor if pair.mentor_id == participant.pk else pair.mentee


def _pair_of_session(program, session_id):
    """The pair a session of this program belongs to (whose the caller's lock then checks)."""
    pair_id = Session.objects.filter(pk=session_id, usage_key=program.usage_key).values_list("pair_id", flat=True)
    found = pair_id.first()
    if found is None:
        raise NotAllowed(NOT_YOUR_SESSION)
    return found


def _session_of(pair, session_id):
    session = pair.sessions.filter(pk=session_id).first()
    if session is None:  # another pair's session, or none at all: either way not this caller's to touch
        raise NotAllowed(NOT_YOUR_SESSION)
    return session


def _check_partner_reviews(session, participant):
    if session.logged_by_id == participant.pk:
        raise NotAllowed(_("Your partner confirms the sessions you log."))
    if session.status == Session.Status.CONFIRMED:
        raise Conflict(_("This session is already confirmed."))


def _check_dates(pair, log):
    """Payloads check the date is not in the future; only the pair knows when it started."""
    if log.held_on < pair.paired_on - timedelta(days=1):
        raise ProblemList([Problem("held_on", _("Give a date between the start of your pairing and today."))])


def _write_ticks(session, log):
    ChecklistTick.objects.bulk_create(
        ChecklistTick(session=session, topic_id=topic_id, item_id=item_id) for topic_id, item_id in log.items)
