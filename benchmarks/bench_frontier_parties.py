"""Issue-by-issue frontier for three to six parties: each merge's dominance filter as before
(numpy skyline of the materialised sums) and now (compiled search of the sums' copies).

    python benchmarks/bench_frontier_parties.py [--repeat R] [--big] [--no-first]

For generated additive games of 10^6 outcomes (random and opposed preferences, the generators of
``bench_frontier.py``) and, with ``--big``, 10^12 outcomes for four parties, the whole frontier
(``frontier(game, method="additive")``) is computed in the same run

* before: every merge takes :func:`zopa.kernels.skyline.skyline_mask` of all its sums (the
  numpy path, which merges still take in a process that has not loaded the compiled loops), and
* now: every merge of three or more parties takes the compiled search
  (:func:`zopa.kernels.pareto_sum.pareto_sum_mask` with the compiled loops loaded),

``--repeat`` times each, alternating, and prints min/median/max of the wall time and of the CPU
time of this process, and the ratio of the median CPU times. Checks that both give the same
outcome codes, tie counts and utilities. The compiled loops are loaded before the timings; what
loading them costs a fresh process (compiling them, the first time after an install, and reading
them from numba's cache after that) is measured in subprocesses first and printed on its own
(``--no-first`` skips that).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bench_frontier import generated, opposed
from zopa.frontier import frontier
from zopa.kernels import pareto_sum

_FIRST = """
import json, time
c = time.process_time(); w = time.perf_counter()
import numpy as np
from zopa.kernels import pareto_sum
pareto_sum.COMPILED_MIN = 0
pareto_sum.pareto_sum_mask(np.eye(3), np.eye(3), 0.0)
print(json.dumps([time.process_time() - c, time.perf_counter() - w]))
"""


def first_call(cache: str) -> tuple[float, float]:
    """CPU and wall seconds of loading the compiled loops in a fresh process (numba's import
    included) with numba's cache in ``cache``."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    out = subprocess.run(
        [sys.executable, "-c", _FIRST], capture_output=True, text=True, check=True, env=env
    )
    cpu, wall = json.loads(out.stdout)
    return float(cpu), float(wall)


def spread(times: list[float]) -> str:
    return " / ".join(fmt(t) for t in (min(times), float(np.median(times)), max(times)))


def fmt(seconds: float) -> str:
    return f"{seconds * 1e3:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each method (min/median/max)")
    ap.add_argument("--big", action="store_true", help="also 10^12 outcomes, 4 parties")
    ap.add_argument("--no-first", action="store_true", help="skip the first-call measurement")
    args = ap.parse_args()
    cases = [(3, "random", 6), (3, "opposed", 6), (4, "random", 6), (4, "opposed", 6),
             (5, "random", 6), (6, "random", 6)]  # fmt: skip
    if args.big:
        cases.append((4, "random", 12))
    print(f"load average (1, 5, 15 min) at start: {load()} on {os.cpu_count()} CPUs")
    if not args.no_first:
        with tempfile.TemporaryDirectory() as cache:
            cold, warm = first_call(cache), first_call(cache)
        print(
            f"loading the compiled loops in a fresh process: {cold[0]:.2f} s CPU ({cold[1]:.2f} s "
            f"wall) the first time (compiling), {warm[0]:.2f} s CPU ({warm[1]:.2f} s wall) from "
            "numba's cache; once per process, not in the times below"
        )
    jit = pareto_sum._compiled()
    pareto_sum.pareto_sum_mask(np.eye(3), np.eye(3), 0.0)  # read from numba's cache
    print(f"min / median / max of {args.repeat} runs, alternating; ratio of the median CPU times")
    print(f"{'game':<26} {'points':>7}  {'before: wall':>24} {'CPU':>24}  "
          f"{'now: wall':>24} {'CPU':>24} {'ratio':>6}")  # fmt: skip
    for n_parties, kind, n_issues in cases:
        game = (generated if kind == "random" else opposed)(n_parties, n_issues)
        wall: dict[str, list[float]] = {"before": [], "now": []}
        cpu: dict[str, list[float]] = {"before": [], "now": []}
        fronts = {}
        for _ in range(args.repeat):
            for name in ("before", "now"):
                pareto_sum._jit, pareto_sum.COMPILED_MIN = (
                    (None, 1 << 62) if name == "before" else (jit, 0)
                )
                try:
                    w, c = time.perf_counter(), time.process_time()
                    fronts[name] = frontier(game, method="additive")
                    cpu[name].append(time.process_time() - c)
                    wall[name].append(time.perf_counter() - w)
                finally:
                    pareto_sum._jit, pareto_sum.COMPILED_MIN = jit, pareto_sum_min
        a, b = fronts["before"], fronts["now"]
        assert np.array_equal(a.codes, b.codes) and np.array_equal(a.ties, b.ties), "differ"
        assert np.array_equal(a.utilities, b.utilities), "utilities differ"
        ratio = float(np.median(cpu["before"]) / np.median(cpu["now"]))
        label = f"{n_parties} parties, {kind}, 10^{n_issues}"
        before = f"{spread(wall['before']):>24} {spread(cpu['before']):>24}"
        now = f"{spread(wall['now']):>24} {spread(cpu['now']):>24}"
        print(f"{label:<26} {len(b):>7,}  {before}  {now} {ratio:>5.0f}x", flush=True)
    print(f"load average at end: {load()}")


pareto_sum_min = pareto_sum.COMPILED_MIN

if __name__ == "__main__":
    main()
