"""Monte Carlo speed of the forecast models (not collected by pytest).

Measured side by side in this run: the vectorised challenge kernel against the same model run
draw by draw; and, with ``--replication PYTHON SRC``, the public Python replication of the
challenge model (github.com/hamzagul07/schelling, fetched and installed in its own Python 3.12
environment, run unchanged through its ``run_monte_carlo``) on the same BDM-1994 emission case,
the same number of draws and the same number of repetitions, min/median/max each. Without
``--replication`` its times from an earlier measurement are printed, marked "quoted, not
measured here", with no ratio (25.2-28.8 s for 10,000 challenge draws and 2.36 s for 10,000
compromise draws on a 2-vCPU VM, per shared/reference/bdm1994_emission/expected.json).

    python benchmarks/bench_forecast.py [--draws 10000] [--repeat 3]
        [--replication path/to/python path/to/schelling/src]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
from collections.abc import Callable

import numpy as np

from zopa.forecast import Actors, Triangular, get_model, monte_carlo, point_actors, sobol
from zopa.model import load_scenario

QUOTED_CHALLENGE_10K = "25.2-28.8 s"  # expected.json, measured on a 2-vCPU VM
QUOTED_COMPROMISE_10K = "2.36 s"  # expected.json, schelling compromise, widened fixture

#: Run by the replication's own interpreter: times its Monte Carlo on its own fixture files.
REPLICATION = """
import json, sys, time
from pathlib import Path
from schelling.mc.monte_carlo import run_monte_carlo
from schelling.schemas.question import GameSpec
src, draws, repeat, model = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
out = {}
for name in ("emission_standards_widened", "emission_standards"):
    text = (src.parent / "tests" / "fixtures" / (name + ".json")).read_text()
    game = GameSpec.model_validate_json(text)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run_monte_carlo(game, n_draws=draws, seed=42, model=model)
        times.append(time.perf_counter() - t0)
    out[name] = times
print(json.dumps(out))
"""


def replication_times(python: str, src: str, draws: int, repeat: int, model: str) -> dict:
    """Seconds of the replication's Monte Carlo per fixture, ``repeat`` runs each."""
    done = subprocess.run(
        [python, "-c", REPLICATION, src, str(draws), str(repeat), model],
        check=True, capture_output=True, text=True, env={"PYTHONPATH": src},
    )  # fmt: skip
    return dict(json.loads(done.stdout.splitlines()[-1]))


def spread(times: list[float]) -> str:
    return "/".join(f"{t:.3f}" for t in (min(times), statistics.median(times), max(times)))


def runs_of(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


EMISSION = [  # BDM (1994) Table 1 via Scholz et al. (2011): position, salience, capability
    ("Netherlands", 4, 80, 0.08), ("Belgium", 7, 40, 0.08), ("Luxembourg", 4, 20, 0.03),
    ("Germany", 4, 80, 0.16), ("France", 10, 60, 0.16), ("Italy", 10, 60, 0.16),
    ("UK", 10, 90, 0.16), ("Ireland", 7, 10, 0.05), ("Denmark", 4, 100, 0.05),
    ("Greece", 7, 70, 0.08),
]  # fmt: skip


def emission(widened: bool) -> Actors:
    names = [r[0] for r in EMISSION]
    pos = np.array([[float(r[1])] for r in EMISSION])
    a = point_actors(
        names,
        ["emission"],
        [r[3] for r in EMISSION],
        pos,
        [[r[2] / 100] for r in EMISSION],
        scale=(0.0, 14.0),
    )
    if not widened:
        return a
    low, high = pos.copy(), pos.copy()
    low[3], high[3], low[4], high[4] = 2, 7, 8, 12  # Germany Tri(2,4,7), France Tri(8,10,12)
    return a.replace(uncertainty={"position": Triangular(low, pos, high)})


# The replication stops when the median moved < 0.5 years; zopa's tolerance is a fraction of
# the scale width (0-14 here), so the same rule is 0.5 / 14.
SAME_STOP = {"tolerance": 0.5 / 14}


def best_of(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--replication", nargs=2, metavar=("PYTHON", "SRC"))
    args = parser.parse_args()
    draws, repeat = args.draws, args.repeat
    challenge = get_model("challenge")
    fixtures = {True: "emission_standards_widened", False: "emission_standards"}
    cases = {
        ("challenge", True): lambda: challenge.outcomes(
            emission(True).sample_many(42, draws), **SAME_STOP
        ),
        ("challenge", False): lambda: challenge.outcomes(
            emission(False).sample_many(42, draws), **SAME_STOP
        ),
        ("compromise", True): lambda: get_model("compromise").outcomes(
            emission(True).sample_many(42, draws)
        ),
    }
    ours: dict[tuple[str, bool], list[float]] = {c: [] for c in cases}
    theirs: dict[tuple[str, bool], list[float]] = {c: [] for c in cases}
    for _ in range(repeat):  # the tools take turns, so load on the machine falls on both
        if args.replication:
            for model in ("challenge", "compromise"):
                got = replication_times(*args.replication, draws, 1, model)
                for widened, name in fixtures.items():
                    if (model, widened) in cases:
                        theirs[model, widened] += got[name]
        for case, fn in cases.items():
            ours[case] += runs_of(fn, 1)
    print(
        f"BDM-1994 emission case, {draws:,} Monte Carlo draws (sampling included);"
        f" seconds, min/median/max of {repeat} runs, the tools in turns; ratios of medians"
    )
    for (model, widened), t in ours.items():
        label = "widened fixture" if widened else "point fixture"
        row = f"  {model}, {label}: zopa {spread(t)}"
        other = theirs[model, widened]
        if other:
            ratio = statistics.median(other) / statistics.median(t)
            row += f" | public Python replication (measured) {spread(other)} -> {ratio:,.0f}x"
        else:
            quoted = QUOTED_CHALLENGE_10K if model == "challenge" else QUOTED_COMPROMISE_10K
            row += f" | public Python replication {quoted} (quoted, not measured here)"
        print(row)
    actors = emission(True)

    loop_draws = min(draws, 500)
    sample = actors.sample_many(42, loop_draws)
    t_loop = best_of(lambda: [challenge(sample.draw(i), **SAME_STOP) for i in range(loop_draws)], 2)
    t_vec = best_of(lambda: challenge.outcomes(sample, **SAME_STOP), 5)
    print(
        f"measured side by side, {loop_draws} draws: draw-by-draw {t_loop:.3f} s, "
        f"vectorised {t_vec * 1e3:.1f} ms -> {t_loop / t_vec:.0f}x"
    )

    scenario = load_scenario("minerals-2025")
    from zopa.forecast import actors_from_scenario

    mine = actors_from_scenario(scenario)
    for name in ("compromise", "median", "nash", "challenge", "smp"):
        try:
            spec = get_model(name)
        except Exception:  # a model that is not registered in this build
            continue
        t = best_of(lambda s=spec: s.outcomes(mine.sample_many(1, draws)), 2)
        print(f"minerals-2025 ({mine.n} actors x {mine.n_dimensions} issues), {name}: {t:.3f} s")
    t = best_of(lambda: monte_carlo(mine, draws=draws, seed=1), 1)
    print(f"minerals-2025, every model, {draws:,} draws: {t:.2f} s")
    t = best_of(lambda: sobol(actors, "challenge", samples=1024, seed=0, options=SAME_STOP), 2)
    print(f"Sobol indices, emission widened, challenge, N=1024 ({1024 * 6:,} runs): {t:.3f} s")


if __name__ == "__main__":
    main()
