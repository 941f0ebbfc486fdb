"""The run store: scenario versions, runs and their chunks in one SQL database.

``Store.open(url)`` checks the URL, creates the database on first use and migrates its schema;
every method runs in its own short transaction, so a process killed at any point leaves the
store as it was after the last completed call."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib import import_module
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, Row, delete, func, insert, select, update
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import IntegrityError

from zopa.runs import tables as t
from zopa.runs.engine import describe, open_engine, store_errors
from zopa.runs.errors import StoreError
from zopa.runs.location import store_url
from zopa.runs.records import Run, ScenarioVersion
from zopa.runs.texts import finished_run, new_version, now, params_text, sha256, started_run

__all__ = ["Store", "now", "params_text", "sha256"]

_RETRIES = 20


class Store:
    """A run store at a SQLAlchemy URL (see :func:`zopa.runs.location.store_url`)."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (and on first use create) the store; migrate its schema to this zopa's."""
        resolved = store_url(url)
        return cls(open_engine(resolved), resolved)

    def close(self) -> None:
        """Done with the store (its engine stays open for the next command in this process)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def label(self) -> str:
        return describe(self.url)

    def _write(self, work: Any) -> Any:
        """Run ``work(conn)`` in one transaction, again on a unique-key race (PostgreSQL)."""
        for attempt in range(_RETRIES):
            try:
                with store_errors(self.url), self.engine.begin() as conn:
                    return work(conn)
            except StoreError as err:
                if not isinstance(err.__context__, IntegrityError) or attempt + 1 == _RETRIES:
                    raise
        raise AssertionError("unreachable")

    # -- scenarios ------------------------------------------------------------------------------

    def save_scenario(self, name: str, text: str) -> ScenarioVersion:
        """Keep ``text`` as the newest version of ``name`` unless it already is."""
        return self._write(lambda conn: _save_version(conn, name, text))  # type: ignore[no-any-return]

    def versions(self, name: str) -> list[ScenarioVersion]:
        """Every saved version of a scenario, oldest first."""
        with store_errors(self.url), self.engine.connect() as conn:
            rows = conn.execute(
                select(t.scenario_versions)
                .where(t.scenario_versions.c.name == name)
                .order_by(t.scenario_versions.c.version)
            ).all()
        return [_version(r) for r in rows]

    def scenario_names(self) -> list[str]:
        with store_errors(self.url), self.engine.connect() as conn:
            names = conn.execute(select(t.scenario_versions.c.name).distinct()).scalars().all()
        return sorted(names)

    # -- runs -----------------------------------------------------------------------------------

    def start(
        self,
        command: str,
        argv: Sequence[str],
        params: dict[str, Any],
        seed: int | None,
        inputs: Iterable[tuple[str, str]] = (),
        zopa_version: str = "",
    ) -> int:
        """Record a run as running; ``inputs`` are (name, text) of the scenarios it reads."""
        texts = list(inputs)

        def work(conn: Connection) -> int:
            versions = [_save_version(conn, name, text) for name, text in texts]
            row = started_run(command, argv, params, seed, zopa_version)
            run_id = _new_id(conn.execute(insert(t.runs).values(**row)))
            for position, version in enumerate(versions):
                conn.execute(
                    insert(t.run_inputs).values(
                        run_id=run_id, position=position, scenario_version_id=version.id
                    )
                )
            return int(run_id)

        return self._write(work)  # type: ignore[no-any-return]

    def reopen(self, run_id: int) -> Run:
        """Take over an unfinished run in this process (for resuming it)."""
        run = self.get(run_id)
        if run.status == "done":
            raise StoreError(f"run {run_id} in {self.label} is already done")
        self._write(
            lambda conn: conn.execute(
                update(t.runs)
                .where(t.runs.c.id == run_id)
                .values(status="running", error=None, host=socket.gethostname(), pid=os.getpid())
            )
        )
        return run

    def finish(
        self,
        run_id: int,
        status: str,
        result: str | None = None,
        error: str | None = None,
        seed: int | None = None,
    ) -> None:
        """Close a run: done (with its result text), failed or interrupted (with the error);
        ``seed`` replaces the recorded one when the command settled on another."""
        if status not in t.STATUSES:
            raise ValueError(f"unknown status {status!r}")

        def work(conn: Connection) -> None:
            started = conn.execute(
                select(t.runs.c.started_at).where(t.runs.c.id == run_id)
            ).scalar_one()
            values = finished_run(status, result, error, seed, _utc(started))
            conn.execute(update(t.runs).where(t.runs.c.id == run_id).values(**values))

        self._write(work)

    def get(self, run_id: int) -> Run:
        """One run with its inputs and result; a StoreError if there is none."""
        with store_errors(self.url), self.engine.connect() as conn:
            row = conn.execute(select(t.runs).where(t.runs.c.id == run_id)).first()
            if row is None:
                raise StoreError(f"no run {run_id} in {self.label}")
            return _run(conn, row, with_result=True)

    def list(self, scenario: str | None = None, command: str | None = None) -> list[Run]:
        """Runs, newest first, optionally of one command or reading one scenario (by its name,
        file name or stem)."""
        query = select(t.runs).order_by(t.runs.c.id.desc())
        if command is not None:
            query = query.where(t.runs.c.command == command)
        with store_errors(self.url), self.engine.connect() as conn:
            runs = [_run(conn, row, with_result=False) for row in conn.execute(query).all()]
        if scenario is not None:
            runs = [r for r in runs if any(_names(v.name, scenario) for v in r.inputs)]
        return runs

    def remove(self, run_id: int) -> None:
        """Delete a run and its chunks (its scenario versions stay)."""
        self.get(run_id)

        def work(conn: Connection) -> None:
            conn.execute(delete(t.chunks).where(t.chunks.c.run_id == run_id))
            conn.execute(delete(t.run_inputs).where(t.run_inputs.c.run_id == run_id))
            conn.execute(delete(t.runs).where(t.runs.c.id == run_id))

        self._write(work)

    def unfinished(self, command: str, params: dict[str, Any]) -> int | None:
        """The newest run of ``command`` with these parameters that did not finish."""
        with store_errors(self.url), self.engine.connect() as conn:
            found = conn.execute(
                select(t.runs.c.id)
                .where(
                    t.runs.c.command == command,
                    t.runs.c.params == params_text(params),
                    t.runs.c.status != "done",
                )
                .order_by(t.runs.c.id.desc())
                .limit(1)
            ).scalar()
        return None if found is None else int(found)

    # -- chunks ---------------------------------------------------------------------------------

    def plan_chunks(self, run_id: int, n_chunks: int) -> None:
        """Say how many chunks the run has; a resumed run must plan the same number."""

        def work(conn: Connection) -> None:
            old = conn.execute(select(t.runs.c.n_chunks).where(t.runs.c.id == run_id)).scalar()
            if old is not None and old != n_chunks:
                raise StoreError(f"run {run_id} was planned in {old} chunks, not {n_chunks}")
            conn.execute(update(t.runs).where(t.runs.c.id == run_id).values(n_chunks=n_chunks))

        self._write(work)

    def save_chunk(self, run_id: int, idx: int, payload: str, seconds: float) -> bool:
        """Checkpoint one chunk's result; False (and nothing written) if it is already there."""
        return self.save_chunks(run_id, [(idx, payload, seconds)]) == 1

    def save_chunks(self, run_id: int, chunks: Sequence[tuple[int, str, float]]) -> int:
        """Checkpoint the results ``(index, payload, seconds)`` of chunks computed together, in
        one transaction; a chunk already there is left as it is. Returns how many were written."""
        if not chunks:
            return 0
        at = now()
        rows = [
            {"run_id": run_id, "idx": idx, "payload": payload, "seconds": seconds, "done_at": at}
            for idx, payload, seconds in chunks
        ]
        return int(self._write(lambda conn: sum(_insert_chunk(conn, row) for row in rows)))

    def chunks(self, run_id: int) -> dict[int, str]:
        """The checkpointed chunk results of a run, by index."""
        with store_errors(self.url), self.engine.connect() as conn:
            rows = conn.execute(
                select(t.chunks.c.idx, t.chunks.c.payload).where(t.chunks.c.run_id == run_id)
            ).all()
        return {int(idx): str(payload) for idx, payload in rows}


