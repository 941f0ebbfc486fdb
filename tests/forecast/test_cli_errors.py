"""Bad input to the forecast commands: one located line per problem, exit 2, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zopa.errors import InputError, TooLargeError
from zopa.forecast import get_model, parse_actor_table, point_actors
from zopa.forecast.inputs.ktab_csv import read_ktab_table
from zopa.forecast.inputs.ktab_xml import read_ktab_xml

TABLE = "actor,capability,position,salience\nA,1,4,80\nB,2,7,40\n"


def _table(tmp_path: Path, text: str = TABLE, name: str = "t.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _fails(r: Any) -> None:
    assert r.code == 2, r.out
    assert r.err.startswith("error: ") and "Traceback" not in r.err


@pytest.mark.parametrize("command", ["forecast", "sensitivity", "backtest"])
def test_negative_seed_is_refused(cli: Callable[..., Any], command: str) -> None:
    source = "bdm1994" if command == "backtest" else "minerals-2025"
    r = cli(command, source, "--seed", "-1")
    _fails(r)
    assert "--seed" in r.err


@pytest.mark.parametrize(
    "extra",
    [
        ("--draws", "-5"),
        ("--salience-max", "0"),
        ("--salience-max", "nan"),
        ("--scale", "10,0"),
        ("--scale", "nan,5"),
        ("--salience-basis", "votes"),
    ],
)
def test_bad_forecast_arguments(
    cli: Callable[..., Any], tmp_path: Path, extra: tuple[str, ...]
) -> None:
    _fails(cli("forecast", _table(tmp_path), "--draws", "0", *extra))


@pytest.mark.parametrize("name", ["missing/f.png", "f.txt", "f"])
def test_plot_target_is_checked_before_any_work(
    cli: Callable[..., Any], tmp_path: Path, name: str
) -> None:
    r = cli("forecast", "minerals-2025", "--draws", "0", "--plot", str(tmp_path / name))
    _fails(r)
    assert "--plot" in r.err and not list(tmp_path.iterdir())
    _fails(cli("sensitivity", "minerals-2025", "--plot", str(tmp_path / name)))


def test_non_utf8_table(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(b"actor,capability,position,salience\n\xff\xfe,1,2,3\n")
    r = cli("forecast", str(path), "--draws", "0")
    _fails(r)
    assert "not UTF-8" in r.err and "bin.csv" in r.err


def test_table_problems_are_in_the_files_terms() -> None:
    with pytest.raises(InputError) as err:
        parse_actor_table(
            "actor,capability,position,salience\nA,1,nan,50\nB,1,5,150\n", file="t.csv"
        )
    shown = [str(p) for p in err.value.problems]
    assert shown == [
        "t.csv:2: position: not a finite number: nan",
        "t.csv:3: salience: 150 must lie in [0, 100]",
    ]
    with pytest.raises(InputError) as err:
        parse_actor_table(
            "actor,capability,position,salience\nA,1,4,50\nA,1,5,50\n", file="t.csv", issue="x"
        )
    assert str(err.value.problems[0]) == "t.csv:3: actor: 'A' repeats line 2"
    with pytest.raises(InputError) as err:
        parse_actor_table("actor,capability,position,salience\nA,0,4,50\nB,0,5,50\n", file="t.csv")
    assert (
        str(err.value.problems[0])
        == "t.csv: capability: at least one actor needs positive capability"
    )
    with pytest.raises(InputError) as err:
        parse_actor_table(
            "actor,capability,position:x,salience:x\nA,1,4,50\nB,1,5,50\n",
            file="t.csv",
            scale=(0, 4.5),
        )
    assert str(err.value.problems[0]) == "t.csv:3: position:x: 5 must lie in [0, 4.5]"


def test_ktab_csv_declaring_a_huge_count_is_refused_before_allocating(tmp_path: Path) -> None:
    path = Path(_table(tmp_path, "scen,desc,1000000000000,1\nActor,Desc,Cap,D1,S1\nA,a,10,20,30\n"))
    with pytest.raises(InputError) as err:
        read_ktab_table(path)
    assert "declares 1000000000000 actors, the file has 1" in str(err.value)


def test_ktab_xml_problems_carry_lines_and_names(tmp_path: Path) -> None:
    path = tmp_path / "s.xml"
    path.write_text(
        "<Scenario>\n<name>x</name>\n<Dimensions><dName>d</dName></Dimensions>\n<Actors>\n"
        "<Actor><name>A</name><capability>1</capability><Position><dCoord>20</dCoord>"
        "</Position><Salience><dSal>30</dSal></Salience></Actor>\n"
        "<Actor><name>B</name><capability>abc</capability><Position><dCoord>120</dCoord>"
        "</Position><Salience><dSal>30</dSal></Salience></Actor>\n"
        "</Actors>\n</Scenario>\n"
    )
    with pytest.raises(InputError) as err:
        read_ktab_xml(path)
    shown = {str(p) for p in err.value.problems}
    assert f"{path}:6: Actors.Actor[2] (B).capability: expected a number, got 'abc'" in shown
    assert f"{path}:6: Actors.Actor[2] (B).d.position: 120 must lie in [0, 100]" in shown


def test_challenge_with_too_many_actors_is_refused(cli: Callable[..., Any], tmp_path: Path) -> None:
    n = 20_000
    with pytest.raises(TooLargeError):
        get_model("challenge")(
            point_actors([f"a{i}" for i in range(n)], ["d"], [1] * n, [50] * n, [1] * n)
        )
    rows = "".join(f"a{i},1,{i % 100},50\n" for i in range(n))
    r = cli(
        "forecast",
        _table(tmp_path, "actor,capability,position,salience\n" + rows),
        "-m",
        "challenge",
        "--draws",
        "0",
    )
    _fails(r)
    assert "at most 1000 actors" in r.err


def test_model_refusals_name_the_file(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = _table(tmp_path, "actor,capability,position,salience\nA,1,4,0\nB,2,7,0\n", "z.csv")
    for command in (("forecast", path, "--draws", "5"), ("sensitivity", path)):
        r = cli(*command)
        _fails(r)
        assert r.err.splitlines() == [
            f"error: {path}: actors.salience.z: no actor has positive capability × salience on "
            "this issue; nothing to forecast"
        ]
    r = cli("forecast", "minerals-2025", "--draws", "0", "--option", "nash.status_quo=3")
    _fails(r)
    assert "error: <input>: nash.status_quo:" in r.err


def test_special_files_are_refused_as_tables_and_cases(cli) -> None:
    """The shared reader refuses devices instead of reading them without end."""
    for args in (["backtest", "/dev/zero"], ["forecast", "/dev/zero"]):
        r = cli(*args)
        assert r.code == 2 and "not a regular file" in r.err
