"""How fast, how lean and how close to optimal ``propose_matches`` is on synthetic cohorts.

    python benchmarks/matching.py --sizes 1000,5000,10000,20000

Size n means n mentors (capacity 1 unless --capacities says otherwise) and n mentees, drawn with
a fixed seed: 12 topics, 6 experience areas, 21 availability slots, time zones on four
continents, goals written from a 60-word vocabulary, 30 teams with ``separate_teams`` on.

Printed per size: wall time of ``propose_matches``; peak memory it allocated (tracemalloc peak
of a second, traced run); total score; its ratio to the exact optimum (dense SciPy
``linear_sum_assignment`` on the same objective, n <= 5,000, else n/a); its ratio to a greedy
baseline (repeatedly pair the highest-scoring free allowed pair); the share of the optimum the
result proves it reaches (``optimality_bound``).
"""
import argparse
import datetime
import heapq
import os
import platform
import sys
import time
import tracemalloc

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from reverse_mentoring_xblock.core import matching
from reverse_mentoring_xblock.core.matching.scoring import Encoding
from reverse_mentoring_xblock.core.vocabulary import AVAILABILITY_SLOTS, MEETING_PREFERENCES

TOPICS = ("linkedin", "social-media", "video-meetings", "collaboration", "ai-assistants", "online-safety",
          "cloud-files", "spreadsheets", "email", "mobile", "dashboards", "e-learning")
TOPIC_DEMAND = np.array([5, 3, 3, 2, 5, 3, 2, 2, 1, 2, 2, 1], dtype=float)
AREAS = ("leadership", "stress", "organisation", "career", "clients", "negotiation")
UTC_OFFSETS = np.array([-8, -6, -5, -3, 0, 1, 2, 3, 5.5, 8, 9, 10])
UTC_SHARE = np.array([4, 2, 6, 2, 6, 12, 5, 2, 4, 3, 2, 2], dtype=float)
GOAL_VOCABULARY = tuple("""
    confidence network visibility career promotion leadership strategy digital transformation
    presentation storytelling online brand communication feedback delegation coaching teamwork
    culture innovation productivity automation security privacy collaboration remote hybrid
    workload balance resilience negotiation clients sales marketing analytics dashboards data
    reporting planning priorities meetings email social media linkedin video tools cloud files
    spreadsheets learning growth mentoring diversity inclusion change management influence
    decisions wellbeing generations
""".split())
TEAMS = 30
SEED = 20240601
EXACT_UP_TO = 5000
GREEDY_CANDIDATES = 64


def weighted_subsets(rng, count, weights, low, high):
    """``count`` random subsets of range(len(weights)), sizes in [low, high], drawn by weight."""
    keys = np.log(weights / weights.sum()) + rng.gumbel(size=(count, weights.size))  # Gumbel top-k
    order = np.argsort(-keys, axis=1)
    sizes = rng.integers(low, high + 1, count)
    return [order[row, :size] for row, size in enumerate(sizes)]


def synthetic_cohort(n_mentors, n_mentees, seed=SEED, capacities=(1,)):
    """Mentors rate themselves high and want experience; mentees rate low, want topics, share experience."""
    rng = np.random.default_rng(seed)
    slot_share = np.array([0.3 if slot[:3] in ("sat", "sun") else 1.0 for slot in AVAILABILITY_SLOTS])
    word_share = 1.0 / np.arange(1, len(GOAL_VOCABULARY) + 1)

    def people(count, role, first_key):
        mentor = role == "mentor"
        ratings = rng.integers(2, 5, (count, len(TOPICS))) if mentor else rng.integers(0, 3, (count, len(TOPICS)))
        wanted = weighted_subsets(rng, count, TOPIC_DEMAND, 2, 5)
        areas = weighted_subsets(rng, count, np.ones(len(AREAS)), 1, 3) if mentor else \
            weighted_subsets(rng, count, np.ones(len(AREAS)), 2, 4)
        words = weighted_subsets(rng, count, word_share, 4, 10)
        slots = weighted_subsets(rng, count, slot_share, 3, 9)
        offsets = rng.choice(UTC_OFFSETS, count, p=UTC_SHARE / UTC_SHARE.sum())
        meetings = rng.choice(MEETING_PREFERENCES, count, p=[0.25, 0.15, 0.60])
        teams = np.where(rng.random(count) < 0.8, rng.integers(TEAMS, size=count), -1)
        capacity = rng.choice(capacities, count)
        return [matching.Profile(
            key=first_key + i, name=f"{role}-{first_key + i}", role=role,
            ratings=dict(zip(TOPICS, ratings[i].tolist())),
            learn_topics=() if mentor else [TOPICS[t] for t in wanted[i]],
            teach_topics=[t for t, r in zip(TOPICS, ratings[i]) if r >= 3] if mentor else (),
            share_experience=() if mentor else [AREAS[a] for a in areas[i]],
            learn_experience=[AREAS[a] for a in areas[i]] if mentor else (),
            goals=" ".join(GOAL_VOCABULARY[w] for w in words[i]),
            availability=[AVAILABILITY_SLOTS[s] for s in slots[i]],
            utc_offset_hours=float(offsets[i]), meeting=str(meetings[i]),
            team=f"team-{teams[i]}" if teams[i] >= 0 else "",
            capacity=int(capacity[i]) if mentor else 1,
        ) for i in range(count)]

    return people(n_mentors, "mentor", 0), people(n_mentees, "mentee", n_mentors)


