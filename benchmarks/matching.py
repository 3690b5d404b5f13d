"""How fast, how lean and how close to optimal ``propose_matches`` is on every cohort family, beside an earlier solver.

    python benchmarks/matching.py                                   # every family at 1,000, 2,000, 5,000 mentees
    python benchmarks/matching.py --sizes 10000,20000               # the same at scale
    python benchmarks/matching.py --sizes 50000 --families plain    # one run for the record
    python benchmarks/matching.py --baseline ec52cbc                # and the solver of that revision beside it
    python benchmarks/matching.py --exact-limit 0                   # the large-cohort solver at every size

Families come from ``tests/core/matching_families.py`` (twins, scarce and abundant places, 1.5 mentees per
mentor, sparse availability, half-hour zones, empty answers, teams, exclusions, the advantage rule, locks, and
all of them at once), with a fixed seed. Printed per family and size:

- **wall s**: ``propose_matches`` end to end; **peak MiB**: tracemalloc peak of a second, traced run;
- **pairs** and **most**: pairs proposed, and the most pairs the rules allow, by a maximum matching over the
  dense allowed graph (up to ``--exact-up-to`` mentees); above that, the ceiling min(mentees with an allowed
  mentor, places of mentors with an allowed mentee), computed a block at a time: pairs equal to it are the most;
- **vs exact**: total score over the exact optimum (most pairs, then the highest total) by dense SciPy
  ``linear_sum_assignment`` on the same objective, up to ``--exact-up-to`` mentees;
- **proven**: ``MatchResult.optimality_bound``, the share of the best possible total the solver proves it reached.

Both the rules and the optimum are computed here without the package's own rule or solver code.
"""
import argparse
import dataclasses
import datetime
import importlib
import io
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)

from reverse_mentoring_xblock.core import matching
from tests.core.matching_families import (
    FAMILIES,
    allowed_dense,
    exact_optimum,
    family,
    maximum_pairs,
)

SEED = 20240601
CEILING_BLOCK = 1000  # mentees per block when the allowed graph is too large to hold
BASELINE_EXCLUSIONS = 1_000_000  # the earlier solver takes exclusions as Python tuples: not beyond this


