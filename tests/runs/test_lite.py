"""The run recorder (sqlite3 alone) writes the rows the store (SQLAlchemy) writes, is used only
for an existing SQLite store with this zopa's schema, and spares a recorded command SQLAlchemy."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from zopa.runs import Store, StoreError
from zopa.runs.lite import Recorder, open_recorder, sqlite_file

TEXT_1 = "name: deal\nissues: []\n"
TEXT_2 = "name: deal\nissues: [price]\n"


def _record(writer: Store | Recorder, scenario: str, text: str) -> int:
    run_id = writer.start(
        "forecast", ["forecast", "deal"], {"draws": 10, "seed": 3}, 3, [(scenario, text)], "9.9"
    )
    writer.plan_chunks(run_id, 3)
    assert writer.save_chunks(run_id, [(0, "[0]", 0.5), (2, "[2]", 0.25)]) == 2
    assert writer.save_chunks(run_id, [(2, "[9]", 0.5)]) == 0  # kept as it was
    assert writer.chunks(run_id) == {0: "[0]", 2: "[2]"}
    writer.finish(run_id, "done", result='{"seed": 4}', seed=4)
    return run_id


def _rows(path: Path, table: str, key: str, value: int) -> list[dict[str, Any]]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(f"SELECT * FROM {table} WHERE {key} = ?", (value,))]
    finally:
        con.close()


def _same_shape(a: Any, b: Any) -> bool:
    """Both stored times in the same format (digits in the same places)."""
    return isinstance(a, str) and isinstance(b, str) and [c.isdigit() for c in a] == [
        c.isdigit() for c in b
    ]


def test_the_recorder_writes_the_rows_the_store_writes(sqlite_url: str) -> None:
    Store.open(sqlite_url).close()  # creates the store
    path = sqlite_file(sqlite_url)
    assert path is not None
    with Store.open(sqlite_url) as store:
        by_store = _record(store, "a.yaml", TEXT_1)
        _record(store, "a.yaml", TEXT_2)  # a second version, with a diff
    recorder = Recorder.open(sqlite_url)
    assert recorder is not None
    with recorder:
        by_recorder = _record(recorder, "b.yaml", TEXT_1)
        _record(recorder, "b.yaml", TEXT_2)
        again = _record(recorder, "b.yaml", TEXT_2)  # the same text: no new version
    times = {"started_at", "finished_at", "saved_at", "done_at"}
    for table, key, ids in (
        ("runs", "id", (by_store, by_recorder)),
        ("chunks", "run_id", (by_store, by_recorder)),
        ("run_inputs", "run_id", (by_store, by_recorder)),
    ):
        mine, theirs = (_rows(path, table, key, i) for i in ids)
        assert len(mine) == len(theirs) > 0
        for a, b in zip(mine, theirs, strict=True):
            assert a.keys() == b.keys()
            for column in a:
                if column in times:
                    assert _same_shape(a[column], b[column]), (column, a[column], b[column])
                elif column not in ("id", "run_id", "scenario_version_id", "seconds"):
                    assert a[column] == b[column], (table, column)
    versions = {
        name: _rows(path, "scenario_versions", "name", name) for name in ("a.yaml", "b.yaml")
    }
    for a, b in zip(versions["a.yaml"], versions["b.yaml"], strict=True):
        assert (a["version"], a["sha256"], a["text"]) == (b["version"], b["sha256"], b["text"])
        assert a["diff"].replace("a.yaml", "b.yaml") == b["diff"]
    assert len(versions["b.yaml"]) == 2
    with Store.open(sqlite_url) as store:  # and the store reads the recorder's runs alike
        theirs, mine, same = store.get(by_store), store.get(by_recorder), store.get(again)
    assert mine.status == theirs.status == "done" and mine.seed == theirs.seed == 4
    assert mine.seconds is not None and mine.seconds >= 0
    assert mine.started_at.tzinfo is not None and mine.finished_at is not None
    assert (mine.n_chunks, mine.chunks_done) == (theirs.n_chunks, theirs.chunks_done) == (3, 2)
    assert [v.version for v in same.inputs] == [2]


def test_the_recorder_is_used_for_an_existing_current_sqlite_store_only(
    sqlite_url: str, tmp_path: Path
) -> None:
    assert Recorder.open(sqlite_url) is None  # no file yet: the store creates it
    first = open_recorder(sqlite_url)
    assert isinstance(first, Store)
    first.close()
    second = open_recorder(sqlite_url)
    assert isinstance(second, Recorder)
    second.close()
    resuming = open_recorder(sqlite_url, reads=True)  # a resumed run reads: the store's work
    assert isinstance(resuming, Store)
    resuming.close()
    path = sqlite_file(sqlite_url)
    assert path is not None
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    assert Recorder.open(sqlite_url) is None  # a newer zopa's store: the store says so
    with pytest.raises(StoreError, match="newer"):
        open_recorder(sqlite_url)
    plain = tmp_path / "not-a-store.sqlite"
    plain.write_bytes(b"hello, not a database" * 100)
    assert Recorder.open(f"sqlite:///{plain}") is None
    assert sqlite_file("postgresql://db/zopa") is None
    assert sqlite_file(f"sqlite:///{plain}?mode=ro") is None


def test_a_write_the_store_refuses_is_one_line_naming_the_store(sqlite_url: str) -> None:
    Store.open(sqlite_url).close()
    recorder = Recorder.open(sqlite_url)
    assert recorder is not None
    with recorder:
        run_id = recorder.start("forecast", ["forecast"], {}, None)
        recorder.plan_chunks(run_id, 2)
        with pytest.raises(StoreError, match="planned in 2 chunks"):
            recorder.plan_chunks(run_id, 3)
        recorder.con.execute("PRAGMA query_only = ON")  # as a read-only file would
        with pytest.raises(StoreError) as err:
            recorder.save_chunk(run_id, 0, "[1]", 0.1)
        assert str(err.value).startswith(f"run store {sqlite_url}: ")
        assert "\n" not in str(err.value)
        assert not recorder.con.in_transaction
        with pytest.raises(ValueError, match="unknown status"):
            recorder.finish(run_id, "great")


_LOADED = """
import sys
from zopa.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("\\nLOADED %s\\n" % ("sqlalchemy" in sys.modules))
"""


def test_a_recorded_run_in_an_existing_store_imports_no_sqlalchemy(sqlite_url: str) -> None:
    def loaded() -> str:
        args = ["forecast", "minerals-2025", "-n", "20", "-m", "median", "--store", sqlite_url]
        done = subprocess.run(
            [sys.executable, "-c", _LOADED, *args], capture_output=True, text=True, timeout=600
        )
        return next(x for x in done.stderr.splitlines() if x.startswith("LOADED "))

    assert loaded() == "LOADED True"  # the first run creates the store
    assert loaded() == "LOADED False"
    with Store.open(sqlite_url) as store:
        runs = store.list()
    assert [r.status for r in runs] == ["done", "done"]
    newest = store_get(sqlite_url, runs[0].id)
    assert newest.result is not None and newest.chunks_done == newest.n_chunks == 1


def store_get(url: str, run_id: int) -> Any:
    with Store.open(url) as store:
        return store.get(run_id)