def allowed_block(mentors, mentee_block):
    """Same non-empty team is forbidden (mentees x mentors), as ``separate_teams`` says."""
    mentor_teams = np.array([p.team for p in mentors])
    mentee_teams = np.array([p.team for p in mentee_block])
    return ~((mentee_teams[:, None] == mentor_teams[None, :]) & (mentee_teams[:, None] != ""))


def exact_optimum(mentors, mentees):
    """Most pairs, then the highest total, by dense linear_sum_assignment (the module is not used to solve)."""
    scores = matching.score_matrix(mentors, mentees).T  # mentees x mentors
    allowed = allowed_block(mentors, mentees)
    slot_mentor = np.repeat(np.arange(len(mentors)), [p.capacity for p in mentors])
    penalty = float(len(mentees) + 1)
    rows, slots = linear_sum_assignment(np.where(allowed, -scores, penalty)[:, slot_mentor])
    keep = allowed[rows, slot_mentor[slots]]
    return float(scores[rows[keep], slot_mentor[slots[keep]]].sum())


def greedy_total(mentors, mentees):
    """Repeatedly pair the highest-scoring allowed pair of a free mentee and a mentor with a place.

    Exact global greedy, made affordable by a lazy heap over each mentee's best free mentors;
    a mentee whose list runs out gets a fresh list. Scores come from the module's row-block scorer.
    """
    encoding = Encoding(mentors, mentees, matching.MatchWeights())
    kernel = encoding.kernel(np.arange(len(mentees)), np.arange(len(mentors)), np.float64)
    places = np.array([p.capacity for p in mentors])

    def best_free(rows):
        scores = kernel.block(rows)
        scores[~allowed_block(mentors, [mentees[r] for r in rows]) | (places <= 0)[None, :]] = -np.inf
        count = min(GREEDY_CANDIDATES, scores.shape[1])
        top = np.argpartition(-scores, count - 1, axis=1)[:, :count]
        order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        return top, np.take_along_axis(scores, top, axis=1)

    lists, heap = {}, []
    for start in range(0, len(mentees), 1000):
        rows = np.arange(start, min(start + 1000, len(mentees)))
        tops, values = best_free(rows)
        for row, top, value in zip(rows, tops, values):
            lists[row] = [top, value, 0]
            heapq.heappush(heap, (-value[0], row))
    total = 0.0
    while heap:
        negative, row = heapq.heappop(heap)
        top, value, at = lists[row]
        if not np.isfinite(negative):
            continue
        if places[top[at]] > 0:
            places[top[at]] -= 1
            total -= negative
            continue
        at += 1
        if at == len(top):
            (top,), (value,) = best_free(np.array([row]))
            at = 0
        lists[row] = [top, value, at]
        heapq.heappush(heap, (-value[at], row))
    return total


def measure(n, capacities, exact_limit):
    mentors, mentees = synthetic_cohort(n, n, capacities=capacities)
    constraints = matching.Constraints(separate_teams=True)
    started = time.perf_counter()
    result = matching.propose_matches(mentors, mentees, constraints=constraints, exact_limit=exact_limit)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    matching.propose_matches(mentors, mentees, constraints=constraints, exact_limit=exact_limit)
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    optimum = exact_optimum(mentors, mentees) if n <= EXACT_UP_TO else None
    greedy = greedy_total(mentors, mentees)
    return {
        "n": n, "method": result.method, "pairs": len(result.proposals), "seconds": seconds, "peak": peak,
        "total": result.total_score, "bound": result.optimality_bound,
        "vs_exact": "n/a" if optimum is None else f"{result.total_score / optimum:.6f}",
        "vs_greedy": f"{result.total_score / greedy:.4f}",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000,20000", help="comma-separated cohort sizes")
    parser.add_argument("--capacities", default="1", help="mentor capacities drawn uniformly, e.g. 1,2,3")
    parser.add_argument("--exact-limit", type=int, default=matching.EXACT_LIMIT,
                        help="largest side solved exactly by propose_matches (0: always the sparse solver)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    capacities = [int(c) for c in args.capacities.split(",")]
    print(f"# {datetime.date.today()} python {platform.python_version()} numpy {np.__version__} "
          f"cpus {os.cpu_count()} load {os.getloadavg()[0]:.2f} capacities {capacities} "
          f"exact-limit {args.exact_limit} seed {SEED}")
    print("| n | method | pairs | wall s | peak MiB (tracemalloc) | total score | vs exact | vs greedy | proven >= |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        row = measure(n, capacities, args.exact_limit)
        print(f"| {row['n']} | {row['method']} | {row['pairs']} | {row['seconds']:.2f} | {row['peak']:.0f} | "
              f"{row['total']:.3f} | {row['vs_exact']} | {row['vs_greedy']} | {row['bound']:.5f} |", flush=True)


if __name__ == "__main__":
    main()
