"""The first schema: scenario versions, runs, their inputs and chunks.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    when = sa.DateTime(timezone=True)
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(1024), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("diff", sa.Text, nullable=False),
        sa.Column("saved_at", when, nullable=False),
        sa.UniqueConstraint("name", "version", name="uq_scenario_version"),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("command", sa.String(64), nullable=False),
        sa.Column("argv", sa.Text, nullable=False),
        sa.Column("params", sa.Text, nullable=False),
        sa.Column("seed", sa.String(40), nullable=True),
        sa.Column("zopa_version", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("started_at", when, nullable=False),
        sa.Column("finished_at", when, nullable=True),
        sa.Column("seconds", sa.Float, nullable=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("n_chunks", sa.Integer, nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_runs_command", "runs", ["command"])
    op.create_table(
        "run_inputs",
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column(
            "scenario_version_id",
            sa.Integer,
            sa.ForeignKey("scenario_versions.id"),
            nullable=False,
        ),
    )
    op.create_index("ix_run_inputs_scenario_version_id", "run_inputs", ["scenario_version_id"])
    op.create_table(
        "chunks",
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("done_at", when, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("chunks")
    op.drop_table("run_inputs")
    op.drop_index("ix_runs_command", "runs")
    op.drop_table("runs")
    op.drop_table("scenario_versions")
