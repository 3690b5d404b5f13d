"""Matchmaking that knows what mentor and mentee can learn from each other.

Pure module (standard library, NumPy, SciPy only). ``propose_matches`` scores every mentor-mentee
candidate, honours the staff's constraints and picks the assignment that pairs as many people as
the constraints allow and, among those, has the highest total score. ``blocking_pairs`` tells staff
which proposals are unstable.

Scores come from per-side feature matrices, so any block of the score matrix is two matrix
products. Small cohorts are solved exactly (dense Hungarian method). Large cohorts are never held
whole: prices estimated on a sub-market pick each mentee's and each mentor's best candidates from
float32 row blocks, the sparse problem is solved exactly (LAPJVsp), and one pricing round over
all pairs adds the pairs that could still improve it and proves how close the result is to the
optimum (LP duality). docs/benchmarks.md has the measurements behind these choices.
"""
from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix, hstack
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from .problems import _, render_message


ROLES = ("mentor", "mentee")
MEETING_MODES = ("remote", "in_person", "either")
MEETING_LABELS = {"remote": _("remotely"), "in_person": _("in person"), "either": _("remotely or in person")}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_PARTS = ("morning", "afternoon", "evening")
SLOTS = tuple(f"{day}-{part}" for day in WEEKDAYS for part in DAY_PARTS)
SLOT_ORDER = {slot: position for position, slot in enumerate(SLOTS)}
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
GOAL_WORD = re.compile(r"[^\W\d_]{4,}")  # runs of four or more letters
# Past this many distinct goal words, words share feature columns (by CRC-32) to bound the work.
GOAL_FEATURES_MAX = 256
STOP_WORDS = frozenset("""
    about after also because been being better could does doing each from have into just like
    make more most much need only other over really some such than that their them then there
    these they this those through very want wants well were what when where which while will with
    would your yours grow program programme
""".split())

# Waitlist reason codes.
NO_COMPATIBLE_PARTNER = "no_compatible_partner"  # every pair with this person is forbidden
NO_CAPACITY = "no_capacity"  # mentee: every mentor it may meet is full
NO_MENTEE_LEFT = "no_mentee_left"  # mentor: every mentee it may meet is paired elsewhere

# Solver tuning, chosen by measurement (docs/benchmarks.md).
EXACT_LIMIT = 2000  # both sides at most this (mentor side counted in places): dense exact solve
SAMPLE_MENTEES = 2000  # size of the sub-market whose solution prices every mentor
MENTEE_CANDIDATES = 10  # best pairs per mentee that enter the sparse problem
MENTOR_CANDIDATES = 10  # best pairs per mentor that enter it
SAMPLE_CANDIDATES = 10  # per row and per column of the sub-market, by double-centred score
COVERING_ROUNDS = 4  # extensions of the candidate graph towards a maximum matching
BELLMAN_FORD_ROUNDS = 500  # alternating paths are far shorter in practice; the bound stays valid if cut
CHUNK_CELLS = 1 << 22  # score cells per block: 16 MB in float32
PRICE_TOLERANCE = 1e-6  # float32 scores are exact to about 1e-7
SCORE_ERROR = 1e-5  # generous float32 error per score, added per mentee so the bound stays a bound
GAIN_TOLERANCE = 1e-9  # smaller differences in gain are rounding, not a preference


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
        return render_message(self.message, self.params, gettext)


SLOT_REASONS = {slot: Reason(label) for slot, label in SLOT_LABELS.items()}
MEETING_REASONS = {mode: Reason(label) for mode, label in MEETING_LABELS.items()}


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
    return frozenset(GOAL_WORD.findall(text.lower())) - STOP_WORDS


def hours_apart(offset_a, offset_b):
    """Clock distance between two UTC offsets, going round the day the short way (0 to 12)."""
    gap = abs(offset_a - offset_b) % 24
    return min(gap, 24 - gap)


def _meeting_compatible(mode_a, mode_b):
    """Only a remote-only person and an in-person-only person cannot meet."""
    return float({mode_a, mode_b} != {"remote", "in_person"})


MEETING_COMPATIBILITY = np.array([[_meeting_compatible(a, b) for b in MEETING_MODES] for a in MEETING_MODES])


