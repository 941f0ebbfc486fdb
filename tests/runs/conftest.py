"""Fixtures for the run store: a fresh SQLite store, and a fresh PostgreSQL database.

The PostgreSQL tests use the server at 127.0.0.1:5432 (trust authentication). Locally they are
skipped with the reason when no server answers; with ``CI`` set they fail instead."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_HOST = os.environ.get("ZOPA_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("ZOPA_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("ZOPA_TEST_PG_USER", "postgres")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store' / 'runs.sqlite'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, uniquely named PostgreSQL database for each test, dropped afterwards."""
    import psycopg

    try:
        admin = psycopg.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True,
            connect_timeout=5,
        )  # fmt: skip
    except psycopg.OperationalError as err:
        reason = f"no PostgreSQL server answers at {PG_HOST}:{PG_PORT}: {err}".splitlines()[0]
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI runs the PostgreSQL tests; start the server)")
        pytest.skip(reason)
    name = f"zopa_test_{uuid.uuid4().hex[:16]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test against a SQLite file and a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'runs.sqlite'}"
    return str(request.getfixturevalue("pg_url"))
