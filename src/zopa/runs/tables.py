"""The store's tables (SQLAlchemy Core). Migrations in ``migrations/versions`` build exactly
these; a test compares the two.

- ``scenario_versions``: every saved text of a scenario (by name: a bundled name or a file's
  absolute path), numbered from 1, with its SHA-256, date and a unified diff from the previous
  version.
- ``runs``: one recorded analysis: the command, its parameters and command line, the seed,
  zopa's version, status, result (the command's ``--json`` text), error and timings.
- ``run_inputs``: which scenario versions a run read, in argument order.
- ``chunks``: checkpointed pieces of a resumable run (their JSON results, by index).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from zopa.runs.schema import SCHEMA_REVISION, STATUSES

__all__ = [
    "SCHEMA_REVISION",
    "STATUSES",
    "chunks",
    "metadata",
    "run_inputs",
    "runs",
    "scenario_versions",
]

metadata = MetaData()

scenario_versions = Table(
    "scenario_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(1024), nullable=False),
    Column("version", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("diff", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("name", "version", name="uq_scenario_version"),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String(64), nullable=False, index=True),
    Column("argv", Text, nullable=False),
    Column("params", Text, nullable=False),
    Column("seed", String(40), nullable=True),  # decimal: seeds go up to 2**64
    Column("zopa_version", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("result", Text, nullable=True),
    Column("error", Text, nullable=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("seconds", Float, nullable=True),
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("n_chunks", Integer, nullable=True),
    sqlite_autoincrement=True,
)

run_inputs = Table(
    "run_inputs",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column(
        "scenario_version_id",
        Integer,
        ForeignKey("scenario_versions.id"),
        nullable=False,
        index=True,
    ),
)

chunks = Table(
    "chunks",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("payload", Text, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("done_at", DateTime(timezone=True), nullable=False),
)