def _one_hot(sets, columns):
    """0/1 matrix with a row per participant and a column per ``columns`` entry (every value is one)."""
    index = {value: position for position, value in enumerate(columns)}
    rows = np.repeat(np.arange(len(sets)), [len(values) for values in sets])
    matrix = np.zeros((len(sets), len(columns)))
    matrix[rows, [index[value] for values in sets for value in values]] = 1.0
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
        self.mentee_words = [goal_words(p.goals) for p in mentees]
        self.mentor_words = [goal_words(p.goals) for p in mentors]
        self.mentee["goals"], self.mentor["goals"] = _goal_features(self.mentee_words, self.mentor_words)
        self.mentee["time_zone"], self.mentor["time_zone"] = _time_zone_features(mentees, mentors)
        self.mentee["meeting"] = _one_hot([(p.meeting,) for p in mentees], MEETING_MODES)
        self.mentor["meeting"] = MEETING_COMPATIBILITY[[MEETING_MODES.index(p.meeting) for p in mentors]].reshape(
            len(mentors), len(MEETING_MODES))
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
        self.mentor_rows_linear = encoding.mentor_linear[mentor_rows].astype(dtype)
        self.mentor_rows_slots = encoding.mentor_slots[mentor_rows].astype(dtype)
        self.mentor_linear = np.ascontiguousarray(self.mentor_rows_linear.T)
        self.mentor_slots = np.ascontiguousarray(self.mentor_rows_slots.T)
        self.availability_cap = encoding.weights["availability"]

    def pairs(self, rows, cols):
        """Scores of the pairs (rows[k], cols[k]), positions in this kernel."""
        linear = np.einsum("ij,ij->i", self.mentee_linear[rows], self.mentor_rows_linear[cols])
        common = np.einsum("ij,ij->i", self.mentee_slots[rows], self.mentor_rows_slots[cols])
        return linear + np.minimum(common, self.availability_cap)

    def block(self, rows):
        """Scores of mentees ``rows`` (positions in this kernel) against every mentor."""
        scores = self.mentee_linear[rows] @ self.mentor_linear
        common = self.mentee_slots[rows] @ self.mentor_slots
        np.minimum(common, self.availability_cap, out=common)
        scores += common
        return scores


def _ratings_matrix(people, topics):
    """Self-ratings as integers, a row per person and a column per topic (unrated counts as 0)."""
    index = {topic: position for position, topic in enumerate(topics)}
    matrix = np.zeros((len(people), len(topics)), dtype=np.int64)
    rows = np.repeat(np.arange(len(people)), [len(p.ratings) for p in people])
    matrix[rows, [index[t] for p in people for t in p.ratings]] = [r for p in people for r in p.ratings.values()]
    return matrix


