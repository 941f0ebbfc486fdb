"""Recording a run in a SQLite store with Python's own ``sqlite3``, without SQLAlchemy.

Importing SQLAlchemy costs about a quarter of a second of processor time: a quarter of a whole
``zopa forecast`` of 10,000 draws. Recording a run only writes, and always the same few rows:
the scenario versions it reads, the run as running, its checkpointed chunks and its end. For a
store that is a SQLite file whose schema is this zopa's, :func:`open_recorder` writes them with
``sqlite3``, in transactions begun as the store begins them (``BEGIN IMMEDIATE``, the same
pragmas and busy timeout), as rows identical to the ones :class:`~zopa.runs.store.Store` writes
(``tests/runs/test_lite.py`` compares them). Everything else is the store's: creating or
migrating a store, another database, reading, and resuming a run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

from zopa.runs import schema
from zopa.runs.errors import StoreError
from zopa.runs.location import store_url
from zopa.runs.texts import finished_run, new_version, now, started_run, stored_time

if TYPE_CHECKING:
    from zopa.runs.store import Store

__all__ = ["Recorder", "open_recorder"]

T = TypeVar("T")
_PREFIX = "sqlite:///"


def open_recorder(url: str | None = None, *, reads: bool = False) -> Recorder | Store:
    """Where a run is recorded: a :class:`Recorder` for an existing SQLite store whose schema
    is current, else the :class:`~zopa.runs.store.Store` (which creates or migrates the store,
    or says in one line why it cannot be used); the store, too, for a run that ``reads`` the
    store (one resumed)."""
    resolved = store_url(url)
    recorder = None if reads else Recorder.open(resolved)
    if recorder is not None:
        return recorder
    from zopa.runs.store import Store

    return Store.open(resolved)


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL (no query, no in-memory database)."""
    if not url.startswith(_PREFIX) or "?" in url:
        return None
    path = url[len(_PREFIX) :]
    return Path(path) if path and path != ":memory:" else None


