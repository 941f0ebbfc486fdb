"""Load on the workbench: concurrent clients evaluating proposals on minerals-2025.

Starts ``zopa serve`` as a real process on loopback (with a temporary run store), then runs
``--clients`` clients at once for ``--seconds`` seconds, each posting ``/api/diagnose`` with
terms drawn (seeded) from the scenario's issues, one request after another on a kept-alive
connection (each client's first request, which opens its connection, is made before the clock
starts and is not counted). Prints the requests made, the errors (any answer but 200, or a
failed connection), the median, 95th and 99th percentile latency, the throughput, the server's
processor time per request (on Linux), and the machine's load average before and after (on a
shared machine the clients and the server share the processor with everything else, so the
load says how much of it they had).

    python benchmarks/bench_web_load.py [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

SCENARIO = "minerals-2025"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, store: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-c", "from zopa.cli import main; main()", "serve"]
    proc = subprocess.Popen(
        [*cmd, "--port", str(port), "--store", str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            if httpx.get(f"{base}/api/scenarios/{SCENARIO}", timeout=60).status_code == 200:
                return proc
        except httpx.ConnectError:
            if proc.poll() is not None:
                raise SystemExit(proc.stderr.read() if proc.stderr else "server exited") from None
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def cpu_seconds(pid: int) -> float | None:
    """Processor seconds (user and system) a process has used, from /proc (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def term_sets(base: str, n: int, seed: int = 0) -> list[dict[str, object]]:
    """``n`` packages of terms, each issue's value drawn from its values (seeded)."""
    shown = httpx.get(f"{base}/api/scenarios/{SCENARIO}", timeout=60).json()
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        terms = {}
        for issue, info in shown["issues"].items():
            values = info["values"]
            terms[issue] = rng.choice(values)
        out.append(terms)
    return out


async def client(
    base: str, begin: asyncio.Event, stop: list[float], packages: list[dict[str, object]], k: int
) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    i = k
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        # one request to open the connection before the clock starts
        await http.post("/api/diagnose", json={"scenario": SCENARIO, "terms": packages[k]})
        await begin.wait()
        while time.perf_counter() < stop[0]:
            body = {"scenario": SCENARIO, "terms": packages[i % len(packages)]}
            i += 1
            t0 = time.perf_counter()
            try:
                r = await http.post("/api/diagnose", json=body)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - t0)
            errors += not ok
    return latencies, errors


async def load(base: str, clients: int, seconds: float) -> tuple[list[float], int, float]:
    packages = term_sets(base, 500)
    begin, stop = asyncio.Event(), [0.0]
    tasks = [asyncio.create_task(client(base, begin, stop, packages, k)) for k in range(clients)]
    await asyncio.sleep(2.0)  # the clients connect (their first answers are not counted)
    start = time.perf_counter()
    stop[0] = start + seconds
    begin.set()
    results = await asyncio.gather(*tasks)
    took = time.perf_counter() - start
    latencies = [x for lat, _ in results for x in lat]
    return latencies, sum(e for _, e in results), took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        proc = start_server(port, Path(tmp) / "runs.sqlite")
        try:
            base = f"http://127.0.0.1:{port}"
            before = os.getloadavg()
            cpu0 = cpu_seconds(proc.pid)
            latencies, errors, took = asyncio.run(load(base, args.clients, args.seconds))
            cpu1 = cpu_seconds(proc.pid)
            after = os.getloadavg()
            cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100)
    print(f"{args.clients} clients, {took:.1f} s, proposal evaluations on {SCENARIO}")
    print(f"requests {len(ms):,}   errors {errors}   throughput {len(ms) / took:,.0f}/s")
    median = statistics.median(ms)
    print(f"latency median {median:.1f} ms   p95 {q[94]:.1f} ms   p99 {q[98]:.1f} ms")
    if cpu is not None:
        print(f"server processor time {cpu * 1000 / len(ms):.2f} ms per request")
    cores = os.cpu_count()
    print(f"load average before {before[0]:.2f}, after {after[0]:.2f} (1 min) on {cores} cores")


if __name__ == "__main__":
    main()
