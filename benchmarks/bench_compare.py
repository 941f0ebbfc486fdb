"""``zopa compare peace-talks-2025`` across its table variants, and voting power by method.

Prints the wall time of the whole command (start-up included), of the comparison in-process
(with and without forecasts and ratification), and CPU time beside it, since on a shared
machine wall time includes waiting for the processor. Then the three power-index methods side
by side on one body (ratios against enumeration).

    python benchmarks/bench_compare.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

from zopa.model import load_scenario
from zopa.power import body_from_data, power
from zopa.ratify.compare import compare
from zopa.ratify.variants import declared


def _cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(label: str, fn) -> float:  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    print(f"{label:<58} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    return wall


def main() -> None:
    scenario = load_scenario("peace-talks-2025")
    variants = declared(scenario)
    timed(
        "zopa compare peace-talks-2025 (whole command)",
        lambda: subprocess.run(
            [
                sys.executable,
                "-c",
                "from zopa.cli import main; main()",
                "compare",
                "peace-talks-2025",
                "--json",
            ],
            check=True,
            capture_output=True,
        ),
    )
    timed("compare(), 3 variants, forecasts", lambda: compare(scenario, variants))
    timed(
        "compare(), 3 variants, no forecasts",
        lambda: compare(scenario, variants, forecasts=False),
    )
    timed(
        "compare(), 3 variants, ratified, no forecasts",
        lambda: compare(scenario, variants, ratified=True, forecasts=False),
    )
    members = {f"m{i}": 1 + i % 7 for i in range(20)}
    body = body_from_data({"members": members, "quota": "60%"})
    base = timed("power: 20 members, enumeration", lambda: power(body, "enumeration"))
    for method in ("dp", "sample"):
        t = timed(f"power: 20 members, {method}", lambda m=method: power(body, m))  # type: ignore[misc]
        print(f"{'':<58} ratio to enumeration {t / base:5.2f}")


if __name__ == "__main__":
    main()
