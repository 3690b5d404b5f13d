"""Matchmaking that knows what mentor and mentee can learn from each other.

Pure module (standard library, NumPy, SciPy only). ``propose_matches`` scores every mentor-mentee
candidate, honours the staff's constraints and picks the assignment that pairs as many people as
the constraints allow and, among those, has the highest total score. ``blocking_pairs`` tells staff
which proposals are unstable.

Scores come from per-side feature matrices, so any block of the score matrix is two matrix
products. Small cohorts are solved exactly (dense Hungarian). Large cohorts are never held whole:
prices estimated on a sub-market pick a few near-best candidates per mentee from float32 row
blocks, the sparse problem is solved exactly (LAPJVsp), and one pricing round over all pairs adds
the pairs that could still improve it and proves how close the result is to the optimum.
"""
from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching


def _(text):
    """Mark ``text`` for extraction; the caller translates, then formats."""
    return text


ROLES = ("mentor", "mentee")
MEETING_MODES = ("remote", "in_person", "either")
MEETING_LABELS = {"remote": _("remotely"), "in_person": _("in person"), "either": _("remotely or in person")}
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

# Waitlist reason codes.
NO_COMPATIBLE_PARTNER = "no_compatible_partner"  # every pair with this person is forbidden
NO_CAPACITY = "no_capacity"  # mentee: every mentor it may meet is full
NO_MENTEE_LEFT = "no_mentee_left"  # mentor: every mentee it may meet is paired elsewhere

# Solver tuning, chosen by measurement (docs/benchmarks.md).
EXACT_LIMIT = 2000  # both sides at most this (mentor side counted in places): dense exact solve
SAMPLE_MENTEES = 2000  # size of the sub-market whose solution prices every mentor
CANDIDATES_PER_MENTEE = 8  # about this many near-best pairs per mentee and per mentor enter the sparse problem
MIN_CANDIDATES_PER_MENTEE = 5  # never fewer per mentee
MAX_CANDIDATES_PER_MENTEE = 32  # cap for mentees with many near-equal options
MIN_CANDIDATES_PER_MENTOR = 5
SAMPLE_CANDIDATES = 10  # per row and per column of the sub-market, by double-centred score
REPAIRS_PER_MENTEE = 3  # pairs the pricing round may add per mentee
COVERING_ROUNDS = 4  # extensions of the candidate graph towards a maximum matching
CHUNK_CELLS = 1 << 22  # score cells per block: 16 MB in float32
WORKERS = 2  # threads scoring blocks; NumPy and BLAS release the GIL
PRICE_TOLERANCE = 1e-6  # float32 scores are exact to about 1e-7


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
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0
                   for v in values):
            raise ValueError("match weights must be finite and non-negative")
        if sum(values) <= 0:
            raise ValueError("at least one match weight must be above zero")

    def normalised(self):
        """``{component: weight}`` summing to 1, so every score lies in [0, 1]."""
        total = sum(getattr(self, name) for name in COMPONENTS)
        return {name: getattr(self, name) / total for name in COMPONENTS}


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


@dataclass(frozen=True)
class Reason:
    """One plain-language reason: an English msgid with ``{named}`` parameters, translated late."""

    message: str
    params: Mapping = field(default_factory=dict)

    def render(self, gettext=lambda text: text):
        """Translate the message and any nested reason, then fill in the parameters."""
        params = {name: value.render(gettext) if isinstance(value, Reason) else value
                  for name, value in self.params.items()}
        return gettext(self.message).format(**params)


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


# ---------------------------------------------------------------------------------------------
# Scoring.


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

    def kernel(self, mentee_rows, mentor_rows, dtype):
        """A scorer for blocks of ``mentee_rows`` against all of ``mentor_rows``."""
        return _ScoreKernel(self, mentee_rows, mentor_rows, dtype)


class _ScoreKernel:
    """Score blocks for fixed mentee rows x mentor rows; the mentor side is laid out once."""

    def __init__(self, encoding, mentee_rows, mentor_rows, dtype):
        self.mentee_linear = encoding.mentee_linear[mentee_rows].astype(dtype)
        self.mentee_slots = encoding.mentee["availability"][mentee_rows].astype(dtype)
        self.mentor_linear = np.ascontiguousarray(encoding.mentor_linear[mentor_rows].T, dtype=dtype)
        self.mentor_slots = np.ascontiguousarray(encoding.mentor_slots[mentor_rows].T, dtype=dtype)
        self.availability_cap = encoding.weights["availability"]

    def block(self, rows):
        """Scores of mentees ``rows`` (positions in this kernel) against every mentor."""
        scores = self.mentee_linear[rows] @ self.mentor_linear
        common = self.mentee_slots[rows] @ self.mentor_slots
        np.minimum(common, self.availability_cap, out=common)
        scores += common
        return scores


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


