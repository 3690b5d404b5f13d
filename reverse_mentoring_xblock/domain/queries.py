"""Reads for the views and the score methods: set-based, a fixed number of queries whatever the cohort."""
from dataclasses import dataclass, replace

from django.db.models import Count, Q

from ..core.checkins import has_opened
from ..core.grading import NO_PROGRESS, Progress, best
from ..models import CheckIn, ChecklistTick, Feedback, MatchRun, Pair, Session
from .counts import counted_sessions
from .errors import FEEDBACK_NOT_OPEN, JOIN_FIRST, NOT_YOUR_PAIR, WITHDRAWN_BY_STAFF, Conflict, NotAllowed


@dataclass(frozen=True)
class PastPair:
    """A pair of the learner's before their latest one, kept to read: with whom, its sessions and their ticks."""

    pair: object
    partner: object
    sessions: list
    ticks: dict  # session id -> [(topic_id, item_id)]


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
    earlier: list = ()  # PastPair, newest first
    open_meeting: object = None  # the pair's proposed time, waiting for an answer
    agreed_meeting: object = None  # the pair's agreed meeting (it may have passed)
    others: list = ()  # a mentor's other current pairs, newest first: a LearnerState each
    own_checkin: object = None  # the learner's own answer to the mid-program check-in for this pair (a CheckIn)

    @property
    def checked_in(self):
        """The learner answered the mid-program check-in for this pair."""
        return self.own_checkin is not None


def participant_record(program, user_id):
    """The user's row in this program, withdrawn ones included (their history and score stay), unless reset."""
    participant = program.participants().filter(user_id=user_id).first()
    return None if participant is None or participant.reset_out else participant


def find_participant(program, user_id):
    """The user's row in this program, for a write: refused once staff have withdrawn them."""
    participant = participant_record(program, user_id)
    if participant is not None and participant.withdrawn:
        raise NotAllowed(WITHDRAWN_BY_STAFF)
    return participant


def learner_state(program, user_id, config):
    """The learner's participant row (withdrawn too), their current pairs with sessions, ticks and progress, and
    the pairs before: every pair, session, tick and feedback of theirs in one query each.

    Current pairs are the active and completed ones (a mentor may have several mentees at once), newest
    first, or the latest pair when none is (``current_pairs``); the learner is graded on their best pair of all
    (``grading.best``).
    """
    participant = participant_record(program, user_id)
    if participant is None:
        return None
    pairs = list(Pair.objects.filter(Q(mentor=participant) | Q(mentee=participant))
                 .select_related("mentor", "mentee", "open_meeting", "agreed_meeting").order_by("-created_at", "-id"))
    if not pairs:
        return LearnerState(participant, None, None, [], {}, None, NO_PROGRESS)
    sessions = {pair.pk: [] for pair in pairs}
    for session in Session.objects.filter(pair__in=pairs).order_by("number"):
        sessions[session.pair_id].append(session)
    ticks = ticks_by_session(pairs)
    feedback = {f.pair_id: f for f in Feedback.objects.filter(pair__in=pairs, participant=participant)}
    checkins = _own_checkins(participant, pairs, config)
    progress = {pair.pk: progress_for(pair, sessions[pair.pk], ticks, pair.pk in feedback, config) for pair in pairs}
    graded = [progress[pair.pk] for pair in graded_pairs(participant, pairs)]
    current = current_pairs(pairs)
    states = [LearnerState(participant, pair, pair.partner_of(participant), sessions[pair.pk], ticks,
                           feedback.get(pair.pk), progress[pair.pk], (),
                           getattr(pair, "open_meeting", None), getattr(pair, "agreed_meeting", None),
                           own_checkin=checkins.get(pair.pk))
              for pair in current]
    earlier = [PastPair(p, p.partner_of(participant), sessions[p.pk], ticks) for p in pairs if p not in current]
    return replace(states[0], progress=best(graded, config.grading), earlier=earlier, others=states[1:])


