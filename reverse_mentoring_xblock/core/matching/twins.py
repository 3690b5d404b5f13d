"""Candidates for twins: people the solver cannot tell apart share one ranking, so each takes its own part of it.

Without this a group of identical mentees keeps the same few best mentors, only as many of them as
those mentors have places can be paired through the candidates, and the rest of the group falls
back on weak pairs; and a group of identical mentors fills a mentee's whole list with the first
few of them. So a group counts once in the other side's lists, each pick landing on a different
member (``TwinGroups.spread``); and member j of a group of g mentees takes the mentor holding place j
of the group's ranking past an offset (a mentor counting once per place), a group of identical mentors
with C places sharing out the ranks offset to offset + C the same way, a member taking as many ranks
as it has places.
"""
import numpy as np

from .cohort import CHUNK_CELLS
from .selection import ranked_per_line

COLUMN_CHUNK = 256  # mentor groups scored together against every mentee: 20 MB at 20,000 mentees


class TwinGroups:
    """Members of each group of equal ids, in position order: who is the j-th member of group k."""

    def __init__(self, ids):
        self.order = np.argsort(ids, kind="stable")
        sorted_ids = ids[self.order]
        starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]]) if ids.size else np.zeros(0, int)
        self.starts = starts
        self.sizes = np.diff(np.r_[starts, ids.size])
        self.first = self.order[starts]
        self.group_of = np.empty(ids.size, dtype=np.int64)
        self.group_of[self.order] = np.repeat(np.arange(starts.size), self.sizes)
        later = np.ones(ids.size, dtype=bool)
        later[self.first] = False
        self.later = np.flatnonzero(later)  # every member but the first of its group

    def member(self, group, rank):
        """Position of the ``rank``-th member of each ``group``."""
        return self.order[self.starts[group] + rank]

    def spread(self, positions, salt):
        """For each position, the member of its group picked by ``salt``: equal picks land on different twins."""
        group = self.group_of[positions]
        return self.order[self.starts[group] + salt % self.sizes[group]]

    def shared(self):
        """Groups of more than one member."""
        return np.flatnonzero(self.sizes > 1)


def mentee_stripes(problem, prices, offset):
    """(mentee, mentor) pairs: member j of each group of identical mentees gets the mentor holding place j of
    the group's ranking from rank ``offset`` on, each mentor counted once per place.

    Counting places, not mentors, lets a group fill every place of its best mentors: one member per
    mentor left the first pass on a cohort of identical mentees with 1.5 places each at 0.85 (measured).
    """
    groups = TwinGroups(problem.mentee_groups)
    shared = groups.shared()
    found_rows, found_cols = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    step = max(1, CHUNK_CELLS // max(1, problem.shape[1]))
    for start in range(0, shared.size, step):
        chunk = shared[start:start + step]
        scores = problem.block(groups.first[chunk])
        scores -= prices
        lines, cols, ranks = ranked_per_line(scores, offset + groups.sizes[chunk])
        keep = ranks >= offset  # entries come a line at a time (lines not in order), best first
        lines, cols = lines[keep], cols[keep]
        places = problem.capacity[cols]
        first_place = np.cumsum(places) - places  # counted over all lines
        line_starts = np.flatnonzero(np.r_[True, lines[1:] != lines[:-1]]) if lines.size else lines
        line_first_place = np.repeat(first_place[line_starts], np.diff(np.r_[line_starts, lines.size]))
        entry = np.repeat(np.arange(cols.size), places)
        member = np.arange(entry.size) - line_first_place[entry]  # a place's position past its line's first
        taken = member < groups.sizes[chunk[lines[entry]]]
        found_rows.append(groups.member(chunk[lines[entry[taken]]], member[taken]))
        found_cols.append(cols[entry[taken]])
    return np.concatenate(found_rows), np.concatenate(found_cols)


def mentor_stripes(problem, prices, row_best, offset):
    """(mentee, mentor) pairs: each group of identical mentors shares out its best mentees by closeness.

    Closeness is a mentee's reduced score for the mentor less its best reduced score anywhere, as
    each mentor's own candidates use. The member holding places s to s + c of its group takes the
    mentees at ranks offset + s to offset + s + c - 1.
    """
    groups = TwinGroups(problem.mentor_groups)
    shared = groups.shared()
    found_rows, found_cols = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    place_end = np.cumsum(problem.capacity[groups.order])
    for start in range(0, shared.size, COLUMN_CHUNK):
        chunk = shared[start:start + COLUMN_CHUNK]
        representatives = groups.first[chunk]
        sub = problem.restricted(representatives)
        representative_prices = prices[representatives]
        closeness = np.vstack([scores - representative_prices - row_best[rows, None]
                               for rows, scores in sub.map_blocks(lambda rows, scores: (rows, scores))])
        first_place = place_end[groups.starts[chunk]] - problem.capacity[representatives]
        places = place_end[groups.starts[chunk] + groups.sizes[chunk] - 1] - first_place
        lines, rows, ranks = ranked_per_line(np.ascontiguousarray(closeness.T), offset + places)
        keep = ranks >= offset
        place = ranks[keep] - offset + first_place[lines[keep]]
        found_rows.append(rows[keep])
        found_cols.append(groups.order[np.searchsorted(place_end, place, side="right")])
    return np.concatenate(found_rows), np.concatenate(found_cols)


def twin_gap(problem, slots, row_slot, slot_prices):
    """How much more, at least, twins would gain over all pairs than the solved candidate graph gives them.

    Twins are told apart on the graph only by their own candidates, so its dual prices can leave one
    member of a group poorer than another, or price one of identical mentors above its twin; over
    all pairs each would take what its twin has, and the bound counts that. Per mentee, the larger
    of: its group's richest member's profit less its own, and its slot's price less the cheapest of
    its mentor's twins (an estimate where exclusions tell twins apart).
    """
    profit = np.maximum(slots.row_best(slot_prices), 0.0)
    groups = problem.mentee_groups
    richest = np.full(groups.max(initial=0) + 1, -np.inf)
    np.maximum.at(richest, groups, profit)
    gap = richest[groups] - profit
    mentor_groups = problem.mentor_groups
    cheapest = np.full(mentor_groups.max(initial=0) + 1, np.inf)
    np.minimum.at(cheapest, mentor_groups, slots.mentor_prices(slot_prices))
    paired = np.flatnonzero(row_slot >= 0)
    dearer = slot_prices[row_slot[paired]] - cheapest[mentor_groups[slots.slot_col[row_slot[paired]]]]
    gap[paired] = np.maximum(gap[paired], dearer)
    return float(gap.sum())


def twin_pairs(problem, prices, row_best):
    """Each group of twins' best pairs at these prices, shared out among its members (both sides)."""
    pairs = (mentee_stripes(problem, prices, 0), mentor_stripes(problem, prices, row_best, 0))
    return tuple(np.concatenate([side[i] for side in pairs]) for i in (0, 1))
