"""Reminders ("nudges") for a pair's partners, decided from dates alone.

Pure module. The daily job (``domain/nudges.py``) and the learner view ask the same question, which reminders
a pair needs today, so the e-mail and the page agree. A partner is reminded

- that the next planned session is due within the program's ``remind_days``;
- that the pair is behind its plan, or has stalled (``core/pace.py``; a pair with a disputed session is left to
  correct it first);

(none of these while a session waits for confirmation: the pair has met, and only the partner who must confirm
is reminded)
- that a session their partner logged has waited ``remind_days`` days for their confirmation;
- that feedback is open, once the pair has completed its plan.

Each reminder has an *occasion*, and one reminder is sent once per occasion: the session that is due, the number of
sessions confirmed when the pair fell behind or stalled (a pair that catches up and falls behind again is reminded
again), the session waiting, the pair's feedback. Staff may also remind a pair by hand, once a day.
"""
from dataclasses import dataclass
from datetime import timedelta

from .pace import pace
from .program import SessionPlan
from .vocabulary import Health

SESSION_SOON, BEHIND, STALLED, TO_CONFIRM, FEEDBACK, STAFF = (
    "session_soon", "behind", "stalled", "to_confirm", "feedback", "staff")
KINDS = (SESSION_SOON, BEHIND, STALLED, TO_CONFIRM, FEEDBACK, STAFF)
# What became of a recorded reminder: waiting to be sent, e-mailed, only logged (no e-mail service: the learner reads
# it on the page), not sent (the learner turned reminders off meanwhile), or refused by the e-mail service.
PENDING, EMAILED, LOGGED, SKIPPED, FAILED = "pending", "emailed", "logged", "skipped", "failed"
DELIVERIES = (PENDING, EMAILED, LOGGED, SKIPPED, FAILED)
FEEDBACK_DAYS = 60  # completed pairs are reminded of their feedback for this long after their last session


@dataclass(frozen=True)
class ReminderTerms:
    """The settings reminders depend on, stored with the program so that the daily job needs no block."""

    title: str  # the program's name as learners read it
    sessions: int
    cadence_days: int
    grace_days: int
    remind_days: int  # 0: the program sends no reminders

    @classmethod
    def of(cls, config, title):
        return cls(title, config.plan.count, config.plan.cadence_days, config.monitoring.grace_days,
                   config.monitoring.remind_days)

    @property
    def plan(self):
        return SessionPlan(self.sessions, 0, self.cadence_days)

    def to_json(self):
        return {"title": self.title, "sessions": self.sessions, "cadence_days": self.cadence_days,
                "grace_days": self.grace_days, "remind_days": self.remind_days}

    @classmethod
    def from_json(cls, data):
        return cls(data["title"], data["sessions"], data["cadence_days"], data["grace_days"], data["remind_days"])


@dataclass(frozen=True)
class WaitingSession:
    """A session logged by one partner that the other has not confirmed yet."""

    session_id: int
    number: int
    logged_by: int  # participant id
    logged_on: object  # date


@dataclass(frozen=True)
class PairDates:
    """What reminders read of one pair: participant ids, status and the dates of its plan."""

    pair_id: int
    mentor_id: int
    mentee_id: int
    active: bool  # False: completed
    paired_on: object
    confirmed: int
    last_confirmed_on: object
    disputed: int
    waiting: tuple = ()  # ``WaitingSession``
    feedback_from: frozenset = frozenset()  # participant ids who gave their feedback


@dataclass(frozen=True)
class Nudge:
    """One reminder for one partner; ``session`` and ``due`` say which session and by when, where that applies."""

    participant_id: int
    pair_id: int
    kind: str
    occasion: str
    session: int = 0
    due: object = None


def nudges_for(terms, pair, today):
    """The reminders ``pair`` needs on ``today`` (a date), for either partner, in a stable order."""
    if not terms.remind_days:
        return []
    partners = (pair.mentor_id, pair.mentee_id)
    if not pair.active:
        return [Nudge(person, pair.pair_id, FEEDBACK, f"{pair.pair_id}:feedback")
                for person in partners if person not in pair.feedback_from]
    found = []
    seen = pace(terms.plan, pair.paired_on, today, confirmed=pair.confirmed,
                last_confirmed_on=pair.last_confirmed_on, disputed=pair.disputed, grace_days=terms.grace_days)
    number = pair.confirmed + 1
    if pair.waiting:  # they met: the partner who must confirm is reminded below, not both that they are late
        pass
    elif seen.health in (Health.STALLED, Health.BEHIND):
        kind = STALLED if seen.health == Health.STALLED else BEHIND
        found += [Nudge(person, pair.pair_id, kind, f"{pair.pair_id}:{kind}:{pair.confirmed}", number,
                        seen.next_target) for person in partners]
    elif (seen.health == Health.ON_TRACK and seen.next_target is not None
          and seen.next_target <= today + timedelta(days=terms.remind_days)):
        found += [Nudge(person, pair.pair_id, SESSION_SOON, f"{pair.pair_id}:session:{number}", number,
                        seen.next_target) for person in partners]
    for session in pair.waiting:
        if session.logged_on <= today - timedelta(days=terms.remind_days):
            reviewer = pair.mentee_id if session.logged_by == pair.mentor_id else pair.mentor_id
            found.append(Nudge(reviewer, pair.pair_id, TO_CONFIRM, f"{pair.pair_id}:confirm:{session.session_id}",
                               session.number))
    return found


def staff_nudges(pair_id, partner_ids, today):
    """A reminder staff send a pair by hand: once a day per partner."""
    return [Nudge(person, pair_id, STAFF, f"{pair_id}:staff:{today.isoformat()}") for person in partner_ids]
