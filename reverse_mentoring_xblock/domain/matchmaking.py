"""Automatic matching as domain operations: runs, staff adjustments, accepting proposals.

It writes ``MatchRun`` rows and, through ``pairs.create_pairs``, pairs. The scoring and the assignment
themselves are the pure ``core.matching`` package; this module feeds it the waiting participants and
stores what it proposes.
"""
import logging
from dataclasses import asdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..core import matching
from ..core.problems import _
from ..core.vocabulary import RunStatus
from ..models import MatchProposal, MatchRun, Pair, Participant
from .errors import Conflict, NotFound
from .locking import lock_participants, lock_program
from .pairs import create_pairs
from .programs import ProgramRef
from .proposals import unavailable
from .transactions import atomic_write

log = logging.getLogger(__name__)

INLINE_MATCHING_LIMIT = 1000  # participants; larger programs match in a Celery task
BATCH = 1000  # proposal rows written at once


def dispatch(run, policy, titles, enqueue):
    """Solve small cohorts now; hand large ones to the workers so the request returns at once.

    ``titles`` (topic and area id -> title) words the reasons in the requesting staff's language;
    ``enqueue(run_id, policy, titles)`` queues a run on the workers and says whether it could. Returns
    the run as it is now and the pairs it created (a run that accepts its own proposals).
    """
    inline_limit = getattr(settings, "REVERSE_MENTORING_INLINE_MATCHING_LIMIT", INLINE_MATCHING_LIMIT)
    program = ProgramRef(run.course_key, run.usage_key)
    if program.participants().count() > inline_limit and enqueue(run.pk, asdict(policy), titles):
        return MatchRun.objects.get(pk=run.pk), []
    return execute(run.pk, policy, titles)


@atomic_write
def start_run(program, staff_user_id, *, excluded=(), locked=(), auto_accept=False, now=None):
    """Queue a run over everyone still unpaired; refuses while another run is under way.

    The program's row is locked first, so two staff starting at once queue up and the second sees
    the first one's run.
    """
    lock_program(program)
    if MatchRun.objects.filter(usage_key=program.usage_key, status__in=RunStatus.OPEN).exists():
        raise Conflict(_("Matching is already running for this program."))
    return MatchRun.objects.create(
        course_key=program.course_key, usage_key=program.usage_key, requested_by_id=staff_user_id,
        auto_accept=auto_accept, created_at=now or timezone.now(),
        excluded=sorted(list(p) for p in {tuple(p) for p in excluded}),
        locked=sorted(list(p) for p in {tuple(p) for p in locked}))


def adjust(program, run_id, staff_user_id, *, exclude=(), lock=(), release=()):
    """A new run from a finished one, with pairs excluded, locked or released (a swap locks two crossed pairs)."""
    run = _finished_run(program, run_id)
    exclude, lock, release = ({tuple(p) for p in pairs} for pairs in (exclude, lock, release))
    _check_mentor_mentee_pairs(program, exclude | lock)
    excluded = ({tuple(p) for p in run.excluded} | exclude) - lock
    locked = ({tuple(p) for p in run.locked} | lock) - release - exclude
    return start_run(program, staff_user_id, excluded=excluded, locked=locked)


def _check_mentor_mentee_pairs(program, pairs):
    ids = {pid for pair in pairs for pid in pair}
    roles = dict(program.participants().filter(pk__in=ids).values_list("pk", "role"))
    if any(roles.get(m) != Participant.Role.MENTOR or roles.get(e) != Participant.Role.MENTEE for m, e in pairs):
        raise NotFound(_("Name a mentor and a mentee of this program."))


