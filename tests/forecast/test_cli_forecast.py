"""The forecast commands, run in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def test_forecast_json_on_a_bundled_scenario(cli: Callable[..., Any]) -> None:
    r = cli(
        "forecast",
        "minerals-2025",
        "--draws",
        "200",
        "--seed",
        "3",
        "--json",
        "-m",
        "compromise",
        "-m",
        "challenge",
        "-t",
        "revenue_share=50",
    )
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["input"] == "scenario"
    mc = data["monte_carlo"]["models"]
    assert set(mc) == {"compromise", "challenge"}
    issue = mc["compromise"]["issues"]["revenue_share"]
    assert issue["interval80"][0] <= issue["median"] <= issue["interval80"][1]
    assert set(issue["p_above"]) == {"50"}
    again = cli(
        "forecast",
        "minerals-2025",
        "--draws",
        "200",
        "--seed",
        "3",
        "--json",
        "-m",
        "compromise",
        "-m",
        "challenge",
        "-t",
        "revenue_share=50",
    )
    assert again.out == r.out


def test_forecast_table_and_plots(
    cli: Callable[..., Any], reference_dir: Path, tmp_path: Path
) -> None:
    table = reference_dir / "bdm1994_emission" / "actors.csv"
    plot = tmp_path / "f.png"
    r = cli(
        "forecast", str(table), "--draws", "0", "--plot", str(plot), "-o", "challenge.preset=scholz"
    )
    assert r.code == 0, r.err
    assert "compromise" in r.out and "7.39" in r.out and "challenge" in r.out
    assert plot.stat().st_size > 1000
    uncertain = tmp_path / "u.csv"
    uncertain.write_text(
        "actor,capability,position,salience,position_low,position_high\n"
        "A,1,20,50,10,30\nB,2,60,80,,\nC,1,90,40,,\n"
    )
    r = cli("forecast", str(uncertain), "--draws", "50", "--plot", str(plot), "-m", "challenge")
    assert r.code == 0 and (tmp_path / "f-trajectories.png").exists()


def test_sensitivity_names_the_judgements(cli: Callable[..., Any]) -> None:
    r = cli("sensitivity", "minerals-2025", "-m", "compromise", "--samples", "128", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    bars = data["tornado"]["issues"]["security"]["bars"]
    assert bars[0]["swing"] >= bars[-1]["swing"] and bars[0]["swing"] > 0
    actors = data["sobol"]["issues"]["security"]["actors"]
    assert actors[0]["total"] >= actors[-1]["total"]
    r = cli("sensitivity", "minerals-2025", "-m", "compromise", "--method", "tornado")
    assert r.code == 0 and "one at a time" in r.out


def test_sensitivity_defaults_ranges_for_point_inputs(
    cli: Callable[..., Any], reference_dir: Path
) -> None:
    table = reference_dir / "bdm1994_emission" / "actors.csv"
    r = cli("sensitivity", str(table), "-m", "compromise", "--method", "tornado", "--json")
    assert r.code == 0 and json.loads(r.out)["default_ranges"] == 3 * 10


def test_backtest_and_model_list(cli: Callable[..., Any]) -> None:
    r = cli("backtest", "bdm1994", "-m", "challenge", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["models"]["challenge"]["wins"] == 1 and data["cases"] == 1
    r = cli("forecast-models", "--json")
    assert {"compromise", "median", "nash", "challenge"} <= set(json.loads(r.out))


@pytest.mark.parametrize(
    "args",
    [
        ("forecast", "no-such-thing"),
        ("forecast", "minerals-2025", "-m", "nope"),
        ("forecast", "minerals-2025", "-o", "challenge.q=7", "--draws", "0"),
        ("forecast", "minerals-2025", "-o", "badoption"),
        ("forecast", "minerals-2025", "-t", "nowhere=3"),
        ("sensitivity", "minerals-2025", "--method", "guess"),
        ("backtest", "missing.csv"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Callable[..., Any], args: tuple[str, ...]) -> None:
    r = cli(*args)
    assert r.code == 2
    assert r.err.startswith("error: ") and "Traceback" not in r.err
