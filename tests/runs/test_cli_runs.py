"""Recording from the command line and the ``zopa runs`` commands."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from zopa.runs import Store

Cli = Callable[..., Result]


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    monkeypatch.setenv("ZOPA_STORE", url)
    return url


def _runs(url: str) -> list[dict[str, object]]:
    with Store.open(url) as store:
        return [store.get(r.id).to_dict(full=True) for r in store.list()]


def test_a_command_is_recorded_with_its_json_result(cli: Cli, store_url: str) -> None:
    out = cli("frontier", "logrolling", "--json")
    assert out.code == 0
    [run] = _runs(store_url)
    assert run["command"] == "frontier"
    assert run["status"] == "done"
    assert run["argv"] == ["frontier", "logrolling", "--json"]
    assert run["result"] == json.loads(out.out)
    with Store.open(store_url) as store:
        stored = store.get(int(str(run["id"])))
    assert stored.result is not None and stored.result + "\n" == out.out  # the same JSON text
    [scenario] = stored.inputs
    assert scenario.name == "logrolling" and scenario.version == 1
    assert "issues:" in scenario.text


def test_table_output_records_the_same_json(cli: Cli, store_url: str) -> None:
    assert cli("frontier", "logrolling").code == 0
    printed = cli("frontier", "logrolling", "--json", "--no-record")
    [run] = _runs(store_url)
    assert run["result"] == json.loads(printed.out)


def test_no_record_records_nothing(cli: Cli, store_url: str) -> None:
    assert cli("frontier", "logrolling", "--no-record").code == 0
    assert _runs(store_url) == []


def test_listing_commands_are_not_recorded(cli: Cli, store_url: str) -> None:
    assert cli("scenarios", "--json").code == 0
    assert cli("show", "logrolling").code == 0
    assert _runs(store_url) == []


def test_a_failed_command_is_recorded_as_failed(cli: Cli, store_url: str) -> None:
    out = cli("diagnose", "logrolling", "nope")
    assert out.code == 2
    [run] = _runs(store_url)
    assert run["status"] == "failed"
    assert "nope" in str(run["error"])


def test_changed_scenario_file_makes_a_new_version(
    cli: Cli, store_url: str, tmp_path: Path
) -> None:
    from zopa.model.io import bundled_scenarios

    path = tmp_path / "deal.yaml"
    text = bundled_scenarios()["logrolling"].read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert cli("frontier", str(path), "--json").code == 0
    assert cli("frontier", str(path), "--json").code == 0
    path.write_text(text.replace("Two-issue", "Two issue"), encoding="utf-8")
    assert cli("frontier", str(path), "--json").code == 0
    versions = cli("runs", "versions", str(path), "--json")
    found = json.loads(versions.out)["versions"]
    assert [v["version"] for v in found] == [1, 2]
    assert "+title: Two issue" in found[1]["diff"] or "Two issue" in found[1]["diff"]
    listed = json.loads(cli("runs", "list", "--scenario", "deal", "--json").out)["runs"]
    assert [r["scenarios"][0]["version"] for r in listed] == [2, 1, 1]


def test_runs_commands(cli: Cli, store_url: str, tmp_path: Path) -> None:
    assert cli("forecast", "minerals-2025", "-n", "40", "--seed", "1", "--json").code == 0
    assert cli("forecast", "minerals-2025", "-n", "40", "--seed", "2", "--json").code == 0
    assert cli("frontier", "logrolling").code == 0
    listed = json.loads(cli("runs", "list", "--json").out)["runs"]
    assert [(r["id"], r["command"]) for r in listed] == [
        (3, "frontier"),
        (2, "forecast"),
        (1, "forecast"),
    ]
    only = json.loads(cli("runs", "list", "--command", "forecast", "--json").out)["runs"]
    assert [r["id"] for r in only] == [2, 1]
    table = cli("runs", "list")
    assert "minerals-2025 v1" in table.out and "3 runs in" in table.out

    shown = json.loads(cli("runs", "show", "2", "--json").out)
    assert shown["seed"] == 2 and shown["params"]["draws"] == 40
    assert "status:   done" in cli("runs", "show", "2").out

    diff = json.loads(cli("runs", "diff", "1", "2", "--json").out)
    assert {"path": "params.seed", "before": 1, "after": 2} in diff["inputs"]
    assert not diff["same_result"] and diff["result_changes"] > 0
    assert "input params.seed: 1 → 2" in cli("runs", "diff", "1", "2").out

    target = tmp_path / "run.json"
    exported = cli("runs", "export", "2", "-o", str(target), "--json")
    assert exported.code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["result"] == shown["result"]

    assert json.loads(cli("runs", "rm", "1", "--json").out)["removed"] == 1
    gone = cli("runs", "show", "1")
    assert gone.code == 2 and gone.err.count("\n") == 1 and "no run 1" in gone.err


def _one_line_error(out: Result) -> str:
    assert out.code == 2
    assert out.err.count("\n") == 1 and out.err.startswith("error: "), out.err
    assert "Traceback" not in out.err
    return out.err


def test_bad_store_url_stops_before_any_work(cli: Cli) -> None:
    err = _one_line_error(cli("frontier", "logrolling", "--store", "nosuchdb://x/y"))
    assert "bad store URL" in err and "--no-record" in err
    assert _one_line_error(cli("runs", "list", "--store", "nosuchdb://x/y"))


def test_damaged_store_is_left_as_it_was(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    path.write_bytes(os.urandom(4096))
    before = path.read_bytes()
    assert "not a database" in _one_line_error(cli("frontier", "logrolling", "--store", str(path)))
    assert "not a database" in _one_line_error(cli("runs", "list", "--store", str(path)))
    assert path.read_bytes() == before


def test_a_store_that_takes_no_run_stops_before_any_work(cli: Cli, tmp_path: Path) -> None:
    # the schema's revision is there, its tables are not: the store opens, the run cannot start
    import sqlite3

    path = tmp_path / "hollow.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("INSERT INTO alembic_version VALUES ('0001')")
    con.commit()
    con.close()
    out = cli("forecast", "minerals-2025", "-n", "10", "--store", str(path))
    err = _one_line_error(out)
    assert "no such table" in err and "--no-record" in err and str(path) in err
    assert out.out == ""


def test_full_disk_keeps_the_result_and_earlier_runs(
    cli: Cli, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from zopa.runs import schema

    assert cli("forecast", "minerals-2025", "-n", "0").code == 0  # the scenario is saved
    path = Path(store_url.removeprefix("sqlite:///"))
    con = sqlite3.connect(path)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    # the database may grow by a few pages only: the 50 kB forecast result does not fit
    monkeypatch.setattr(
        schema, "SQLITE_PRAGMAS", [*schema.SQLITE_PRAGMAS, f"max_page_count={pages + 8}"]
    )
    out = cli("forecast", "minerals-2025", "-n", "30", "--json")
    assert out.code == 0
    assert json.loads(out.out)["seed"] == 0
    assert "warning: run 2 not recorded as done" in out.err and "full" in out.err
    monkeypatch.undo()
    runs = _runs(store_url)
    assert [(r["id"], r["status"]) for r in runs][-1] == (1, "done")


def test_disk_full_between_chunks_keeps_the_result(
    cli: Cli, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from zopa.runs import schema

    args = ("forecast", "minerals-2025", "-n", "4000", "-m", "compromise", "--json")
    plain = cli(*args, "--no-record")
    assert cli("forecast", "minerals-2025", "-n", "0").code == 0  # the scenario is saved
    path = Path(store_url.removeprefix("sqlite:///"))
    con = sqlite3.connect(path)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    # room for the run's row and a chunk or two (88 kB each), not for all four
    monkeypatch.setattr(
        schema, "SQLITE_PRAGMAS", [*schema.SQLITE_PRAGMAS, f"max_page_count={pages + 60}"]
    )
    out = cli(*args)
    assert out.code == 0
    assert out.out == plain.out
    assert "warning: run 2: chunks are no longer checkpointed" in out.err and "full" in out.err
    monkeypatch.undo()
    with Store.open(store_url) as store:
        kept = store.chunks(2)
    assert 0 < len(kept) < 4


def test_bad_scheduler_and_resume_without_store(cli: Cli, store_url: str) -> None:
    err = _one_line_error(cli("forecast", "minerals-2025", "-n", "10", "--scheduler", "nowhere"))
    assert "scheduler" in err and "tcp://" in err
    err = _one_line_error(cli("forecast", "minerals-2025", "-n", "10", "--resume", "--no-record"))
    assert "--resume" in err


def test_resume_with_nothing_to_resume_starts_a_new_run(cli: Cli, store_url: str) -> None:
    out = cli("forecast", "minerals-2025", "-n", "10", "--resume", "--json")
    assert out.code == 0
    assert "no unfinished run" in out.err
    [run] = _runs(store_url)
    assert run["status"] == "done" and run["chunks"] == {"done": 5, "total": 5}
