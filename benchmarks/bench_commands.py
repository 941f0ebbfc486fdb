"""The everyday commands, each timed as a whole process (start-up, reading, analysis, output).

    python benchmarks/bench_commands.py [--runs N] [--only NAME ...] [--smp]

Each command runs ``--runs`` times in a fresh interpreter (``python -m zopa ...``, output to
``/dev/null``, the run store in a temporary folder); runs alternate between the commands so that
load on the machine falls on all of them alike, after one unrecorded run of each that writes the
byte-code cache. Printed per command: min / median / max wall seconds of the same runs, the
median CPU seconds of the process (user + system: what the command itself costs, less sensitive
to other work on a shared machine), and the aim. The machine's load average is printed before
and after, since wall time on a busy machine includes waiting for a processor.

``--baseline SRC`` runs every command a second time with another source tree of zopa first on
the path (e.g. a checkout of an earlier commit), in the same alternation, so that both versions
meet the same load; it prints both and the ratio of their median CPU seconds.

``--smp`` adds KTAB's Spatial Model of Politics with 160 actors (the seeded random scenario of
``bench_smp.py``), run the same way as a whole process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

#: name -> (arguments of ``zopa``, aim in wall seconds)
COMMANDS: dict[str, tuple[list[str], float]] = {
    "analyze": (["analyze", "minerals-2025"], 2.0),
    "forecast": (["forecast", "minerals-2025", "--draws", "10000"], 1.0),
    "sensitivity": (["sensitivity", "minerals-2025"], 3.0),
    "outlook": (["outlook", "minerals-2025", "--draws", "10000"], 5.0),
    "compare": (["compare", "peace-talks-2025"], 10.0),
}

SMP_160 = (
    "import sys; sys.path.insert(0, {here!r}); "
    "from bench_smp import synthetic; from zopa.forecast.models.smp.model import run_smp; "
    "pos, sal, cap = synthetic(160); run_smp(pos / 100.0, sal / 100.0, cap)"
)


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd`` as a child process."""
    cpu, wall = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - wall, _children_cpu() - cpu


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", nargs="*", choices=sorted(COMMANDS), help="a subset of commands")
    ap.add_argument("--smp", action="store_true", help="also KTAB SMP with 160 actors")
    ap.add_argument("--baseline", metavar="SRC", help="also time the zopa package in SRC")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    cmds = {
        name: ([sys.executable, "-m", "zopa", *argv], aim)
        for name, (argv, aim) in COMMANDS.items()
        if not args.only or name in args.only
    }
    if args.smp:
        cmds["smp 160 actors"] = ([sys.executable, "-c", SMP_160.format(here=here)], 1.0)
    versions = (
        {"": {}} if not args.baseline else {"": {}, " (baseline)": {"PYTHONPATH": args.baseline}}
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base["ZOPA_STORE"] = os.path.join(tmp, "runs.sqlite")
        jobs = {
            name + tag: (cmd, aim, {**base, **extra})
            for name, (cmd, aim) in cmds.items()
            for tag, extra in versions.items()
        }
        print(f"before: {load()}", flush=True)
        for cmd, _, env in jobs.values():  # byte-code cache, file cache
            run_once(cmd, env)
        wall: dict[str, list[float]] = {n: [] for n in jobs}
        cpu: dict[str, list[float]] = {n: [] for n in jobs}
        for _ in range(args.runs):
            for name, (cmd, _, env) in jobs.items():
                w, c = run_once(cmd, env)
                wall[name].append(w)
                cpu[name].append(c)
        print(f"after:  {load()}")
    width = max(len(n) for n in jobs)
    print(
        f"{'command':<{width}}  {'min':>7}  {'median':>7}  {'max':>7}  {'cpu med':>7}  {'aim':>5}"
        "  (wall seconds unless marked)"
    )
    for name, (_, aim, _) in jobs.items():
        ws = wall[name]
        med = statistics.median(ws)
        verdict = "met" if med <= aim else "missed"
        print(
            f"{name:<{width}}  {min(ws):7.2f}  {med:7.2f}  {max(ws):7.2f}"
            f"  {statistics.median(cpu[name]):7.2f}  {aim:5.1f}  {verdict} (median wall)"
        )
    if args.baseline:
        for name in cmds:
            ratio = statistics.median(cpu[name + " (baseline)"]) / statistics.median(cpu[name])
            print(f"{name}: baseline / this tree, median CPU seconds: {ratio:.2f}x")
    print(f"({args.runs} runs each, as whole processes)")


if __name__ == "__main__":
    main()