def _insert_chunk(conn: Connection, values: dict[str, Any]) -> bool:
    """Insert one chunk row unless its (run, index) is there; whether it was inserted."""
    if conn.dialect.name in ("sqlite", "postgresql"):  # one statement, one round trip
        dialect = import_module(f"sqlalchemy.dialects.{conn.dialect.name}")
        stmt = dialect.insert(t.chunks).values(**values).on_conflict_do_nothing()
        return bool(conn.execute(stmt).rowcount)
    there = conn.execute(
        select(func.count())
        .select_from(t.chunks)
        .where(t.chunks.c.run_id == values["run_id"], t.chunks.c.idx == values["idx"])
    ).scalar_one()
    if there:
        return False
    conn.execute(insert(t.chunks).values(**values))
    return True


def _save_version(conn: Connection, name: str, text: str) -> ScenarioVersion:
    sv = t.scenario_versions
    last = conn.execute(
        select(sv).where(sv.c.name == name).order_by(sv.c.version.desc()).limit(1)
    ).first()
    values = new_version(
        name, text, None if last is None else (int(last.version), last.sha256, str(last.text))
    )
    if values is None:  # the text is the newest version already
        assert last is not None
        return _version(last)
    new_id = _new_id(conn.execute(insert(sv).values(**values)))
    row = conn.execute(select(sv).where(sv.c.id == new_id)).one()
    return _version(row)


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    if key is None:
        raise AssertionError("the database returned no key for a new row")
    return int(key[0])


