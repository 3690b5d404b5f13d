"""Profiles for the matching tests: one with only the answers a test cares about, or cohorts drawn at random."""
from hypothesis import settings
from hypothesis import strategies as st

from reverse_mentoring_xblock.core import matching as m
from reverse_mentoring_xblock.core.vocabulary import MEETING_PREFERENCES

PROPERTY = settings(max_examples=60, deadline=None, database=None)
BRUTE = settings(PROPERTY, max_examples=80)
TOPICS = ("linkedin", "video", "ai")
AREAS = ("leadership", "stress")
SLOT_POOL = ("mon-morning", "tue-evening", "wed-afternoon", "sat-morning")
WORDS = ("network", "confidence", "leadership", "linkedin", "career", "data")


def mentor(key, **answers):
    return m.Profile(key=key, name=answers.pop("name", f"M{key}"), role="mentor", **answers)


def mentee(key, **answers):
    return m.Profile(key=key, name=answers.pop("name", f"E{key}"), role="mentee", **answers)


@st.composite
def profiles(draw, role, key):
    def subset(pool):
        return draw(st.frozensets(st.sampled_from(pool)))

    return m.Profile(
        key=key, name=f"{role}-{key}", role=role,
        ratings={t: draw(st.integers(0, 4)) for t in subset(TOPICS)},
        learn_topics=subset(TOPICS), teach_topics=subset(TOPICS),
        share_experience=subset(AREAS), learn_experience=subset(AREAS),
        goals=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=4))),
        availability=subset(SLOT_POOL), utc_offset_hours=draw(st.sampled_from([-5, 0, 1, 5.5, 9])),
        meeting=draw(st.sampled_from(MEETING_PREFERENCES)), team=draw(st.sampled_from(["", "x", "y"])),
        capacity=draw(st.integers(1, 3)) if role == "mentor" else 1,
    )


@st.composite
def cohorts(draw, max_mentors=4, max_mentees=5):
    """Mentors, mentees (keys interleaved, so key order differs from list order) and constraints."""
    n_mentors, n_mentees = draw(st.integers(1, max_mentors)), draw(st.integers(1, max_mentees))
    keys = draw(st.permutations(range(100, 100 + n_mentors + n_mentees)))
    mentors = [draw(profiles("mentor", key)) for key in keys[:n_mentors]]
    mentees = [draw(profiles("mentee", key)) for key in keys[n_mentors:]]
    pairs = [(a.key, b.key) for a in mentors for b in mentees]
    excluded = draw(st.frozensets(st.sampled_from(pairs), max_size=len(pairs) // 2))
    lockable = [pair for pair in pairs if pair not in excluded]
    locked, load, taken = set(), {}, set()
    for mentor_key, mentee_key in draw(st.lists(st.sampled_from(lockable), max_size=2)) if lockable else []:
        capacity = next(p.capacity for p in mentors if p.key == mentor_key)
        if mentee_key not in taken and load.get(mentor_key, 0) < capacity:
            locked.add((mentor_key, mentee_key))
            taken.add(mentee_key)
            load[mentor_key] = load.get(mentor_key, 0) + 1
    constraints = m.Constraints(excluded=excluded, locked=frozenset(locked), separate_teams=draw(st.booleans()),
                                require_mentor_advantage=draw(st.booleans()))
    return mentors, mentees, constraints
