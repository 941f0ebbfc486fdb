"""Frozen values read from the store: scenario versions and runs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ScenarioVersion:
    """One saved text of a scenario (``name`` is a bundled name or a file's absolute path)."""

    id: int
    name: str
    version: int
    sha256: str
    saved_at: datetime
    text: str = field(repr=False)
    diff: str = field(repr=False)

    def to_dict(self, *, full: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "version": self.version,
            "sha256": self.sha256,
            "saved_at": _iso(self.saved_at),
        }
        if full:
            out["diff"] = self.diff
            out["text"] = self.text
        return out


@dataclass(frozen=True)
class Run:
    """One recorded run. ``result`` is the command's ``--json`` text (None until done)."""

    id: int
    command: str
    argv: tuple[str, ...]
    params: dict[str, Any]
    seed: int | None
    zopa_version: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    seconds: float | None
    host: str
    pid: int
    n_chunks: int | None
    chunks_done: int
    inputs: tuple[ScenarioVersion, ...]
    error: str | None = None
    result: str | None = field(default=None, repr=False)

    def result_value(self) -> Any:
        """The result as a JSON value (None when there is none)."""
        return None if self.result is None else json.loads(self.result)

    def to_dict(self, *, full: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "command": self.command,
            "status": self.status,
            "scenarios": [v.to_dict() for v in self.inputs],
            "seed": self.seed,
            "started_at": _iso(self.started_at),
            "finished_at": None if self.finished_at is None else _iso(self.finished_at),
            "seconds": self.seconds,
            "chunks": None
            if self.n_chunks is None
            else {"done": self.chunks_done, "total": self.n_chunks},
            "error": self.error,
        }
        if full:
            out |= {
                "argv": list(self.argv),
                "params": self.params,
                "zopa_version": self.zopa_version,
                "host": self.host,
                "pid": self.pid,
                "scenarios": [v.to_dict(full=True) for v in self.inputs],
                "result": self.result_value(),
            }
        return out


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")
