"""The run store and chunked execution, measured side by side (not collected by pytest).

1. Recording overhead: ``zopa forecast minerals-2025 --draws 10000 --json`` in this process,
   recorded into a fresh SQLite store (scenario version, run row, every chunk checkpointed, the
   result) against the same command with ``--no-record``. Target: under 5%.
2. Throughput in this process against a Dask ``LocalCluster`` of 2 single-threaded worker
   processes: a 100,000-draw forecast Monte Carlo (the four deterministic models on seven
   actors of the BDM emission case, so every chunk can go to any worker), a 100,000-draw
   outlook and a tournament; the results are checked to be the same bytes.

    python benchmarks/bench_runs.py [--draws 10000] [--mc-draws 100000] [--repeat 3]
                                    [--only recording|throughput]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

MC_MODELS = ["compromise", "median", "nash", "challenge"]


def _cli(*args: str) -> str:
    from zopa.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(list(args))
    return out.getvalue()


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def _spread(times: list[float]) -> str:
    return f"{min(times):8.3f} {statistics.median(times):8.3f} {max(times):8.3f}"


STORE_CALLS = ("open", "start", "reopen", "plan_chunks", "save_chunk", "chunks")
RECORD_CALLS = ("_inputs", "_close")  # reading the scenario texts; the result's JSON and finish


@contextlib.contextmanager
def store_clock() -> Iterator[list[float]]:
    """Seconds spent recording: inside the store's methods (every write and read a run makes),
    reading the scenario texts, and closing the run (its JSON text and the last write)."""
    from zopa.cli import _record
    from zopa.runs.store import Store

    spent = [0.0]
    saved = {name: Store.__dict__[name] for name in STORE_CALLS}
    helpers = {name: getattr(_record, name) for name in RECORD_CALLS}

    def timed(fn: Any) -> Any:
        def inner(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return inner

    for name, fn in saved.items():
        wrapped = classmethod(timed(fn.__func__)) if isinstance(fn, classmethod) else timed(fn)
        setattr(Store, name, wrapped)
    for name, fn in helpers.items():
        setattr(_record, name, timed(fn))
    try:
        yield spent
    finally:
        for name, fn in saved.items():
            setattr(Store, name, fn)
        for name, fn in helpers.items():
            setattr(_record, name, fn)


def _timed_cli(*args: str) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = _cli(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def recording_overhead(draws: int, repeat: int) -> None:
    """Both arms in one process, interleaved (plain, recorded, plain, ...), so load that comes
    and goes hits both alike: wall-clock and CPU seconds, min, median and max, the ratio of the
    medians and minima, and the seconds spent inside the store's methods."""
    base = ["forecast", "minerals-2025", "--draws", str(draws), "--json"]
    with tempfile.TemporaryDirectory() as folder:
        store = f"sqlite:///{Path(folder) / 'runs.sqlite'}"
        _cli(*base, "--no-record")  # warm imports and caches
        _cli(*base, "--store", store)
        arms: dict[str, list[tuple[float, float]]] = {"plain": [], "recorded": []}
        in_store: list[float] = []
        seconds: list[float] = []
        load = [os.getloadavg()[0]]
        for _ in range(repeat):
            wall, cpu, a = _timed_cli(*base, "--no-record")
            arms["plain"].append((wall, cpu))
            with store_clock() as spent:
                wall, cpu, b = _timed_cli(*base, "--store", store)
            arms["recorded"].append((wall, cpu))
            in_store.append(spent[0] / wall)
            seconds.append(spent[0])
            load.append(os.getloadavg()[0])
            assert a == b, "recording changed the output"
    print(f"recording a {draws:,}-draw forecast, {repeat} runs of each, interleaved")
    print(f"  {'seconds':<22}{'min':>8} {'median':>8} {'max':>8}")
    for k, label in ((0, "wall"), (1, "CPU")):
        plain = [t[k] for t in arms["plain"]]
        rec = [t[k] for t in arms["recorded"]]
        print(f"  {label + ', --no-record':<22}{_spread(plain)}")
        print(f"  {label + ', recorded':<22}{_spread(rec)}")
        by_median = statistics.median(rec) / statistics.median(plain) - 1
        print(
            f"  {label} overhead: {100 * by_median:+.1f}% of the median, "
            f"{100 * (min(rec) / min(plain) - 1):+.1f}% of the minimum"
        )
    print(
        f"  time spent recording: {100 * statistics.median(in_store):.1f}% of a recorded run "
        f"(median; min {100 * min(in_store):.1f}%, max {100 * max(in_store):.1f}%), "
        f"{statistics.median(seconds):.3f} s; target < 5%"
    )
    print(f"  1-minute load average during the runs: {min(load):.2f} to {max(load):.2f} "
          f"on {os.cpu_count()} processors")  # fmt: skip


