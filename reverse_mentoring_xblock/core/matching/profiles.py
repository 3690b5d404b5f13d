"""What the matcher takes in: each participant's profile, the score weights and the staff's rules."""
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..vocabulary import (
    AVAILABILITY_SLOTS,
    MATCH_COMPONENTS,
    MAX_MENTOR_CAPACITY,
    MEETING_PREFERENCES,
    RATING_MAX,
    ROLES,
)


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
        unknown_slots = self.availability - set(AVAILABILITY_SLOTS)
        if unknown_slots:
            raise ValueError(f"participant {self.key}: unknown availability slots {sorted(unknown_slots)}")
        if self.meeting not in MEETING_PREFERENCES:
            raise ValueError(f"participant {self.key}: meeting must be one of {MEETING_PREFERENCES}")
        if not -12 <= self.utc_offset_hours <= 14:
            raise ValueError(f"participant {self.key}: UTC offset must lie between -12 and +14 hours")
        if self.role == "mentor" and self.capacity not in range(1, MAX_MENTOR_CAPACITY + 1):
            raise ValueError(f"participant {self.key}: a mentor takes 1 to {MAX_MENTOR_CAPACITY} mentees")


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
        values = [getattr(self, name) for name in MATCH_COMPONENTS]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0
                   for v in values):
            raise ValueError("match weights must be finite and non-negative")
        if sum(values) <= 0:
            raise ValueError("at least one match weight must be above zero")

    def normalised(self):
        """``{component: weight}`` summing to 1, so every score lies in [0, 1]."""
        total = sum(getattr(self, name) for name in MATCH_COMPONENTS)
        return {name: getattr(self, name) / total for name in MATCH_COMPONENTS}


@dataclass(frozen=True, eq=False)
class Constraints:
    """Staff rules for one run. Pairs are ``(mentor_key, mentee_key)``.

    ``excluded`` takes any iterable of pairs, or an integer array of shape (k, 2) when the list is
    long (millions of pairs stay one array, never Python tuples). A locked pair is a staff decision:
    it is always proposed and overrides ``separate_teams`` and ``require_mentor_advantage``; locking
    an excluded pair is a contradiction and is refused.
    """

    excluded: Collection = frozenset()
    locked: frozenset = frozenset()
    separate_teams: bool = False
    require_mentor_advantage: bool = False

    def __post_init__(self):
        object.__setattr__(self, "locked", frozenset(tuple(pair) for pair in self.locked))
        excluded = self.excluded
        if isinstance(excluded, np.ndarray):
            if excluded.size and (excluded.ndim != 2 or excluded.shape[1] != 2
                                  or not np.issubdtype(excluded.dtype, np.integer)):
                raise ValueError("excluded pairs as an array need shape (k, 2) and integer keys")
            excluded = _sorted_unique_pairs(excluded.reshape(-1, 2).astype(np.int64))
            excluded.setflags(write=False)
        else:
            excluded = frozenset(tuple(pair) for pair in excluded)
        object.__setattr__(self, "excluded", excluded)
        contradictions = {pair for pair in self.locked if self.is_excluded(*pair)}
        if contradictions:
            raise ValueError(f"pairs both locked and excluded: {sorted(contradictions)}")

    def is_excluded(self, mentor_key, mentee_key):
        """Whether staff excluded this pair, whichever form the list came in."""
        if isinstance(self.excluded, frozenset):
            return (mentor_key, mentee_key) in self.excluded
        at = np.searchsorted(self.excluded[:, 0], mentor_key, side="left")
        stop = np.searchsorted(self.excluded[:, 0], mentor_key, side="right")
        return bool(np.any(self.excluded[at:stop, 1] == mentee_key))

    def excluded_pairs(self):
        """The excluded pairs as an integer array of shape (k, 2)."""
        if isinstance(self.excluded, np.ndarray):
            return self.excluded
        return np.array(sorted(self.excluded), dtype=np.int64).reshape(-1, 2)


def _sorted_unique_pairs(pairs):
    """Rows sorted by (mentor, mentee), once each; a list already in that order is only checked."""
    mentors, mentees = pairs[:, 0], pairs[:, 1]
    ascending = (mentors[1:] > mentors[:-1]) | ((mentors[1:] == mentors[:-1]) & (mentees[1:] > mentees[:-1]))
    if ascending.all():
        return pairs
    pairs = pairs[np.lexsort((mentees, mentors))]
    return pairs[np.r_[True, np.any(pairs[1:] != pairs[:-1], axis=1)]]
