"""What the store writes, computed the same way whichever way writes it: digests, times,
canonical parameters, the diff between two versions of a scenario, and the columns of a new run,
its end and a new scenario version (no SQLAlchemy here)."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import socket
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "finished_run",
    "new_version",
    "now",
    "params_text",
    "sha256",
    "started_run",
    "stored_time",
    "version_diff",
]


def sha256(text: str) -> str:
    """The SHA-256 of a text (UTF-8), in hexadecimal."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> datetime:
    """The time now, in UTC."""
    return datetime.now(UTC)


def params_text(params: dict[str, Any]) -> str:
    """Parameters as canonical JSON (sorted keys), the form they are compared in."""
    return json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)


def version_diff(name: str, before: str, text: str, version: int) -> str:
    """The unified diff from version ``version - 1`` (``before``) of a scenario to ``text``."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"{name} (version {version - 1})",
            tofile=f"{name} (version {version})",
        )
    )


def stored_time(when: datetime) -> str:
    """A time as SQLAlchemy stores a ``DateTime`` in SQLite (its UTC fields, no zone)."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def started_run(
    command: str, argv: Sequence[str], params: dict[str, Any], seed: int | None, zopa_version: str
) -> dict[str, Any]:
    """The columns of a new run's row, as it starts (its times as datetimes)."""
    return {
        "command": command,
        "argv": json.dumps(list(argv)),
        "params": params_text(params),
        "seed": None if seed is None else str(seed),
        "zopa_version": zopa_version,
        "status": "running",
        "started_at": now(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
    }


def finished_run(
    status: str, result: str | None, error: str | None, seed: int | None, started: datetime
) -> dict[str, Any]:
    """The columns a run's end sets, for a run that started at ``started`` (UTC); ``seed``
    replaces the recorded one when given."""
    end = now()
    values: dict[str, Any] = {
        "status": status,
        "result": result,
        "error": error,
        "finished_at": end,
        "seconds": (end - started).total_seconds(),
    }
    if seed is not None:
        values["seed"] = str(seed)
    return values


def new_version(name: str, text: str, last: tuple[int, str, str] | None) -> dict[str, Any] | None:
    """The columns of ``text`` saved as the next version of scenario ``name``, whose newest
    version is ``last`` (its number, digest and text; None for a new name); None when ``text``
    already is the newest version."""
    digest = sha256(text)
    if last is not None and last[1] == digest:
        return None
    version = 1 if last is None else last[0] + 1
    return {
        "name": name,
        "version": version,
        "sha256": digest,
        "text": text,
        "diff": version_diff(name, "" if last is None else last[2], text, version),
        "saved_at": now(),
    }
