"""The integer-programming frontier, side by side with enumeration (not collected by pytest).

    python benchmarks/bench_frontier_milp.py          # ANAC 2014 domains (10^10 outcomes each)
    python benchmarks/bench_frontier_milp.py side     # generated non-additive games, both methods

The ANAC 2014 domains are read from ``../shared/reference`` beside the checkout. Generated games
use box-shaped package terms whose clip to [0, 1] binds, so the issue-by-issue method does not
apply; enumeration and integer programming must return the same frontier, and the ratio of their
CPU times is printed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

from zopa.frontier import frontier
from zopa.frontier.milp import milp_front
from zopa.game import Factor, Game
from zopa.io import load_genius

GENIUS = Path(__file__).resolve().parents[1].parent / "shared/reference/negotiation-domains/genius"
ANAC = (
    "anac2014-10issues",
    "anac2014-10issuesDiscounted",
    "anac2014-10issuesDiscountedwithRV",
    "anac2014-10issueswithRV",
    "other-S-1NIKFRT-1",
)
T = TypeVar("T")


def best(f: Callable[[], T], n: int = 3) -> tuple[float, T]:
    times, out = [], None
    for _ in range(n):
        t = time.process_time()
        out = f()
        times.append(time.process_time() - t)
    assert out is not None
    return min(times), out


def box_game(k: int, seed: int, parties: int = 2) -> Game:
    rng = np.random.default_rng(seed)
    terms = []
    for p in range(parties):
        for _ in range(4 * k):
            n_ax = int(rng.integers(1, min(k, 4) + 1))
            axes = tuple(sorted(int(a) for a in rng.choice(k, n_ax, replace=False)))
            table = np.array(float(rng.integers(1, 30)))
            for _a in axes:
                lo = int(rng.integers(0, 10))
                hi = int(rng.integers(lo, 10))
                table = np.multiply.outer(table, (np.arange(10) >= lo) & (np.arange(10) <= hi))
            terms.append(Factor(p, axes, table.astype(float)))
    raw_max = [sum(float(f.table.max()) for f in terms if f.party == p) for p in range(parties)]
    return Game.from_arrays(
        tables=[np.zeros((parties, 10)) for _ in range(k)],
        reservations=np.zeros(parties),
        party_ids=[f"p{i}" for i in range(parties)],
        issue_ids=[f"i{j}" for j in range(k)],
        values=[[str(v) for v in range(10)]] * k,
        terms=terms,
        scale=np.array(raw_max) * 0.8,  # the clip binds
    )


def main() -> None:
    if "side" in sys.argv:
        for k, parties in [(4, 2), (5, 2), (6, 2), (4, 3), (5, 3)]:
            g = box_game(k, 1, parties)
            tm, fm = best(lambda g=g: frontier(g, method="milp"), 1)
            te, fe = best(lambda g=g: frontier(g, method="enumerate"), 1)
            same = np.array_equal(fm.codes, fe.codes) and np.allclose(fm.utilities, fe.utilities)
            print(
                f"{parties} parties, 10^{k} outcomes: {len(fe)} frontier points; milp {tm:.3f} s, "
                f"enumerate {te:.3f} s, enumerate/milp {te / tm:.2f}; same frontier: {same}"
                + ("; the search stopped at its budget" if fm.budget else "")
            )
        return
    if not GENIUS.is_dir():
        print(f"reference domains not found at {GENIUS}")
        return
    for name in ANAC:
        g = load_genius(GENIUS / name).to_scenario().compile()
        t, f = best(lambda g=g: frontier(g))
        r = milp_front(g.restrict(g.signatories))
        print(f"{name}: {f.method}, {len(f)} points, {r.solves} programmes, {t:.3f} s CPU")


if __name__ == "__main__":
    main()