def execute(run_id, policy, titles=None):
    """Solve one run (inline or in a worker): load the waiting, score, assign, store the proposals.

    Returns the run as stored and the pairs created when the run accepts its own proposals.
    """
    run = MatchRun.objects.get(pk=run_id)
    program = ProgramRef(run.course_key, run.usage_key)
    _record_progress(run, MatchRun.Status.RUNNING, 5)
    try:
        mentors, mentees = waiting_profiles(program, policy)
        _record_progress(run, MatchRun.Status.RUNNING, 30)
        live_ids = {p.key for p in mentors} | {p.key for p in mentees}
        # Pairs staff ended are never proposed again, unless staff lock them on purpose.
        ended = set(program.pairs().filter(status=Pair.Status.ENDED).values_list("mentor_id", "mentee_id"))
        locked = {tuple(p) for p in run.locked if set(p) <= live_ids}
        excluded = {tuple(p) for p in run.excluded} | ended
        constraints = matching.Constraints(
            excluded=frozenset(p for p in excluded - locked if set(p) <= live_ids),
            locked=frozenset(locked),
            separate_teams=policy.separate_teams,
            require_mentor_advantage=policy.require_mentor_advantage)
        weights = matching.MatchWeights(**policy.weights)
        result = matching.propose_matches(mentors, mentees, weights=weights, constraints=constraints,
                                          titles=titles)
        _record_progress(run, MatchRun.Status.RUNNING, 85)
        stored, proposals = _result_rows(run, result, mentors, mentees, constraints)
        with transaction.atomic():
            MatchProposal.objects.bulk_create(proposals, batch_size=BATCH)
            MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.READY, progress=100, result=stored,
                                                      finished_at=timezone.now())
    except Exception as error:  # staff see "failed" instead of a spinner
        log.exception("Matching run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.FAILED, error=str(error)[:2000],
                                                  finished_at=timezone.now())
        return MatchRun.objects.get(pk=run.pk), []
    pairs = []
    if run.auto_accept and proposals:
        try:
            pairs, _skipped = accept_included(program, run.pk, None, capacity=policy.mentor_capacity,
                                              source=Pair.Source.AUTOMATIC)
        except Conflict:  # everyone proposed was paired meanwhile: the proposals wait for staff instead
            log.info("Matching run %s: nothing left to accept automatically", run.pk)
    return MatchRun.objects.get(pk=run.pk), pairs


def _record_progress(run, status, percent):
    """How far a run has got, in percent, for the staff panel's progress bar."""
    MatchRun.objects.filter(pk=run.pk).update(status=status, progress=percent)


def _result_rows(run, result, mentors, mentees, constraints):
    """What staff review: the run's figures and waiting list, and a proposal row each (score, breakdown,
    reasons, stability)."""
    report = matching.blocking_pairs(result, mentors, mentees, constraints=constraints)
    stability = {(p.mentor_key, p.mentee_key): p for p in report.proposals}
    proposals = []
    for rank, p in enumerate(result.proposals):
        seen = stability[(p.mentor_key, p.mentee_key)]
        blocking = seen.blocking_pairs
        example = seen.example if blocking else (None, None)
        proposals.append(MatchProposal(
            run=run, rank=rank, mentor_id=p.mentor_key, mentee_id=p.mentee_key, score=p.score, locked=p.locked,
            breakdown=dict(p.breakdown), reasons=[_reason_json(r) for r in p.reasons], blocking_count=blocking,
            blocking_mentor_id=example[0], blocking_mentee_id=example[1]))
    return {
        "total": result.total_score,
        "optimality_bound": result.optimality_bound,
        "waitlist": [{"participant": entry.key, "role": entry.role, "reason": entry.reason}
                     for entry in result.waitlist],
        "blocking_checked": True,  # runs stored before stability was checked at every size say False
    }, proposals


def _reason_json(reason):
    return {"message": reason.message,
            "params": {name: _reason_json(value) if isinstance(value, matching.Reason) else value
                       for name, value in reason.params.items()}}


@atomic_write
def accept(program, run_id, accepted, staff_user_id, *, capacity, source=Pair.Source.MATCHING):
    """Create the accepted proposals as pairs in one transaction, or none of them (run, then participants)."""
    run = _ready_run(program, run_id)
    scores = {(m, e): score for m, e, score in run.proposals.values_list("mentor_id", "mentee_id", "score")}
    wanted = [tuple(pair) for pair in accepted]
    if not wanted or len(set(wanted)) != len(wanted) or any(pair not in scores for pair in wanted):
        raise Conflict(_("Accept one or more of the proposed pairs."))
    return _apply(program, run, [(m, e, scores[(m, e)]) for m, e in wanted], staff_user_id, capacity, source)


@atomic_write
def accept_included(program, run_id, staff_user_id, *, capacity, source=Pair.Source.MATCHING):
    """Accept every proposal staff did not leave out, in one transaction; ``(pairs, skipped)``.

    Proposals naming someone who can no longer take that partner (paired by hand since the run, gone,
    done, or a mentor whose places filled) are skipped and counted, so a review that took a while still
    pairs everyone else.
    """
    run = _ready_run(program, run_id)
    included = list(run.proposals.filter(left_out=False).order_by("rank").values_list("mentor_id", "mentee_id",
                                                                                      "score"))
    named = {pid for m, e, _s in included for pid in (m, e)}
    found = lock_participants(program.participants(), named)  # nobody named is paired elsewhere until this commits
    taken = unavailable(found.values(), capacity) | (named - set(found))
    free_places = _free_places(program, {m for m, _e, _s in included}, capacity)
    matches = []
    for mentor_id, mentee_id, score in included:
        if mentor_id not in taken and mentee_id not in taken and free_places.get(mentor_id, 0) > 0:
            free_places[mentor_id] -= 1
            matches.append((mentor_id, mentee_id, score))
    if not matches:
        raise Conflict(_("No proposal is left to accept: they were all left out, or everyone in them has "
                         "been paired since."))
    return _apply(program, run, matches, staff_user_id, capacity, source), len(included) - len(matches)


