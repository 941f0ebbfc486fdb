"""Issue-by-issue frontier for three to six parties: where the time goes, before and after the
near-coincidence test of the last skyline.

    python benchmarks/bench_frontier_parties.py [--repeat R] [--big]

For generated additive games of 10^6 outcomes (random and opposed preferences, the generators of
``bench_frontier.py``) and, with ``--big``, 10^12 outcomes for four parties, the frontier is
computed in the same run

* as before: the last skyline over the merged candidates' exact utilities compares every
  candidate with every other (:func:`zopa.kernels.skyline.skyline_mask`), and
* as now: only candidates with a near coincidence in some utility are compared
  (:func:`zopa.kernels.skyline.near_antichain_mask`),

``--repeat`` times each (alternating), and prints min/median/max of each, the ratio of the
medians, and the time of the issue-by-issue merges alone (min/median/max). Checks that both give
the same outcome codes, tie counts and utilities.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bench_frontier import generated, opposed
from zopa.frontier import front as front_module
from zopa.frontier import frontier
from zopa.frontier.additive import blocks_of, minkowski_front
from zopa.kernels.skyline import skyline_mask


def _plain(values: np.ndarray, k: np.ndarray, spread: float) -> np.ndarray:
    """The previous last skyline: every candidate against every other."""
    return skyline_mask(k, margin=0.0)


def spread(times: list[float]) -> str:
    return " / ".join(fmt(t) for t in (min(times), float(np.median(times)), max(times)))


def fmt(seconds: float) -> str:
    return f"{seconds * 1e3:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each method (min/median/max)")
    ap.add_argument("--big", action="store_true", help="also 10^12 outcomes, 4 parties")
    args = ap.parse_args()
    cases = [(3, "random", 6), (3, "opposed", 6), (4, "random", 6), (4, "opposed", 6),
             (5, "random", 6), (6, "random", 6)]  # fmt: skip
    if args.big:
        cases.append((4, "random", 12))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at start: {load:.1f}; min / median / max of {args.repeat} runs")
    print(f"{'game':<30} {'points':>7}  {'merges alone':>26}  {'frontier before':>26}  "
          f"{'frontier now':>26}  {'ratio':>5}")  # fmt: skip
    for n_parties, kind, n_issues in cases:
        game = (generated if kind == "random" else opposed)(n_parties, n_issues)
        blocks = blocks_of(game)
        runs: dict[str, list[float]] = {"merge": [], "before": [], "now": []}
        fronts = {}
        for _ in range(args.repeat):
            t = time.perf_counter()
            minkowski_front(blocks)
            runs["merge"].append(time.perf_counter() - t)
            for name in ("before", "now"):
                if name == "before":
                    front_module.near_antichain_mask = _plain  # type: ignore[assignment]
                try:
                    t = time.perf_counter()
                    fronts[name] = frontier(game, method="additive")
                    runs[name].append(time.perf_counter() - t)
                finally:
                    front_module.near_antichain_mask = _near
        a, b = fronts["before"], fronts["now"]
        assert np.array_equal(a.codes, b.codes) and np.array_equal(a.ties, b.ties), "differ"
        assert np.array_equal(a.utilities, b.utilities), "utilities differ"
        ratio = float(np.median(runs["before"]) / np.median(runs["now"]))
        label = f"{n_parties} parties, {kind}, 10^{n_issues}"
        print(f"{label:<30} {len(b):>7,}  {spread(runs['merge']):>26}  "
              f"{spread(runs['before']):>26}  {spread(runs['now']):>26}  {ratio:>4.1f}x",
              flush=True)  # fmt: skip
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at end: {load:.1f}")


_near = front_module.near_antichain_mask

if __name__ == "__main__":
    main()
