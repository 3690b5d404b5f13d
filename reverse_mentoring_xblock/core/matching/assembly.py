"""From solved rows to what staff review: proposals with scores, breakdowns and reasons; the waiting list."""
import numpy as np

from ..vocabulary import MATCH_COMPONENTS
from .reasons import reasons_for
from .results import NO_CAPACITY, NO_COMPATIBLE_PARTNER, NO_MENTEE_LEFT, Proposal, WaitlistEntry


def proposals_for(cohort, pairs, locked, titles):
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
        breakdown = {c: float(contributions[c][index]) for c in MATCH_COMPONENTS}
        mentor, mentee = cohort.mentors[mentor_row], cohort.mentees[mentee_row]
        proposals.append(Proposal(
            mentor_key=mentor.key, mentee_key=mentee.key, score=sum(breakdown.values()), breakdown=breakdown,
            reasons=reasons_for(mentor, mentee, breakdown, titles, (mentee_row, mentor_row) in locked,
                             cohort.encoding.mentor_words[mentor_row] & cohort.encoding.mentee_words[mentee_row]),
            locked=(mentee_row, mentor_row) in locked))
    return tuple(sorted(proposals, key=lambda p: (p.mentor_key, p.mentee_key)))


def waitlist_for(cohort, pairs):
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
    return cohort.rules(mentee_rows, mentor_rows).any_allowed(mentee_rows.size)
