"""Compile + evaluate every outcome of minerals-2025 (734,832 outcomes x 4 parties).

Compares, in one run, the broadcast evaluation against zopa's own exact diagnosis
(``zopa.diagnose``) run one outcome at a time on a sample, and prints the ratio. Both sides are
zopa's code: the ratio measures broadcasting against an outcome-by-outcome loop in the same
library, not zopa against another tool (bench_frontier.py and bench_negotiate.py compare with
NegMAS).

    python benchmarks/bench_core.py
"""

from __future__ import annotations

import time

import numpy as np

from zopa.diagnose import diagnose
from zopa.model import load_scenario


def main() -> None:
    scenario = load_scenario("minerals-2025")
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        game = scenario.compile()
        game.utilities()
        game.acceptable()
        runs.append(time.perf_counter() - t0)
    best = min(runs)
    n = game.n_outcomes
    print(f"minerals-2025: {n:,} outcomes x {game.n_parties} parties")
    print(
        f"compile + utilities + acceptability masks: best {best * 1e3:.1f} ms of 5 runs "
        f"({n / best / 1e6:.1f} M outcomes/s)"
    )
    sample = np.random.default_rng(0).choice(n, 2000, replace=False)
    t0 = time.perf_counter()
    for code in sample:
        diagnose(scenario, game.decode(int(code)))
    per = (time.perf_counter() - t0) / len(sample)
    print(
        f"zopa's own exact diagnosis, one outcome at a time: {per * 1e6:.0f} us/outcome "
        f"-> {per * n:.1f} s for the space; broadcast is {per * n / best:,.0f}x faster "
        "(zopa against zopa, not another tool)"
    )


if __name__ == "__main__":
    main()
