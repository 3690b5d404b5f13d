"""Live edits of a program: a published change of the settings grades depend on reaches every score.

In Studio a save is a draft; learners meet the settings once they are published, so the change is noticed
where learners are: the block compares the terms it runs with (``core/grading_terms.py``) with those stored
on the program's row, and the first view that sees new ones records them under the program's lock and
recomputes every participant's score, through the same progress and points as every other write. A change
never rewrites a pair's history: ticks of a removed checklist item stay (its title is kept to show them), a
session once counted keeps counting, a completed pair stays completed. What a change can do besides scores:

- fewer planned sessions complete the active pairs that have confirmed as many (their feedback opens);
- fewer days between sessions count the confirmed sessions held too close before, where they now may.

Most views cost no query: the terms' digest, the latest change and the removed items' titles are cached
(``Published``), and read again only when the cache has lost them or the terms differ.
"""
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..core.grading import best, points
from ..core.grading_terms import GradingTerms, compare
from ..core.pace import counts_towards_plan
from ..core.problems import _
from ..core.vocabulary import PairStatus, SessionStatus
from ..models import Feedback, Pair, Program, Session, SettingsChange
from . import gradebook, tallies
from .counts import recount
from .errors import NotFound
from .locking import lock_participants, lock_partners, lock_program
from .queries import graded_pairs, progress_for, ticks_by_session
from .sessions import complete_if_done
from .transactions import atomic_write

RESCORE_BATCH = 500  # participants locked and scored in one transaction
INLINE_RESCORE_LIMIT = 200  # participants; larger programs are rescored in a Celery task
RESCORE_RETRY_AFTER = timedelta(minutes=30)  # a rescoring not done by then is started again by a view
CACHE_SECONDS = 3600
log = logging.getLogger(__name__)
NOT_A_CHANGE = _("This is not a settings change of this program.")


@dataclass(frozen=True)
class Published:
    """What views need of the program's applied settings: the latest change, and titles of removed items."""

    digest: str
    # {"id", "changed_at", "rescored_at" (ISO or None), "scores_written", "changes" (TermsChange JSON)}
    latest_change: dict = None
    retired_titles: dict = field(default_factory=dict)  # "topic/item" -> title


def published(program, terms, rescore, apply=True):
    """The program's ``Published`` state after making sure ``terms`` are the ones applied.

    ``rescore(change_id)`` recomputes the scores after a change (now, or on the workers); it runs once the
    change is committed, by the one request that recorded it, or that claims it again when its rescoring has
    not finished within ``RESCORE_RETRY_AFTER`` (a worker lost, a broker down). ``apply=False`` (a preview of
    unpublished drafts) reads the state and applies nothing. The state is cached once no rescoring is pending.
    """
    key = _cache_key(program)
    kept = _cache_get(key)
    if kept is not None and kept.digest == terms.digest:
        return kept
    if not apply:
        row = Program.objects.filter(usage_key=program.usage_key).values_list("retired_items", flat=True).first()
        return _state(program, None, row)
    state, change_id = _apply(program, terms)
    change_id = change_id or _claim_stale_rescore(program, state.latest_change)
    if change_id is not None:
        log.info("Settings of %s changed: recomputing every score (change %s).", program.usage_key, change_id)
        rescore(change_id)
        state = _state(program, terms.digest, state.retired_titles)  # rescored by now, unless on the workers
    if not state.latest_change or state.latest_change["rescored_at"]:
        _cache_set(key, state)
    return state


def _claim_stale_rescore(program, latest_change):
    """The latest change's id when its rescoring is overdue and this request is the one to start it again."""
    if not latest_change or latest_change["rescored_at"]:
        return None
    now = timezone.now()
    claimed = SettingsChange.objects.filter(pk=latest_change["id"], rescored_at__isnull=True,
                                            dispatched_at__lt=now - RESCORE_RETRY_AFTER).update(dispatched_at=now)
    return latest_change["id"] if claimed else None


