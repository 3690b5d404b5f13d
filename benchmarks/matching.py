"""How fast and how close to optimal ``propose_matches`` is on synthetic cohorts.

    python benchmarks/matching.py --sizes 1000,5000,10000,20000

Each size n is n mentors (capacity 1) and n mentees, drawn with a fixed seed: 12 topics,
6 experience areas, 21 availability slots, time zones on four continents, goals written from a
60-word vocabulary, 30 teams with ``separate_teams`` on. Printed per size: wall time of
``propose_matches``, peak memory it allocated (tracemalloc, a second run), total score, the ratio
to the exact optimum (dense SciPy ``linear_sum_assignment``, n <= 5,000) and to a greedy baseline.
"""
import argparse
import os
import sys
import time
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from reverse_mentoring_xblock import matching  # noqa: E402  (path set just above)

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


def synthetic_cohort(n_mentors, n_mentees, seed, capacities=(1,)):
    """Mentors rate themselves high and want experience; mentees rate low, want topics, share experience."""
    rng = np.random.default_rng(seed)
    word_share = 1.0 / np.arange(1, len(GOAL_VOCABULARY) + 1)
    slot_share = np.array([1.0 if s.split("-")[0] not in ("sat", "sun") else 0.3 for s in matching.SLOTS])

    def person(key, role):
        mentor = role == "mentor"
        ratings = rng.integers(2, 5, len(TOPICS)) if mentor else rng.integers(0, 3, len(TOPICS))
        ratings = np.minimum(ratings, 4)
        wanted = rng.choice(len(TOPICS), rng.integers(2, 6), replace=False,
                            p=TOPIC_DEMAND / TOPIC_DEMAND.sum())
        areas = rng.choice(len(AREAS), rng.integers(1, 4) if mentor else rng.integers(2, 5), replace=False)
        words = rng.choice(len(GOAL_VOCABULARY), rng.integers(4, 11), replace=False,
                           p=word_share / word_share.sum())
        slots = rng.choice(len(matching.SLOTS), rng.integers(3, 10), replace=False,
                           p=slot_share / slot_share.sum())
        return matching.Profile(
            key=key, name=f"{role}-{key}", role=role,
            ratings={t: int(r) for t, r in zip(TOPICS, ratings)},
            learn_topics=frozenset() if mentor else frozenset(TOPICS[i] for i in wanted),
            teach_topics=frozenset(t for t, r in zip(TOPICS, ratings) if r >= 3) if mentor else frozenset(),
            share_experience=frozenset() if mentor else frozenset(AREAS[i] for i in areas),
            learn_experience=frozenset(AREAS[i] for i in areas) if mentor else frozenset(),
            goals=" ".join(GOAL_VOCABULARY[i] for i in words),
            availability=frozenset(matching.SLOTS[i] for i in slots),
            utc_offset_hours=float(rng.choice(UTC_OFFSETS, p=UTC_SHARE / UTC_SHARE.sum())),
            meeting=str(rng.choice(matching.MEETING_MODES, p=[0.25, 0.15, 0.60])),
            team=f"team-{rng.integers(30)}" if rng.random() < 0.8 else "",
            capacity=int(rng.choice(capacities)) if mentor else 1,
        )

    mentors = [person(key, "mentor") for key in range(n_mentors)]
    mentees = [person(n_mentors + key, "mentee") for key in range(n_mentees)]
    return mentors, mentees
