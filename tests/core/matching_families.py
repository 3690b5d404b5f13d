"""Synthetic intakes of distinct shapes for the matcher, and independent checks of what it may achieve.

``family(name, n_mentees)`` draws a cohort like a real intake (12 topics, 6 experience areas, 21
slots, time zones on four continents, goals from a 60-word vocabulary, 30 teams) bent into one
shape that has tripped matchers: identical twins, scarce or abundant places, sparse availability,
half-hour zones, empty answers, teams, exclusions, the advantage rule, locks, or all of them.
Mentor keys run from 0, mentee keys follow. ``allowed_dense`` and ``maximum_pairs`` restate the
rules and the most pairs they allow without the package's rule code, ``exact_optimum`` the best
total, for cohorts up to a few thousand a side.
"""
from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from reverse_mentoring_xblock.core import matching
from reverse_mentoring_xblock.core.vocabulary import AVAILABILITY_SLOTS, MEETING_PREFERENCES, RATING_MAX

TOPICS = ("linkedin", "social-media", "video-meetings", "collaboration", "ai-assistants", "online-safety",
          "cloud-files", "spreadsheets", "email", "mobile", "dashboards", "e-learning")
TOPIC_DEMAND = np.array([5, 3, 3, 2, 5, 3, 2, 2, 1, 2, 2, 1], dtype=float)
AREAS = ("leadership", "stress", "organisation", "career", "clients", "negotiation")
OFFSETS = np.array([-8, -6, -5, -3, 0, 1, 2, 3, 5.5, 8, 9, 10])
OFFSET_SHARE = np.array([4, 2, 6, 2, 6, 12, 5, 2, 4, 3, 2, 2], dtype=float)
HALF_HOUR_OFFSETS = np.array([5.5, 9.5, -3.5, 5.75, 3.5])
GOAL_VOCABULARY = tuple("""
    confidence network visibility career promotion leadership strategy digital transformation
    presentation storytelling online brand communication feedback delegation coaching teamwork
    culture innovation productivity automation security privacy collaboration remote hybrid
    workload balance resilience negotiation clients sales marketing analytics dashboards data
    reporting planning priorities meetings email social media linkedin video tools cloud files
    spreadsheets learning growth mentoring diversity inclusion change management influence
    decisions wellbeing generations
""".split())
WORD_SHARE = 1.0 / np.arange(1, len(GOAL_VOCABULARY) + 1)  # a few words are on everyone's lips
SLOT_SHARE = np.array([0.3 if slot[:3] in ("sat", "sun") else 1.0 for slot in AVAILABILITY_SLOTS])
MEETING_SHARE = np.array([0.25, 0.15, 0.60])
TEAMS = 30
TEAM_SHARE = 0.8
TEMPLATES = 12  # distinct profiles the twins copy
SCARCE, ABUNDANT = 0.83, 1.5  # places per mentee

FAMILIES = ("plain", "twins", "twins_scarce", "scarce", "abundant", "one_and_a_half", "sparse_availability",
            "half_hour_zones", "empty_answers", "teams", "exclusions", "advantage", "locks", "everything")


@dataclass(frozen=True)
class Side:
    """One side's answers as arrays, a row per person, so families reshape them before profiles exist."""

    ratings: np.ndarray  # int (people, topics)
    rated: np.ndarray  # bool (people,): False leaves the ratings unanswered
    topics: np.ndarray  # bool (people, topics): a mentee's topics to learn
    areas: np.ndarray  # bool (people, areas): shared by a mentee, wanted by a mentor
    words: np.ndarray  # bool (people, words) of the goals
    slots: np.ndarray  # bool (people, slots)
    offsets: np.ndarray  # float (people,)
    meetings: np.ndarray  # int (people,) into MEETING_PREFERENCES
    teams: np.ndarray  # int (people,), -1 for none
    capacity: np.ndarray  # int (people,)


