"""The program's vocabulary and limits: one home for each fact that several layers need.

Roles, availability slots, meeting preferences, the rating scale, the shape of ids, what a program is
for, the kinds of an author's own intake questions, statuses, match components with their default
weights, mentor capacity, the bounds of the author settings and the limits of what authors and learners
write. Validators, the matcher, the models, the block's field definitions and the templates all read
them from here.
"""
import re

ROLES = ("mentor", "mentee")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_PARTS = ("morning", "afternoon", "evening")
AVAILABILITY_SLOTS = tuple(f"{day}-{part}" for day in WEEKDAYS for part in DAY_PARTS)
MEETING_PREFERENCES = ("remote", "in_person", "either")
RATING_MAX = 4
RATINGS = range(RATING_MAX + 1)
SATISFACTION = range(1, 6)
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # the ids of topics, items, areas and questions
GOAL_KINDS = ("digital", "inclusion", "both", "custom")  # what a program is for: digital skills, inclusion, both
QUESTION_KINDS = ("text", "choice")  # an author's own intake question: answered in words, or by one of its choices
# Who reads the answers to an author's own intake question.
QUESTION_AUDIENCES = ("partner_and_staff", "staff", "partner")



class PairStatus:
    """An accepted match is active, then completed (every planned session confirmed) or ended by staff."""

    ACTIVE, COMPLETED, ENDED = "active", "completed", "ended"
    ALL = (ACTIVE, COMPLETED, ENDED)


class SessionStatus:
    """One partner logs a session; the other confirms it or disputes it (then the logger corrects it)."""

    LOGGED, CONFIRMED, DISPUTED = "logged", "confirmed", "disputed"
    ALL = (LOGGED, CONFIRMED, DISPUTED)


class MeetingStatus:
    """One partner proposes a meeting time; the other accepts or declines it, or proposes another (superseding it);
    a proposal still open when the pair ends or completes is cancelled."""

    PROPOSED, ACCEPTED, DECLINED, SUPERSEDED, CANCELLED = "proposed", "accepted", "declined", "superseded", "cancelled"
    ALL = (PROPOSED, ACCEPTED, DECLINED, SUPERSEDED, CANCELLED)


class RunStatus:
    """A matching run: queued, running, then ready for review (or failed), applied once accepted."""

    QUEUED, RUNNING, READY, FAILED, APPLIED = "queued", "running", "ready", "failed", "applied"
    ALL = (QUEUED, RUNNING, READY, FAILED, APPLIED)
    OPEN = (QUEUED, RUNNING)


class Stage:
    """Where a participant is: waiting for a first partner, paired, done, waiting again after an ended pair, or out."""

    WAITING, PAIRED, COMPLETED, ENDED, WITHDRAWN = "waiting", "paired", "completed", "ended", "withdrawn"
    ALL = (WAITING, PAIRED, COMPLETED, ENDED, WITHDRAWN)


class Health:
    """How an active pair is doing against its plan (``core/pace.py`` says when each applies)."""

    ON_TRACK, BEHIND, STALLED, DISPUTED = "on_track", "behind", "stalled", "disputed"
    ALL = (ON_TRACK, BEHIND, STALLED, DISPUTED)


class StaffActionKind:
    """What the audit trail records."""

    PAIRED, MATCHING_ACCEPTED, PAIR_ENDED = "paired_by_hand", "matching_accepted", "pair_ended"
    LEARNER_RESET, WITHDRAWN = "learner_reset", "participant_withdrawn"
    ALL = (PAIRED, MATCHING_ACCEPTED, PAIR_ENDED, LEARNER_RESET, WITHDRAWN)


STAFF_ACTIONS = StaffActionKind.ALL
PAIR_SOURCES = ("staff", "matching", "automatic")  # who made the pair: staff by hand, accepted or automatic matching

MAX_MENTOR_CAPACITY = 3
MATCH_COMPONENTS = ("digital", "reverse", "goals", "availability", "time_zone", "meeting")
DEFAULT_MATCH_WEIGHTS = {"digital": 35, "reverse": 20, "goals": 10, "availability": 15, "time_zone": 10,
                         "meeting": 10}
DEFAULT_GRADING_WEIGHTS = {"sessions": 60, "checklist": 30, "feedback": 10}

# (lowest, highest) for each author setting with a range, and for the lengths of the catalogue lists.
SETTING_BOUNDS = {
    "topics": (1, 30),
    "items_per_topic": (1, 12),
    "experience_areas": (1, 20),
    "sessions_planned": (1, 24),
    "session_minutes": (15, 240),
    "cadence_days": (7, 120),
    "grading_weight": (0, 100),
    "problem_weight": (0, 1000),  # the points the program is worth in the course grade
    "match_weight": (0, 100),
    "mentor_capacity": (1, MAX_MENTOR_CAPACITY),
    "auto_match_min": (0, 10000),
    "stall_grace_days": (0, 90),
    "reminder_days": (0, 14),  # 0: the program sends no reminders
    "min_days_between_sessions": (0, 60),
    "intake_questions": (0, 10),
    "question_choices": (2, 12),
}
DEFAULT_SETTINGS = {"sessions_planned": 6, "session_minutes": 60, "cadence_days": 30, "mentor_capacity": 1,
                    "auto_match_min": 0, "stall_grace_days": 14, "min_days_between_sessions": 1, "reminder_days": 3}

# What people write: the most characters kept (after normalisation), and the fewest where it matters.
TEXT_LIMITS = {
    "public_name": 80,
    "team": 80,
    "contact": 200,
    "goals": 1000,
    "notes": 2000,
    "comment": 2000,
    "reason": 500,
    "meeting_link": 500,
    "program_goal": 2000,
    "title": 120,
    "agenda": 300,
    "question": 200,
    "question_choice": 100,
    "question_answer": 1000,
    "circle_post": 2000,
}
MIN_REASON_LENGTH = 3
SESSION_MINUTES = (5, 480)  # what a logged session may last
MEETING_DAYS_AHEAD = 366  # how far ahead a meeting may be proposed
