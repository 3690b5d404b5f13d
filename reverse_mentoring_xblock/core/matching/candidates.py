"""Which pairs enter the sparse problem: each side's best by reduced score, spread over twins.

Prices estimated on a sub-market turn scores into reduced scores; each mentee and each mentor keeps
its best candidates, and people the solver cannot tell apart share out their group's best.
"""
import numpy as np

from .graphs import CandidateGraph, SlotGraph, solve_slots
from .prices import dual_prices
from .selection import best_per_line, line_pairs
from .twins import TwinGroups, mentee_stripes, mentor_stripes

SAMPLE_MENTEES = 2000  # mentees of the sub-market whose solution prices every mentor, at least
SAMPLE_SHARE = 0.2  # of the mentees, for cohorts large enough
MENTEE_CANDIDATES = 15  # best pairs per mentee that enter the sparse problem (with 10, `everything` needs two rounds)
MENTOR_CANDIDATES = 10  # best pairs per mentor that enter it
SAMPLE_CANDIDATES = 10  # per row and per column of the sub-market, by double-centred score


def sub_market(problem):
    """Evenly spread mentee and mentor positions of a sub-market that keeps the cohort's ratio of the two."""
    n_rows, n_cols = problem.shape
    sample = evenly_spaced(n_rows, max(SAMPLE_MENTEES, round(n_rows * SAMPLE_SHARE)))
    return sample, evenly_spaced(n_cols, max(1, round(n_cols * sample.size / n_rows)))


def centred_prices(problem):
    """A dual price per mentor of a problem small enough to score whole: its candidate graph by
    double-centred score, solved."""
    scores = np.vstack(list(problem.map_blocks(lambda rows, scores: scores)))
    slots = SlotGraph(_centred_candidates(scores, TwinGroups(problem.mentee_groups), TwinGroups(problem.mentor_groups)),
                      problem.capacity)
    return slots.mentor_prices(dual_prices(slots, solve_slots(slots)))


def extended_prices(problem, sample, columns, sub_prices):
    """Prices of every mentor from a solved sub-market's (``sample`` x ``columns``, priced ``sub_prices``).

    Each sampled mentee's profit at the sub-market's prices; a mentor's price is then the most a
    sampled mentee would pay for it (the c-transform), which is defined for every mentor, sampled or
    not. Both come from one pass over the sampled mentees: a block's profits need only its own rows.
    """
    def most_paid(rows, scores):
        profit = np.maximum((scores[:, columns] - sub_prices).max(axis=1), 0.0)
        return (scores - profit[:, None]).max(axis=0)

    return np.maximum(np.max(list(problem.map_blocks(most_paid, rows=sample)), axis=0), 0.0).astype(np.float32)


def _centred_candidates(scores, row_twins, col_twins):
    """Each row's and each column's best pairs by double-centred score, from a dense block.

    Centring removes how popular a mentor or how easy to please a mentee is in general, so
    candidates spread over everyone instead of crowding round the best-rated mentors; twins count
    once in each list and are spread over.
    """
    allowed = np.isfinite(scores)
    safe = np.where(allowed, scores, 0.0)
    # In the scores' own precision: float64 means doubled the memory every step below reads (measured).
    col_mean = (safe.sum(axis=0) / np.maximum(allowed.sum(axis=0), 1)).astype(scores.dtype)
    row_mean = (safe.sum(axis=1) / np.maximum(allowed.sum(axis=1), 1)).astype(scores.dtype)
    by_row = scores - col_mean[None, :]
    by_row[:, col_twins.later] = -np.inf
    rows, cols = line_pairs(*best_per_line(by_row, SAMPLE_CANDIDATES))
    by_col = np.ascontiguousarray(scores.T) - row_mean[None, :]
    by_col[:, row_twins.later] = -np.inf
    more_cols, more_rows = line_pairs(*best_per_line(by_col, SAMPLE_CANDIDATES))
    rows = np.r_[rows, row_twins.spread(more_rows, more_cols)]
    cols = np.r_[col_twins.spread(cols, rows[:cols.size]), more_cols]
    allowed = np.isfinite(scores[rows, cols])  # a twin taking another's pick may be excluded from it
    return CandidateGraph.build(rows[allowed], cols[allowed], scores[rows[allowed], cols[allowed]], scores.shape)


