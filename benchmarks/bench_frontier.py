"""Pareto frontier, ZOPA and bargaining solutions: zopa beside NegMAS 0.16, on the same tables.

    python benchmarks/bench_frontier.py [--quick] [--repeat R] [--no-real] [--no-big] [--kernel]
        [--no-kernel] [--no-stats] [--min-issues N] [--max-issues N] [--parties P ...]
        [--kinds K ...]

0. The dominance filter after each issue merge, before (the numpy skyline of every sum, what
   a merge still takes in a process that has not loaded the compiled loops) and now (the
   compiled search of :mod:`zopa.kernels.pareto_sum`): the frontier of generated games at 10^6
   outcomes (3 and 4 parties with random and opposed preferences, 5 with random ones), both in
   the same run; CPU seconds, min/median/max of ``--repeat`` runs each, and the ratio of the
   medians. Checks that both give the same outcome codes and tie counts. ``--kernel`` runs only
   this section. ``bench_frontier_parties.py`` does the same for up to six parties.

1. Generated scenarios (10^4, 10^5, 10^6 outcomes; 2, 3 and 4 parties; additive utilities,
   seeded), two kinds: random weights and values (small frontiers), and opposed preferences
   (each issue's options split a fixed total between the parties: large frontiers). Pareto
   frontier + Nash point: zopa issue by issue (``method="additive"``, the default for such
   games) and by enumeration (``method="enumerate"``, the plain skyline over every outcome)
   beside NegMAS ``pareto_frontier`` + ``nash_points`` on the same utility tables. Checks that
   both return the same set of frontier utility vectors and the same Nash utilities; prints the
   frontier size and the ratio of the median times.
2. Every statistic at 10^5 outcomes: zopa's frontier, ZOPA count and all solutions beside NegMAS
   ``calc_scenario_stats``. That call also computes an opposition level, which zopa does not;
   ``opposition_level`` is timed on its own in the same run, and the ratio is given both for the
   whole call and for the call less the opposition level (the same work as zopa's).
3. The large GENIUS reference domains (Travel 188,160; Energy 390,625; AMPOvsCity 1,944,000
   outcomes), imported with ``zopa.io.genius``, compared the same way.
4. 10^7 outcomes for 2 parties: each zopa method in a fresh process, with its peak memory.

Every tool gets the same ``--repeat`` runs of each measurement; times are CPU seconds of this
process (both tools compute on one core here), printed as min/median/max, and ratios are of the
medians. zopa's compiled merge loops are loaded first, and
what that took (once per process) is printed on its own line. NegMAS is an optional extra
(``pip install 'negmas==0.16.*'`` or ``pip install -e '.[bench]'``, in an environment that also
has zopa). Without it (or for the opposed 10^6 games of 3 and 4 parties, which take NegMAS about
16 s and 107 s of CPU per run and ``--quick`` skips) NegMAS times from an earlier run are
printed, marked "quoted, not measured here", with no ratio. To measure those two side by side
without the rest, select them: ``--no-kernel --no-stats --no-real --no-big --kinds opposed
--parties 3 4 --min-issues 6`` (every selected game runs both tools the same ``--repeat``
times; ``--min-issues`` and ``--max-issues`` bound the generated games at 10^N outcomes).
NegMAS measures Nash gains from max(reservation, minimum utility); the comparison gives zopa the
same disagreement point.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zopa.frontier import frontier, solve, solve_all, zopa
from zopa.game import TOL, Game

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "negotiation-domains"
REAL = {
    "Travel": "genius/anac2010-Travel",
    "Energy": "genius/anac2011-Energy",
    "AMPOvsCity": "genius/other-AMPOvsCity",
}
# NegMAS 0.16 on this kind of machine in an earlier run, seconds per run (min-max of 3), by
# (parties, outcomes, kind): printed only where NegMAS is not run, marked as quoted, no ratio.
# The opposed 10^6 figures are CPU seconds of the run docs/frontier.md gives (``--min-issues 6``).
QUOTED = {
    (2, 10**6, "random"): "6.4-14",
    (3, 10**6, "opposed"): "15.7-16.1",
    (4, 10**6, "random"): "13-15",
    (4, 10**6, "opposed"): "107-107",
}


def generated(n_parties: int, n_issues: int, seed: int = 0) -> Game:
    """10 options per issue; each party's values span [0, 1] with random issue weights."""
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    weights = rng.dirichlet(np.ones(n_issues), size=n_parties)
    tables = []
    for k in range(n_issues):
        v = rng.random((n_parties, 10))
        v = (v - v.min(axis=1, keepdims=True)) / np.ptp(v, axis=1, keepdims=True)
        tables.append(weights[:, [k]] * v)
    return Game.from_arrays(
        tables=tables,
        reservations=np.zeros(n_parties),
        party_ids=[f"p{i}" for i in range(n_parties)],
        issue_ids=[f"i{k}" for k in range(n_issues)],
        values=[[f"v{j}" for j in range(10)] for _ in range(n_issues)],
    )


