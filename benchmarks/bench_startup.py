"""Start-up time of the command line, beside the libraries it is built on.

Runs each command several times in a fresh interpreter and prints min / median / max wall time
and the ratio of each median to that of ``python -c "import typer, rich"`` (the floor any typer
command line pays). Runs alternate between the commands, so that load on the machine falls on
all of them alike. The first run of each (not counted) writes the byte-code cache, as an
installed package has it.

    python benchmarks/bench_startup.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zopa.model import bundled_scenarios


def _commands(check_file: Path) -> dict[str, list[str]]:
    py = sys.executable
    zopa = [py, "-m", "zopa"]
    return {
        'python -c "import typer, rich"': [py, "-c", "import typer, rich"],
        # typer converts every parameter through pydantic: the floor of any command that runs
        'python -c "import typer, rich, pydantic"': [py, "-c", "import typer, rich, pydantic"],
        'python -c "import numpy"': [py, "-c", "import numpy"],
        "zopa --help": [*zopa, "--help"],
        "zopa --version": [*zopa, "--version"],
        "zopa scenarios": [*zopa, "scenarios"],
        f"zopa check {check_file.name}": [*zopa, "check", str(check_file)],
        "zopa show price-split": [*zopa, "show", "price-split"],
    }


#: As installed: byte code cached (an environment that forbids writing it would time the
#: compiler instead of the start-up).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - t0


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        check_file = Path(tmp) / "minerals-2025.yaml"
        check_file.write_text(bundled_scenarios()["minerals-2025"].read_text())
        commands = _commands(check_file)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for cmd in commands.values():  # warm the file and byte-code caches once
            _time(cmd)
        for _ in range(runs):
            for name, cmd in commands.items():
                times[name].append(_time(cmd))
    floor = statistics.median(next(iter(times.values())))
    width = max(len(n) for n in times)
    print(f"{'command':<{width}}  {'min':>7}  {'median':>7}  {'max':>7}  {'x floor':>7}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:<{width}}  {min(ts):7.3f}  {med:7.3f}  {max(ts):7.3f}  {med / floor:7.2f}")
    print(f"({runs} runs each, seconds; floor = median of the first line)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