@dataclass(frozen=True)
class Shape:
    """How a family bends the base draw."""

    places: float = 1.0  # mentor places per mentee
    capacities: tuple = (1,)
    capacity_share: tuple = (1.0,)
    twins: bool = False
    slots: tuple = (3, 9)
    half_hour_zones: bool = False
    empty_share: float = 0.0
    separate_teams: bool = False
    excluded_share: float = 0.0
    advantage: bool = False
    locked_share: float = 0.0


SHAPES = {
    "plain": Shape(),
    "twins": Shape(twins=True),
    "twins_scarce": Shape(twins=True, places=SCARCE),
    "scarce": Shape(places=SCARCE),
    "abundant": Shape(places=ABUNDANT, capacities=(1, 2, 3), capacity_share=(0.6, 0.3, 0.1)),
    "one_and_a_half": Shape(capacities=(1, 2), capacity_share=(0.5, 0.5)),
    "sparse_availability": Shape(slots=(1, 2)),
    "half_hour_zones": Shape(half_hour_zones=True),
    "empty_answers": Shape(empty_share=0.2),
    "teams": Shape(separate_teams=True),
    "exclusions": Shape(excluded_share=0.05),
    "advantage": Shape(advantage=True),
    "locks": Shape(locked_share=0.02),
    "everything": Shape(separate_teams=True, excluded_share=0.005, advantage=True, locked_share=0.02, twins=True,
                        places=SCARCE),
}


def family(name, n_mentees, seed=20240601):
    """``(mentors, mentees, constraints)`` of the named shape; the same seed gives the same cohort."""
    shape = SHAPES[name]
    rng = np.random.default_rng(seed)
    mean_capacity = float(np.dot(shape.capacities, shape.capacity_share))
    n_mentors = max(1, round(n_mentees * shape.places / mean_capacity))
    mentors = _shaped(rng, _draw(rng, n_mentors, "mentor", shape), "mentor", shape)
    mentees = _shaped(rng, _draw(rng, n_mentees, "mentee", shape), "mentee", shape)
    excluded = _excluded(rng, n_mentors, n_mentees, shape.excluded_share)
    locked = _locked(rng, mentors, mentees, shape, excluded) if shape.locked_share else frozenset()
    constraints = matching.Constraints(excluded=excluded, locked=locked, separate_teams=shape.separate_teams,
                                       require_mentor_advantage=shape.advantage)
    return _profiles(mentors, "mentor", 0), _profiles(mentees, "mentee", n_mentors), constraints


def _draw(rng, count, role, shape):
    """The base intake: mentors rate themselves high and want experience; mentees rate low and want topics."""
    mentor = role == "mentor"
    lowest = 0 if not mentor else 1 if shape.advantage else 2  # outrating a mentee is not a given then
    in_team = rng.random(count) < TEAM_SHARE
    return Side(
        ratings=rng.integers(lowest, lowest + 3 if not mentor else RATING_MAX + 1, (count, len(TOPICS))),
        rated=np.ones(count, dtype=bool),
        topics=np.zeros((count, len(TOPICS)), bool) if mentor else _subsets(rng, count, TOPIC_DEMAND, 2, 5),
        areas=_subsets(rng, count, np.ones(len(AREAS)), *((1, 3) if mentor else (2, 4))),
        words=_subsets(rng, count, WORD_SHARE, 4, 10),
        slots=_subsets(rng, count, SLOT_SHARE, *shape.slots),
        offsets=_offsets(rng, count, shape.half_hour_zones),
        meetings=rng.choice(len(MEETING_PREFERENCES), count, p=MEETING_SHARE),
        teams=np.where(in_team, rng.integers(TEAMS, size=count), -1),
        capacity=_capacities(rng, count, shape) if mentor else np.ones(count, dtype=np.int64),
    )


def _capacities(rng, count, shape):
    """Mentor capacities in the family's shares exactly (up to rounding), in random order."""
    ends = np.rint(np.cumsum(shape.capacity_share) * count).astype(np.int64)
    return rng.permutation(np.repeat(shape.capacities, np.diff(ends, prepend=0)))