def reach(program):
    """How many learners a change reaches: those in the program, and those of them with a score."""
    counts = program.participants().filter(Q(left_at__isnull=True) | Q(withdrawn=True)).aggregate(
        joined=Count("pk"), scored=Count("pk", filter=~Q(submission_uuid="")))
    return counts["joined"], counts["scored"]


def check_change(program, change_id):
    """``NotFound`` unless ``change_id`` is a settings change of this program; one query."""
    if not SettingsChange.objects.filter(pk=change_id, usage_key=program.usage_key).exists():
        raise NotFound(NOT_A_CHANGE)


def _apply(program, terms):
    row = Program.objects.filter(usage_key=program.usage_key).values_list("grading_terms", "retired_items").first()
    if row is not None and row[0] is not None and GradingTerms.from_json(row[0]).digest == terms.digest:
        return _state(program, terms.digest, row[1]), None
    return _record(program, terms)


@atomic_write
def _record(program, terms, now=None):
    """Store ``terms`` under the program's lock; record a change when grades may move. The first terms a
    program stores (a new program, or one from before terms were kept) are no change."""
    row = lock_program(program)
    before = GradingTerms.from_json(row.grading_terms) if row.grading_terms else None
    change_id = None
    if before is not None and before.digest != terms.digest:
        change = compare(before, terms)
        retired = {**row.retired_items, **{f"{t}/{i}": title for t, i, title in change.removed_items}}
        row.retired_items = {key: title for key, title in retired.items() if key not in terms.titles}
        if change.regrades:
            now = now or timezone.now()
            change_id = SettingsChange.objects.create(usage_key=program.usage_key, changed_at=now, dispatched_at=now,
                                                      changes=change.to_json()).pk
    row.grading_terms = terms.to_json()
    row.save(update_fields=["grading_terms", "retired_items"])
    return _state(program, terms.digest, row.retired_items), change_id


def _state(program, digest, retired):
    latest = (SettingsChange.objects.filter(usage_key=program.usage_key).order_by("-changed_at", "-pk")
              .values("id", "changed_at", "changes", "rescored_at", "scores_written").first())
    if latest:
        for moment in ("changed_at", "rescored_at"):
            latest[moment] = latest[moment] and latest[moment].isoformat()
    return Published(digest, latest, dict(retired or {}))


def dispatch_rescore(program, change_id, enqueue):
    """Rescore small programs now; hand large ones to the workers (``enqueue(program, change_id)`` says whether
    it could), once the change they read is committed."""
    limit = getattr(settings, "REVERSE_MENTORING_INLINE_RESCORE_LIMIT", INLINE_RESCORE_LIMIT)
    if program.participants().count() > limit:
        transaction.on_commit(lambda: _enqueue_or_rescore(program, change_id, enqueue))
    else:
        rescore_program(program, change_id)


def _enqueue_or_rescore(program, change_id, enqueue):
    try:
        queued = enqueue(program, change_id)
    except Exception:  # the broker is down: a view claims the rescoring again later (``_claim_stale_rescore``)
        log.exception("The rescoring of %s could not be queued; it is tried again later.", program.usage_key)
        return
    if not queued:
        rescore_program(program, change_id)


def rescore_program(program, change_id, now=None):
    """Carry the program's stored terms through: pairs they complete or whose sessions they now count first,
    then every participant's score in batches. Each step reads the terms again once it holds its locks, so
    when a later change comes in meanwhile, whichever run writes last writes the latest terms' scores; and
    what each step looks for is a state (a plan done, a session that may count), not the change that led to
    it, so running it again, for any change, repairs what an interrupted run left."""
    now = now or timezone.now()
    config = _stored_config(program)
    for pair_id in _pairs_to_revisit(program, config):
        _revisit_pair(program, pair_id, now)
    written = 0
    ids = list(program.participants().filter(Q(left_at__isnull=True) | Q(withdrawn=True)).exclude(submission_uuid="")
               .order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), RESCORE_BATCH):
        written += _rescore_batch(program, ids[start:start + RESCORE_BATCH])
    SettingsChange.objects.filter(pk=change_id, usage_key=program.usage_key).update(
        rescored_at=timezone.now(), scores_written=written)
    _cache_delete(_cache_key(program))  # staff read when it was done
    return written


