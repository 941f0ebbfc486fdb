"""Load on the workbench: concurrent clients evaluating proposals on minerals-2025.

Starts ``zopa serve`` as a real process on loopback (with a temporary run store), then runs
``--clients`` clients at once for ``--seconds`` seconds, each posting ``/api/diagnose`` with
terms drawn (seeded) from the scenario's issues, one request after another on a kept-alive
connection. Prints the requests made, the errors (any answer but 200, or a failed connection),
the median, 95th and 99th percentile latency, the throughput, the processor time per request
of the server and of the load generator (on Linux), and the machine's load average before and
after (on a shared machine the clients and the server share the processor with everything
else, so the load says how much of it they had).

Three load generators, as the clients share the processor with the server: ``wrk`` (Debian's
``wrk`` package, a C program; a Lua script posts the drawn bodies in turn and reports the
percentiles), ``python`` (clients on one asyncio loop writing each request as bytes and reading
the answer's status and length: no HTTP library, which would cost more of the processor than
the server's answer) and ``httpx`` (the same clients through httpx). The Python clients make
their first request, which opens the connection, before the clock starts and do not count it.
``--generator auto`` (the default) uses wrk where it is installed and says so when it falls
back to the Python clients.

    python benchmarks/bench_web_load.py [--clients 50] [--seconds 30] [--generator auto]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
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


async def httpx_client(
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


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> bool:
    """One request and its answer on a kept-alive connection; whether the answer was 200."""
    writer.write(request)
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status == 200


async def stream_client(
    base: str, begin: asyncio.Event, stop: list[float], packages: list[dict[str, object]], k: int
) -> tuple[list[float], int]:
    """The same requests written as bytes on an asyncio stream: HTTP/1.1 with a length, read
    back by its status line and ``Content-Length`` (all the server sends), so the client costs
    the processor a small part of what an HTTP library does."""
    host, port = base.removeprefix("http://").split(":")
    requests = []
    for terms in packages:
        body = json.dumps({"scenario": SCENARIO, "terms": terms}).encode()
        head = (
            f"POST /api/diagnose HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        requests.append(head.encode() + body)
    latencies: list[float] = []
    errors = 0
    i = k
    reader, writer = await asyncio.open_connection(host, int(port))
    await _exchange(reader, writer, requests[k])  # opens the connection before the clock starts
    await begin.wait()
    while time.perf_counter() < stop[0]:
        request = requests[i % len(requests)]
        i += 1
        t0 = time.perf_counter()
        try:
            ok = await _exchange(reader, writer, request)
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            ok = False
            writer.close()
            reader, writer = await asyncio.open_connection(host, int(port))
        latencies.append(time.perf_counter() - t0)
        errors += not ok
    writer.close()
    return latencies, errors


async def load(
    base: str, clients: int, seconds: float, generator: str
) -> tuple[list[float], int, float]:
    packages = term_sets(base, 500)
    begin, stop = asyncio.Event(), [0.0]
    one = httpx_client if generator == "httpx" else stream_client
    tasks = [asyncio.create_task(one(base, begin, stop, packages, k)) for k in range(clients)]
    await asyncio.sleep(2.0)  # the clients connect (their first answers are not counted)
    start = time.perf_counter()
    stop[0] = start + seconds
    begin.set()
    results = await asyncio.gather(*tasks)
    took = time.perf_counter() - start
    latencies = [x for lat, _ in results for x in lat]
    return latencies, sum(e for _, e in results), took


WRK_SCRIPT = r"""
local bodies, n, threads = {}, 0, 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 97)
end
function init(args)
  for line in io.lines(args[1]) do n = n + 1; bodies[n] = line end
  i = offset % n
end
function request()
  i = i % n + 1
  return wrk.format("POST", "/api/diagnose", {["Content-Type"] = "application/json"}, bodies[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT %d %d %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_load(
    base: str, clients: int, seconds: float, tmp: Path
) -> tuple[int, int, float, tuple[float, float, float], float]:
    """Requests, errors, seconds, (median, p95, p99) in ms, and wrk's processor seconds."""
    bodies = tmp / "bodies.jsonl"
    lines = [json.dumps({"scenario": SCENARIO, "terms": t}) for t in term_sets(base, 500)]
    bodies.write_text("\n".join(lines) + "\n")
    script = tmp / "diagnose.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(clients, os.cpu_count() or 1)
    cmd = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(clients),
        "-d",
        f"{seconds:g}s",
        "--timeout",
        "120s",
        "-s",
        str(script),
        f"{base}/api/diagnose",
        "--",
        str(bodies),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    row = next(line for line in out.splitlines() if line.startswith("RESULT "))
    n, us, *rest = (int(x) for x in row.split()[1:])
    errors = sum(rest[:5])
    p50, p95, p99 = (x / 1000 for x in rest[5:])
    return n, errors, us / 1e6, (p50, p95, p99), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--generator", choices=("auto", "wrk", "python", "httpx"), default="auto")
    args = parser.parse_args()
    generator = "wrk" if args.generator == "auto" else args.generator
    if generator == "wrk" and shutil.which("wrk") is None:
        if args.generator == "wrk":
            raise SystemExit("wrk is not installed (apt-get install wrk): not run")
        print("wrk is not installed (apt-get install wrk): using the Python clients")
        generator = "python"
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        proc = start_server(port, Path(tmp) / "runs.sqlite")
        try:
            base = f"http://127.0.0.1:{port}"
            before = os.getloadavg()
            cpu0 = cpu_seconds(proc.pid)
            if generator == "wrk":
                count, errors, took, (median, p95, p99), own = wrk_load(
                    base, args.clients, args.seconds, Path(tmp)
                )
            else:
                mine = time.process_time()
                latencies, errors, took = asyncio.run(
                    load(base, args.clients, args.seconds, generator)
                )
                own = time.process_time() - mine
                ms = sorted(x * 1000 for x in latencies)
                q = statistics.quantiles(ms, n=100)
                count, median, p95, p99 = len(ms), statistics.median(ms), q[94], q[98]
            cpu1 = cpu_seconds(proc.pid)
            after = os.getloadavg()
            cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    print(f"{args.clients} clients ({generator}), {took:.1f} s, proposal evaluations on {SCENARIO}")
    print(f"requests {count:,}   errors {errors}   throughput {count / took:,.0f}/s")
    print(f"latency median {median:.1f} ms   p95 {p95:.1f} ms   p99 {p99:.1f} ms")
    if cpu is not None:
        print(f"server processor time {cpu * 1000 / count:.2f} ms per request")
    print(f"load generator processor time {own * 1000 / count:.2f} ms per request")
    cores = os.cpu_count()
    print(f"load average before {before[0]:.2f}, after {after[0]:.2f} (1 min) on {cores} cores")


if __name__ == "__main__":
    main()