def _subsets(rng, count, weights, low, high):
    """Membership of ``count`` random subsets of range(len(weights)), sizes in [low, high], drawn by weight."""
    keys = np.log(weights / weights.sum()) + rng.gumbel(size=(count, weights.size))  # Gumbel top-k
    ranks = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return ranks < rng.integers(low, high + 1, count)[:, None]


def _offsets(rng, count, half_hour_zones):
    """Offsets on four continents; with half-hour zones, half the people sit in India, Iran, Nepal and the like."""
    offsets, share = OFFSETS, OFFSET_SHARE
    if half_hour_zones:
        offsets = np.concatenate([OFFSETS, HALF_HOUR_OFFSETS])
        share = np.concatenate([OFFSET_SHARE, np.full(HALF_HOUR_OFFSETS.size, OFFSET_SHARE.sum() / 5)])
    return rng.choice(offsets, count, p=share / share.sum())


def _shaped(rng, side, role, shape):
    """The base draw bent by the family: twins, empty answers, ratings the advantage rule bites on."""
    if shape.twins:
        side = _with_twins(rng, side)
    if shape.empty_share:
        side = _with_empty_answers(rng, side, shape.empty_share)
    if shape.advantage and role == "mentee":
        side = _with_experts(rng, side)
    return side


def _picked(rng, count, share):
    """Rows of ``share`` of ``count`` people, at least one, chosen at random."""
    return rng.permutation(count)[:min(count, max(1, round(share * count)))]


