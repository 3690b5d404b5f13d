"""Counts the suite reports at its end (race attempts, fuzzed payloads), so CI logs carry the figures."""
from collections import Counter, defaultdict

FIGURES = defaultdict(Counter)


def record(section, **counts):
    FIGURES[section].update(counts)


def summary_lines():
    return [f"{section}: " + ", ".join(f"{name} {value:,}" for name, value in sorted(counts.items()))
            for section, counts in sorted(FIGURES.items())]
