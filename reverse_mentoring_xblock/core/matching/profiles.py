"""What the matcher takes in: each participant's profile, the score weights and the staff's rules."""
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Constraints:
    """Staff rules for one run. Pairs are ``(mentor_key, mentee_key)``.

    A locked pair is a staff decision: it is always proposed and overrides ``separate_teams`` and
    ``require_mentor_advantage``; locking an excluded pair is a contradiction and is refused.
    """

    excluded: frozenset = frozenset()
    locked: frozenset = frozenset()
    separate_teams: bool = False
    require_mentor_advantage: bool = False

    def __post_init__(self):
        for name in ("excluded", "locked"):
            object.__setattr__(self, name, frozenset(tuple(pair) for pair in getattr(self, name)))
        contradictions = self.excluded & self.locked
        if contradictions:
            raise ValueError(f"pairs both locked and excluded: {sorted(contradictions)}")
