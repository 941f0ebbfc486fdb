"""``zopa serve`` as a real process on loopback: it prints its address and token and answers."""

from __future__ import annotations

import socket
import subprocess
import sys

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_a_new_token_prints_it_and_requires_it() -> None:
    port = _free_port()
    cmd = [sys.executable, "-c", "from zopa.cli import main; main()", "serve"]
    proc = subprocess.Popen(
        [*cmd, "--port", str(port), "--new-token"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        token_line = proc.stdout.readline()
        url_line = proc.stdout.readline()
        assert token_line.startswith("token: ")
        token = token_line.split(": ", 1)[1].strip()
        assert url_line.strip() == f"zopa workbench at http://127.0.0.1:{port}/?token={token}"
        base = f"http://127.0.0.1:{port}"
        # the server may take a moment to listen; this retries only while the port is closed
        # (a hang guard, not a speed limit)
        for _ in range(600):
            try:
                r = httpx.get(f"{base}/api/scenarios", timeout=60)
                break
            except httpx.ConnectError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read() if proc.stderr else "") from None
                import time

                time.sleep(0.1)
        assert r.status_code == 401
        ok = httpx.get(f"{base}/api/scenarios", headers={"X-Zopa-Token": token}, timeout=60)
        assert ok.status_code == 200
        assert "minerals-2025" in {row["name"] for row in ok.json()["scenarios"]}
    finally:
        proc.terminate()
        proc.wait(timeout=60)