def _stored_config(program):
    terms = Program.objects.filter(usage_key=program.usage_key).values_list("grading_terms", flat=True).get()
    return GradingTerms.from_json(terms).scoring_config()


def _pairs_to_revisit(program, config):
    """Active pairs that confirmed their whole plan, and pairs with a confirmed session that did not count."""
    wanted = (Q(status=PairStatus.ACTIVE, sessions_confirmed__gte=config.plan.count)
              | Q(status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED), sessions_not_counted__gt=0))
    return list(program.pairs().filter(wanted).order_by("pk").values_list("pk", flat=True))


@atomic_write
def _revisit_pair(program, pair_id, now):
    """Count what the gap now lets count, and complete the pair if its plan is now done (its partners' scores
    follow in the batches)."""
    pair = lock_partners(program, pair_id)
    if pair is None:
        return
    config = _stored_config(program)
    if pair.status != PairStatus.ENDED and pair.sessions_not_counted:
        _count_sessions_held_close(pair, config.plan.min_gap_days)
        recount(pair)
    complete_if_done(pair, config, now)


def _count_sessions_held_close(pair, min_gap_days):
    """Sessions confirmed but not counted, in the order they were confirmed, count where the gap allows now."""
    sessions = list(pair.sessions.filter(status=SessionStatus.CONFIRMED).order_by("confirmed_at", "number"))
    counted_days = [s.held_on for s in sessions if s.counts]
    for session in sessions:
        if not session.counts and counts_towards_plan(session.held_on, counted_days, min_gap_days):
            session.counts = True
            session.save(update_fields=["counts"])
            counted_days.append(session.held_on)
            tallies.add(pair.usage_key, tallies.HELD_ON, session.held_on.isoformat())


@atomic_write
def _rescore_batch(program, ids):
    """Lock these participants (ascending id) and write each one's score where it changed. Their pairs cannot
    change meanwhile: every write to a pair holds both its partners' locks. Only participants with a score are
    taken: one without has confirmed nothing yet, and scores nothing under any settings."""
    participants = lock_participants(program.participants(), ids)
    config = _stored_config(program)
    pairs = list(Pair.objects.filter(Q(mentor_id__in=participants) | Q(mentee_id__in=participants)))
    sessions = {pair.pk: [] for pair in pairs}
    for session in Session.objects.filter(pair__in=pairs).only("id", "pair_id", "status", "counts", "held_on"):
        sessions[session.pair_id].append(session)
    ticks = ticks_by_session(pairs)
    with_feedback = set(Feedback.objects.filter(pair__in=pairs).values_list("pair_id", "participant_id"))
    pairs_of = {}
    for pair in pairs:
        for partner_id in (pair.mentor_id, pair.mentee_id):
            pairs_of.setdefault(partner_id, []).append(pair)
    written = 0
    for participant in participants.values():
        if participant.reset_out:
            continue
        graded = [progress_for(p, sessions[p.pk], ticks, (p.pk, participant.pk) in with_feedback, config)
                  for p in graded_pairs(participant, pairs_of.get(participant.pk, []))]
        written += gradebook.record(participant, points(best(graded, config.grading), config.grading))
    return written


def _cache_key(program):
    return f"reverse-mentoring-terms-{hashlib.sha256(program.usage_key.encode()).hexdigest()}"


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:
        log.warning("The cache could not be read: the settings are compared in the database.", exc_info=True)
        return None


def _cache_delete(key):
    try:
        cache.delete(key)
    except Exception:
        log.warning("The cache could not be cleared: staff see the rescoring as under way for an hour.", exc_info=True)


def _cache_set(key, state):
    try:
        cache.set(key, state, CACHE_SECONDS)
    except Exception:
        log.warning("The cache could not be written: the next view compares the settings again.", exc_info=True)
