"""What the store writes, computed the same way whichever way writes it: digests, times,
canonical parameters and the diff between two versions of a scenario (no SQLAlchemy here)."""

from __future__ import annotations

import difflib
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

__all__ = ["now", "params_text", "sha256", "stored_time", "version_diff"]


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
