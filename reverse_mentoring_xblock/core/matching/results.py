"""What the matcher gives back: proposals with their reasons, the waiting list, and stability reports."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Waitlist reason codes.
NO_COMPATIBLE_PARTNER = "no_compatible_partner"  # every pair with this person is forbidden
NO_CAPACITY = "no_capacity"  # mentee: every mentor it may meet is full
NO_MENTEE_LEFT = "no_mentee_left"  # mentor: every mentee it may meet is paired elsewhere


@dataclass(frozen=True)
class Proposal:
    """A proposed pair: its score, each component's share of it, and why it makes sense."""

    mentor_key: int
    mentee_key: int
    score: float
    breakdown: Mapping
    reasons: tuple
    locked: bool = False


@dataclass(frozen=True)
class WaitlistEntry:
    """A participant left without a partner, and the reason code."""

    key: int
    role: str
    reason: str


@dataclass(frozen=True)
class MatchResult:
    """Proposals in (mentor, mentee) key order, the waitlist in (role, key) order.

    ``optimality_bound``: the total score is proven to be at least this share of the best total
    any assignment could reach (1.0 when solved exactly).
    """

    proposals: tuple
    total_score: float
    waitlist: tuple
    method: str
    optimality_bound: float


@dataclass(frozen=True)
class ProposalStability:
    """How many blocking pairs involve this proposal's mentor or mentee, with the first as example."""

    mentor_key: int
    mentee_key: int
    blocking_pairs: int
    example: tuple | None


@dataclass(frozen=True)
class StabilityReport:
    """Blocking pairs of a result: ``(mentor_key, mentee_key)`` not proposed, both of whom gain."""

    blocking_pair_count: int
    proposals: tuple
