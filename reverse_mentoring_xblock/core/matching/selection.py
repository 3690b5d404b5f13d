"""Picking each line's largest values from a score block, fast for a handful and for many."""
import numpy as np

MANY = 32  # above this many picks per line, a partial sort beats repeated argmax


def best_per_line(values, count):
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


def line_pairs(positions, found):
    """(line, position) of the finite entries of a ``best_per_line`` result."""
    line, pick = np.nonzero(np.isfinite(found))
    return line, positions[line, pick]


def ranked_per_line(values, counts):
    """Each line's ``counts[line]`` largest finite values: (line, position, rank) arrays, best first.

    Ties go to the earlier position.
    """
    counts = np.minimum(counts, values.shape[1])
    lines, positions, ranks = [np.empty(0, np.int64)], [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    few = np.flatnonzero((counts <= MANY) & (counts > 0))
    if few.size:
        picked, found = best_per_line(values[few], int(counts[few].max()))
        line, rank = np.nonzero(np.isfinite(found) & (np.arange(picked.shape[1]) < counts[few, None]))
        lines.append(few[line])
        positions.append(picked[line, rank])
        ranks.append(rank)
    for line in np.flatnonzero(counts > MANY):
        row = values[line]
        threshold = -np.partition(-row, counts[line] - 1)[counts[line] - 1]
        above = np.flatnonzero(row > threshold)
        top = np.r_[above, np.flatnonzero(row == threshold)[:counts[line] - above.size]]
        top = top[np.lexsort((top, -row[top]))]
        top = top[np.isfinite(row[top])]
        lines.append(np.full(top.size, line))
        positions.append(top)
        ranks.append(np.arange(top.size))
    return tuple(np.concatenate(part) for part in (lines, positions, ranks))
