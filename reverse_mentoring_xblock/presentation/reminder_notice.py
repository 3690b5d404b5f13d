"""The reminders a learner reads in a pair's section: those the daily job finds for them today (``core/nudges.py``),
worked out from the learner's state as loaded for the page, so that the page and the e-mail agree at no query."""
from datetime import timedelta

from django.utils import timezone

from ..core import nudges
from ..core.nudges import PairDates, ReminderTerms, WaitingSession
from ..core.vocabulary import PairStatus, SessionStatus
from .reminders import notice_lines


def pair_dates(state):
    """``PairDates`` of the pair of ``state`` (a ``domain.LearnerState``), from the pair's columns as the daily job
    reads them; only the caller's own feedback is loaded, which is all their own reminders depend on."""
    pair, me = state.pair, state.participant
    waiting = tuple(WaitingSession(s.id, s.number, s.logged_by_id, timezone.localdate(s.logged_at))
                    for s in state.sessions if s.status == SessionStatus.LOGGED)
    return PairDates(pair.pk, pair.mentor_id, pair.mentee_id, pair.status == PairStatus.ACTIVE, pair.paired_on,
                     pair.sessions_confirmed, pair.last_confirmed_on, pair.sessions_disputed, waiting,
                     frozenset({me.pk}) if state.own_feedback is not None else frozenset())


def learner_reminders(state, config, today, gettext):
    """``[{"kind", "text"}]``: the caller's own reminders in this pair today, in the e-mail's words. None for a
    pair that ended, nor for a completed one whose last session is too long ago (the job leaves both alone)."""
    pair = state.pair
    if pair.status == PairStatus.COMPLETED:
        if pair.last_confirmed_on is None or pair.last_confirmed_on < today - timedelta(days=nudges.FEEDBACK_DAYS):
            return []
    elif pair.status != PairStatus.ACTIVE:
        return []
    found = nudges.nudges_for(ReminderTerms.of(config, ""), pair_dates(state), today)
    return notice_lines([nudge for nudge in found if nudge.participant_id == state.participant.pk],
                        {pair.pk: state.partner.public_name}, gettext)
