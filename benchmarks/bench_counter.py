"""Counter-proposal searches: enumeration against integer programming, side by side.

1. minerals-2025 (734,832 outcomes): every search by both engines, with the answers compared
   (same issues changed, distance and utilities) and the time ratio.
2. Generated 2-signatory games of 10^4 … 10^6 outcomes (with red lines and package terms): the
   ``changes`` counter list by both engines.
3. Beyond enumeration (10^9 and 10^12 outcomes): integer programming alone.
4. The values an essential range issue takes on a fine grid (minerals-2025 with the revenue
   share on a 0.25 grid, from a draft asking 100%): the witness search of
   ``zopa.counter.milp.values_taken`` against one integer programme per grid value, with the
   number of programmes solved and the time ratio.
5. Robustness: 200 Monte Carlo draws for the counters of minerals-2025.

    python benchmarks/bench_counter.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from zopa.counter import counter_proposals, exhaustive, milp
from zopa.counter.distance import distance_of
from zopa.counter.problem import CounterProblem
from zopa.counter.robust import robustness
from zopa.game import Factor, Game
from zopa.model import load_scenario, scenario_from_text


def best_of(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def keys(problem: CounterProblem, codes: list[int]) -> list[tuple[int, float]]:
    """(issues changed, distance) of each package: the ranking key, which ties can share."""
    idx = problem.game.indices(codes)
    dist = distance_of(problem.distance_tables, idx) if len(codes) else []
    return [(problem.changed_mask(i), round(float(d), 9)) for i, d in zip(idx, dist, strict=True)]


def compare(label: str, problem: CounterProblem, rank: str, top: int = 3) -> None:
    exhaustive.candidates.cache_clear()

    def enum() -> list[int]:
        exhaustive.candidates.cache_clear()
        return exhaustive.counters(problem, rank, top)

    te, a = best_of(enum)
    tm, b = best_of(lambda: milp.counters(problem, rank, top))
    same = "same" if keys(problem, a) == keys(problem, b) else "DIFFERENT"
    print(
        f"{label:<34} {rank:<9} enumerate {te * 1e3:8.1f} ms   milp {tm * 1e3:8.1f} ms   "
        f"milp/enumerate {tm / te:6.2f}   answers {same}"
    )


def generated(n_issues: int, values: int, seed: int = 0) -> Game:
    rng = np.random.default_rng(seed)
    shape = [values] * n_issues
    tables = [rng.random((3, values)) / n_issues for _ in shape]
    constraints = [
        Factor(1, (0, 1), rng.random((values, values)) < 0.7),
        Factor(0, (2, 3), rng.random((values, values)) < 0.8),
    ]
    terms = [Factor(0, (1, 2), rng.random((values, values)) * 0.05)]
    return Game.from_arrays(
        tables=tables,
        reservations=[0.5, 0.55, 0.3],
        party_ids=["a", "b", "c"],
        issue_ids=[f"i{k}" for k in range(n_issues)],
        values=[[f"o{j}" for j in range(values)] for _ in shape],
        signatory=[True, True, False],
        constraints=constraints,
        terms=terms,
    )


def main() -> None:
    scenario = load_scenario("minerals-2025")
    game = scenario.compile()
    terms = scenario.proposals["us-draft-2025-02-12"].terms
    base = game.indices([game.encode(terms)])[0]
    ordered = [scenario.issues[i].is_ordered for i in game.issue_ids]
    both = CounterProblem.build(game, base, game.signatories, ordered=ordered, proposer=0)
    print(f"minerals-2025: {game.n_outcomes:,} outcomes x {game.n_parties} parties")
    for rank in ("changes", "proposer", "nash"):
        compare("  counters, both signatories", both, rank)

    def enum_sets() -> Any:
        exhaustive.candidates.cache_clear()
        return exhaustive.minimal_sets(both, 20)

    te, _ = best_of(enum_sets)
    tm, _ = best_of(lambda: milp.minimal_sets(both, 20))
    print(f"  minimal concession sets: enumerate {te * 1e3:.1f} ms, milp {tm * 1e3:.1f} ms")
    print()
    print("generated games (2 signatories + 1 stakeholder, red lines and a package term)")
    for n_issues, values in ((4, 10), (5, 10), (6, 10)):
        g = generated(n_issues, values)
        problem = CounterProblem.build(g, [0] * n_issues, [0, 1], proposer=0)
        compare(f"  {g.n_outcomes:>9,} outcomes", problem, "changes")
    print()
    print("beyond enumeration (integer programming only)")
    for n_issues, values in ((9, 10), (12, 10)):
        g = generated(n_issues, values)
        problem = CounterProblem.build(g, [0] * n_issues, [0, 1], proposer=0)
        for rank in ("changes", "nash"):
            t, codes = best_of(lambda p=problem, r=rank: milp.counters(p, r, 3), runs=1)
            size = f"{float(g.n_outcomes):.0e}"
            print(f"  {size} outcomes  {rank:<8} {t:6.2f} s  ({len(codes)} found)")


def per_value(problem: CounterProblem, k: int) -> tuple[tuple[int, ...], int]:
    """The values issue ``k`` takes, one integer programme per grid value (the plain way)."""
    s = milp.Search(problem)
    m = s.model
    zero = np.zeros(m.n_cols)
    ok, solves = [], 0
    for v in range(problem.game.shape[k]):
        if v == problem.base[k]:
            continue
        col = int(m.x_off[k] + v)
        m.col_bounds([col], 1.0, 1.0)
        solves += 1
        if s.solve(zero) is not None:
            ok.append(v)
        m.col_bounds([col], 0.0, 1.0)
    return tuple(ok), solves


def witness(problem: CounterProblem, k: int) -> tuple[tuple[int, ...], int]:
    s = milp.Search(problem)
    counted = []
    solve = s.model.solve

    def counting(*args: Any, **kwargs: Any) -> float | None:
        counted.append(1)
        return solve(*args, **kwargs)

    s.model.solve = counting  # type: ignore[method-assign]
    return milp.values_taken(s, k, base_free=True), len(counted)


def fine_grid() -> None:
    path = Path(__file__).resolve().parents[1] / "src/zopa/scenarios/minerals-2025.yaml"
    text = path.read_text().replace("    step: 5\n", "    step: 0.25\n", 1)
    scenario = scenario_from_text(text)
    game = scenario.compile()
    terms = dict(scenario.proposals["us-draft-2025-02-12"].terms, revenue_share=100.0)
    base = game.indices([game.encode(terms)])[0]
    k = game.issue_ids.index("revenue_share")
    for margin in (0.0, 0.2, 0.25):
        raised = game.reservations.copy()
        raised[list(game.signatories)] += margin
        g = replace(game, reservations=raised)
        problem = CounterProblem.build(g, base, game.signatories)
        tw, (a, na) = best_of(lambda p=problem: witness(p, k), runs=1)
        tp, (b, nb) = best_of(lambda p=problem: per_value(p, k), runs=1)
        same = "same" if a == b else "DIFFERENT"
        print(
            f"  margin {margin:4.2f}: {game.shape[k]} share values, {len(a)} possible: witness "
            f"search {na:3d} programmes {tw:6.2f} s; one per value {nb} programmes {tp:6.2f} s; "
            f"ratio {tp / tw:6.1f}; answers {same}"
        )


def robust_cost() -> None:
    scenario = load_scenario("minerals-2025")
    game = scenario.compile()
    report = counter_proposals(scenario, "us-draft-2025-02-12", game=game, draws=0)
    codes = [game.encode(dict(p.terms)) for p in report.packages]
    t, found = best_of(lambda: robustness(scenario, game, codes, game.signatories, draws=200))
    tc, _ = best_of(lambda: counter_proposals(scenario, "us-draft-2025-02-12", game=game, draws=0))
    shares = ", ".join(f"{found[c].share:.0%}" for c in codes)
    print(
        f"  200 draws for {len(codes)} counters: {t * 1e3:.0f} ms (the search itself: "
        f"{tc * 1e3:.0f} ms; ratio {t / tc:.2f}); shares {shares}"
    )


if __name__ == "__main__":
    main()
    print()
    print("values of an essential range issue on a fine grid (integer programming)")
    fine_grid()
    print()
    print("robustness (Monte Carlo over the scenario's uncertain numbers)")
    robust_cost()
