"""Actor tables and KTAB files built to break the readers: over-long fields, missing columns,
special files, huge files and numbers near the float limit give located errors (exit 2), never a
traceback or a hang. Every input is generated at test time."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from zopa.errors import InputError, ZopaError
from zopa.forecast.inputs.ktab_csv import looks_like_ktab_csv, read_ktab_table
from zopa.forecast.inputs.ktab_xml import read_ktab_xml
from zopa.forecast.inputs.sources import load_source
from zopa.forecast.inputs.tables import parse_actor_table
from zopa.model.guarded import MAX_BYTES, MAX_XML_DEPTH

KTAB = "S,desc,2,1,\nActor,Description,Power,X Position,X Salience,\nA,a,100,30,40\nB,b,50,70,60\n"
TABLE = "actor,capability,position,salience\nA,1,10,50\nB,2,60,40\n"


def _guarded(call: Any) -> Any:
    """Run ``call`` in a thread and fail (instead of hanging) when it does not end."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = call()
        except BaseException as err:  # reported by the caller
            out["error"] = err

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(120)  # a hang guard only
    assert not worker.is_alive(), "the reader blocked"
    if "error" in out:
        raise out["error"]
    return out.get("value")


@pytest.mark.parametrize("kind", ["ktab", "table"])
def test_a_field_over_the_csv_limit_is_a_located_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "t.csv"
    base = KTAB if kind == "ktab" else TABLE
    path.write_text(base + '"' + "x" * 200_000 + '",1,2,3\n')
    with pytest.raises(InputError) as err:
        load_source(path)
    (line,) = err.value.lines()
    assert line.startswith(f"{path}:{base.count(chr(10)) + 1}: not readable as CSV")


def test_a_table_without_a_salience_column_is_a_located_error() -> None:
    with pytest.raises(InputError) as err:
        parse_actor_table("actor,capability,position\nA,1,10\n", file="t.csv")
    assert err.value.lines() == ["t.csv:1: header has 'position' but no 'salience' column"]


@pytest.mark.parametrize("name", ["pipe.csv", "pipe.xml"])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    os.mkfifo(path)
    with pytest.raises(InputError, match="not a regular file"):
        _guarded(lambda: load_source(path))
    assert _guarded(lambda: looks_like_ktab_csv(path)) is False


def test_sniffing_a_6_gb_single_line_reads_only_its_start(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:  # sparse: no disk is used
        f.write(b"a,b,c")
        f.truncate(6 * 10**9)
    assert _guarded(lambda: looks_like_ktab_csv(path)) is False
    with pytest.raises(InputError, match=f"the limit is {MAX_BYTES:,}"):
        _guarded(lambda: load_source(path))


def test_a_30_mb_csv_is_refused_by_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(KTAB + "C,c,1,1,1\n" * 3_000_000)
    assert path.stat().st_size > 25_000_000
    with pytest.raises(InputError, match=f"the limit is {MAX_BYTES:,}"):
        load_source(path)


@pytest.mark.parametrize("value", ["1e308", "1.7e308", "1" + "0" * 400])
def test_numbers_near_the_float_limit_are_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "k.csv"
    path.write_text(KTAB.replace("A,a,100", f"A,a,{value}"))
    with pytest.raises(InputError) as err:
        read_ktab_table(path)
    assert any(
        ":3: " in line and ("±1e+15" in line or "finite" in line) for line in err.value.lines()
    )
    with pytest.raises(InputError, match=r"t.csv:2: capability: (.* is beyond|not a finite)"):
        parse_actor_table(TABLE.replace("A,1,", f"A,{value},"), file="t.csv")


def test_a_deeply_nested_ktab_xml_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "s.xml"
    path.write_text("<Scenario>" + "<a>" * 5000 + "</a>" * 5000 + "</Scenario>")
    with pytest.raises(InputError, match=f"nested more than {MAX_XML_DEPTH}"):
        read_ktab_xml(path)


def test_the_forecast_command_reports_them_with_exit_2(tmp_path: Path, cli) -> None:
    path = tmp_path / "t.csv"
    path.write_text("actor,capability,position\nA,1,10\n")
    r = cli("forecast", str(path))
    assert r.code == 2 and "Traceback" not in r.err and "no 'salience' column" in r.err


def test_the_good_inputs_still_read(tmp_path: Path) -> None:
    k = tmp_path / "k.csv"
    k.write_text(KTAB)
    assert looks_like_ktab_csv(k)
    try:
        actors = load_source(k).actors
    except ZopaError as err:  # pragma: no cover - shown on failure
        pytest.fail(str(err))
    assert actors.names == ("A", "B")


def test_a_row_shorter_than_the_actor_column_is_a_located_error() -> None:
    # found by the fuzz test: the actor column after a position column, a row of one cell
    with pytest.raises(InputError) as err:
        parse_actor_table("position:x,actor,capability,position,salience\n0\n", file="t.csv")
    assert "t.csv:2: actor: missing actor name" in err.value.lines()
