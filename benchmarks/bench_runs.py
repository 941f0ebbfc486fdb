"""The run store and chunked execution, measured side by side (not collected by pytest).

1. Recording overhead: ``zopa forecast minerals-2025 --draws 10000 --json`` in this process,
   recorded into a fresh SQLite store (scenario version, run row, every chunk checkpointed, the
   result) against the same command with ``--no-record``. Target: under 5%.
2. Throughput in this process against a Dask ``LocalCluster`` of 2 single-threaded worker
   processes: a 100,000-draw Monte Carlo (the four deterministic models, so every chunk can go
   to any worker) and a tournament; the results are checked to be the same bytes.

    python benchmarks/bench_runs.py [--draws 10000] [--mc-draws 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import tempfile
import time
from collections.abc import Callable
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


def recording_overhead(draws: int, repeat: int) -> None:
    base = ["forecast", "minerals-2025", "--draws", str(draws), "--json"]
    with tempfile.TemporaryDirectory() as folder:
        store = f"sqlite:///{Path(folder) / 'runs.sqlite'}"
        _cli(*base, "--no-record")  # warm imports and caches
        _cli(*base, "--store", store)
        plain: list[float] = []
        recorded: list[float] = []
        for _ in range(repeat):  # interleaved, so machine load hits both alike
            t, a = best(lambda: _cli(*base, "--no-record"), 1)
            plain.append(t)
            t, b = best(lambda: _cli(*base, "--store", store), 1)
            recorded.append(t)
            assert a == b, "recording changed the output"
    p, r = min(plain), min(recorded)
    print(f"recording a {draws:,}-draw forecast (best of {repeat})")
    print(f"  --no-record   {p:8.3f} s")
    print(f"  recorded      {r:8.3f} s   overhead {100 * (r / p - 1):+.1f}% (target < 5%)")


def throughput(mc_draws: int, repeat: int) -> None:
    from distributed import Client, LocalCluster

    from zopa.forecast import monte_carlo
    from zopa.forecast.inputs.sources import load_source
    from zopa.negotiate import run_tournament
    from zopa.negotiate.sources import load_source as load_game
    from zopa.runs import forecast as chunked_forecast
    from zopa.runs import tournament as chunked_tournament
    from zopa.runs.executors import DaskExecutor

    actors = load_source("minerals-2025").actors
    games = {"minerals-2025": load_game("minerals-2025").negotiators}
    strategies = ["boulware", "conceder", "linear", "hardliner", "tit-for-tat"]

    def mc(executor: Any = None) -> str:
        runner = chunked_forecast.chunked(executor=executor)
        result = monte_carlo(actors, MC_MODELS, draws=mc_draws, seed=1, runner=runner)
        return json.dumps(result.to_dict())

    played: dict[str, int] = {}

    def tournament(executor: Any = None) -> str:
        runner = chunked_tournament.chunked(executor=executor)
        t = run_tournament(games, strategies, repetitions=20, seed=1, chunk=100, runner=runner)
        played["sessions"] = len(t.sessions)
        return json.dumps(t.to_dict())

    here_mc, a = best(mc, repeat)
    here_t, c = best(tournament, repeat)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        dask = DaskExecutor(client)
        mc(dask)  # workers import zopa once
        dask_mc, b = best(lambda: mc(dask), repeat)
        dask_t, d = best(lambda: tournament(dask), repeat)
    assert a == b and c == d, "Dask changed a result"
    print(f"\nthroughput, in this process vs LocalCluster(2 workers) (best of {repeat})")
    print(f"  {'work':<36}{'in process':>12}{'Dask x2':>12}{'ratio':>8}")
    print(
        f"  {f'Monte Carlo, {mc_draws:,} draws x {len(MC_MODELS)}':<36}"
        f"{here_mc:>10.2f} s{dask_mc:>10.2f} s{here_mc / dask_mc:>7.2f}x"
    )
    label = f"tournament, {played['sessions']:,} sessions"
    print(f"  {label:<36}{here_t:>10.2f} s{dask_t:>10.2f} s{here_t / dask_t:>7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--mc-draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    recording_overhead(args.draws, args.repeat)
    throughput(args.mc_draws, args.repeat)


if __name__ == "__main__":
    main()