def _with_twins(rng, side):
    """A quarter of the side copies a dozen of its profiles, answer for answer."""
    rows = rng.permutation(len(side.rated))[:max(2, len(side.rated) // 4)]
    split = max(1, min(TEMPLATES, rows.size // 2))
    templates, copies = rows[:split], rows[split:]
    sources = templates[rng.integers(templates.size, size=copies.size)]
    return Side(**{name: _copied(getattr(side, name), copies, sources) for name in Side.__dataclass_fields__})


def _copied(values, rows, sources):
    values = values.copy()
    values[rows] = values[sources]
    return values


def _with_empty_answers(rng, side, share):
    """People who submitted the form untouched: no ratings, topics, areas, goals or slots, default zone and mode."""
    rows = _picked(rng, len(side.rated), share)
    cleared = {name: getattr(side, name).copy() for name in Side.__dataclass_fields__}
    for name in ("rated", "topics", "areas", "words", "slots", "offsets"):
        cleared[name][rows] = 0
    cleared["meetings"][rows] = MEETING_PREFERENCES.index("either")
    return Side(**cleared)


def _with_experts(rng, side):
    """Mentees rating 4 in every topic they want, whom no mentor can outrate, and others rating up to 3."""
    ratings = rng.integers(0, RATING_MAX, side.ratings.shape)
    rows = _picked(rng, len(side.rated), 0.05)
    ratings[rows] = np.where(side.topics[rows], RATING_MAX, ratings[rows])
    return replace(side, ratings=ratings)


def _excluded(rng, n_mentors, n_mentees, share):
    """Each (mentor_key, mentee_key) pair excluded with probability ``share``, as a (k, 2) array in key order.

    Geometric gaps between excluded pairs draw them without touching every pair.
    """
    total = n_mentors * n_mentees
    if not share or not total:
        return np.zeros((0, 2), dtype=np.int64)
    expected = total * share
    batch = int(expected + 6 * np.sqrt(expected)) + 16
    chunks, last = [], -1
    while last < total:
        positions = np.cumsum(rng.geometric(share, batch), out=np.empty(batch, dtype=np.int64))
        positions += last
        chunks.append(positions)
        last = int(positions[-1])
    positions = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
    positions = positions[:np.searchsorted(positions, total)]
    pairs = np.empty((positions.size, 2), dtype=np.int64)
    firsts = np.searchsorted(positions, np.arange(n_mentors) * n_mentees)
    pairs[:, 0] = np.repeat(np.arange(n_mentors), np.diff(firsts, append=positions.size))
    np.subtract(positions, pairs[:, 0] * n_mentees, out=pairs[:, 1])
    pairs[:, 1] += n_mentors
    return pairs


def _locked(rng, mentors, mentees, shape, excluded):
    """Some mentees locked, each to a random mentor the rules allow who still has a free place."""
    rows = _picked(rng, len(mentees.rated), shape.locked_share)
    n_mentors = len(mentors.rated)
    allowed = _allowed(
        mentors.ratings * mentors.rated[:, None], mentees.ratings[rows] * mentees.rated[rows, None],
        mentees.topics[rows], mentors.teams if shape.separate_teams else None, mentees.teams[rows],
        shape.advantage)
    position = np.full(len(mentees.rated), -1)
    position[rows] = np.arange(rows.size)
    hit = position[excluded[:, 1] - n_mentors] >= 0
    allowed[position[excluded[hit, 1] - n_mentors], excluded[hit, 0]] = False
    free = mentors.capacity.copy()
    locked = set()
    for row, options in zip(rows, allowed):
        choices = np.flatnonzero(options & (free > 0))
        if choices.size:
            mentor_row = int(rng.choice(choices))
            free[mentor_row] -= 1
            locked.add((mentor_row, n_mentors + int(row)))
    return frozenset(locked)


def _allowed(mentor_ratings, mentee_ratings, mentee_topics, mentor_teams, mentee_teams, advantage):
    """Mentees x mentors allowed by the team and advantage rules (``mentor_teams`` None: teams may meet)."""
    allowed = np.ones((len(mentee_ratings), len(mentor_ratings)), dtype=bool)
    if mentor_teams is not None:
        allowed &= (mentee_teams[:, None] != mentor_teams[None, :]) | (mentee_teams[:, None] < 0)
    if advantage:
        outrated = np.zeros_like(allowed)
        for topic in range(mentee_topics.shape[1]):
            higher = mentor_ratings[None, :, topic] > mentee_ratings[:, topic, None]
            outrated |= mentee_topics[:, topic, None] & higher
        allowed &= outrated
    return allowed


def _profiles(side, role, first_key):
    """One Profile per row, keys from ``first_key``."""
    mentor = role == "mentor"
    topics = _names(side.topics, TOPICS)
    teaching = _names((side.ratings >= 3) & side.rated[:, None], TOPICS)
    areas = _names(side.areas, AREAS)
    words = _names(side.words, GOAL_VOCABULARY)
    slots = _names(side.slots, AVAILABILITY_SLOTS)
    ratings = side.ratings.tolist()
    rated, offsets, meetings = side.rated.tolist(), side.offsets.tolist(), side.meetings.tolist()
    teams, capacity = side.teams.tolist(), side.capacity.tolist()
    return [matching.Profile(
        key=first_key + i, name=f"{role}-{first_key + i}", role=role,
        ratings=dict(zip(TOPICS, ratings[i])) if rated[i] else {},
        learn_topics=() if mentor else topics[i], teach_topics=teaching[i] if mentor else (),
        share_experience=() if mentor else areas[i], learn_experience=areas[i] if mentor else (),
        goals=" ".join(words[i]), availability=slots[i], utc_offset_hours=float(offsets[i]),
        meeting=MEETING_PREFERENCES[meetings[i]], team=f"team-{teams[i]}" if teams[i] >= 0 else "",
        capacity=capacity[i] if mentor else 1,
    ) for i in range(len(rated))]


def _names(mask, names):
    """For each row of a membership mask, the names of its members."""
    _rows, columns = np.nonzero(mask)
    members = np.array(names, dtype=object)[columns].tolist()
    ends = np.cumsum(mask.sum(axis=1)).tolist()
    return [members[start:end] for start, end in zip([0, *ends], ends)]


# --- independent checks ----------------------------------------------------------------------


def allowed_dense(mentors, mentees, constraints):
    """Bool (mentees x mentors), in the order given: may this pair be proposed under the rules?

    Locked pairs are allowed whatever the other rules say; an unrated topic counts as rated 0.
    """
    topics = sorted(set().union(*(p.ratings for p in (*mentors, *mentees)), *(p.learn_topics for p in mentees)))
    teams = {team: number for number, team in enumerate(sorted({p.team for p in (*mentors, *mentees)} - {""}))}
    allowed = _allowed(
        _ratings(mentors, topics), _ratings(mentees, topics),
        np.array([[t in p.learn_topics for t in topics] for p in mentees], dtype=bool).reshape(len(mentees), -1),
        _team_numbers(mentors, teams) if constraints.separate_teams else None, _team_numbers(mentees, teams),
        constraints.require_mentor_advantage)
    mentee_rows, mentor_rows = _rows(mentees, mentors, constraints.excluded)
    allowed[mentee_rows, mentor_rows] = False
    mentee_rows, mentor_rows = _rows(mentees, mentors, constraints.locked)
    allowed[mentee_rows, mentor_rows] = True
    return allowed


def _ratings(people, topics):
    return np.array([[p.ratings.get(t, 0) for t in topics] for p in people], dtype=np.int64).reshape(len(people), -1)


def _team_numbers(people, teams):
    return np.array([teams.get(p.team, -1) for p in people], dtype=np.int64)


def _rows(mentees, mentors, pairs):
    """(mentee rows, mentor rows) of the ``(mentor_key, mentee_key)`` pairs naming people of this cohort."""
    pairs = np.array(pairs if isinstance(pairs, np.ndarray) else list(pairs), dtype=np.int64).reshape(-1, 2)
    mentor_rows, mentor_known = _positions([p.key for p in mentors], pairs[:, 0])
    mentee_rows, mentee_known = _positions([p.key for p in mentees], pairs[:, 1])
    known = mentor_known & mentee_known
    return mentee_rows[known], mentor_rows[known]


def _positions(keys, wanted):
    """Where each wanted key sits in ``keys``, and whether it is there at all."""
    keys = np.array(keys, dtype=np.int64)
    order = np.argsort(keys)
    found = np.searchsorted(keys[order], wanted)
    known = found < keys.size
    known[known] = keys[order][found[known]] == wanted[known]
    rows = np.zeros(wanted.size, dtype=np.int64)
    rows[known] = order[found[known]]
    return rows, known


def maximum_pairs(mentors, mentees, constraints):
    """The most pairs any assignment honouring the rules, the capacities and the locks can make."""
    allowed, locked, free_mentees, places = locks_removed(mentors, mentees, constraints)
    graph = csr_matrix(allowed[free_mentees][:, np.repeat(np.arange(len(mentors)), places)])
    matched = maximum_bipartite_matching(graph, perm_type="column")
    return locked[0].size + int(np.count_nonzero(matched >= 0))


def locks_removed(mentors, mentees, constraints):
    """``allowed_dense``; the locked pairs as (mentee rows, mentor rows); the mentee rows still free;
    each mentor's places left after the locks."""
    allowed = allowed_dense(mentors, mentees, constraints)
    mentee_rows, mentor_rows = _rows(mentees, mentors, constraints.locked)
    free_mentees = np.setdiff1d(np.arange(len(mentees)), mentee_rows)
    places = np.array([p.capacity for p in mentors], dtype=np.int64) - np.bincount(mentor_rows,
                                                                                   minlength=len(mentors))
    return allowed, (mentee_rows, mentor_rows), free_mentees, places


def exact_optimum(mentors, mentees, constraints):
    """(pairs, total) of the best assignment, most pairs first, by a dense assignment over mentor places."""
    scores = matching.score_matrix(mentors, mentees).T  # mentees x mentors
    allowed, locked, free, places = locks_removed(mentors, mentees, constraints)
    place_mentor = np.repeat(np.arange(len(mentors)), places)
    penalty = float(len(mentees) + 1)  # one pair more outweighs any total of scores in [0, 1]
    rows, columns = linear_sum_assignment(
        np.where(allowed[free][:, place_mentor], -scores[free][:, place_mentor], penalty))
    mentee_rows, mentor_rows = free[rows], place_mentor[columns]
    kept = allowed[mentee_rows, mentor_rows]
    total = scores[mentee_rows[kept], mentor_rows[kept]].sum() + scores[locked].sum()
    return locked[0].size + int(kept.sum()), float(total)
