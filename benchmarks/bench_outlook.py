"""``zopa outlook minerals-2025 --draws 10000`` against the loop of per-draw point analyses.

The outlook draws every judgement for a chunk of draws at once and evaluates the candidate
packages of all draws together. The equivalent loop compiles each drawn game, computes its
exact Pareto frontier and applies each bargaining solution, one draw at a time; it is timed on
a sample of draws and scaled to the same number. Both are printed side by side with the ratio,
in wall-clock and CPU seconds (the CPU time is the fairer figure on a shared machine).

    python benchmarks/bench_outlook.py [--draws N]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from zopa.compiler import compile_scenario
from zopa.frontier import frontier
from zopa.frontier.solutions import solve_all
from zopa.model import load_scenario
from zopa.model import values as vf
from zopa.outlook import outlook


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--loop-sample", type=int, default=200)
    args = parser.parse_args()
    scenario = load_scenario("minerals-2025")
    wall, cpu = time.perf_counter(), time.process_time()
    result = outlook(scenario, draws=args.draws, seed=0)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"outlook minerals-2025, {args.draws} draws: {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"(P(deal) = {result.p_deal:.3f}; {result.candidates} candidates, {result.method})"
    )
    rng = np.random.default_rng(0)
    n = args.loop_sample
    lw, lc = time.perf_counter(), time.process_time()
    for _ in range(n):
        game = compile_scenario(scenario, vf.sampler(rng))
        solve_all(game, front=frontier(game))
    lw, lc = time.perf_counter() - lw, time.process_time() - lc
    scale = args.draws / n
    print(
        f"loop of per-draw point analyses (compile, exact frontier, every solution), timed on "
        f"{n} draws and scaled to {args.draws}: {lw * scale:.2f} s wall, {lc * scale:.2f} s CPU"
    )
    print(f"ratio (loop / outlook): {lw * scale / wall:.1f}x wall, {lc * scale / cpu:.1f}x CPU")


if __name__ == "__main__":
    main()
