"""The store's API: runs, scenario versions, chunks, schema migrations, and refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from zopa.runs import Store, StoreError
from zopa.runs.diff import diff_runs, value_changes
from zopa.runs.engine import head_revision
from zopa.runs.tables import SCHEMA_REVISION, metadata


def test_runs_round_trip(any_url: str) -> None:
    with Store.open(any_url) as store:
        first = store.start("forecast", ["forecast", "s"], {"draws": 10}, 3, [("s", "a: 1\n")])
        store.finish(first, "done", result='{"x": 1}')
        second = store.start("frontier", ["frontier", "s"], {}, None, [("s", "a: 2\n")])
        store.finish(second, "failed", error="boom")
    with Store.open(any_url) as store:  # opened again: migrations are not re-applied
        run = store.get(first)
        assert (run.command, run.status, run.seed, run.params) == (
            "forecast",
            "done",
            3,
            {"draws": 10},
        )
        assert run.result_value() == {"x": 1}
        assert run.seconds is not None and run.seconds >= 0
        assert [r.id for r in store.list()] == [second, first]
        assert [r.id for r in store.list(command="frontier")] == [second]
        assert store.get(second).error == "boom"
        versions = store.versions("s")
        assert [v.version for v in versions] == [1, 2]
        assert "-a: 1\n+a: 2\n" in versions[1].diff
        assert store.get(first).inputs[0].version == 1
        assert store.get(second).inputs[0].version == 2
        store.remove(first)
        assert [r.id for r in store.list()] == [second]
        with pytest.raises(StoreError, match=f"no run {first}"):
            store.get(first)


def test_same_text_is_one_version(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        a = store.save_scenario("s", "x\n")
        b = store.save_scenario("s", "x\n")
        c = store.save_scenario("s", "y\n")
        assert (a.id, a.version) == (b.id, 1)
        assert c.version == 2


def test_scenario_filter_matches_path_name_and_stem(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        rid = store.start("diagnose", [], {}, None, [("/data/deals/minerals.yaml", "x\n")])
        for wanted in ("/data/deals/minerals.yaml", "minerals.yaml", "minerals"):
            assert [r.id for r in store.list(scenario=wanted)] == [rid]
        assert store.list(scenario="mineral") == []


def test_chunks_are_kept_once(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        rid = store.start("forecast", [], {}, 0)
        store.plan_chunks(rid, 3)
        assert store.save_chunk(rid, 0, "[1]", 0.1)
        assert not store.save_chunk(rid, 0, "[2]", 0.1)
        assert store.chunks(rid) == {0: "[1]"}
        assert store.get(rid).chunks_done == 1
        with pytest.raises(StoreError, match="planned in 3 chunks"):
            store.plan_chunks(rid, 4)


def test_chunks_computed_together_are_kept_in_one_call(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        rid = store.start("forecast", [], {}, 0)
        store.plan_chunks(rid, 4)
        assert store.save_chunk(rid, 1, "[1]", 0.1)
        assert store.save_chunks(rid, [(0, "[0]", 0.2), (1, "[9]", 0.2), (3, "[3]", 0.2)]) == 2
        assert store.chunks(rid) == {0: "[0]", 1: "[1]", 3: "[3]"}  # chunk 1 kept as it was
        assert store.save_chunks(rid, []) == 0
        assert store.get(rid).chunks_done == 3


def test_killed_run_reads_as_interrupted(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        rid = store.start("forecast", [], {}, 0)
        with store.engine.begin() as conn:  # a process id that no process has
            conn.execute(text("UPDATE runs SET pid = 2147483646 WHERE id = :i"), {"i": rid})
        assert store.get(rid).status == "interrupted"


def test_shipped_migrations_build_the_declared_tables(sqlite_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    assert head_revision() == SCHEMA_REVISION
    with Store.open(sqlite_url) as store, store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _dump(url: str) -> list[str]:
    """The database's content as SQL (the same whatever sits in its write-ahead log)."""
    con = sqlite3.connect(_sqlite_path(url))
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_newer_schema_is_refused_untouched(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        rid = store.start("forecast", [], {}, 0)
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    before = _dump(sqlite_url)
    with pytest.raises(StoreError, match="'9999', written by a newer zopa"):
        Store.open(sqlite_url)
    assert _dump(sqlite_url) == before
    con = sqlite3.connect(_sqlite_path(sqlite_url))
    assert con.execute("SELECT id FROM runs").fetchall() == [(rid,)]
    con.close()


def test_damaged_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    path.write_bytes(b"not a database, just bytes\n" * 200)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="file is not a database"):
        Store.open(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE runs (x INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="no zopa schema version"):
        Store.open(f"sqlite:///{path}")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url://", "bad store URL"),
        ("nosuchdb://host/x", "bad store URL"),
        ("postgresql+nosuchdriver://host/x", "bad store URL"),
        ("sqlite://", "in memory keeps nothing"),
        ("sqlite:///:memory:", "in memory keeps nothing"),
    ],
)
def test_bad_urls(url: str, expected: str) -> None:
    with pytest.raises(StoreError, match=expected):
        Store.open(url)


def test_read_only_store_is_refused(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        store.start("forecast", [], {}, 0)
    path = _sqlite_path(sqlite_url)
    before = _dump(sqlite_url)
    with (
        pytest.raises(StoreError, match="readonly"),
        Store.open(f"sqlite:///file:{path}?mode=ro&uri=true") as store,
    ):
        store.start("forecast", [], {}, 0)
    assert _dump(sqlite_url) == before


def test_diff_of_two_runs(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        a = store.start("forecast", [], {"draws": 10}, 1, [("s", "a: 1\n")])
        store.finish(a, "done", result=json.dumps({"mean": 1.0, "notes": ["x"]}))
        b = store.start("forecast", [], {"draws": 20}, 1, [("s", "a: 2\n")])
        store.finish(b, "done", result=json.dumps({"mean": 1.5, "notes": ["x"], "new": 1}))
        d = diff_runs(store.get(a), store.get(b))
    assert [c.path for c in d.inputs] == ["params.draws", "scenario s"]
    assert [c.to_dict() for c in d.results] == [
        {"path": "mean", "before": 1.0, "after": 1.5},
        {"path": "new", "after": 1},
    ]
    assert not d.same_result
    assert "-a: 1" in d.scenario_diffs[0] and "+a: 2" in d.scenario_diffs[0]
    assert "  result mean: 1.0 → 1.5" in d.lines()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(json_values, json_values)
def test_value_changes_vanish_exactly_for_equal_values(a: object, b: object) -> None:
    assert value_changes(a, a) == []
    assert (value_changes(a, b) == []) == (
        json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    )


def test_seeds_up_to_two_to_the_sixty_four(any_url: str) -> None:
    with Store.open(any_url) as store:
        rid = store.start("forecast", [], {}, 2**64)
        assert store.get(rid).seed == 2**64
        store.finish(rid, "done", result="{}", seed=2**63 + 1)
        assert store.get(rid).seed == 2**63 + 1
