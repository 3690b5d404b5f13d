"""The author settings a grade depends on, and what changed between two versions of them.

Pure module. A participant's score is computed from the planned session count, the days between sessions
that count, the grading weights and the checklist items (the denominator of the checklist part). When a
published edit changes any of these, every participant's score is computed again
(``domain/settings_changes.py``); a renamed topic or item changes no grade, as ids stay, and only its title
is kept. Titles are the author's own text, or the shipped English default (translated where shown), so the
terms are the same whichever language the viewer reads.
"""
import dataclasses
import hashlib
import json
from dataclasses import dataclass
from itertools import groupby

from .program import DEFAULT_EXPERIENCE_AREAS, GradingPolicy, build_config
from .vocabulary import DEFAULT_SETTINGS

WEIGHT_DIGITS = 6  # shares compare equal after rounding, whatever float noise the division left


@dataclass(frozen=True)
class GradingTerms:
    """What grades depend on; ``items`` are ``(topic id, item id, title)`` in catalogue order."""

    sessions: int
    min_gap_days: int
    weights: tuple  # shares of sessions, checklist and feedback, exactly as grades use them
    items: tuple

    @classmethod
    def of(cls, config, raw_topics):
        """The terms of a valid ``ProgramConfig``, with titles from the topics as the author set them (or the
        shipped defaults, untranslated)."""
        grading = config.grading
        return cls(config.plan.count, config.plan.min_gap_days, (grading.sessions, grading.checklist, grading.feedback),
                   tuple((topic["id"], item["id"], item["title"]) for topic in raw_topics for item in topic["items"]))

    @property
    def rounded_weights(self):
        """The shares as compared: equal shares written in other units (6/3/1, 60/30/10) are no change."""
        return tuple(round(share, WEIGHT_DIGITS) for share in self.weights)

    def to_json(self):
        return {"sessions": self.sessions, "min_gap_days": self.min_gap_days, "weights": list(self.weights),
                "items": [list(item) for item in self.items]}

    @classmethod
    def from_json(cls, data):
        return cls(data["sessions"], data["min_gap_days"], tuple(data["weights"]),
                   tuple(tuple(item) for item in data["items"]))

    @property
    def digest(self):
        """Changes with any term, titles included: whether the stored terms need writing again."""
        compared = {**self.to_json(), "weights": list(self.rounded_weights)}
        return hashlib.sha256(json.dumps(compared, sort_keys=True).encode()).hexdigest()

    @property
    def titles(self):
        return {f"{topic}/{item}": title for topic, item, title in self.items}

    def scoring_config(self):
        """A ``ProgramConfig`` with these terms and shipped defaults elsewhere: what a worker scores with, as
        scores read nothing else (``tests/core/test_grading_terms.py`` checks this on varied programs)."""
        topics = [{"id": topic_id, "title": topic_id,
                   "items": [{"id": item, "title": title} for _topic, item, title in items]}
                  for topic_id, items in groupby(self.items, key=lambda item: item[0])]
        config = build_config(
            goal="", topics=topics, experience_areas=list(DEFAULT_EXPERIENCE_AREAS), sessions_planned=self.sessions,
            session_minutes=DEFAULT_SETTINGS["session_minutes"], cadence_days=DEFAULT_SETTINGS["cadence_days"],
            min_days_between_sessions=self.min_gap_days,
            grading_weights=dict(zip(("sessions", "checklist", "feedback"), self.weights)))
        return dataclasses.replace(config, grading=GradingPolicy(*self.weights))  # the shares, not divided again


@dataclass(frozen=True)
class TermsChange:
    """How the terms changed: ``(before, after)`` for each setting that changed (None otherwise), and the
    checklist items removed and added as ``(topic id, item id, title)``."""

    sessions: tuple = None
    min_gap_days: tuple = None
    weights: tuple = None
    removed_items: tuple = ()
    added_items: tuple = ()

    @property
    def regrades(self):
        """Whether any score may differ: every change here can move one."""
        return any((self.sessions, self.min_gap_days, self.weights, self.removed_items, self.added_items))

    @property
    def fewer_sessions(self):
        return self.sessions is not None and self.sessions[1] < self.sessions[0]

    def to_json(self):
        return {"sessions": _pair(self.sessions), "min_gap_days": _pair(self.min_gap_days),
                "weights": [list(w) for w in self.weights] if self.weights else None,
                "removed_items": [list(item) for item in self.removed_items],
                "added_items": [list(item) for item in self.added_items]}

    @classmethod
    def from_json(cls, data):
        return cls(_tuple(data["sessions"]), _tuple(data["min_gap_days"]),
                   tuple(tuple(w) for w in data["weights"]) if data["weights"] else None,
                   tuple(tuple(item) for item in data["removed_items"]),
                   tuple(tuple(item) for item in data["added_items"]))


def compare(before, after):
    """The ``TermsChange`` from ``before`` to ``after`` (``GradingTerms``); it ``regrades`` nothing when only
    titles changed."""
    keys_before = {item[:2] for item in before.items}
    keys_after = {item[:2] for item in after.items}
    return TermsChange(
        sessions=(before.sessions, after.sessions) if before.sessions != after.sessions else None,
        min_gap_days=((before.min_gap_days, after.min_gap_days)
                      if before.min_gap_days != after.min_gap_days else None),
        weights=((before.rounded_weights, after.rounded_weights)
                 if before.rounded_weights != after.rounded_weights else None),
        removed_items=tuple(item for item in before.items if item[:2] not in keys_after),
        added_items=tuple(item for item in after.items if item[:2] not in keys_before),
    )


def _pair(values):
    return list(values) if values else None


def _tuple(values):
    return tuple(values) if values else None
