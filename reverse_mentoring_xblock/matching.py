"""Matchmaking that knows what mentor and mentee can learn from each other.

Pure module (standard library, NumPy, SciPy only). ``propose_matches`` scores every mentor-mentee
candidate, honours the staff's constraints and picks the assignment with the highest total score;
``blocking_pairs`` tells staff which proposals are unstable.

Scores are built from per-side feature matrices, so a block of the score matrix is a couple of
matrix products: large cohorts are scored in float32 row chunks and never held whole.
"""
from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import numpy as np


def _(text):
    """Mark ``text`` for extraction; the caller translates, then formats."""
    return text


ROLES = ("mentor", "mentee")
MEETING_MODES = ("remote", "in_person", "either")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_PARTS = ("morning", "afternoon", "evening")
SLOTS = tuple(f"{day}-{part}" for day in WEEKDAYS for part in DAY_PARTS)
SLOT_LABELS = {
    "mon-morning": _("Monday mornings"), "mon-afternoon": _("Monday afternoons"),
    "mon-evening": _("Monday evenings"), "tue-morning": _("Tuesday mornings"),
    "tue-afternoon": _("Tuesday afternoons"), "tue-evening": _("Tuesday evenings"),
    "wed-morning": _("Wednesday mornings"), "wed-afternoon": _("Wednesday afternoons"),
    "wed-evening": _("Wednesday evenings"), "thu-morning": _("Thursday mornings"),
    "thu-afternoon": _("Thursday afternoons"), "thu-evening": _("Thursday evenings"),
    "fri-morning": _("Friday mornings"), "fri-afternoon": _("Friday afternoons"),
    "fri-evening": _("Friday evenings"), "sat-morning": _("Saturday mornings"),
    "sat-afternoon": _("Saturday afternoons"), "sat-evening": _("Saturday evenings"),
    "sun-morning": _("Sunday mornings"), "sun-afternoon": _("Sunday afternoons"),
    "sun-evening": _("Sunday evenings"),
}
RATING_MAX = 4
MAX_CAPACITY = 3
COMPONENTS = ("digital", "reverse", "goals", "availability", "time_zone", "meeting")
# Two common slots give a pair a regular time and a fallback; more adds nothing.
ENOUGH_COMMON_SLOTS = 2
# Half a day apart is the worst a time-zone distance can be.
WORST_HOURS_APART = 12.0
GOAL_WORD_MIN_LENGTH = 4
# Past this many distinct goal words, words share feature columns (by CRC-32) to bound the work.
GOAL_FEATURES_MAX = 256
STOP_WORDS = frozenset("""
    about after also because been being better could does doing each from have into just like
    make more most much need only other over really some such than that their them then there
    these they this those very want wants well were what when where which while will with would
    your yours
""".split())