def _own_checkins(participant, pairs, config):
    """``{pair id: CheckIn}``: the participant's own answers to the check-in, never the partner's; one query, asked
    only when one of the pairs has reached its check-in (half the plan confirmed: due now, or answered before it
    completed or ended)."""
    if not any(p.status == Pair.Status.COMPLETED or has_opened(config.plan.count, p.sessions_confirmed)
               for p in pairs):
        return {}
    return {c.pair_id: c for c in CheckIn.objects.filter(pair__in=pairs, participant=participant)}


def current_pairs(pairs):
    """Of a participant's pairs (newest first), those they work in: active and completed ones (a mentor may
    have several), or else those that ended last, together (a withdrawal ends them all at once)."""
    ongoing = [p for p in pairs if p.status != Pair.Status.ENDED]
    if ongoing or not pairs:
        return ongoing
    last_end = max(p.ended_at for p in pairs)
    return [p for p in pairs if p.ended_at == last_end]


def graded_pairs(participant, pairs):
    """The pairs a participant is graded on: all but those that ended before they last joined (a learner reset
    out of the program who joins again starts from nothing)."""
    return [p for p in pairs if p.ended_at is None or p.ended_at >= participant.joined_at]


def progress_for(pair, sessions, ticks, feedback_given, config):
    """A pair's progress under the current settings: items removed since leave its denominator (their ticks
    stay in its history), and a completed pair has held its whole plan, whatever count the plan has now."""
    confirmed = counted_sessions(sessions)
    current_items = set(config.checklist_keys(config.focus_topics(pair.learn_topics)))
    done = {key for s in confirmed for key in ticks.get(s.id, ())} & current_items
    planned = config.plan.count
    if pair.status == Pair.Status.COMPLETED:
        planned = max(1, min(planned, len(confirmed)))
    return Progress(sessions_planned=planned, sessions_confirmed=len(confirmed),
                    items_total=len(current_items), items_confirmed=len(done), feedback_given=feedback_given)


def current_pair(participant, statuses=None, select_partners=False):
    """The participant's latest pair (optionally only with the given statuses)."""
    pairs = Pair.objects.filter(Q(mentor=participant) | Q(mentee=participant))
    if statuses:
        pairs = pairs.filter(status__in=statuses)
    if select_partners:
        pairs = pairs.select_related("mentor", "mentee")
    return pairs.order_by("-created_at", "-id").first()


def ticks_by_session(pairs):
    """``{session id: [(topic id, item id)]}`` of the sessions of these pairs."""
    ticks = {}
    for session_id, topic_id, item_id in ChecklistTick.objects.filter(session__pair__in=pairs).values_list(
            "session_id", "topic_id", "item_id"):
        ticks.setdefault(session_id, []).append((topic_id, item_id))
    return ticks


def feedback_topics(program, user_id, config, pair_id=None):
    """What the feedback form of the caller's completed pair (``pair_id``, or their latest) asks confidence in
    (``ProgramConfig.learned_in``); refused before the planned sessions are done."""
    participant = find_participant(program, user_id)
    if participant is None:
        raise NotAllowed(JOIN_FIRST)
    if pair_id is None:
        pair = current_pair(participant, statuses=(Pair.Status.COMPLETED,), select_partners=True)
    else:
        pair = program.pairs().filter(Q(mentor=participant) | Q(mentee=participant), pk=pair_id).select_related(
            "mentee").first()
        if pair is None:
            raise NotAllowed(NOT_YOUR_PAIR)
    if pair is None or pair.status != Pair.Status.COMPLETED:
        raise Conflict(FEEDBACK_NOT_OPEN)
    return config.learned_in(participant.role, pair.mentee.intake)


def progress_of(program, user_id, config):
    """A participant's progress (for the block's score methods)."""
    state = learner_state(program, user_id, config)
    return state.progress if state else NO_PROGRESS


def latest_run(program):
    """The program's most recent matching run, with how many pairs it created."""
    return (MatchRun.objects.filter(usage_key=program.usage_key).annotate(applied_count=Count("pairs"))
            .order_by("-created_at", "-pk").first())