def _goal_features(mentee_words, mentor_words):
    """Unit-length word indicators, so a product is the Ochiai overlap |A∩B| / sqrt(|A||B|).

    Only words found on both sides can overlap, so only they get columns; beyond
    ``GOAL_FEATURES_MAX`` such words, words share columns by CRC-32 and the overlap is approximate.
    """
    shared = sorted(set().union(*mentee_words) & set().union(*mentor_words))
    if len(shared) <= GOAL_FEATURES_MAX:
        column = {word: position for position, word in enumerate(shared)}
    else:
        column = {word: zlib.crc32(word.encode()) % GOAL_FEATURES_MAX for word in shared}
    width = min(len(shared), GOAL_FEATURES_MAX)

    def encode(word_sets):
        hits = [[column[word] for word in words if word in column] for words in word_sets]
        matrix = np.zeros((len(word_sets), width))
        matrix[np.repeat(np.arange(len(hits)), [len(h) for h in hits]), [c for h in hits for c in h]] = 1.0
        return _row_scaled(matrix, np.sqrt([float(len(words)) for words in word_sets]))

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
    return mentee_rows, mentor_rows.reshape(mentor_ratings.shape[0], mentor_ratings.shape[1] * levels).astype(float)


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
    """Which pairs of a sub-cohort are forbidden, marked a block of mentee rows at a time."""

    def __init__(self, cohort, mentee_rows, mentor_rows):
        constraints, encoding = cohort.constraints, cohort.encoding
        self.width = len(mentor_rows)
        excluded = cohort.excluded[mentee_rows][:, mentor_rows]
        self.excluded = excluded.tocsr() if excluded.nnz else None
        self.mentee_teams = None
        if constraints.separate_teams:
            self.mentee_teams = encoding.mentee_teams[mentee_rows]
            mentor_teams = encoding.mentor_teams[mentor_rows]
            # Columns per team: marking a team's rows x its columns beats a full comparison (measured).
            self.team_columns = {team: np.flatnonzero(mentor_teams == team) for team in np.unique(mentor_teams)
                                 if team >= 0}
        self.advantage = None
        if constraints.require_mentor_advantage:
            self.advantage = (encoding.mentee_advantage[mentee_rows].astype(np.float32),
                              np.ascontiguousarray(encoding.mentor_advantage[mentor_rows].T, dtype=np.float32))

    def mark(self, block, rows, value):
        """Write ``value`` into ``block`` wherever mentee positions ``rows`` x all mentors is forbidden."""
        if self.excluded is not None:
            block[self.excluded[rows].nonzero()] = value
        if self.mentee_teams is not None:
            teams = self.mentee_teams[rows]
            for team in np.unique(teams[teams >= 0]):
                if team in self.team_columns:
                    block[np.ix_(np.flatnonzero(teams == team), self.team_columns[team])] = value
        if self.advantage is not None:
            np.copyto(block, value, where=(self.advantage[0][rows] @ self.advantage[1]) < 0.5)

    def forbidden(self, rows):
        """Boolean block for mentee positions ``rows``."""
        mask = np.zeros((len(rows), self.width), dtype=bool)
        self.mark(mask, rows, True)
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
        self.rules.mark(scores, rows, -np.inf)
        return scores

    def map_blocks(self, function, rows=None):
        """Yield ``function(positions, scores)`` for each block of rows, in order.

        Blocks are scored one at a time: BLAS already uses every core for the products, and
        scoring two blocks in threads measured no faster.
        """
        n_rows, n_cols = self.shape
        positions = np.arange(n_rows) if rows is None else rows
        step = max(1, CHUNK_CELLS // max(1, n_cols))
        for start in range(0, len(positions), step):
            chunk = positions[start:start + step]
            yield function(chunk, self.block(chunk))


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
    graph = _covering(problem, _candidate_graph(problem, _sample_prices(problem)))
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
        self.by_row = _Groups(self.rows, self.n_rows)

    def costs(self):
        """Sparse cost matrix for the min-cost solvers: 2 - score is positive and order-reversing."""
        return csr_matrix((2.0 - self.scores, (self.rows, self.slots)), shape=(self.n_rows, self.slot_col.size))

    def row_best(self, slot_prices):
        """Each row's best reduced score on the graph (-inf for rows without candidates)."""
        return self.by_row.max(self.scores - slot_prices[self.slots])


class _Groups:
    """Runs of equal ids in a sorted id array, for per-group maxima (found once, used many times)."""

    def __init__(self, ids, size):
        self.starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if ids.size else ids
        self.ids = ids[self.starts]
        self.size = size

    def max(self, values):
        """Maximum of ``values`` per group; -inf for ids without entries."""
        result = np.full(self.size, -np.inf)
        if self.starts.size:
            result[self.ids] = np.maximum.reduceat(values, self.starts)
        return result


def _best_per_line(values, count):
    """Each row's ``count`` largest values: (positions, values), -inf where a row has fewer.

    Repeated argmax, overwriting each pick with -inf: for a handful per row many times cheaper
    than argpartition (measured). Ties go to the earlier column, so results are reproducible.
    """
    every_row = np.arange(values.shape[0])
    count = min(count, values.shape[1])
    positions = np.empty((values.shape[0], count), dtype=np.int64)
    found = np.empty((values.shape[0], count), dtype=values.dtype)
    for pick in range(count):
        positions[:, pick] = values.argmax(axis=1)
        found[:, pick] = values[every_row, positions[:, pick]]
        values[every_row, positions[:, pick]] = -np.inf
    return positions, found


def _line_pairs(positions, found):
    """(line, position) of the finite entries of a ``_best_per_line`` result."""
    line, pick = np.nonzero(np.isfinite(found))
    return line, positions[line, pick]


def _sample_prices(problem):
    """A price per mentor, from a sub-market of evenly spread mentees and mentors.

    The sub-market keeps the cohort's ratio of mentees to mentors. Its solved dual prices give
    each sampled mentee a profit; a mentor's price is then the most a sampled mentee would pay
    for it (the c-transform), which is defined for every mentor, sampled or not.
    """
    n_rows, n_cols = problem.shape
    sample = _evenly_spaced(n_rows, SAMPLE_MENTEES)
    columns = _evenly_spaced(n_cols, max(1, round(n_cols * sample.size / n_rows)))
    sub = np.vstack(list(problem.restricted(columns).map_blocks(lambda rows, scores: scores, rows=sample)))
    slots = _SlotGraph(_centred_candidates(sub), problem.capacity[columns])
    slot_prices = _slot_prices(slots, _solve_slots(slots))
    sub_prices = np.full(columns.size, np.inf)
    np.minimum.at(sub_prices, slots.slot_col, slot_prices)
    profit = np.zeros(n_rows)
    profit[sample] = np.maximum((sub - sub_prices).max(axis=1), 0.0)
    column_max = problem.map_blocks(lambda rows, scores: (scores - profit[rows, None]).max(axis=0), rows=sample)
    return np.maximum(np.max(list(column_max), axis=0), 0.0).astype(np.float32)


def _centred_candidates(scores):
    """Each row's and each column's best pairs by double-centred score, from a dense block.

    Centring removes how popular a mentor or how easy to please a mentee is in general, so
    candidates spread over everyone instead of crowding round the best-rated mentors.
    """
    allowed = np.isfinite(scores)
    safe = np.where(allowed, scores, 0.0)
    col_mean = safe.sum(axis=0) / np.maximum(allowed.sum(axis=0), 1)
    row_mean = safe.sum(axis=1) / np.maximum(allowed.sum(axis=1), 1)
    rows, cols = _line_pairs(*_best_per_line(scores - col_mean[None, :], SAMPLE_CANDIDATES))
    by_col, by_row = _line_pairs(*_best_per_line(np.ascontiguousarray((scores - row_mean[:, None]).T),
                                                 SAMPLE_CANDIDATES))
    rows, cols = np.r_[rows, by_row], np.r_[cols, by_col]
    return _Graph.build(rows, cols, scores[rows, cols], scores.shape)


def _candidate_graph(problem, prices):
    """Each mentee's and each mentor's best pairs by reduced score (score minus mentor price).

    A mentee ranks mentors by reduced score; a mentor ranks mentees by how little they lose
    against their own best reduced score by taking it. Both sides matter: without each mentor's
    own candidates its price is poorly determined and the pricing round proves little (measured).
    """
    row_best = np.zeros(problem.shape[0], dtype=np.float32)

    def scan(rows, scores):
        scores -= prices  # in place: a full-size temporary per step costs more than the step (measured)
        best = scores.max(axis=1)
        row_best[rows] = np.where(np.isfinite(best), best, 0.0)
        scores -= row_best[rows, None]  # closeness: 0 at each mentee's best
        positions, values = _best_per_line(scores, MENTEE_CANDIDATES)
        np.put_along_axis(scores, positions, values, axis=1)
        mentee_at, pick = np.nonzero(np.isfinite(values))
        return rows, (rows[mentee_at], positions[mentee_at, pick], values[mentee_at, pick]), scores

    picks = []
    by_mentor = _BestPerMentor(problem.shape[1], MENTOR_CANDIDATES)
    for rows, mentee_picks, closeness in problem.map_blocks(scan):
        picks.append(mentee_picks)
        by_mentor.offer(rows, closeness)
    picks.append(by_mentor.pairs())
    rows, cols, closeness = (np.concatenate([part[i] for part in picks]) for i in range(3))
    # Scores recovered from closeness (float32, about 1e-7 off): gathering feature rows costs more.
    return _Graph.build(rows, cols, closeness + row_best[rows] + prices[cols], problem.shape)


class _BestPerMentor:
    """The ``count`` mentees of highest closeness per mentor, over row blocks offered in order.

    Only entries at or above a mentor's current ``count``-th best can enter, so after the first
    blocks a comparison and a few merges replace a per-mentor selection over every block (which
    costs more than scoring the block: measured). Ties keep the earlier mentee.
    """

    def __init__(self, n_cols, count):
        self.rows = np.zeros((n_cols, count), dtype=np.int64)
        self.values = np.full((n_cols, count), -np.inf, dtype=np.float32)

    def offer(self, rows, closeness):
        hits = np.flatnonzero(closeness >= self.values[:, -1][None, :])
        if hits.size > self.values.size:
            positions, values = _best_per_line(np.ascontiguousarray(closeness.T), self.values.shape[1])
            cols = np.repeat(np.arange(self.values.shape[0]), positions.shape[1])
            self._merge(cols, rows[positions.ravel()], values.ravel())
        elif hits.size:
            at_row, cols = np.divmod(hits, closeness.shape[1])
            order = np.argsort(cols, kind="stable")
            self._merge(cols[order], rows[at_row[order]], closeness.ravel()[hits[order]])

    def _merge(self, cols, rows, values):
        """Merge entries sorted by column (rows ascending within a column) into the kept best."""
        touched, starts, counts = np.unique(cols, return_index=True, return_counts=True)
        width = counts.max()
        slot = np.arange(cols.size) - np.repeat(starts, counts)
        new_rows = np.zeros((touched.size, width), dtype=np.int64)
        new_values = np.full((touched.size, width), -np.inf, dtype=np.float32)
        line = np.repeat(np.arange(touched.size), counts)
        new_rows[line, slot], new_values[line, slot] = rows, values
        candidates = np.hstack([self.rows[touched], new_rows])
        picked, self.values[touched] = _best_per_line(np.hstack([self.values[touched], new_values]),
                                                      self.values.shape[1])
        self.rows[touched] = np.take_along_axis(candidates, picked, axis=1)

    def pairs(self):
        """(mentee position, mentor position, closeness) of every kept entry."""
        cols, pick = np.nonzero(np.isfinite(self.values))
        return self.rows[cols, pick], cols, self.values[cols, pick]


def _covering(problem, graph):
    """The candidate graph, extended so that it can pair as many people as the full problem.

    Each mentee a maximum matching of the graph leaves out gets its best mentors among those with
    a place left free: augmenting paths of length one (mentors left idle, when places are scarce,
    likewise get their best free mentees). Stops when nothing more can be added.
    """
    for _round in range(COVERING_ROUNDS):
        slots = _SlotGraph(graph, problem.capacity)
        if graph.n_rows <= slots.slot_col.size:
            row_slot = maximum_bipartite_matching(slots.costs(), perm_type="column")
            taken = np.zeros(slots.slot_col.size, dtype=bool)
            taken[row_slot[row_slot >= 0]] = True
            rows, cols = _best_between(problem, np.flatnonzero(row_slot < 0), np.unique(slots.slot_col[~taken]),
                                       by_row=True)
        else:
            slot_row = maximum_bipartite_matching(slots.costs(), perm_type="row")
            free_rows = np.setdiff1d(np.arange(graph.n_rows), slot_row[slot_row >= 0])
            rows, cols = _best_between(problem, free_rows, np.unique(slots.slot_col[slot_row < 0]), by_row=False)
        if not rows.size:
            return graph
        graph = graph.merged(_Graph.build(rows, cols, problem.kernel.pairs(rows, cols), problem.shape))
    return graph


def _best_between(problem, rows, cols, by_row):
    """The ``MENTEE_CANDIDATES`` best allowed pairs of each row (or column) of rows x cols."""
    if not rows.size or not cols.size:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    blocks = problem.restricted(cols).map_blocks(lambda positions, scores: (positions, scores), rows=rows)
    if by_row:
        found_rows, found_cols = [], []
        for positions, scores in blocks:
            line, at = _line_pairs(*_best_per_line(scores, MENTEE_CANDIDATES))
            found_rows.append(positions[line])
            found_cols.append(cols[at])
        return np.concatenate(found_rows), np.concatenate(found_cols)
    by_col = _BestPerMentor(cols.size, MENTEE_CANDIDATES)
    for positions, scores in blocks:
        by_col.offer(positions, scores)
    mentee_rows, at, _scores = by_col.pairs()
    return mentee_rows, cols[at]


def _solve_slots(slots):
    """Row -> slot (or -1): most pairs first, then the highest score, exactly, on the candidate graph.

    LAPJVsp pairs every vertex of the smaller side, so those without any candidate are set aside.
    When Hopcroft-Karp shows that the rest can all be paired, that is all; otherwise each gets a
    private way out that costs more than any score sum can win back. That dummy column per vertex
    makes LAPJVsp about ten times slower (measured), so it is only paid when needed.
    """
    costs = slots.costs()
    flipped = costs.shape[0] > costs.shape[1]
    if flipped:
        costs = costs.T.tocsr()
    reachable = np.flatnonzero(np.diff(costs.indptr))
    costs = costs[reachable]
    small, large = costs.shape
    row_slot = np.full(slots.n_rows, -1)
    if not small:
        return row_slot
    if np.any(maximum_bipartite_matching(costs, perm_type="column") < 0):
        way_out = csr_matrix((np.full(small, small + 3.0), (np.arange(small), np.arange(small))), shape=(small, small))
        costs = hstack([costs, way_out], format="csr")
    small_at, large_at = min_weight_full_bipartite_matching(costs)
    paired = large_at < large
    small_at, large_at = reachable[small_at[paired]], large_at[paired]
    rows, slots_at = (large_at, small_at) if flipped else (small_at, large_at)
    row_slot[rows] = slots_at
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


def _prices_from_above(slots, matched_rows, matched_slots, own):
    """Highest optimal prices: start at each slot's own score, lower while a mentee prefers another."""
    prices = np.zeros(slots.slot_col.size)
    prices[matched_slots] = own[matched_rows]
    for _round in range(BELLMAN_FORD_ROUNDS):
        profit = np.maximum(slots.row_best(prices), 0.0)
        updated = np.zeros_like(prices)
        updated[matched_slots] = np.maximum(own[matched_rows] - profit[matched_rows], 0.0)
        if np.max(np.abs(updated - prices), initial=0.0) <= 1e-12:
            break
        prices = updated
    return prices


def _prices_from_below(slots, matched_rows, matched_slots, own):
    """Lowest optimal prices: start at zero, raise until no mentee prefers another slot to its own."""
    order = np.lexsort((slots.rows, slots.slots))
    rows, scores = slots.rows[order], slots.scores[order]
    by_slot = _Groups(slots.slots[order], slots.slot_col.size)
    prices = np.zeros(slots.slot_col.size)
    for _round in range(BELLMAN_FORD_ROUNDS):
        profit = np.zeros(slots.n_rows)
        profit[matched_rows] = own[matched_rows] - prices[matched_slots]
        updated = np.maximum(by_slot.max(scores - profit[rows]), 0.0)
        if np.max(np.abs(updated - prices), initial=0.0) <= 1e-12:
            break
        prices = updated
    return prices


def _evenly_spaced(total, count):
    """``count`` positions spread evenly over ``range(total)``."""
    count = min(total, count)
    return (np.arange(count) * total) // max(count, 1)


def _pricing_round(problem, slots, slot_prices):
    """One pass over all pairs at the candidate graph's prices.

    Returns, per mentee, its best pair if that beats the mentee's profit on the graph (only such
    pairs can improve the solution) and an upper bound on the optimum: with every mentee's best
    reduced score over all pairs as its profit, the prices form a feasible dual (LP duality).
    """
    mentor_prices = np.full(problem.shape[1], np.inf)
    np.minimum.at(mentor_prices, slots.slot_col, slot_prices)
    mentor_prices = mentor_prices.astype(np.float32)
    graph_profit = np.maximum(slots.row_best(slot_prices), 0.0)

    def scan(rows, scores):
        scores -= mentor_prices
        cols = scores.argmax(axis=1)
        best = scores[np.arange(rows.size), cols]
        improving = best > graph_profit[rows] + PRICE_TOLERANCE
        return float(np.maximum(best, 0.0).sum()), rows[improving], cols[improving]

    parts = list(problem.map_blocks(scan))
    bound = sum(part[0] for part in parts) + float(slot_prices.sum()) + problem.shape[0] * SCORE_ERROR
    rows, cols = (np.concatenate([part[i] for part in parts]) for i in (1, 2))
    return _Graph.build(rows, cols, problem.kernel.pairs(rows, cols), problem.shape), bound


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
    optimality = 1.0
    if bound is not None:
        best_possible = sum(p.score for p in proposals if p.locked) + bound
        # A best possible total within float32 rounding of nothing leaves nothing to prove.
        if best_possible > 2 * SCORE_ERROR * len(cohort.mentees):
            optimality = min(1.0, total / best_possible)
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
    blocking = ((mentee_gain > mentee_floor[:, None] + GAIN_TOLERANCE)
                & (mentor_gain > mentor_floor[None, :] + GAIN_TOLERANCE))
    blocking[matched, partner[matched]] = False
    blocking &= ~cohort.rules(np.arange(n_mentees), np.arange(n_mentors)).forbidden(np.arange(n_mentees))
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
    components = cohort.encoding.components(mentee_rows, mentor_rows)
    contributions = {c: weights[c] * values for c, values in components.items()}
    proposals = []
    for index, (mentee_row, mentor_row) in enumerate(pairs):
        breakdown = {c: float(contributions[c][index]) for c in COMPONENTS}
        mentor, mentee = cohort.mentors[mentor_row], cohort.mentees[mentee_row]
        proposals.append(Proposal(
            mentor_key=mentor.key, mentee_key=mentee.key, score=sum(breakdown.values()), breakdown=breakdown,
            reasons=_reasons(mentor, mentee, breakdown, titles, (mentee_row, mentor_row) in locked,
                             cohort.encoding.mentor_words[mentor_row] & cohort.encoding.mentee_words[mentee_row]),
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
        allowed = ~rules.forbidden(positions)
        mentee_ok[positions] = allowed.any(axis=1)
        mentor_ok |= allowed.any(axis=0)
    return mentee_ok, mentor_ok


# ---------------------------------------------------------------------------------------------
# Reasons.


def _reasons(mentor, mentee, breakdown, titles, locked, common_words):
    """Two or three reasons: what the mentee learns, what the mentor learns, then the best logistics."""
    names = {"mentor": mentor.name, "mentee": mentee.name}
    reasons = [Reason(_("Locked by staff"))] if locked else []
    for build in (_digital_reason, _reverse_reason):
        reason = build(mentor, mentee, names, titles)
        if reason:
            reasons.append(reason)
    logistics = {"availability": lambda: _availability_reason(mentor, mentee, names),
                 "goals": lambda: _goals_reason(names, common_words),
                 "time_zone": lambda: _time_zone_reason(mentor, mentee, names),
                 "meeting": lambda: _meeting_reason(mentor, mentee, names)}
    for component in sorted(logistics, key=lambda c: -breakdown[c]):
        if len(reasons) >= 3:
            break
        if breakdown[component] > 0 or len(reasons) < 2:
            reason = logistics[component]()
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
    common = sorted(mentor.availability & mentee.availability, key=SLOT_ORDER.get)
    if not common:
        return None
    if len(common) == 1:
        return Reason(_("{mentor} and {mentee} are both free on {slot}"), {**names, "slot": SLOT_REASONS[common[0]]})
    return Reason(_("{mentor} and {mentee} are both free on {slot} and {other_slot}"),
                  {**names, "slot": SLOT_REASONS[common[0]], "other_slot": SLOT_REASONS[common[1]]})


def _goals_reason(names, common_words):
    common = sorted(common_words)
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
                      {**names, "mentor_mode": MEETING_REASONS[mentor.meeting],
                       "mentee_mode": MEETING_REASONS[mentee.meeting]})
    mode = mentor.meeting if mentor.meeting != "either" else mentee.meeting
    return Reason(_("{mentor} and {mentee} can both meet {mode}"), {**names, "mode": MEETING_REASONS[mode]})
