"""Backtest cases files: located problems, no tracebacks, honest intervals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zopa.errors import InputError
from zopa.forecast.runs.backtesting import MIN_BOOTSTRAP_CASES, backtest, load_cases

TWO = "A: {position: 0, salience: 50}, B: {position: 100, salience: 50}"


def _yaml(tmp_path: Path, body: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body)
    return path


def test_capability_zero_is_kept_in_yaml_and_csv(tmp_path: Path) -> None:
    """A zero capability means no say; `or 1` used to turn it into 1 in YAML only."""
    y = _yaml(
        tmp_path,
        "cases:\n  - {case: c1, issue: i, outcome: 50, actors: {A: {capability: 0, position: 0, "
        "salience: 100}, B: {capability: 1, position: 100, salience: 100}}}\n",
    )
    c = tmp_path / "c.csv"
    c.write_text(
        "case,issue,outcome,position:A,salience:A,capability:A,position:B,salience:B\n"
        "c1,i,50,0,100,0,100,100\n"
    )
    for path in (y, c):
        (case,) = load_cases(path)
        assert case.actors.capability.tolist() == [0.0, 1.0]
        assert (
            backtest([case], ["compromise"]).to_dict()["per_case"][0]["forecast"]["compromise"]
            == 100.0
        )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"cases:\n  - {{case: c1, issue: i, outcome: .nan, actors: {{{TWO}}}}}\n", "finite"),
        (f"cases:\n  - {{case: c1, issue: i, outcome: 500, actors: {{{TWO}}}}}\n", "outside"),
        (
            "cases:\n  - {case: c1, issue: i, outcome: 5, actors: {A: 5, B: {position: 1}}}\n",
            "expected a mapping",
        ),
        (
            f"salience_max: abc\ncases:\n  - {{case: c, issue: i, outcome: 5, actors: {{{TWO}}}}}\n",
            "salience_max",
        ),
        (
            f"salience_max: 0\ncases:\n  - {{case: c, issue: i, outcome: 5, actors: {{{TWO}}}}}\n",
            "salience_max",
        ),
        (f"cases:\n  - {{case: c1, issue: i, outcome: 5, scale: 7, actors: {{{TWO}}}}}\n", "scale"),
        (
            f"cases:\n  - {{case: c, issue: i, outcome: 5, actors: {{{TWO}}}}}\n"
            f"  - {{case: c, issue: i, outcome: 6, actors: {{{TWO}}}}}\n",
            "repeats",
        ),
    ],
)
def test_bad_yaml_cases(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_cases(_yaml(tmp_path, body))
    assert message in str(err.value)
    assert all(p.file and p.file.endswith("c.yaml") for p in err.value.problems)


def test_non_utf8_and_salience_max(tmp_path: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(b"\xff\xfe\x00case")
    with pytest.raises(InputError) as err:
        load_cases(path)
    assert "not UTF-8" in str(err.value)
    ok = tmp_path / "ok.csv"
    ok.write_text("case,issue,outcome,position:A,salience:A\nc,i,5,3,50\n")
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(InputError):
            load_cases(ok, salience_max=bad)


def test_csv_lines_count_blank_lines_and_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "case,issue,outcome,position:A,salience:A,position:B,salience:B\n"
        "c1,i,50,0,50,100,50\n"
        "# c\n"
        "\n"
        'c2,i,"5\n0",0,50,100,50\n'
        "c3,i,50,0,50,200,50\n"
    )
    with pytest.raises(InputError) as err:
        load_cases(path)
    assert err.value.problems[0].line == 5  # the record starts on line 5
    path.write_text(path.read_text().replace('"5\n0"', "50"))
    with pytest.raises(InputError) as err:
        load_cases(path)
    assert err.value.problems[0].line == 6 and "position" in err.value.problems[0].path


def test_few_cases_get_no_bootstrap_interval(tmp_path: Path) -> None:
    rows = "".join(f"c{k},i,{40 + k},20,50,{60 + k},80\n" for k in range(MIN_BOOTSTRAP_CASES))
    path = tmp_path / "many.csv"
    path.write_text("case,issue,outcome,position:A,salience:A,position:B,salience:B\n" + rows)
    cases = load_cases(path)
    few = backtest(cases[: MIN_BOOTSTRAP_CASES - 1], ["median"]).to_dict()
    assert few["models"]["median"]["vs_baseline_ci95"] is None and few["note"]
    enough = backtest(cases, ["median"]).to_dict()
    lo, hi = enough["models"]["median"]["vs_baseline_ci95"]
    assert lo <= enough["models"]["median"]["vs_baseline"] <= hi and enough["note"] is None


def test_model_problems_name_the_case(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_text(
        "case,issue,outcome,position:A,salience:A,position:B,salience:B\nc1,i,50,0,0,100,0\n"
    )
    with pytest.raises(InputError) as err:
        backtest(load_cases(path), ["median"])
    p = err.value.problems[0]
    assert (p.file, p.line) == (str(path), 2) and p.path.startswith("c1/i")


@pytest.mark.parametrize(
    "args",
    [
        ("backtest", "bdm1994", "--seed", "-1"),
        ("backtest", "bdm1994", "--option", "challenge.q=abc"),
        ("backtest", "bdm1994", "--salience-max", "0"),
    ],
)
def test_backtest_cli_errors(cli: Callable[..., Any], args: tuple[str, ...]) -> None:
    r = cli(*args)
    assert r.code == 2 and r.err.startswith("error: ") and "Traceback" not in r.err


def test_backtest_cli_says_why_no_interval(cli: Callable[..., Any]) -> None:
    r = cli("backtest", "bdm1994", "-m", "challenge")
    assert r.code == 0 and "none is given" in r.out
    r = cli("backtest", "bdm1994", "-m", "challenge", "--json")
    assert '"vs_baseline_ci95": null' in r.out