def _emission_actors() -> Any:
    """Seven actors of the BDM (1994) emission-standards case with two uncertain positions:
    small enough (actors x actors x issues = 49) for 100,000 draws to be held at once."""
    from zopa.forecast import Triangular, point_actors

    names = ["NL", "BE", "LU", "DE", "FR", "IT", "UK"]
    pos = [4, 7, 4, 4, 10, 10, 10]
    sal = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9]
    cap = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16]
    actors = point_actors(
        names, ["emission"], cap, [[p] for p in pos], [[s] for s in sal], scale=(0, 14)
    )
    low, high = actors.position.copy(), actors.position.copy()
    low[3], high[3], low[4], high[4] = 2, 7, 8, 12
    return actors.replace(uncertainty={"position": Triangular(low, actors.position, high)})


def throughput(mc_draws: int, repeat: int) -> None:
    from distributed import Client, LocalCluster

    from zopa.forecast import monte_carlo
    from zopa.model import load_scenario
    from zopa.negotiate import run_tournament
    from zopa.negotiate.sources import load_source as load_game
    from zopa.outlook import outlook
    from zopa.runs import forecast as chunked_forecast
    from zopa.runs import outlook as chunked_outlook
    from zopa.runs import tournament as chunked_tournament
    from zopa.runs.executors import DaskExecutor

    actors = _emission_actors()
    scenario = load_scenario("logrolling")
    games = {"minerals-2025": load_game("minerals-2025").negotiators}
    strategies = ["boulware", "conceder", "linear", "hardliner", "tit-for-tat"]

    def mc(executor: Any = None) -> str:
        runner = chunked_forecast.chunked(executor=executor)
        result = monte_carlo(actors, MC_MODELS, draws=mc_draws, seed=1, runner=runner)
        return json.dumps(result.to_dict())

    def look(executor: Any = None) -> str:
        runner = chunked_outlook.chunked(executor=executor)
        return json.dumps(outlook(scenario, draws=mc_draws, seed=1, runner=runner).to_dict())

    played: dict[str, int] = {}

    def tournament(executor: Any = None) -> str:
        runner = chunked_tournament.chunked(executor=executor)
        t = run_tournament(games, strategies, repetitions=20, seed=1, chunk=100, runner=runner)
        played["sessions"] = len(t.sessions)
        return json.dumps(t.to_dict())

    load = [os.getloadavg()[0]]
    here = {k: best(fn, repeat) for k, fn in (("mc", mc), ("outlook", look), ("t", tournament))}
    load.append(os.getloadavg()[0])
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        dask = DaskExecutor(client)
        mc(dask)  # workers import zopa once
        there = {
            k: best(lambda fn=fn: fn(dask), repeat)
            for k, fn in (("mc", mc), ("outlook", look), ("t", tournament))
        }
    load.append(os.getloadavg()[0])
    for k in here:
        assert here[k][1] == there[k][1], f"Dask changed a result ({k})"
    print(f"\nthroughput, in this process vs LocalCluster(2 workers) (best of {repeat})")
    print(f"  {'work':<44}{'in process':>12}{'Dask x2':>12}{'ratio':>8}")
    labels = {
        "mc": f"forecast Monte Carlo, {mc_draws:,} draws x {len(MC_MODELS)}",
        "outlook": f"outlook (logrolling), {mc_draws:,} draws",
        "t": f"tournament, {played['sessions']:,} sessions",
    }
    for k, label in labels.items():
        a, b = here[k][0], there[k][0]
        print(f"  {label:<44}{a:>10.2f} s{b:>10.2f} s{a / b:>7.2f}x")
    print(f"  1-minute load average: {min(load):.2f} to {max(load):.2f} "
          f"on {os.cpu_count()} processors")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--mc-draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["recording", "throughput"], default=None)
    args = parser.parse_args()
    if args.only != "throughput":
        recording_overhead(args.draws, args.repeat)
    if args.only != "recording":
        throughput(args.mc_draws, args.repeat)


if __name__ == "__main__":
    main()