@atomic_write
def leave_out(program, run_id, proposal, left_out):
    """Staff leave one proposal out of those they will accept (``left_out``), or take it back in."""
    run = _ready_run(program, run_id)
    mentor_id, mentee_id = proposal
    if not run.proposals.filter(mentor_id=mentor_id, mentee_id=mentee_id).update(left_out=left_out):
        raise NotFound(_("This pair is not among the proposals."))
    return run


def _ready_run(program, run_id):
    """The run, locked, with proposals still to review."""
    run = MatchRun.objects.select_for_update().filter(pk=run_id, usage_key=program.usage_key).first()
    if run is None:
        raise NotFound(_("This matching run is not in this program."))
    if run.status != MatchRun.Status.READY:
        raise Conflict(_("These proposals were already used or are not ready."))
    return run


def _apply(program, run, matches, staff_user_id, capacity, source):
    pairs = create_pairs(program, matches, staff_user_id, capacity=capacity, source=source, run=run)
    run.status = MatchRun.Status.APPLIED
    run.save(update_fields=["status"])
    return pairs


def _free_places(program, mentor_ids, capacity):
    """How many more partners each of these mentors may take."""
    active = dict(program.pairs().filter(active_mentor_id__in=mentor_ids).values("active_mentor_id").annotate(
        count=Count("pk")).values_list("active_mentor_id", "count"))
    return {mentor_id: capacity - active.get(mentor_id, 0) for mentor_id in mentor_ids}


def due_for_auto_match(program, policy):
    """True when the program matches automatically and enough learners are waiting for a partner."""
    if not policy.auto_match_min or MatchRun.objects.filter(usage_key=program.usage_key,
                                                            status__in=RunStatus.OPEN).exists():
        return False
    mentors, mentees = _waiting(program, policy)
    return bool(mentors) and bool(mentees) and len(mentors) + len(mentees) >= policy.auto_match_min


def waiting_profiles(program, policy):
    """Profiles of mentors with free capacity and mentees without a partner, in key order."""
    mentors, mentees = _waiting(program, policy)
    now = timezone.now()
    return ([_profile(p, now, policy.mentor_capacity - p.active_count) for p in mentors],
            [_profile(p, now, 1) for p in mentees])


def _waiting(program, policy):
    participants = (
        program.participants().filter(left_at__isnull=True)
        .annotate(active_count=_pair_count(Pair.Status.ACTIVE), completed_count=_pair_count(Pair.Status.COMPLETED))
        .filter(completed_count=0).order_by("pk"))
    mentors, mentees = [], []
    for participant in participants:
        if participant.role == Participant.Role.MENTOR and participant.active_count < policy.mentor_capacity:
            mentors.append(participant)
        elif participant.role == Participant.Role.MENTEE and participant.active_count == 0:
            mentees.append(participant)
    return mentors, mentees


def _pair_count(status):
    """The participant's pairs in ``status``, on whichever side they are."""
    return (Count("mentor_pairs", filter=Q(mentor_pairs__status=status), distinct=True)
            + Count("mentee_pairs", filter=Q(mentee_pairs__status=status), distinct=True))


def _profile(participant, now, capacity):
    answers = participant.intake
    return matching.Profile(
        key=participant.pk, name=participant.public_name, role=participant.role,
        ratings=answers.get("ratings", {}), learn_topics=answers.get("learn_topics", ()),
        teach_topics=answers.get("teach_topics", ()), share_experience=answers.get("share_experience", ()),
        learn_experience=answers.get("learn_experience", ()), goals=answers.get("goals", ""),
        availability=answers.get("availability", ()), utc_offset_hours=utc_offset_hours(answers.get("timezone"), now),
        meeting=answers.get("meeting", "either"), team=answers.get("team", "").casefold(),
        capacity=max(1, capacity))


def utc_offset_hours(zone_name, now):
    """The zone's offset from UTC at ``now`` (daylight saving included), 0 for an unknown zone."""
    try:
        return now.astimezone(ZoneInfo(zone_name)).utcoffset().total_seconds() / 3600 if zone_name else 0.0
    except (KeyError, ValueError):
        return 0.0


def _finished_run(program, run_id):
    run = MatchRun.objects.filter(pk=run_id, usage_key=program.usage_key).first()
    if run is None:
        raise NotFound(_("This matching run is not in this program."))
    if run.status not in (MatchRun.Status.READY, MatchRun.Status.FAILED):
        raise Conflict(_("Wait until this matching run has finished."))
    return run