def opposed(n_parties: int, n_issues: int, seed: int = 0) -> Game:
    """Like :func:`generated`, but each issue's options split a fixed total between the parties
    (Dirichlet shares), so what one party gains the others lose: large frontiers."""
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    weights = rng.dirichlet(np.ones(n_issues), size=n_parties)
    tables = []
    for k in range(n_issues):
        v = rng.dirichlet(np.ones(n_parties), size=10).T
        v = (v - v.min(axis=1, keepdims=True)) / np.ptp(v, axis=1, keepdims=True)
        tables.append(weights[:, [k]] * v)
    return Game.from_arrays(
        tables=tables,
        reservations=np.zeros(n_parties),
        party_ids=[f"p{i}" for i in range(n_parties)],
        issue_ids=[f"i{k}" for k in range(n_issues)],
        values=[[f"v{j}" for j in range(10)] for _ in range(n_issues)],
    )


def spread(times: list[float]) -> str:
    return "/".join(fmt(t).strip() for t in (min(times), float(np.median(times)), max(times)))


def section_kernel(repeat: int) -> None:
    from zopa.kernels import pareto_sum

    print(
        "\n0. Frontier (issue by issue), each merge's dominance filter before (numpy skyline of"
        " the materialised sums) and now (compiled search), 10^6 outcomes; CPU seconds,"
        f" min/median/max of {repeat} runs"
    )
    print(f"{'scenario':<24} {'points':>7} {'before':>30} {'now':>30} {'ratio':>7}")
    jit, least = pareto_sum._compiled(), pareto_sum.COMPILED_MIN
    cases = [(3, "random"), (3, "opposed"), (4, "random"), (4, "opposed"), (5, "random")]
    for n_parties, kind in cases:
        game = (generated if kind == "random" else opposed)(n_parties, 6)
        runs: dict[str, list[float]] = {"old": [], "new": []}
        fronts = {}
        for _ in range(repeat):
            for name in ("old", "new"):
                pareto_sum._jit, pareto_sum.COMPILED_MIN = (
                    (None, 1 << 62) if name == "old" else (jit, 0)
                )
                try:
                    t = time.process_time()
                    fronts[name] = frontier(game, method="additive")
                    runs[name].append(time.process_time() - t)
                finally:
                    pareto_sum._jit, pareto_sum.COMPILED_MIN = jit, least
        a, b = fronts["old"], fronts["new"]
        assert np.array_equal(a.codes, b.codes) and np.array_equal(a.ties, b.ties), "differ"
        ratio = float(np.median(runs["old"]) / np.median(runs["new"]))
        label = f"{n_parties} parties, {kind}"
        print(
            f"{label:<24} {len(b):>7,} {spread(runs['old']):>30} {spread(runs['new']):>30}"
            f" {ratio:>6.1f}x",
            flush=True,
        )


def load_compiled() -> None:
    """Load the compiled merge loops before any timing, and say what that took."""
    from zopa.kernels import pareto_sum

    t, c = time.perf_counter(), time.process_time()
    pareto_sum._compiled()
    pareto_sum.pareto_sum_mask(np.eye(3), np.eye(3), 0.0)
    print(
        f"compiled merge loops loaded in {time.process_time() - c:.2f} s CPU"
        f" ({time.perf_counter() - t:.2f} s wall), once per process, not in the times below"
    )


def with_negmas_disagreement(game: Game) -> Game:
    """The game with reservations raised to each party's minimum utility, as NegMAS uses."""
    low = sum(t.min(axis=1) for t in game.tables) / game.scale
    return Game.from_arrays(
        tables=game.tables,
        reservations=np.maximum(game.reservations, low),
        party_ids=game.party_ids,
        issue_ids=game.issue_ids,
        values=game.values,
        scale=game.scale,
    )


def runs_of(repeat: int, fn: Any) -> tuple[list[float], Any]:
    """CPU seconds of this process in ``repeat`` runs of ``fn``, and its last result. Both tools
    run in this process on one core; on a shared machine their wall times mostly measure the
    load."""
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return times, out


def med(times: list[float]) -> float:
    return float(np.median(times))