def baseline_matcher(revision):
    """The matching package as it was at ``revision``, imported under another name from a temporary copy."""
    folder = tempfile.mkdtemp(prefix="matching-baseline-")
    archive = subprocess.run(["git", "-C", ROOT, "archive", revision, "reverse_mentoring_xblock/core"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(folder, filter="data")
    os.rename(os.path.join(folder, "reverse_mentoring_xblock", "core"), os.path.join(folder, "baseline_core"))
    sys.path.insert(0, folder)
    return importlib.import_module("baseline_core.matching")


def in_baseline_terms(baseline, mentors, mentees, constraints):
    """The cohort as the earlier package's own profiles and rules."""
    def people(group):
        return [baseline.Profile(**{f.name: getattr(p, f.name) for f in dataclasses.fields(p)}) for p in group]

    excluded = frozenset(map(tuple, constraints.excluded_pairs().tolist()))
    rules = baseline.Constraints(excluded=excluded, locked=constraints.locked,
                                 separate_teams=constraints.separate_teams,
                                 require_mentor_advantage=constraints.require_mentor_advantage)
    return people(mentors), people(mentees), rules


def pair_ceiling(mentors, mentees, constraints):
    """At least as many pairs as any assignment can make: locked pairs, then the free mentees with an allowed
    mentor who has places left, or those places, whichever is fewer."""
    locked = {mentee for _mentor, mentee in constraints.locked}
    places = np.array([p.capacity for p in mentors])
    mentor_row = {p.key: row for row, p in enumerate(mentors)}
    for mentor_key, _mentee in constraints.locked:
        places[mentor_row[mentor_key]] -= 1
    free = [p for p in mentees if p.key not in locked]
    takeable_mentees, takeable_mentors = 0, np.zeros(len(mentors), dtype=bool)
    for start in range(0, len(free), CEILING_BLOCK):
        allowed = allowed_dense(mentors, free[start:start + CEILING_BLOCK], constraints) & (places > 0)[None, :]
        takeable_mentees += int(allowed.any(axis=1).sum())
        takeable_mentors |= allowed.any(axis=0)
    return len(locked) + min(takeable_mentees, int(places[takeable_mentors].sum()))


def reference_seconds():
    """Plain-Python work of fixed size, so runs on a busier or quieter machine can be compared."""
    started = time.perf_counter()
    total = 0
    for n in range(10_000_000):
        total += n
    return time.perf_counter() - started


def timed(solve, *cohort, trace=True):
    """(result, wall seconds, tracemalloc peak in MiB of a second run or None)."""
    started = time.perf_counter()
    result = solve(*cohort)
    seconds = time.perf_counter() - started
    peak = None
    if trace:
        tracemalloc.start()
        solve(*cohort)
        peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
        tracemalloc.stop()
    return result, seconds, peak


def measure(name, size, args, baseline):
    mentors, mentees, constraints = family(name, size, SEED)
    exact_up_to, trace = args.exact_up_to, not args.no_trace

    def solve(mentors, mentees, constraints):
        return matching.propose_matches(mentors, mentees, constraints=constraints, exact_limit=args.exact_limit)

    result, seconds, peak = timed(solve, mentors, mentees, constraints, trace=trace)
    small = size <= exact_up_to
    most = maximum_pairs(mentors, mentees, constraints) if small else pair_ceiling(mentors, mentees, constraints)
    optimum = exact_optimum(mentors, mentees, constraints)[1] if small else None
    row = {"family": name, "mentees": size, "mentors": len(mentors), "method": result.method, "wall": seconds,
           "peak": peak, "pairs": len(result.proposals), "most": most, "optimum": optimum,
           "total": result.total_score, "proven": result.optimality_bound}
    if baseline is not None:
        if len(constraints.excluded_pairs()) > BASELINE_EXCLUSIONS:
            row["baseline"] = None
        else:
            old = in_baseline_terms(baseline, mentors, mentees, constraints)

            def solve_old(mentors, mentees, constraints):
                return baseline.propose_matches(mentors, mentees, constraints=constraints,
                                                exact_limit=args.exact_limit)

            old_result, old_seconds, _ = timed(solve_old, *old, trace=False)
            row["baseline"] = {"wall": old_seconds, "pairs": len(old_result.proposals),
                               "total": old_result.total_score, "proven": old_result.optimality_bound}
    return row


def ratio(total, optimum):
    return "n/a" if optimum is None else f"{total / optimum:.5f}" if optimum else "1.00000"


def print_row(row, with_baseline):
    peak = "-" if row["peak"] is None else f"{row['peak']:.0f}"
    cells = [row["family"], row["mentees"], row["mentors"], row["method"], f"{row['wall']:.2f}", peak,
             row["pairs"], row["most"], ratio(row["total"], row["optimum"]), f"{row['proven']:.5f}"]
    if with_baseline:
        old = row["baseline"]
        cells += (["not run: too many exclusions as tuples"] + [""] * 3 if old is None else
                  [f"{old['wall']:.2f}", old["pairs"], ratio(old["total"], row["optimum"]), f"{old['proven']:.5f}"])
    print("| " + " | ".join(str(cell) for cell in cells) + " |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,2000,5000", help="comma-separated numbers of mentees")
    parser.add_argument("--families", default=",".join(FAMILIES), help="comma-separated family names")
    parser.add_argument("--exact-up-to", type=int, default=5000, help="largest size given the exact optimum")
    parser.add_argument("--baseline", help="a git revision whose solver runs beside this one")
    parser.add_argument("--no-trace", action="store_true", help="skip the traced second run (peak memory)")
    parser.add_argument("--exact-limit", type=int, default=matching.EXACT_LIMIT,
                        help="largest side solved exactly by propose_matches (0: always the sparse solver)")
    args = parser.parse_args()
    baseline = baseline_matcher(args.baseline) if args.baseline else None
    print(f"# {datetime.date.today()} python {platform.python_version()} numpy {np.__version__} "
          f"cpus {os.cpu_count()} load {os.getloadavg()[0]:.2f} reference {reference_seconds():.2f} s "
          f"seed {SEED} exact-limit {args.exact_limit} baseline {args.baseline or 'none'}")
    header = ["family", "mentees", "mentors", "method", "wall s", "peak MiB", "pairs", "most", "vs exact", "proven"]
    if baseline is not None:
        header += ["before: wall s", "before: pairs", "before: vs exact", "before: proven"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size in [int(s) for s in args.sizes.split(",")]:
        for name in args.families.split(","):
            print_row(measure(name, size, args, baseline), baseline is not None)


if __name__ == "__main__":
    main()
