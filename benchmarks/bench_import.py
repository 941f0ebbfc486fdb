"""Importing the reference negotiation domains, and scoring the largest one.

Times, in one run: reading all 150 GENIUS domains into scenarios and compiling them, the 66
NegoLog domains likewise, and the full utility matrix of AMPOvsCity (1,944,000 outcomes) by the
compiled game against zopa's own importer evaluating one outcome at a time
(``zopa.io.genius.GeniusDomain.utilities`` called per outcome, extrapolated from a sample); prints
the ratio. Both sides are zopa's code: the ratio measures broadcasting against an outcome-by-
outcome loop in the same library, not zopa against another tool (bench_frontier.py and
bench_negotiate.py compare with NegMAS).

    python benchmarks/bench_import.py [path/to/shared/reference]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from zopa.io import import_negolog, load_genius

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


def _best(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    root = (Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT) / "negotiation-domains"
    if not root.is_dir():
        sys.exit(f"reference data not found at {root}")
    genius = sorted(p for p in (root / "genius").iterdir() if p.is_dir())
    negolog = sorted(p for p in (root / "negolog").iterdir() if p.is_dir())

    t = _best(lambda: [load_genius(d).to_scenario().compile() for d in genius])
    print(
        f"GENIUS: {len(genius)} domains read, converted and compiled in {t:.2f} s "
        f"({t / len(genius) * 1e3:.1f} ms each)"
    )
    t = _best(lambda: [import_negolog(d).compile() for d in negolog])
    print(f"NegoLog: {len(negolog)} domains in {t:.2f} s ({t / len(negolog) * 1e3:.1f} ms each)")

    domain = load_genius(root / "genius" / "other-AMPOvsCity")
    scenario = domain.to_scenario()

    def full() -> None:
        scenario.compile().utilities()

    t_full = _best(full)
    game = scenario.compile()
    n = game.n_outcomes
    sample = np.random.default_rng(0).choice(n, 2000, replace=False)
    idx = game.indices(sample)
    t0 = time.perf_counter()
    for row in idx:
        domain.utilities(row[None, :])
    per = (time.perf_counter() - t0) / len(sample)
    print(
        f"AMPOvsCity: {n:,} outcomes x {game.n_parties} parties, compile + utilities "
        f"{t_full * 1e3:.0f} ms; zopa's own importer one outcome at a time "
        f"{per * 1e6:.0f} us/outcome -> {per * n:.1f} s; broadcast is {per * n / t_full:,.0f}x "
        "faster (zopa against zopa, not another tool)"
    )


if __name__ == "__main__":
    main()
