"""Scores as products of per-side feature matrices, so any block of the score matrix is two matrix products.

For the linear components the score of mentee row i with mentor row j is ``mentee[c][i] @ mentor[c][j]``;
availability is capped at ``ENOUGH_COMMON_SLOTS`` common slots.
"""
import re
import zlib

import numpy as np

from ..vocabulary import AVAILABILITY_SLOTS, MATCH_COMPONENTS, MEETING_PREFERENCES, RATING_MAX

# Two common slots give a pair a regular time and a fallback; more adds nothing.
ENOUGH_COMMON_SLOTS = 2
# Half a day apart is the worst a time-zone distance can be.
WORST_HOURS_APART = 12.0
GOAL_WORD = re.compile(r"[^\W\d_]{4,}")  # runs of four or more letters
# Past this many distinct goal words, words share feature columns (by CRC-32) to bound the work.
GOAL_FEATURES_MAX = 256
PAIR_CHUNK = 1 << 15  # pairs scored at once by ``ScoreKernel.pairs``: about 30 MB of gathered features
STOP_WORDS = frozenset("""
    about after also because been being better could does doing each from have into just like
    make more most much need only other over really some such than that their them then there
    these they this those through very want wants well were what when where which while will with
    would your yours grow program programme
""".split())


def goal_words(text):
    """Content words of a goals text: lower-cased letters only, short and stop words dropped."""
    return frozenset(GOAL_WORD.findall(text.lower())) - STOP_WORDS


def hours_apart(offset_a, offset_b):
    """Clock distance between two UTC offsets, going round the day the short way (0 to 12)."""
    gap = abs(offset_a - offset_b) % 24
    return min(gap, 24 - gap)


def meeting_compatible(mode_a, mode_b):
    """Only a remote-only person and an in-person-only person cannot meet."""
    return float({mode_a, mode_b} != {"remote", "in_person"})


MEETING_COMPATIBILITY = np.array([[meeting_compatible(a, b) for b in MEETING_PREFERENCES] for a in MEETING_PREFERENCES])


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


class Encoding:
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
        self.mentee["meeting"] = _one_hot([(p.meeting,) for p in mentees], MEETING_PREFERENCES)
        self.mentor["meeting"] = MEETING_COMPATIBILITY[[MEETING_PREFERENCES.index(p.meeting) for p in mentors]].reshape(
            len(mentors), len(MEETING_PREFERENCES))
        self.mentee["availability"] = _one_hot([p.availability for p in mentees], AVAILABILITY_SLOTS)
        self.mentor["availability"] = _one_hot([p.availability for p in mentors], AVAILABILITY_SLOTS)
        self.mentee_advantage, self.mentor_advantage = _advantage_features(
            mentee_ratings, mentee_learning, mentor_ratings)
        self.mentee_teams, self.mentor_teams = _team_indices(mentees, mentors)
        linear = [c for c in MATCH_COMPONENTS if c != "availability"]
        self.mentee_linear = np.hstack([self.mentee[c] for c in linear])
        self.mentor_linear = np.hstack([self.mentor[c] * self.weights[c] for c in linear])
        # Scaled so that the cap on common slots is the availability weight itself.
        self.mentor_slots = self.mentor["availability"] * (self.weights["availability"] / ENOUGH_COMMON_SLOTS)

    def components(self, mentee_rows, mentor_rows):
        """``{component: values}`` for the pairs (mentee_rows[k], mentor_rows[k]), each in [0, 1]."""
        values = {c: np.einsum("ij,ij->i", self.mentee[c][mentee_rows], self.mentor[c][mentor_rows])
                  for c in MATCH_COMPONENTS}
        values["availability"] = np.minimum(values["availability"], ENOUGH_COMMON_SLOTS) / ENOUGH_COMMON_SLOTS
        return values

    def kernel(self, mentee_rows, mentor_rows, dtype):
        """A scorer for blocks of ``mentee_rows`` against all of ``mentor_rows``."""
        return ScoreKernel(self, mentee_rows, mentor_rows, dtype)


class ScoreKernel:
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
        """Scores of the pairs (rows[k], cols[k]), positions in this kernel.

        Each pair gathers a feature row of both sides, so pairs are scored ``PAIR_CHUNK`` at a time: a pricing
        round's few hundred thousand at once took over 300 MB (measured).
        """
        scores = np.empty(len(rows), dtype=self.mentee_linear.dtype)
        for start in range(0, len(rows), PAIR_CHUNK):
            some_rows, some_cols = rows[start:start + PAIR_CHUNK], cols[start:start + PAIR_CHUNK]
            linear = np.einsum("ij,ij->i", self.mentee_linear[some_rows], self.mentor_rows_linear[some_cols])
            common = np.einsum("ij,ij->i", self.mentee_slots[some_rows], self.mentor_rows_slots[some_cols])
            scores[start:start + len(some_rows)] = linear + np.minimum(common, self.availability_cap)
        return scores

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