def _version(row: Row[Any]) -> ScenarioVersion:
    return ScenarioVersion(
        id=int(row.id),
        name=str(row.name),
        version=int(row.version),
        sha256=str(row.sha256),
        saved_at=_utc(row.saved_at),
        text=str(row.text),
        diff=str(row.diff),
    )


def _run(conn: Connection, row: Row[Any], *, with_result: bool) -> Run:
    inputs = conn.execute(
        select(t.scenario_versions)
        .join(t.run_inputs, t.run_inputs.c.scenario_version_id == t.scenario_versions.c.id)
        .where(t.run_inputs.c.run_id == row.id)
        .order_by(t.run_inputs.c.position)
    ).all()
    done = conn.execute(
        select(func.count()).select_from(t.chunks).where(t.chunks.c.run_id == row.id)
    ).scalar_one()
    return Run(
        id=int(row.id),
        command=str(row.command),
        argv=tuple(json.loads(row.argv)),
        params=json.loads(row.params),
        seed=None if row.seed is None else int(row.seed),
        zopa_version=str(row.zopa_version),
        status=_status(str(row.status), str(row.host), int(row.pid)),
        started_at=_utc(row.started_at),
        finished_at=None if row.finished_at is None else _utc(row.finished_at),
        seconds=row.seconds,
        host=str(row.host),
        pid=int(row.pid),
        n_chunks=row.n_chunks,
        chunks_done=int(done),
        inputs=tuple(_version(v) for v in inputs),
        error=row.error,
        result=row.result if with_result else None,
    )


def _status(status: str, host: str, pid: int) -> str:
    """A run still marked running whose process on this host is gone was interrupted."""
    if status != "running" or host != socket.gethostname():
        return status
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return "interrupted"
    except PermissionError:
        return status
    return status


def _names(stored: str, wanted: str) -> bool:
    if stored == wanted:
        return True
    base = stored.replace("\\", "/").rsplit("/", 1)[-1]
    return wanted in (base, base.rsplit(".", 1)[0])


def _utc(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