def zopa_frontier_nash(game: Game, method: str) -> tuple[set[tuple[float, ...]], np.ndarray]:
    front = frontier(game, method=method)  # type: ignore[arg-type]
    deal = solve(game, "nash", front=front)
    inside = front.in_zopa()
    points = {tuple(np.rint(inside.utilities[:, j] / TOL)) for j in range(len(inside))}
    assert deal is not None
    return points, np.array([deal.utilities[p] for p in game.party_ids])


def negmas_frontier_nash(game: Game) -> tuple[set[tuple[float, ...]], np.ndarray]:
    from negmas.preferences import nash_points, pareto_frontier

    from negmas_bridge import negmas_scenario

    space, ufuns = negmas_scenario(game)
    utils, _ = pareto_frontier(ufuns, issues=space.issues)
    nash = nash_points(ufuns, utils, outcome_space=space)
    points = {tuple(np.rint(np.array(u) / TOL)) for u in utils}
    return points, np.array(nash[0][0])


def same_frontier(ours: set[tuple[float, ...]], theirs: set[tuple[float, ...]]) -> str:
    """ "yes", or how NegMAS's point set differs (on zopa's 1e-9 comparison grid)."""
    if ours == theirs:
        return "yes"
    missing = ours - theirs
    mine = np.array(sorted(ours))
    extra = [
        e for e in theirs - ours
        if not np.any(np.all(mine >= e, axis=1) & np.any(mine > e, axis=1))
    ]  # fmt: skip
    if missing or extra:
        return f"NO: {len(missing)} zopa points missing, {len(extra)} NegMAS points undominated"
    return (
        f"yes + {len(theirs - ours)} NegMAS points dominated within float rounding "
        "(exact comparison)"
    )


def have_negmas() -> bool:
    try:
        import negmas  # noqa: F401
    except ImportError:
        return False
    return True


def fmt(seconds: float) -> str:
    return f"{seconds * 1e3:8.1f} ms" if seconds < 1 else f"{seconds:8.2f} s "


def compare(label: str, game: Game, repeat: int, negmas: bool, quoted: str | None) -> None:
    t_add, (pts, nash) = runs_of(repeat, lambda: zopa_frontier_nash(game, "additive"))
    t_enum, (pts_e, nash_e) = runs_of(repeat, lambda: zopa_frontier_nash(game, "enumerate"))
    assert pts == pts_e and np.array_equal(nash, nash_e), "zopa's two methods disagree"
    row = f"{label:<30} {len(pts):>7,} {spread(t_add):>26} {spread(t_enum):>26}"
    if negmas:
        t_neg, (n_pts, n_nash) = runs_of(repeat, lambda: negmas_frontier_nash(game))
        same = same_frontier(pts, n_pts)
        same_nash = "yes" if np.allclose(n_nash, nash, atol=1e-9) else f"NO {n_nash} vs {nash}"
        row += (
            f" {spread(t_neg):>26} {med(t_neg) / med(t_add):8.0f}x {med(t_neg) / med(t_enum):7.0f}x"
        )
        row += f"  {same}, Nash {same_nash}"
    elif quoted:
        row += f" {quoted + ' s quoted, not measured here':>43}"
    print(row, flush=True)


def header(negmas: bool) -> None:
    cols = f"{'scenario':<30} {'points':>7} {'zopa min/med/max':>26} {'zopa enum':>26}"
    if negmas:
        cols += f" {'NegMAS':>26} {'vs zopa':>9} {'vs enum':>8}  same frontier / Nash"
    else:
        cols += f" {'NegMAS':>43}"
    print(cols)


def section_generated(
    repeat: int,
    negmas: bool,
    quick: bool,
    max_issues: int = 6,
    min_issues: int = 4,
    parties: tuple[int, ...] = (2, 3, 4),
    kinds: tuple[str, ...] = ("random", "opposed"),
) -> None:
    print(
        f"\n1. Pareto frontier + Nash point, generated additive scenarios (seed 0); CPU seconds,"
        f" min/median/max of {repeat} runs each, ratios of medians"
    )
    header(negmas)
    for kind, make in (("random", generated), ("opposed", opposed)):
        if kind not in kinds:
            continue
        for n_parties in parties:
            for n_issues in range(min_issues, max_issues + 1):
                game = make(n_parties, n_issues)
                slow = quick and kind == "opposed" and n_parties > 2 and n_issues == 6
                label = f"{n_parties} parties, {kind}, {game.n_outcomes:,}"
                key = (n_parties, 10**n_issues, kind)
                compare(label, game, repeat, negmas and not slow, QUOTED.get(key))