@dataclass(frozen=True)
class Profile:
    """One participant's intake answers, as the matcher needs them."""

    key: int
    name: str
    role: str
    ratings: Mapping = field(default_factory=dict)
    learn_topics: frozenset = frozenset()
    teach_topics: frozenset = frozenset()
    share_experience: frozenset = frozenset()
    learn_experience: frozenset = frozenset()
    goals: str = ""
    availability: frozenset = frozenset()
    utc_offset_hours: float = 0.0
    meeting: str = "either"
    team: str = ""
    capacity: int = 1

    def __post_init__(self):
        """Take private copies of the collections and refuse impossible answers."""
        for name in ("learn_topics", "teach_topics", "share_experience", "learn_experience", "availability"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        object.__setattr__(self, "ratings", dict(self.ratings))
        if self.role not in ROLES:
            raise ValueError(f"participant {self.key}: role must be one of {ROLES}")
        if any(isinstance(r, bool) or r not in range(RATING_MAX + 1) for r in self.ratings.values()):
            raise ValueError(f"participant {self.key}: ratings run from 0 to {RATING_MAX}")
        unknown_slots = self.availability - set(SLOTS)
        if unknown_slots:
            raise ValueError(f"participant {self.key}: unknown availability slots {sorted(unknown_slots)}")
        if self.meeting not in MEETING_MODES:
            raise ValueError(f"participant {self.key}: meeting must be one of {MEETING_MODES}")
        if not -12 <= self.utc_offset_hours <= 14:
            raise ValueError(f"participant {self.key}: UTC offset must lie between -12 and +14 hours")
        if self.role == "mentor" and self.capacity not in range(1, MAX_CAPACITY + 1):
            raise ValueError(f"participant {self.key}: a mentor takes 1 to {MAX_CAPACITY} mentees")


@dataclass(frozen=True)
class MatchWeights:
    """How much each score component counts; digital learning, the program's purpose, counts most."""

    digital: float = 0.35
    reverse: float = 0.20
    goals: float = 0.10
    availability: float = 0.15
    time_zone: float = 0.10
    meeting: float = 0.10

    def __post_init__(self):
        values = [getattr(self, name) for name in COMPONENTS]
        if not all(isinstance(v, (int, float)) and math.isfinite(v) and v >= 0 for v in values):
            raise ValueError("match weights must be finite and non-negative")
        if sum(values) <= 0:
            raise ValueError("at least one match weight must be above zero")

    def normalised(self):
        """``{component: weight}`` summing to 1, so every score lies in [0, 1]."""
        total = sum(getattr(self, name) for name in COMPONENTS)
        return {name: getattr(self, name) / total for name in COMPONENTS}


def goal_words(text):
    """Content words of a goals text: lower-cased letters only, short and stop words dropped."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return frozenset(w for w in words if len(w) >= GOAL_WORD_MIN_LENGTH and w not in STOP_WORDS)


def hours_apart(offset_a, offset_b):
    """Clock distance between two UTC offsets, going round the day the short way (0 to 12)."""
    gap = abs(offset_a - offset_b) % 24
    return min(gap, 24 - gap)


def _meeting_compatible(mode_a, mode_b):
    """Only a remote-only person and an in-person-only person cannot meet."""
    return float({mode_a, mode_b} != {"remote", "in_person"})


def _one_hot(sets, columns):
    """0/1 matrix with a row per participant and a column per ``columns`` entry."""
    index = {value: position for position, value in enumerate(columns)}
    rows, cols = [], []
    for row, values in enumerate(sets):
        hits = [index[v] for v in values if v in index]
        rows.extend([row] * len(hits))
        cols.extend(hits)
    matrix = np.zeros((len(sets), len(columns)))
    matrix[rows, cols] = 1.0
    return matrix


def _row_scaled(matrix, divisors):
    """Divide each row by its divisor, leaving rows with divisor 0 at zero."""
    safe = np.where(divisors > 0, divisors, 1.0)
    return matrix / safe[:, None]


class _Encoding:
    """Feature matrices of a cohort, rows in the order given (callers sort by key).

    For the linear components the score of mentee row i with mentor row j is
    ``mentee[c][i] @ mentor[c][j]``; availability is capped at ``ENOUGH_COMMON_SLOTS`` common slots.
    ``advantage`` products count the wanted topics where the mentor rates strictly higher.
    """

    def __init__(self, mentors, mentees, weights):
        self.weights = weights.normalised()
        people = (*mentors, *mentees)
        topics = sorted(set().union(*(p.ratings for p in people), *(p.learn_topics for p in people)))
        areas = sorted(set().union(*(p.share_experience for p in people), *(p.learn_experience for p in people)))
        mentee_learning = _one_hot([p.learn_topics for p in mentees], topics)
        mentee_ratings, mentor_ratings = _ratings_matrix(mentees, topics), _ratings_matrix(mentors, topics)
        self.mentee = {
            "digital": _row_scaled(mentee_learning, mentee_learning.sum(axis=1)),
            "reverse": _one_hot([p.share_experience for p in mentees], areas),
        }
        self.mentor = {
            "digital": mentor_ratings / RATING_MAX,
            "reverse": _row_scaled(_one_hot([p.learn_experience for p in mentors], areas),
                                   np.array([len(p.learn_experience) for p in mentors], dtype=float)),
        }
        self.mentee["goals"], self.mentor["goals"] = _goal_features(mentees, mentors)
        self.mentee["time_zone"], self.mentor["time_zone"] = _time_zone_features(mentees, mentors)
        modes = list(MEETING_MODES)
        self.mentee["meeting"] = _one_hot([{p.meeting} for p in mentees], modes)
        self.mentor["meeting"] = np.array([[_meeting_compatible(m, p.meeting) for m in modes] for p in mentors])
        self.mentee["availability"] = _one_hot([p.availability for p in mentees], SLOTS)
        self.mentor["availability"] = _one_hot([p.availability for p in mentors], SLOTS)
        self.mentee_advantage, self.mentor_advantage = _advantage_features(
            mentee_ratings, mentee_learning, mentor_ratings)
        self.mentee_teams, self.mentor_teams = _team_indices(mentees, mentors)
        linear = [c for c in COMPONENTS if c != "availability"]
        self.mentee_linear = np.hstack([self.mentee[c] for c in linear])
        self.mentor_linear = np.hstack([self.mentor[c] * self.weights[c] for c in linear])
        # Scaled so that the cap on common slots is the availability weight itself.
        self.mentor_slots = self.mentor["availability"] * (self.weights["availability"] / ENOUGH_COMMON_SLOTS)

    def components(self, mentee_rows, mentor_rows):
        """``{component: values}`` for the pairs (mentee_rows[k], mentor_rows[k]), each in [0, 1]."""
        values = {c: np.einsum("ij,ij->i", self.mentee[c][mentee_rows], self.mentor[c][mentor_rows])
                  for c in COMPONENTS}
        values["availability"] = np.minimum(values["availability"], ENOUGH_COMMON_SLOTS) / ENOUGH_COMMON_SLOTS
        return values

    def scores(self, mentee_rows, mentor_rows, dtype=np.float64):
        """Score block (len(mentee_rows) x len(mentor_rows)) as two matrix products."""
        block = np.matmul(self.mentee_linear[mentee_rows].astype(dtype, copy=False),
                          self.mentor_linear[mentor_rows].T.astype(dtype, copy=False))
        common = np.matmul(self.mentee["availability"][mentee_rows].astype(dtype, copy=False),
                           self.mentor_slots[mentor_rows].T.astype(dtype, copy=False))
        np.minimum(common, self.weights["availability"], out=common)
        block += common
        return block


def _ratings_matrix(people, topics):
    """Self-ratings as integers, a row per person and a column per topic (unrated counts as 0)."""
    return np.array([[p.ratings.get(t, 0) for t in topics] for p in people], dtype=np.int64).reshape(
        len(people), len(topics))


def _goal_features(mentees, mentors):
    """Unit-length word indicators, so a product is the Ochiai overlap |A∩B| / sqrt(|A||B|).

    Only words found on both sides can overlap, so only they get columns; beyond
    ``GOAL_FEATURES_MAX`` such words, words share columns by CRC-32, which can only overstate overlap.
    """
    mentee_words = [goal_words(p.goals) for p in mentees]
    mentor_words = [goal_words(p.goals) for p in mentors]
    shared = sorted(set().union(*mentee_words) & set().union(*mentor_words))
    if len(shared) <= GOAL_FEATURES_MAX:
        column = {word: position for position, word in enumerate(shared)}
    else:
        column = {word: zlib.crc32(word.encode()) % GOAL_FEATURES_MAX for word in shared}
    width = min(len(shared), GOAL_FEATURES_MAX)

    def encode(word_sets):
        matrix = np.zeros((len(word_sets), width))
        for row, words in enumerate(word_sets):
            matrix[row, [column[w] for w in words if w in column]] = 1.0
        return _row_scaled(matrix, np.sqrt([float(len(words)) for words in word_sets]).reshape(-1))

    return encode(mentee_words), encode(mentor_words)


def _time_zone_features(mentees, mentors):
    """Mentee one-hot over the distinct offsets; mentor row = closeness to each of those offsets."""
    offsets = sorted({p.utc_offset_hours for p in (*mentees, *mentors)})
    closeness = np.array([[1.0 - hours_apart(a, b) / WORST_HOURS_APART for b in offsets] for a in offsets])
    index = {offset: position for position, offset in enumerate(offsets)}
    mentee_rows = np.zeros((len(mentees), len(offsets)))
    mentee_rows[np.arange(len(mentees)), [index[p.utc_offset_hours] for p in mentees]] = 1.0
    mentor_rows = closeness[[index[p.utc_offset_hours] for p in mentors]].reshape(len(mentors), len(offsets))
    return mentee_rows, mentor_rows


def _advantage_features(mentee_ratings, mentee_learning, mentor_ratings):
    """Product > 0 iff the mentor rates strictly higher in some topic the mentee wants to learn.

    Column (topic, level): the mentee marks the level it rates a wanted topic at; the mentor marks
    every level below its own rating there.
    """
    levels = RATING_MAX + 1
    mentee_rows = np.zeros((mentee_ratings.shape[0], mentee_ratings.shape[1] * levels))
    rows, topics = np.nonzero(mentee_learning)
    mentee_rows[rows, topics * levels + mentee_ratings[rows, topics]] = 1.0
    mentor_rows = mentor_ratings[:, :, None] > np.arange(levels)[None, None, :]
    return mentee_rows, mentor_rows.reshape(mentor_ratings.shape[0], -1).astype(float)


def _team_indices(mentees, mentors):
    """Integer team ids (-1 for no team), so same-team checks are array comparisons."""
    teams = sorted({p.team for p in (*mentees, *mentors) if p.team})
    index = {team: position for position, team in enumerate(teams)}
    return (np.array([index.get(p.team, -1) for p in mentees], dtype=np.int64),
            np.array([index.get(p.team, -1) for p in mentors], dtype=np.int64))