class _Cohort:
    """Participants in key order (so input order never matters), their features and the rules."""

    def __init__(self, mentors, mentees, weights, constraints):
        self.mentors = tuple(sorted(mentors, key=lambda p: p.key))
        self.mentees = tuple(sorted(mentees, key=lambda p: p.key))
        _check_people(self.mentors, "mentor")
        _check_people(self.mentees, "mentee")
        if {p.key for p in self.mentors} & {p.key for p in self.mentees}:
            raise ValueError("a participant cannot be mentor and mentee in the same run")
        self.mentor_index = {p.key: row for row, p in enumerate(self.mentors)}
        self.mentee_index = {p.key: row for row, p in enumerate(self.mentees)}
        self.constraints = constraints
        self.encoding = _Encoding(self.mentors, self.mentees, weights)
        # Exclusions naming people outside this run are stale, not wrong: they are ignored.
        known = [(self.mentee_index[e], self.mentor_index[m]) for m, e in constraints.excluded
                 if m in self.mentor_index and e in self.mentee_index]
        self.excluded = _pair_matrix(known, len(self.mentees), len(self.mentors))
        self.locked = self._locked_rows()

    def _locked_rows(self):
        """Locked pairs as (mentee row, mentor row); refuses locks no assignment could honour."""
        pairs = []
        for mentor_key, mentee_key in sorted(self.constraints.locked):
            if mentor_key not in self.mentor_index or mentee_key not in self.mentee_index:
                raise ValueError(f"locked pair {(mentor_key, mentee_key)} names someone outside this run")
            pairs.append((self.mentee_index[mentee_key], self.mentor_index[mentor_key]))
        mentee_rows = [e for e, _m in pairs]
        if len(set(mentee_rows)) != len(mentee_rows):
            raise ValueError("a mentee is locked to more than one mentor")
        load = np.bincount([m for _e, m in pairs], minlength=len(self.mentors))
        capacity = np.array([p.capacity for p in self.mentors], dtype=np.int64)
        if np.any(load > capacity):
            raise ValueError("a mentor is locked to more mentees than their capacity")
        return pairs

    def rules(self, mentee_rows, mentor_rows):
        """The constraints over mentees ``mentee_rows`` x mentors ``mentor_rows``."""
        return _Rules(self, mentee_rows, mentor_rows)


def _check_people(people, role):
    """Every participant must carry the role of its side and a key unique on that side."""
    if any(p.role != role for p in people):
        raise ValueError(f"every {role} must have role {role!r}")
    keys = [p.key for p in people]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{role} keys must be unique")


def _pair_matrix(pairs, n_rows, n_cols):
    """Boolean sparse matrix with True at each (row, col) of ``pairs``."""
    rows = np.array([r for r, _c in pairs], dtype=np.int64)
    cols = np.array([c for _r, c in pairs], dtype=np.int64)
    return csr_matrix((np.ones(len(pairs), dtype=bool), (rows, cols)), shape=(n_rows, n_cols))


class _Rules:
    """Which pairs of a sub-cohort are forbidden, checked a block of mentee rows at a time."""

    def __init__(self, cohort, mentee_rows, mentor_rows):
        constraints, encoding = cohort.constraints, cohort.encoding
        self.width = len(mentor_rows)
        excluded = cohort.excluded[mentee_rows][:, mentor_rows]
        self.excluded = excluded.tocsr() if excluded.nnz else None
        self.teams = None
        if constraints.separate_teams:
            self.teams = (encoding.mentee_teams[mentee_rows], encoding.mentor_teams[mentor_rows])
        self.advantage = None
        if constraints.require_mentor_advantage:
            self.advantage = (encoding.mentee_advantage[mentee_rows].astype(np.float32),
                              np.ascontiguousarray(encoding.mentor_advantage[mentor_rows].T, dtype=np.float32))

    def forbidden(self, rows):
        """Boolean block for mentee positions ``rows``, or None when nothing is forbidden."""
        if self.excluded is None and self.teams is None and self.advantage is None:
            return None
        mask = np.zeros((len(rows), self.width), dtype=bool)
        if self.excluded is not None:
            hits = self.excluded[rows].nonzero()
            mask[hits] = True
        if self.teams is not None:
            mentee_teams = self.teams[0][rows][:, None]
            mask |= (mentee_teams == self.teams[1][None, :]) & (mentee_teams >= 0)
        if self.advantage is not None:
            mask |= (self.advantage[0][rows] @ self.advantage[1]) < 0.5
        return mask


