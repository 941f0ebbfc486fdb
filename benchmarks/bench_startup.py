"""Start-up time of the command line, beside the libraries it is built on.

Runs each command several times in a fresh interpreter and prints, side by side, min / median /
max wall time, the median CPU time (user + system, of the child process: what load on the
machine does not inflate), and the ratio of each median to that of
``python -c "import typer, rich"`` (the floor any typer command line pays). Runs alternate
between the commands, so that load on the machine falls on all of them alike. The first run of
each (not counted) writes the byte-code cache, as an installed package has it.

    python benchmarks/bench_startup.py [runs]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zopa.model import bundled_scenarios

FLOOR = 'python -c "import typer, rich"'


def _commands(check_file: Path) -> dict[str, list[str]]:
    py = sys.executable
    zopa = [py, "-m", "zopa"]
    return {
        FLOOR: [py, "-c", "import typer, rich"],
        "zopa --help": [*zopa, "--help"],
        "zopa scenarios": [*zopa, "scenarios"],
        f"zopa check {check_file.name}": [*zopa, "check", str(check_file)],
        # for reference, what the commands cannot do without: typer's help formatter (it
        # imports rich's Markdown and Traceback too), and the scenario language's pydantic models
        'python -c "import typer.rich_utils"': [py, "-c", "import typer.rich_utils"],
        'python -c "import typer, rich, zopa.model.schema"': [
            py,
            "-c",
            "import typer, rich, zopa.model.schema",
        ],
        "zopa --version": [*zopa, "--version"],
        "zopa show price-split": [*zopa, "show", "price-split"],
    }


#: As installed: byte code cached (an environment that forbids writing it would time the
#: compiler instead of the start-up).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    cpu0, t0 = _child_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - t0, _child_cpu() - cpu0


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        check_file = Path(tmp) / "minerals-2025.yaml"
        check_file.write_text(bundled_scenarios()["minerals-2025"].read_text())
        commands = _commands(check_file)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for cmd in commands.values():  # warm the file and byte-code caches once
            _time(cmd)
        for _ in range(runs):
            for name, cmd in commands.items():
                w, c = _time(cmd)
                wall[name].append(w)
                cpu[name].append(c)
    floor_wall, floor_cpu = statistics.median(wall[FLOOR]), statistics.median(cpu[FLOOR])
    width = max(len(n) for n in commands)
    print(
        f"{'command':<{width}}  {'min':>6}  {'median':>6}  {'max':>6}  {'x floor':>7}"
        f"  {'cpu':>6}  {'x floor':>7}"
    )
    for name in commands:
        ws, med, med_cpu = wall[name], statistics.median(wall[name]), statistics.median(cpu[name])
        print(
            f"{name:<{width}}  {min(ws):6.3f}  {med:6.3f}  {max(ws):6.3f}  {med / floor_wall:7.2f}"
            f"  {med_cpu:6.3f}  {med_cpu / floor_cpu:7.2f}"
        )
    print(f"({runs} runs each, seconds: wall min / median / max, median CPU user+system;")
    print(f" floor = the first line; {os.cpu_count()} CPUs)")
    after = os.getloadavg()
    print(
        "load average (1, 5, 15 min): before "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + " ".join(f"{x:.2f}" for x in after)
    )


if __name__ == "__main__":
    main()
