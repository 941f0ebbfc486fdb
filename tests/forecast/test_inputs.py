"""Reading actor inputs: BDM-style tables, cases files and scenario-derived actors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from zopa.errors import InputError
from zopa.forecast import (
    Actors,
    actors_from_scenario,
    forecast_summary,
    get_model,
    parse_actor_table,
)
from zopa.forecast.inputs.sources import load_actors
from zopa.forecast.runs.backtesting import backtest, bundled_cases, load_cases


def test_multi_issue_table_with_uncertainty() -> None:
    text = (
        "# two issues\n"
        "actor,capability,position:tax,salience:tax,position:gas,salience:gas,position:tax_low,position:tax_high\n"
        "A,2,10,50,80,20,5,20\n"
        "B,1,60,100,0,0,,\n"
    )
    a = parse_actor_table(text, scale=(0, 100))
    assert a.dimensions == ("tax", "gas")
    assert a.salience.tolist() == [[0.5, 0.2], [1.0, 0.0]]
    assert [(f.label, f.low, f.high) for f in a.factors()] == [("A position (tax)", 5.0, 20.0)]


def test_table_problems_carry_line_numbers() -> None:
    text = "actor,capability,position,salience\nA,1,10,50\nB,x,20,\n"
    with pytest.raises(InputError) as err:
        parse_actor_table(text, file="t.csv")
    lines = {str(p) for p in err.value.problems}
    assert "t.csv:3: capability: not a number: 'x'" in lines
    assert "t.csv:3: salience: missing value" in lines
    with pytest.raises(InputError):
        parse_actor_table("actor,position\nA,1\n")
    with pytest.raises(InputError) as err:
        parse_actor_table("actor,capability,position,salience\nA,1,10,150\n", file="t.csv")
    assert str(err.value.problems[0]) == "t.csv:2: salience: 150 must lie in [0, 100]"


def test_cases_csv_and_yaml_agree(tmp_path: Path) -> None:
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text(
        "case,issue,outcome,scale_low,scale_high,status_quo,position:A,salience:A,capability:A,"
        "position:B,salience:B\n"
        "c1,i1,40,0,100,,20,50,2,60,100\n"
        "c1,i2,10,0,100,30,0,80,1,,\n"
    )
    yaml_file = tmp_path / "cases.yaml"
    yaml_file.write_text(
        "cases:\n"
        "  - {case: c1, issue: i1, outcome: 40, actors: {A: {capability: 2, position: 20, "
        "salience: 50}, B: {position: 60, salience: 100}}}\n"
        "  - {case: c1, issue: i2, outcome: 10, status_quo: 30, actors: {A: {position: 0, "
        "salience: 80}}}\n"
    )
    a, b = load_cases(csv_file), load_cases(yaml_file)
    assert [c.actors.names for c in a] == [("A", "B"), ("A",)]
    assert all(x.actors.point() == y.actors.point() for x, y in zip(a, b, strict=True))
    assert a[1].status_quo == 30 and a[0].status_quo is None
    result = backtest(a, ["compromise", "median"]).to_dict()
    # i1: compromise (2*.5*20 + 1*1*60)/(1+1) = 40 exactly; median: lower median 20.
    assert result["per_case"][0]["forecast"] == {"compromise": 40.0, "median": 20.0}
    assert result["models"]["median"]["mae"] == pytest.approx((20 + 10) / 2)
    assert result["models"]["compromise"]["mae"] == pytest.approx((0 + 10) / 2)
    assert result["models"]["median"]["vs_baseline"] == pytest.approx(10.0)


def test_bad_cases_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("case,issue,position:A\nc,i,3\n")
    with pytest.raises(InputError) as err:
        load_cases(bad)
    assert "outcome" in str(err.value)
    bad.write_text("case,issue,outcome,position:A,salience:A\n# note\nc,i,abc,3,50\n")
    with pytest.raises(InputError) as err:
        load_cases(bad)
    assert err.value.problems[0].line == 3
    with pytest.raises(InputError):
        load_cases(tmp_path / "missing.yaml")


def test_bundled_cases_score_the_emission_case() -> None:
    (case,) = load_cases(bundled_cases())
    assert case.outcome == 8.833 and case.actors.n == 10
    result = backtest([case], ["challenge"]).to_dict()
    assert result["models"]["compromise"]["mae"] == pytest.approx(8.833 - 7.389955686853766)
    assert result["models"]["challenge"]["wins"] == 1


def test_scenario_actors_follow_the_judgements() -> None:
    from zopa.model import load_scenario, spatial_judgements

    scenario = load_scenario("minerals-2025")
    actors = actors_from_scenario(scenario)
    judgements = spatial_judgements(scenario)
    assert actors.n == len(judgements) and actors.dimensions == tuple(scenario.issues)
    for i, j in enumerate(judgements):
        assert actors.capability[i] == j.capability[1]
        for k, issue in enumerate(actors.dimensions):
            assert actors.mask[i, k] == (issue in j.position)
            if issue in j.position:
                assert actors.position[i, k] == j.position[issue][1]
                assert actors.salience[i, k] == j.salience[issue][1]
    assert np.all(actors.scale_low == 0) and np.all(actors.scale_high == 100)
    first = judgements[0]
    over = actors_from_scenario(scenario, {first.party: {"position": {"revenue_share": 50}}})
    assert over.position[0, 0] == 50
    with pytest.raises(InputError):
        actors_from_scenario(scenario, {"nobody": {"capability": 1}})
    with pytest.raises(InputError):
        actors_from_scenario(scenario, {first.party: {"position": {"nope": 1}}})


def test_summary_gives_every_model_on_every_issue() -> None:
    from zopa.model import load_scenario

    scenario = load_scenario("minerals-2025")
    out = forecast_summary(
        scenario, draws=200, seed=1, model_names=["compromise", "challenge"]
    ).to_dict()
    assert set(out["issues"]) == set(scenario.issues)
    for per_model in out["issues"].values():
        for r in per_model.values():
            assert r["interval95"][0] <= r["interval80"][0] <= r["median"] <= r["interval80"][1]
            assert r["interval80"][1] <= r["interval95"][1]
            assert r["interval95"][0] >= 0 and r["interval95"][1] <= 100
    again = forecast_summary(
        scenario, draws=200, seed=1, model_names=["compromise", "challenge"]
    ).to_dict()
    assert again == out


def test_sources_recognise_each_input(reference_dir: Path) -> None:
    table, kind = load_actors(reference_dir / "bdm1994_emission" / "actors.csv")
    assert kind == "table" and isinstance(table, Actors)
    assert get_model("median")(table).outcome[0] == 7.0
    ktab, kind = load_actors(reference_dir / "ktab_smp" / "inputs" / "SOE-Policy.csv")
    assert kind == "ktab" and ktab.n == 26
    _, kind = load_actors("minerals-2025")
    assert kind == "scenario"
    with pytest.raises(InputError):
        load_actors("no-such-scenario-or-file")