class _Problem:
    """What a solver sees: free mentees (rows) x mentors with capacity left (columns)."""

    def __init__(self, cohort, mentee_rows, mentor_rows, capacity, dtype):
        self.cohort = cohort
        self.dtype = dtype
        self.mentee_rows = mentee_rows
        self.mentor_rows = mentor_rows
        self.capacity = capacity
        self.kernel = cohort.encoding.kernel(mentee_rows, mentor_rows, dtype)
        self.rules = cohort.rules(mentee_rows, mentor_rows)

    @property
    def shape(self):
        return len(self.mentee_rows), len(self.mentor_rows)

    def restricted(self, cols):
        """The same mentees against only the mentors at positions ``cols``."""
        return _Problem(self.cohort, self.mentee_rows, self.mentor_rows[cols], self.capacity[cols], self.dtype)

    def block(self, rows):
        """Scores for mentee positions ``rows``; forbidden pairs are -inf."""
        scores = self.kernel.block(rows)
        forbidden = self.rules.forbidden(rows)
        if forbidden is not None:
            scores[forbidden] = -np.inf
        return scores

    def map_blocks(self, function, rows=None):
        """``function(positions, scores)`` over row blocks, in order, two blocks at a time."""
        n_rows, n_cols = self.shape
        positions = np.arange(n_rows) if rows is None else rows
        step = max(1, CHUNK_CELLS // max(1, n_cols))
        chunks = [positions[start:start + step] for start in range(0, len(positions), step)]

        if len(chunks) <= 1:
            return [function(chunk, self.block(chunk)) for chunk in chunks]
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            return list(pool.map(lambda chunk: function(chunk, self.block(chunk)), chunks))


# ---------------------------------------------------------------------------------------------
# Solvers. Rows are free mentees, columns mentors with places left; both in key order.


def _solve_dense(problem):
    """Exact: the Hungarian method on the whole matrix, each mentor repeated once per free place.

    A forbidden pair costs more than any score sum can win back, so the solver first pairs as
    many people as the constraints allow, then maximises the score; such pairs are then dropped.
    """
    n_rows, n_cols = problem.shape
    scores = problem.block(np.arange(n_rows))
    slot_col = np.repeat(np.arange(n_cols), problem.capacity)
    allowed = np.isfinite(scores)
    penalty = float(min(n_rows, slot_col.size) + 1)
    rows, slots = linear_sum_assignment(np.where(allowed, -scores, penalty)[:, slot_col])
    keep = allowed[rows, slot_col[slots]]
    assignment = np.full(n_rows, -1)
    assignment[rows[keep]] = slot_col[slots[keep]]
    return assignment


def _solve_sparse(problem):
    """Near-optimal assignment of a large problem, and a proven upper bound on the optimum.

    Candidates come from prices estimated on a sub-market; the candidate problem is solved
    exactly; one pricing round over all pairs adds those that could still improve it, and the
    problem is solved once more if it found any.
    """
    prices, slack = _sample_prices(problem)
    graph = _covering(problem, _candidate_graph(problem, prices, slack))
    slots = _SlotGraph(graph, problem.capacity)
    row_slot = _solve_slots(slots)
    repairs, bound = _pricing_round(problem, slots, _slot_prices(slots, row_slot))
    if repairs.rows.size:
        slots = _SlotGraph(graph.merged(repairs), problem.capacity)
        row_slot = _solve_slots(slots)
    assignment = np.where(row_slot >= 0, slots.slot_col[np.maximum(row_slot, 0)], -1)
    _fill_leftovers(problem, assignment)
    return assignment, bound


@dataclass(frozen=True)
class _Graph:
    """Candidate pairs: mentee position, mentor position and score, sorted and unique."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    n_rows: int
    n_cols: int

    @classmethod
    def build(cls, rows, cols, scores, shape):
        """Sort by (row, col) and keep one copy of each pair, so solvers see a canonical graph."""
        codes, first = np.unique(np.asarray(rows, np.int64) * shape[1] + cols, return_index=True)
        return cls(codes // shape[1], codes % shape[1], np.asarray(scores, np.float64)[first], *shape)

    def merged(self, other):
        return _Graph.build(np.r_[self.rows, other.rows], np.r_[self.cols, other.cols],
                            np.r_[self.scores, other.scores], (self.n_rows, self.n_cols))


class _SlotGraph:
    """The candidate graph with each pair repeated once per free place of its mentor."""

    def __init__(self, graph, capacity):
        copies = capacity[graph.cols]
        edge = np.repeat(np.arange(graph.rows.size), copies)
        offset = np.arange(edge.size) - np.repeat(np.cumsum(copies) - copies, copies)
        first_slot = np.cumsum(capacity) - capacity
        self.rows = graph.rows[edge]
        self.slots = first_slot[graph.cols[edge]] + offset
        self.scores = graph.scores[edge]
        self.slot_col = np.repeat(np.arange(capacity.size), capacity)
        self.n_rows = graph.n_rows

    def costs(self):
        """Sparse cost matrix for the min-cost solvers: 2 - score is positive and order-reversing."""
        return csr_matrix((2.0 - self.scores, (self.rows, self.slots)), shape=(self.n_rows, self.slot_col.size))

    def row_best(self, slot_prices):
        """Each row's best reduced score on the graph (-inf for rows without candidates)."""
        return _group_max(self.rows, self.scores - slot_prices[self.slots], self.n_rows)


def _group_max(groups, values, size):
    """Maximum of ``values`` per group id (groups sorted ascending); -inf for empty groups."""
    result = np.full(size, -np.inf)
    if groups.size:
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        result[groups[starts]] = np.maximum.reduceat(values, starts)
    return result


def _covering(problem, graph):
    """The candidate graph, extended until a maximum matching on it is one on the full problem.

    Each mentee a maximum matching of the graph leaves out gets its best mentors among those with
    a place left free: augmenting paths of length one (mentors left idle, when places are scarce,
    likewise get their best free mentees). Stops when nothing more can be added.
    """
    for _round in range(COVERING_ROUNDS):
        slots = _SlotGraph(graph, problem.capacity)
        if graph.n_rows <= slots.slot_col.size:
            row_slot = maximum_bipartite_matching(slots.costs(), perm_type="column")
            lonely_rows = np.flatnonzero(row_slot < 0)
            taken = np.zeros(slots.slot_col.size, dtype=bool)
            taken[row_slot[row_slot >= 0]] = True
            open_cols = np.unique(slots.slot_col[~taken])
            rows, cols, scores = _best_between(problem, lonely_rows, open_cols, by_row=True)
        else:
            slot_row = maximum_bipartite_matching(slots.costs(), perm_type="row")
            idle_cols = np.unique(slots.slot_col[slot_row < 0])
            free_rows = np.setdiff1d(np.arange(graph.n_rows), slot_row[slot_row >= 0])
            rows, cols, scores = _best_between(problem, free_rows, idle_cols, by_row=False)
        if not rows.size:
            return graph
        graph = graph.merged(_Graph.build(rows, cols, scores, problem.shape))
    return graph


def _best_between(problem, rows, cols, by_row):
    """The ``MIN_CANDIDATES_PER_MENTEE`` best allowed pairs of each row (or column) of rows x cols."""
    if not rows.size or not cols.size:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    scores = np.vstack(problem.restricted(cols).map_blocks(lambda positions, block: block, rows=rows))
    lines = scores if by_row else np.ascontiguousarray(scores.T)
    chosen = _best_per_row(lines, np.isfinite(lines), MIN_CANDIDATES_PER_MENTEE)
    line, other = np.nonzero(chosen)
    row_at, col_at = (line, other) if by_row else (other, line)
    return rows[row_at], cols[col_at], scores[row_at, col_at]


def _solve_slots(slots):
    """Row -> slot (or -1): most pairs first, then the highest score, on the candidate graph.

    LAPJVsp needs a matching covering the smaller side; Hopcroft-Karp finds how much can be
    covered and the solve is restricted to the rows (or slots) it covers. Without the usual dummy
    column per row it runs about ten times faster (measured).
    """
    n_slots = slots.slot_col.size
    graph = slots.costs()
    row_slot = np.full(slots.n_rows, -1)
    if slots.n_rows <= n_slots:
        covered = np.flatnonzero(maximum_bipartite_matching(graph, perm_type="column") >= 0)
        if covered.size:
            sub_rows, sub_slots = min_weight_full_bipartite_matching(graph[covered])
            row_slot[covered[sub_rows]] = sub_slots
    else:
        covered = np.flatnonzero(maximum_bipartite_matching(graph, perm_type="row") >= 0)
        if covered.size:
            sub_rows, sub_slots = min_weight_full_bipartite_matching(graph[:, covered])
            row_slot[sub_rows] = covered[sub_slots]
    return row_slot


def _slot_prices(slots, row_slot):
    """Dual prices of the slots for the solved candidate graph.

    Bellman-Ford along the matching's alternating paths, once from above (each mentor keeps all the
    matching allows) and once from below (each mentee does); the middle of the two is also
    optimal for the candidate graph and prices the pairs outside it best (measured).
    """
    matched = np.flatnonzero(row_slot >= 0)
    codes = slots.rows * slots.slot_col.size + slots.slots
    own = np.zeros(slots.n_rows)
    own[matched] = slots.scores[np.searchsorted(codes, matched * slots.slot_col.size + row_slot[matched])]
    high = _prices_from_above(slots, matched, row_slot[matched], own)
    low = _prices_from_below(slots, matched, row_slot[matched], own)
    return (high + low) / 2


BELLMAN_FORD_ROUNDS = 500  # alternating paths are short in practice; the bound stays valid if cut


def _prices_from_above(slots, matched_rows, matched_slots, own):
    prices = np.zeros(slots.slot_col.size)
    prices[matched_slots] = own[matched_rows]
    for _round in range(BELLMAN_FORD_ROUNDS):
        profit = np.maximum(slots.row_best(prices), 0.0)
        updated = np.zeros_like(prices)
        updated[matched_slots] = np.maximum(own[matched_rows] - profit[matched_rows], 0.0)
        if np.allclose(updated, prices, rtol=0, atol=1e-12):
            break
        prices = updated
    return prices


def _prices_from_below(slots, matched_rows, matched_slots, own):
    order = np.lexsort((slots.rows, slots.slots))
    by_slot, rows, scores = slots.slots[order], slots.rows[order], slots.scores[order]
    prices = np.zeros(slots.slot_col.size)
    for _round in range(BELLMAN_FORD_ROUNDS):
        profit = np.zeros(slots.n_rows)
        profit[matched_rows] = own[matched_rows] - prices[matched_slots]
        updated = np.maximum(_group_max(by_slot, scores - profit[rows], prices.size), 0.0)
        if np.allclose(updated, prices, rtol=0, atol=1e-12):
            break
        prices = updated
    return prices


def _evenly_spaced(total, count):
    """``count`` positions spread evenly over ``range(total)``."""
    count = min(total, count)
    return (np.arange(count) * total) // max(count, 1)


def _sample_prices(problem):
    """A price per mentor and candidate slacks, from a sub-market of evenly spread mentees and mentors.

    The sub-market keeps the cohort's ratio of mentees to mentors. Its solved dual prices give
    each sampled mentee a profit; a mentor's price is then the most a sampled mentee would pay
    for it (the c-transform), which is defined for every mentor, sampled or not.
    """
    n_rows, n_cols = problem.shape
    sample = _evenly_spaced(n_rows, SAMPLE_MENTEES)
    columns = _evenly_spaced(n_cols, max(1, round(n_cols * sample.size / n_rows)))
    sub = np.vstack(problem.map_blocks(lambda rows, scores: scores[:, columns], rows=sample))
    slots = _SlotGraph(_centred_candidates(sub, SAMPLE_CANDIDATES), problem.capacity[columns])
    slot_prices = _slot_prices(slots, _solve_slots(slots))
    sub_prices = np.full(columns.size, np.inf)
    np.minimum.at(sub_prices, slots.slot_col, slot_prices)
    profit = np.zeros(n_rows)
    profit[sample] = np.maximum((sub - sub_prices).max(axis=1), 0.0)
    column_max = problem.map_blocks(lambda rows, scores: (scores - profit[rows, None]).max(axis=0), rows=sample)
    prices = np.maximum(np.max(column_max, axis=0), 0.0).astype(np.float32)
    return prices, _slacks(problem, prices)


def _slacks(problem, prices):
    """How far below its mentee's best reduced score a pair may be and still be a candidate, per mentor.

    Measured on every ``CANDIDATES_PER_MENTEE``-th mentee: a mentor's smallest gap there is about
    its ``CANDIDATES_PER_MENTEE``-th smallest over everyone, so each mentor gets about that many
    candidate mentees. Never below the gap that gives the average mentee as many mentors.
    """
    n_rows = problem.shape[0]
    rows = _evenly_spaced(n_rows, math.ceil(n_rows / CANDIDATES_PER_MENTEE))

    def gaps(positions, scores):
        reduced = scores - prices
        best = reduced.max(axis=1, keepdims=True)
        return np.where(np.isfinite(reduced), np.where(np.isfinite(best), best, 0) - reduced, np.inf)

    per_mentor = np.min(problem.map_blocks(lambda positions, scores: gaps(positions, scores).min(axis=0),
                                           rows=rows), axis=0)
    some = gaps(rows[:256], problem.block(rows[:256])).ravel()
    rank = min(some.size - 1, CANDIDATES_PER_MENTEE * min(rows.size, 256))
    overall = np.partition(some, rank)[rank]
    slack = np.maximum(per_mentor, overall if np.isfinite(overall) else 0.0)
    return np.where(np.isfinite(slack), slack, 0.0).astype(np.float32)


def _centred_candidates(scores, per_line):
    """Each row's and each column's best pairs by double-centred score, from a dense block.

    Centring removes how popular a mentor or how easy to please a mentee is in general, so
    candidates spread over everyone instead of crowding round the best-rated mentors.
    """
    allowed = np.isfinite(scores)
    safe = np.where(allowed, scores, 0.0)
    col_mean = safe.sum(axis=0) / np.maximum(allowed.sum(axis=0), 1)
    row_mean = safe.sum(axis=1) / np.maximum(allowed.sum(axis=1), 1)
    chosen = _best_per_row(scores - col_mean[None, :], allowed.copy(), per_line)
    chosen |= _best_per_row(np.ascontiguousarray((scores - row_mean[:, None]).T), allowed.T.copy(), per_line).T
    rows, cols = np.nonzero(chosen)
    return _Graph.build(rows, cols, scores[rows, cols], scores.shape)


def _best_per_row(values, mask, limit):
    """``mask`` narrowed to at most ``limit`` largest ``values`` per row (modified in place)."""
    heavy = np.flatnonzero(mask.sum(axis=1) > limit)
    if heavy.size:
        top = np.argpartition(-np.where(mask[heavy], values[heavy], -np.inf), limit - 1, axis=1)[:, :limit]
        mask[heavy] = False
        mask[heavy[:, None], top] = True
    return mask


def _candidate_graph(problem, prices, slack):
    """Candidate pairs judged by gap: how much less than its best reduced score a mentee gets.

    (A reduced score is the score minus the mentor's price.) Per mentee: its
    ``MIN_CANDIDATES_PER_MENTEE`` best pairs and every pair within the mentor's ``slack``, at most
    ``MAX_CANDIDATES_PER_MENTEE``. Mentors left with fewer than ``MIN_CANDIDATES_PER_MENTOR`` get
    the mentees with the smallest gaps: without them the prices of such mentors are poorly
    determined and the pricing round proves little (measured).
    """
    def scan(rows, scores):
        gap = scores - prices
        best = gap.max(axis=1)
        gap -= np.where(np.isfinite(best), best, 0.0)[:, None]
        chosen = _best_per_row(gap, gap >= -slack, MAX_CANDIDATES_PER_MENTEE)
        few = np.flatnonzero(chosen.sum(axis=1) < MIN_CANDIDATES_PER_MENTEE)
        if few.size:
            count = min(MIN_CANDIDATES_PER_MENTEE, gap.shape[1])
            top = np.argpartition(-gap[few], count - 1, axis=1)[:, :count]
            chosen[few[:, None], top] = True
        hit_rows, hit_cols = np.nonzero(chosen & np.isfinite(gap))
        return rows[hit_rows], hit_cols, scores[hit_rows, hit_cols], best

    parts = problem.map_blocks(scan)
    rows, cols, scores, best = (np.concatenate([part[i] for part in parts]) for i in range(4))
    lonely = np.flatnonzero(np.bincount(cols, minlength=problem.shape[1]) < MIN_CANDIDATES_PER_MENTOR)
    extra = _mentor_candidates(problem, lonely, best, prices)
    return _Graph.build(np.r_[rows, extra[0]], np.r_[cols, extra[1]], np.r_[scores, extra[2]], problem.shape)


def _mentor_candidates(problem, cols, row_best, prices):
    """For each mentor of ``cols``: the ``MIN_CANDIDATES_PER_MENTOR`` mentees with the smallest gap."""
    if not cols.size:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    sub = problem.restricted(cols)

    def scan(rows, scores):
        gap = (row_best[rows, None] - (scores - prices[cols])).T
        gap[~np.isfinite(gap)] = np.inf
        count = min(MIN_CANDIDATES_PER_MENTOR, rows.size)
        top = np.argpartition(gap, count - 1, axis=1)[:, :count]
        return rows[top], np.take_along_axis(gap, top, axis=1), np.take_along_axis(scores.T, top, axis=1)

    parts = sub.map_blocks(scan)
    rows, gaps, scores = (np.hstack([part[i] for part in parts]) for i in range(3))
    count = min(MIN_CANDIDATES_PER_MENTOR, rows.shape[1])
    top = np.argpartition(gaps, count - 1, axis=1)[:, :count]
    keep = np.isfinite(np.take_along_axis(gaps, top, axis=1))
    return (np.take_along_axis(rows, top, axis=1)[keep], np.broadcast_to(cols[:, None], top.shape)[keep],
            np.take_along_axis(scores, top, axis=1)[keep])


def _pricing_round(problem, slots, slot_prices):
    """One pass over all pairs at the candidate graph's prices.

    Returns the pairs whose reduced score beats their mentee's profit on the graph (only they can
    improve the solution; at most ``REPAIRS_PER_MENTEE`` each) and an upper bound on the optimum:
    with every mentee's best reduced score over all pairs, the prices form a feasible dual.
    """
    mentor_prices = np.full(problem.shape[1], np.inf)
    np.minimum.at(mentor_prices, slots.slot_col, slot_prices)
    mentor_prices = mentor_prices.astype(np.float32)
    graph_profit = np.maximum(slots.row_best(slot_prices), 0.0)

    def scan(rows, scores):
        reduced = scores - mentor_prices
        full_profit = np.maximum(reduced.max(axis=1), 0.0)
        improving = reduced > (graph_profit[rows] + PRICE_TOLERANCE)[:, None]
        hit_rows, hit_cols = np.nonzero(_best_per_row(reduced, improving, REPAIRS_PER_MENTEE))
        return float(full_profit.sum()), (rows[hit_rows], hit_cols, scores[hit_rows, hit_cols])

    parts = problem.map_blocks(scan)
    bound = sum(part[0] for part in parts) + float(slot_prices.sum())
    rows, cols, scores = (np.concatenate([part[1][i] for part in parts]) for i in range(3))
    return _Graph.build(rows, cols, scores, problem.shape), bound


def _fill_leftovers(problem, assignment):
    """Give each still-free mentee (in key order) its best allowed mentor with a place left.

    Only mentees the candidate graph could not reach get here; the exact solver leaves none.
    """
    free = np.flatnonzero(assignment < 0)
    places = problem.capacity - np.bincount(assignment[assignment >= 0], minlength=problem.shape[1])
    step = max(1, CHUNK_CELLS // max(1, problem.shape[1]))
    for start in range(0, free.size, step):
        rows = free[start:start + step]
        scores = problem.block(rows)
        for position, row in enumerate(rows):
            if not places.any():
                return
            options = np.where(places > 0, scores[position], -np.inf)
            col = int(np.argmax(options))
            if np.isfinite(options[col]):
                assignment[row] = col
                places[col] -= 1


# ---------------------------------------------------------------------------------------------
# Public entry points.


def propose_matches(mentors, mentees, weights=MatchWeights(), constraints=Constraints(), titles=None,
                    exact_limit=EXACT_LIMIT):
    """Propose mentor-mentee pairs for a cohort.

    Pairs as many people as the constraints and capacities allow and, among such assignments,
    maximises the total score: exactly when both sides (mentors counted once per free place) are
    at most ``exact_limit``, otherwise to within ``optimality_bound``. ``titles`` maps topic and
    experience-area ids to the titles used in reasons. Same input, in any order: same result.
    """
    cohort = _Cohort(mentors, mentees, weights, constraints)
    solved, method, bound = _assign(cohort, exact_limit)
    locked = {(e, m) for e, m in cohort.locked}
    proposals = _proposals(cohort, cohort.locked + solved, locked, titles or {})
    total = float(sum(p.score for p in proposals))
    if bound is None:
        optimality = 1.0
    else:
        locked_total = sum(p.score for p in proposals if p.locked)
        optimality = min(1.0, total / (locked_total + bound)) if locked_total + bound > 0 else 1.0
    return MatchResult(proposals=proposals, total_score=total, waitlist=_waitlist(cohort, cohort.locked + solved),
                       method=method, optimality_bound=optimality)


def score_components(mentor, mentee):
    """``{component: value in [0, 1]}`` for one pair, before weighting."""
    encoding = _Encoding([mentor], [mentee], MatchWeights())
    return {name: float(values[0]) for name, values in encoding.components([0], [0]).items()}


def score_matrix(mentors, mentees, weights=MatchWeights()):
    """Dense scores, a row per mentor and a column per mentee in the order given; ignores constraints.

    For what-if views on small cohorts: it holds len(mentors) x len(mentees) floats.
    """
    encoding = _Encoding(list(mentors), list(mentees), weights)
    kernel = encoding.kernel(np.arange(len(mentees)), np.arange(len(mentors)), np.float64)
    return kernel.block(np.arange(len(mentees))).T


def blocking_pairs(result, mentors, mentees, constraints=Constraints(), max_cohort=EXACT_LIMIT):
    """Pairs not proposed whose mentor and mentee would both rather be with each other.

    Each side counts its own gain: the mentee what it learns (the digital component), the mentor
    what it learns (the reverse component). A mentee prefers any allowed partner to none; a mentor
    with a free place prefers any allowed mentee to none, a full one must gain over its least
    useful mentee. Forbidden pairs never block. Dense: cohorts of at most ``max_cohort`` per side.
    """
    if len(mentors) > max_cohort or len(mentees) > max_cohort:
        raise ValueError(f"blocking pairs are computed for cohorts of at most {max_cohort} per side")
    cohort = _Cohort(mentors, mentees, MatchWeights(), constraints)
    encoding = cohort.encoding
    mentee_gain = encoding.mentee["digital"] @ encoding.mentor["digital"].T
    mentor_gain = encoding.mentee["reverse"] @ encoding.mentor["reverse"].T
    n_mentees, n_mentors = mentee_gain.shape
    partner = np.full(n_mentees, -1)
    pairs = [(cohort.mentee_index[p.mentee_key], cohort.mentor_index[p.mentor_key]) for p in result.proposals]
    for mentee_row, mentor_row in pairs:
        partner[mentee_row] = mentor_row
    matched = np.flatnonzero(partner >= 0)
    mentee_floor = np.full(n_mentees, -np.inf)
    mentee_floor[matched] = mentee_gain[matched, partner[matched]]
    least_useful = np.full(n_mentors, np.inf)
    np.minimum.at(least_useful, partner[matched], mentor_gain[matched, partner[matched]])
    capacity = np.array([p.capacity for p in cohort.mentors])
    full = np.bincount(partner[matched], minlength=n_mentors) >= capacity
    mentor_floor = np.where(full, least_useful, -np.inf)
    blocking = (mentee_gain > mentee_floor[:, None]) & (mentor_gain > mentor_floor[None, :])
    blocking[matched, partner[matched]] = False
    forbidden = cohort.rules(np.arange(n_mentees), np.arange(n_mentors)).forbidden(np.arange(n_mentees))
    if forbidden is not None:
        blocking &= ~forbidden
    return StabilityReport(
        blocking_pair_count=int(blocking.sum()),
        proposals=tuple(_proposal_stability(cohort, blocking, mentee_row, mentor_row)
                        for mentee_row, mentor_row in sorted(pairs, key=lambda pair: (pair[1], pair[0]))),
    )


def _proposal_stability(cohort, blocking, mentee_row, mentor_row):
    """Blocking pairs that tempt this proposal's mentee or mentor away, and the first of them."""
    other_mentors = np.flatnonzero(blocking[mentee_row])
    other_mentees = np.flatnonzero(blocking[:, mentor_row])
    example = None
    if other_mentors.size:
        example = (cohort.mentors[other_mentors[0]].key, cohort.mentees[mentee_row].key)
    elif other_mentees.size:
        example = (cohort.mentors[mentor_row].key, cohort.mentees[other_mentees[0]].key)
    return ProposalStability(cohort.mentors[mentor_row].key, cohort.mentees[mentee_row].key,
                             int(other_mentors.size + other_mentees.size), example)


# ---------------------------------------------------------------------------------------------
# Assembling a result.


def _assign(cohort, exact_limit):
    """Solve for everyone not locked: [(mentee row, mentor row)], the method, an optimum bound."""
    capacity = np.array([p.capacity for p in cohort.mentors], dtype=np.int64)
    for _mentee_row, mentor_row in cohort.locked:
        capacity[mentor_row] -= 1
    locked_mentees = {mentee_row for mentee_row, _m in cohort.locked}
    free = np.array([row for row in range(len(cohort.mentees)) if row not in locked_mentees], dtype=np.int64)
    open_mentors = np.flatnonzero(capacity > 0)
    if not free.size or not open_mentors.size:
        return [], "exact", None
    exact = free.size <= exact_limit and capacity[open_mentors].sum() <= exact_limit
    problem = _Problem(cohort, free, open_mentors, capacity[open_mentors], np.float64 if exact else np.float32)
    if exact:
        assignment, bound = _solve_dense(problem), None
    else:
        assignment, bound = _solve_sparse(problem)
    matched = np.flatnonzero(assignment >= 0)
    return list(zip(free[matched].tolist(), open_mentors[assignment[matched]].tolist())), \
        "exact" if exact else "sparse", bound


def _proposals(cohort, pairs, locked, titles):
    """Proposals in (mentor key, mentee key) order, with exact float64 scores and reasons."""
    if not pairs:
        return ()
    mentee_rows = np.array([e for e, _m in pairs])
    mentor_rows = np.array([m for _e, m in pairs])
    weights = cohort.encoding.weights
    contributions = {c: weights[c] * values for c, values in cohort.encoding.components(mentee_rows, mentor_rows).items()}
    proposals = []
    for index, (mentee_row, mentor_row) in enumerate(pairs):
        breakdown = {c: float(contributions[c][index]) for c in COMPONENTS}
        mentor, mentee = cohort.mentors[mentor_row], cohort.mentees[mentee_row]
        proposals.append(Proposal(
            mentor_key=mentor.key, mentee_key=mentee.key, score=sum(breakdown.values()), breakdown=breakdown,
            reasons=_reasons(mentor, mentee, breakdown, titles, (mentee_row, mentor_row) in locked),
            locked=(mentee_row, mentor_row) in locked))
    return tuple(sorted(proposals, key=lambda p: (p.mentor_key, p.mentee_key)))


def _waitlist(cohort, pairs):
    """Everyone without a partner, with why: nobody allowed at all, or every allowed one taken."""
    paired_mentees = {e for e, _m in pairs}
    paired_mentors = {m for _e, m in pairs}
    waiting_mentees = np.array([r for r in range(len(cohort.mentees)) if r not in paired_mentees], dtype=np.int64)
    idle_mentors = np.array([r for r in range(len(cohort.mentors)) if r not in paired_mentors], dtype=np.int64)
    entries = []
    if waiting_mentees.size:
        mentee_ok, _ = _any_allowed(cohort, waiting_mentees, np.arange(len(cohort.mentors)))
        entries += [WaitlistEntry(cohort.mentees[row].key, "mentee", NO_CAPACITY if ok else NO_COMPATIBLE_PARTNER)
                    for row, ok in zip(waiting_mentees, mentee_ok)]
    if idle_mentors.size:
        _, mentor_ok = _any_allowed(cohort, np.arange(len(cohort.mentees)), idle_mentors)
        entries += [WaitlistEntry(cohort.mentors[row].key, "mentor", NO_MENTEE_LEFT if ok else NO_COMPATIBLE_PARTNER)
                    for row, ok in zip(idle_mentors, mentor_ok)]
    return tuple(sorted(entries, key=lambda entry: (entry.role, entry.key)))


def _any_allowed(cohort, mentee_rows, mentor_rows):
    """For each of these mentees, and each of these mentors, whether any pair between them is allowed."""
    rules = cohort.rules(mentee_rows, mentor_rows)
    mentee_ok = np.zeros(mentee_rows.size, dtype=bool)
    mentor_ok = np.zeros(mentor_rows.size, dtype=bool)
    step = max(1, CHUNK_CELLS // max(1, mentor_rows.size))
    for start in range(0, mentee_rows.size, step):
        positions = np.arange(start, min(start + step, mentee_rows.size))
        forbidden = rules.forbidden(positions)
        allowed = np.ones((positions.size, mentor_rows.size), dtype=bool) if forbidden is None else ~forbidden
        mentee_ok[positions] = allowed.any(axis=1)
        mentor_ok |= allowed.any(axis=0)
    return mentee_ok, mentor_ok


# ---------------------------------------------------------------------------------------------
# Reasons.


def _reasons(mentor, mentee, breakdown, titles, locked):
    """Two or three reasons: what the mentee learns, what the mentor learns, then the best logistics."""
    names = {"mentor": mentor.name, "mentee": mentee.name}
    reasons = [Reason(_("Paired by staff"))] if locked else []
    for build in (_digital_reason, _reverse_reason):
        reason = build(mentor, mentee, names, titles)
        if reason:
            reasons.append(reason)
    logistics = {"availability": _availability_reason, "goals": _goals_reason,
                 "time_zone": _time_zone_reason, "meeting": _meeting_reason}
    for component in sorted(logistics, key=lambda c: -breakdown[c]):
        if len(reasons) >= 3:
            break
        if breakdown[component] > 0 or len(reasons) < 2:
            reason = logistics[component](mentor, mentee, names)
            if reason:
                reasons.append(reason)
    return tuple(reasons)


def _digital_reason(mentor, mentee, names, titles):
    """The wanted topic where the mentor rates highest (a topic it offers to teach wins ties)."""
    if not mentee.learn_topics:
        return None
    topic = min(mentee.learn_topics,
                key=lambda t: (-mentor.ratings.get(t, 0), t not in mentor.teach_topics, titles.get(t, t), t))
    rating = mentor.ratings.get(topic, 0)
    if rating == 0:
        return None
    params = {**names, "rating": rating, "topic": titles.get(topic, topic)}
    if topic in mentor.teach_topics:
        return Reason(_("{mentor} rates {rating}/4 in {topic} and offers to teach it; {mentee} wants to learn it"),
                      params)
    return Reason(_("{mentor} rates {rating}/4 in {topic}, which {mentee} wants to learn"), params)


def _reverse_reason(mentor, mentee, names, titles):
    """An experience area the mentee shares and the mentor asked for."""
    shared = mentor.learn_experience & mentee.share_experience
    if not shared:
        return None
    area = min(shared, key=lambda a: (titles.get(a, a), a))
    return Reason(_("{mentee} shares experience in {area}, which {mentor} asked for"),
                  {**names, "area": titles.get(area, area)})


def _availability_reason(mentor, mentee, names):
    common = [slot for slot in SLOTS if slot in mentor.availability and slot in mentee.availability]
    if not common:
        return None
    if len(common) == 1:
        return Reason(_("{mentor} and {mentee} are both free on {slot}"),
                      {**names, "slot": Reason(SLOT_LABELS[common[0]])})
    return Reason(_("{mentor} and {mentee} are both free on {slot} and {other_slot}"),
                  {**names, "slot": Reason(SLOT_LABELS[common[0]]), "other_slot": Reason(SLOT_LABELS[common[1]])})


def _goals_reason(mentor, mentee, names):
    common = sorted(goal_words(mentor.goals) & goal_words(mentee.goals))
    if not common:
        return None
    return Reason(_("{mentor} and {mentee} both mention {words} in their goals"),
                  {**names, "words": ", ".join(common[:3])})


def _time_zone_reason(mentor, mentee, names):
    hours = hours_apart(mentor.utc_offset_hours, mentee.utc_offset_hours)
    if hours == 0:
        return Reason(_("{mentor} and {mentee} share a time zone"), names)
    return Reason(_("{mentor} and {mentee} are {hours} h apart"), {**names, "hours": f"{hours:g}"})


def _meeting_reason(mentor, mentee, names):
    if not _meeting_compatible(mentor.meeting, mentee.meeting):
        return Reason(_("{mentor} wants to meet {mentor_mode}, {mentee} {mentee_mode}"),
                      {**names, "mentor_mode": Reason(MEETING_LABELS[mentor.meeting]),
                       "mentee_mode": Reason(MEETING_LABELS[mentee.meeting])})
    mode = mentor.meeting if mentor.meeting != "either" else mentee.meeting
    return Reason(_("{mentor} and {mentee} can both meet {mode}"), {**names, "mode": Reason(MEETING_LABELS[mode])})