def candidate_graph(problem, prices):
    """Each mentee's and each mentor's best pairs by reduced score (score minus mentor price).

    A mentee ranks mentors by reduced score; a mentor ranks mentees by how little they lose
    against their own best reduced score by taking it. Both sides matter: without each mentor's
    own candidates its price is poorly determined and the pricing round proves little (measured).
    """
    row_best = np.zeros(problem.shape[0], dtype=np.float32)
    row_twins, col_twins = TwinGroups(problem.mentee_groups), TwinGroups(problem.mentor_groups)
    later_rows = np.zeros(problem.shape[0], dtype=bool)
    later_rows[row_twins.later] = True

    def scan(rows, scores):
        scores -= prices  # in place: a full-size temporary per step costs more than the step (measured)
        best = scores.max(axis=1)
        row_best[rows] = np.where(np.isfinite(best), best, 0.0)
        scores -= row_best[rows, None]  # closeness: 0 at each mentee's best
        twin_scores = scores[:, col_twins.later]
        scores[:, col_twins.later] = -np.inf
        positions, values = best_per_line(scores, MENTEE_CANDIDATES)
        np.put_along_axis(scores, positions, values, axis=1)
        scores[:, col_twins.later] = twin_scores
        mentee_at, pick = np.nonzero(np.isfinite(values))
        cols = col_twins.spread(positions[mentee_at, pick], rows[mentee_at])
        scores[later_rows[rows]] = -np.inf
        return rows, (rows[mentee_at], cols, values[mentee_at, pick]), scores

    picks = []
    by_mentor = BestPerMentor(problem.shape[1], MENTOR_CANDIDATES)
    for rows, mentee_picks, closeness in problem.map_blocks(scan):
        picks.append(mentee_picks)
        by_mentor.offer(rows, closeness)
    mentee_rows, cols, closeness = by_mentor.pairs()
    picks.append((row_twins.spread(mentee_rows, cols), cols, closeness))
    rows, cols, closeness = (np.concatenate([part[i] for part in picks]) for i in range(3))
    # Scores recovered from closeness (float32, about 1e-7 off): gathering feature rows costs more.
    graph = CandidateGraph.build(rows, cols, closeness + row_best[rows] + prices[cols], problem.shape)
    twin_pairs = (mentee_stripes(problem, prices, MENTEE_CANDIDATES),
                  mentor_stripes(problem, prices, row_best, MENTOR_CANDIDATES))
    rows, cols = (np.concatenate([pairs[i] for pairs in twin_pairs]) for i in (0, 1))
    graph = graph.merged(CandidateGraph.build(rows, cols, problem.kernel.pairs(rows, cols), problem.shape))
    return graph.without(problem.rules.excluded_at(graph.rows, graph.cols))


class BestPerMentor:
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
            positions, values = best_per_line(np.ascontiguousarray(closeness.T), self.values.shape[1])
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
        picked, self.values[touched] = best_per_line(np.hstack([self.values[touched], new_values]),
                                                      self.values.shape[1])
        self.rows[touched] = np.take_along_axis(candidates, picked, axis=1)

    def pairs(self):
        """(mentee position, mentor position, closeness) of every kept entry."""
        cols, pick = np.nonzero(np.isfinite(self.values))
        return self.rows[cols, pick], cols, self.values[cols, pick]


def evenly_spaced(total, count):
    """``count`` positions spread evenly over ``range(total)``."""
    count = min(total, count)
    return (np.arange(count) * total) // max(count, 1)
