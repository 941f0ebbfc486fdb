"""The store's schema revision and SQLite connection settings: one home for what the store
(SQLAlchemy, :mod:`zopa.runs.engine`) and the run recorder (:mod:`zopa.runs.lite`) both use."""

from __future__ import annotations

__all__ = ["BUSY_SECONDS", "SCHEMA_REVISION", "SQLITE_PRAGMAS", "STATUSES"]

SCHEMA_REVISION = "0001"
"""The newest migration this zopa ships (``alembic heads``); a test checks it."""

STATUSES = ("running", "done", "failed", "interrupted")
"""Every status a run can have."""

BUSY_SECONDS = 60.0
"""How long a SQLite writer waits for another process's write to finish."""

SQLITE_PRAGMAS: list[str] = ["journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"]
"""Pragmas set on every SQLite connection (read when a connection is made)."""