class Recorder:
    """The writes of a recorded run, in a SQLite store (see the module)."""

    def __init__(self, con: sqlite3.Connection, url: str) -> None:
        self.con = con
        self.url = url

    @classmethod
    def open(cls, url: str) -> Recorder | None:
        """The recorder of the store at ``url``, or None when the store is anything but an
        existing SQLite file with this zopa's schema (the store then takes over)."""
        path = sqlite_file(url)
        if path is None or not path.is_file():
            return None
        try:
            con = sqlite3.connect(
                path, timeout=schema.BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
        except (sqlite3.Error, OSError):
            return None
        try:
            for pragma in schema.SQLITE_PRAGMAS:
                con.execute(f"PRAGMA {pragma}")
            rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
        except (sqlite3.Error, OSError):
            con.close()
            return None
        if [r[0] for r in rows] != [schema.SCHEMA_REVISION]:
            con.close()
            return None
        return cls(con, url)

    def close(self) -> None:
        """Done with the store."""
        self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def label(self) -> str:
        return self.url

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work(con)`` in one immediate transaction; errors as one-line StoreErrors."""
        try:
            self.con.execute("BEGIN IMMEDIATE")
            try:
                out = work(self.con)
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")
            return out
        except sqlite3.Error as err:
            if self.con.in_transaction:
                self.con.execute("ROLLBACK")
            reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
            raise StoreError(f"run store {self.url}: {reason}") from None
        except OSError as err:
            raise StoreError(f"run store {self.url}: {err.strerror or err}") from None

    def start(
        self,
        command: str,
        argv: Sequence[str],
        params: dict[str, Any],
        seed: int | None,
        inputs: Iterable[tuple[str, str]] = (),
        zopa_version: str = "",
    ) -> int:
        """Record a run as running (as :meth:`Store.start <zopa.runs.store.Store.start>`)."""
        texts = list(inputs)

        def work(con: sqlite3.Connection) -> int:
            versions = [_save_version(con, name, text) for name, text in texts]
            run_id = _insert(con, "runs", started_run(command, argv, params, seed, zopa_version))
            con.executemany(
                "INSERT INTO run_inputs (run_id, position, scenario_version_id) VALUES (?, ?, ?)",
                [(run_id, position, version) for position, version in enumerate(versions)],
            )
            return run_id

        return self._write(work)

    def plan_chunks(self, run_id: int, n_chunks: int) -> None:
        """Say how many chunks the run has; a resumed run must plan the same number."""

        def work(con: sqlite3.Connection) -> None:
            row = con.execute("SELECT n_chunks FROM runs WHERE id = ?", (run_id,)).fetchone()
            old = None if row is None else row[0]
            if old is not None and old != n_chunks:
                raise StoreError(f"run {run_id} was planned in {old} chunks, not {n_chunks}")
            con.execute("UPDATE runs SET n_chunks = ? WHERE id = ?", (n_chunks, run_id))

        self._write(work)

    def save_chunks(self, run_id: int, chunks: Sequence[tuple[int, str, float]]) -> int:
        """Checkpoint chunks computed together in one transaction (those already there are
        left as they are); how many were written."""
        if not chunks:
            return 0
        at = stored_time(now())

        def work(con: sqlite3.Connection) -> int:
            written = 0
            for idx, payload, seconds in chunks:
                cursor = con.execute(
                    "INSERT INTO chunks (run_id, idx, payload, seconds, done_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (run_id, idx, payload, seconds, at),
                )
                written += cursor.rowcount
            return written

        return self._write(work)

    def save_chunk(self, run_id: int, idx: int, payload: str, seconds: float) -> bool:
        """Checkpoint one chunk's result; False (and nothing written) if it is already there."""
        return self.save_chunks(run_id, [(idx, payload, seconds)]) == 1

    def chunks(self, run_id: int) -> dict[int, str]:
        """The checkpointed chunk results of a run, by index."""
        try:
            rows = self.con.execute(
                "SELECT idx, payload FROM chunks WHERE run_id = ?", (run_id,)
            ).fetchall()
        except sqlite3.Error as err:
            raise StoreError(f"run store {self.url}: {str(err).strip()}") from None
        return {int(idx): str(payload) for idx, payload in rows}

    def finish(
        self,
        run_id: int,
        status: str,
        result: str | None = None,
        error: str | None = None,
        seed: int | None = None,
    ) -> None:
        """Close a run (as :meth:`Store.finish <zopa.runs.store.Store.finish>`)."""
        if status not in schema.STATUSES:
            raise ValueError(f"unknown status {status!r}")

        def work(con: sqlite3.Connection) -> None:
            row = con.execute("SELECT started_at FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                raise StoreError(f"no run {run_id} in {self.url}")
            values = finished_run(status, result, error, seed, _read_time(str(row[0])))
            sets = ", ".join(f"{column} = ?" for column in values)
            con.execute(f"UPDATE runs SET {sets} WHERE id = ?", (*_sql_values(values), run_id))

        self._write(work)


def _save_version(con: sqlite3.Connection, name: str, text: str) -> int:
    """The id of ``text`` as the newest version of ``name``, saved unless it already is."""
    last = con.execute(
        "SELECT id, version, sha256, text FROM scenario_versions WHERE name = ? "
        "ORDER BY version DESC LIMIT 1",
        (name,),
    ).fetchone()
    row = new_version(name, text, None if last is None else (int(last[1]), last[2], last[3]))
    if row is None:  # the text is the newest version already
        assert last is not None
        return int(last[0])
    return _insert(con, "scenario_versions", row)


def _sql_values(row: dict[str, Any]) -> tuple[Any, ...]:
    """A row's values as the store keeps them in SQLite (times as :func:`stored_time`)."""
    return tuple(stored_time(v) if isinstance(v, datetime) else v for v in row.values())


def _insert(con: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    """Insert ``row`` (column: value) into ``table``; the new row's id."""
    columns, marks = ", ".join(row), ", ".join("?" * len(row))
    cursor = con.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", _sql_values(row))
    if cursor.lastrowid is None:
        raise AssertionError("the database returned no key for a new row")
    return int(cursor.lastrowid)


def _read_time(text: str) -> datetime:
    """A stored time (UTC fields, see :func:`~zopa.runs.texts.stored_time`)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