def section_stats(repeat: int, negmas: bool) -> None:
    print(
        "\n2. Every statistic at 10^5 outcomes (frontier, ZOPA size, all solutions);"
        f" min/median/max of {repeat} runs each"
    )
    for n_parties in (2, 3, 4):
        game = generated(n_parties, 5)

        def everything(g: Game = game) -> int:
            front = frontier(g)
            zopa(g, front)
            solve_all(g, front=front)
            return len(front)

        t, n = runs_of(repeat, everything)
        row = f"{n_parties} parties, {game.n_outcomes:,}: zopa {spread(t)} ({n} frontier points)"
        if negmas and n_parties == 2:
            from negmas.preferences.ops import calc_scenario_stats, opposition_level

            from negmas_bridge import negmas_scenario

            _, ufuns = negmas_scenario(game)
            t_all, _ = runs_of(repeat, lambda u=ufuns: calc_scenario_stats(u))

            def opposition(u: list[Any] = ufuns) -> float:
                top = tuple(f.minmax()[1] for f in u)
                space = u[0].outcome_space
                outcomes = list(space.enumerate_or_sample(max_cardinality=float("inf")))
                return float(opposition_level(u, max_utils=top, outcomes=outcomes))

            t_opp, _ = runs_of(repeat, opposition)
            rest = max(med(t_all) - med(t_opp), 0.0)
            row += (
                f"\n   NegMAS calc_scenario_stats {spread(t_all)} -> {med(t_all) / med(t):.0f}x;"
                f" of which opposition_level {spread(t_opp)};"
                f" the same work as zopa's (median less opposition) {fmt(rest).strip()}"
                f" -> {rest / med(t):.0f}x"
            )
        print(row, flush=True)


def section_real(repeat: int, negmas: bool) -> None:
    from zopa.io import load_genius

    print("\n3. Large GENIUS reference domains (Pareto frontier + Nash point)")
    if not REFERENCE.is_dir():
        print(f"   reference data not found at {REFERENCE}; skipped")
        return
    header(negmas)
    for name, folder in REAL.items():
        game = with_negmas_disagreement(load_genius(REFERENCE / folder).to_scenario().compile())
        compare(f"{name}, {game.n_outcomes:,}", game, repeat, negmas, None)


def big_worker(method: str) -> None:
    """Run in a fresh process: 10^7 outcomes, 2 parties; print time, points and peak memory."""
    game = generated(2, 7)
    t = time.perf_counter()
    front = frontier(game, method=method)  # type: ignore[arg-type]
    deal = solve(game, "nash", front=front)
    seconds = time.perf_counter() - t
    peak = peak_mib()
    assert deal is not None
    print(json.dumps({"seconds": seconds, "points": len(front), "peak_mib": peak}))


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's
    footprint from before exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def section_big() -> None:
    print("\n4. 10^7 outcomes, 2 parties (fresh process each; peak resident memory)")
    for method in ("additive", "enumerate"):
        out = subprocess.run(
            [sys.executable, __file__, "--big-worker", method],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout)
        print(
            f"   {method:<10} {fmt(r['seconds'])}  {r['points']} frontier points, "
            f"peak {r['peak_mib']:,.0f} MiB (budget 4,096 MiB)",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of every timing, for each tool")
    ap.add_argument("--quick", action="store_true", help="skip NegMAS at 10^6, 3-4 opposed parties")
    ap.add_argument("--no-real", action="store_true", help="skip the GENIUS domains")
    ap.add_argument("--no-big", action="store_true", help="skip the 10^7-outcome runs")
    ap.add_argument("--kernel", action="store_true", help="only the previous-vs-current filter")
    ap.add_argument("--min-issues", type=int, default=4, help="smallest generated game: 10^N")
    ap.add_argument("--max-issues", type=int, default=6, help="largest generated game: 10^N")
    ap.add_argument("--no-kernel", action="store_true", help="skip the filter comparison (0)")
    ap.add_argument("--no-stats", action="store_true", help="skip every statistic (2)")
    ap.add_argument("--parties", type=int, nargs="+", default=[2, 3, 4], help="generated (1)")
    ap.add_argument("--kinds", nargs="+", default=["random", "opposed"], help="generated (1)")
    ap.add_argument("--big-worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.big_worker:
        big_worker(args.big_worker)
        return
    load_compiled()
    if not args.no_kernel:
        section_kernel(args.repeat)
    if args.kernel:
        return
    negmas = have_negmas()
    print("NegMAS importable: " + ("yes, measured side by side" if negmas else "no (quoted)"))
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    section_generated(
        args.repeat,
        negmas,
        args.quick,
        args.max_issues,
        args.min_issues,
        tuple(args.parties),
        tuple(args.kinds),
    )
    if not args.no_stats:
        section_stats(args.repeat, negmas)
    if not args.no_real:
        section_real(args.repeat, negmas)
    if not args.no_big:
        section_big()
    print(f"load average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
