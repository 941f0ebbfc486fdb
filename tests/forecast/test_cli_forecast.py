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
        "forecast",
        str(table),
        "--draws",
        "0",
        "--plot",
        str(plot),
        "--option",
        "challenge.preset=scholz",
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
    r = cli("sensitivity", "minerals-2025", "-m", "compromise", "--method", "tornado", "--detail")
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
    assert {"compromise", "median", "nash", "challenge"} <= set(json.loads(r.out)["models"])


@pytest.mark.parametrize(
    "args",
    [
        ("forecast", "no-such-thing"),
        ("forecast", "minerals-2025", "-m", "nope"),
        ("forecast", "minerals-2025", "--option", "challenge.q=7", "--draws", "0"),
        ("forecast", "minerals-2025", "--option", "badoption"),
        ("forecast", "minerals-2025", "-t", "nowhere=3"),
        ("sensitivity", "minerals-2025", "--method", "guess"),
        ("backtest", "missing.csv"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Callable[..., Any], args: tuple[str, ...]) -> None:
    r = cli(*args)
    assert r.code == 2
    assert r.err.startswith("error: ") and "Traceback" not in r.err


def test_forecast_table_shows_what_it_has(cli: Callable[..., Any], tmp_path: Path) -> None:
    r = cli("forecast", "minerals-2025", "--draws", "100", "-m", "compromise")
    assert r.code == 0 and "P(> t)" not in r.out and "80% interval" in r.out
    from zopa.forecast import actors_from_scenario, get_model
    from zopa.forecast.inputs.scenario import on_issue
    from zopa.model import load_scenario

    scenario = load_scenario("minerals-2025")
    fc = get_model("compromise")(actors_from_scenario(scenario).point()).outcome
    k = list(scenario.issues).index("governance")
    assert "nearest" in r.out and on_issue(scenario, "governance", float(fc[k])) in r.out
    r = cli("forecast", "minerals-2025", "--draws", "100", "-m", "compromise", "-t", "security=50")
    assert r.code == 0 and "P(> t)" in r.out and ">50:" in r.out


def test_models_have_labels(cli: Callable[..., Any]) -> None:
    from zopa.forecast import registered_models

    assert all(spec.metadata.get("label") for spec in registered_models().values())
    r = cli("forecast-models", "--json")
    data = json.loads(r.out)["models"]
    assert data["smp"]["label"] == "KTAB Spatial Model of Politics"
    assert data["smp"]["scale_dependent"] and not data["median"]["scale_dependent"]


def test_trajectory_plots_keep_every_issue(cli: Callable[..., Any], tmp_path: Path) -> None:
    """11 issues and two iterative models: 22 panels do not fit on one page of 12, so the
    trajectories go onto two pages and every written file is named."""
    plot = tmp_path / "m.png"
    r = cli(
        "forecast",
        "minerals-2025",
        "--draws",
        "20",
        "-m",
        "challenge",
        "-m",
        "smp",
        "--plot",
        str(plot),
        "--json",
    )
    assert r.code == 0, r.err
    written = json.loads(r.out)["plots"]
    assert written == [
        str(plot),
        str(tmp_path / "m-trajectories.png"),
        str(tmp_path / "m-trajectories-2.png"),
    ]
    assert all(Path(p).stat().st_size > 1000 for p in written)


def test_median_tie_is_pointed_out(cli: Callable[..., Any], tmp_path: Path) -> None:
    table = tmp_path / "tie.csv"
    table.write_text("actor,capability,position,salience\nA,1,20,50\nB,1,60,50\n")
    r = cli("forecast", str(table), "--draws", "0", "-m", "median")
    assert r.code == 0 and "the tie rule (lower) picks the forecast" in r.out
    table.write_text("actor,capability,position,salience\nA,1,20,50\nB,1.1,60,50\n")
    r = cli("forecast", str(table), "--draws", "0", "-m", "median")
    assert r.code == 0 and "tie rule" not in r.out
