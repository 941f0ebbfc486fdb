"""A real ``zopa serve`` process on a free loopback port, for browser tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(store: Path) -> Iterator[str]:
    """Start ``zopa serve`` with its own store; yield its base address; stop it."""
    port = free_port()
    cmd = [sys.executable, "-c", "from zopa.cli import main; main()", "serve"]
    cmd += ["--port", str(port), "--store", str(store)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(6000):  # retries only while the port is still closed (a hang guard)
            try:
                httpx.get(f"{base}/api/scenarios", timeout=60)
                break
            except httpx.ConnectError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read() if proc.stderr else "") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=60)
