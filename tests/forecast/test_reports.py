"""The library's forecast, sensitivity and backtest reports: frozen values whose ``to_dict()`` is
what the commands print with ``--json``."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest

from zopa._json import to_jsonable
from zopa.errors import InputError
from zopa.forecast import (
    BacktestReport,
    ForecastReport,
    SensitivityReport,
    backtest,
    load_cases,
    run_forecast,
    run_sensitivity,
)
from zopa.forecast.inputs.sources import load_source
from zopa.forecast.runs.backtesting import bundled_cases


def _json(data: Any) -> Any:
    return json.loads(json.dumps(to_jsonable(data)))


def _printed(cli: Callable[..., Any], *args: str) -> dict[str, Any]:
    r = cli(*args, "--json")
    assert r.code == 0, r.err
    data: dict[str, Any] = json.loads(r.out)
    return data


def test_forecast_json_is_the_report(cli: Callable[..., Any]) -> None:
    given = load_source("minerals-2025")
    report = run_forecast(
        given, source="minerals-2025", model_names=["compromise", "nash"], draws=50, seed=4
    )
    assert isinstance(report, ForecastReport) and report.seed == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.seed = 5  # type: ignore[misc]
    printed = _printed(
        cli,
        "forecast",
        "minerals-2025",
        "-m",
        "compromise",
        "-m",
        "nash",
        "-n",
        "50",
        "--seed",
        "4",
    )
    expected = _json(report.to_dict())
    assert {k: printed[k] for k in expected} == expected
    assert list(expected["forecasts"]) == ["compromise", "nash"]
    assert expected["monte_carlo"]["draws"] == 50


def test_forecast_seed_falls_back_to_the_input_and_refuses_negatives() -> None:
    given = load_source("minerals-2025")
    assert run_forecast(given, model_names=["compromise"], draws=0).seed == 0
    with_seed = dataclasses.replace(given, seed=11)
    assert run_forecast(with_seed, model_names=["compromise"], draws=0).seed == 11
    with pytest.raises(InputError) as err:
        run_forecast(given, model_names=["compromise"], draws=0, seed=-1)
    assert err.value.problems[0].path == "seed"
    with pytest.raises(InputError) as err:
        run_forecast(given, model_names=["compromise"], draws=-3)
    assert err.value.problems[0].path == "draws"


def test_sensitivity_json_is_the_report(cli: Callable[..., Any]) -> None:
    given = load_source("minerals-2025")
    report = run_sensitivity(given, "compromise", method="both", samples=32, seed=2)
    assert isinstance(report, SensitivityReport) and report.default_ranges > 0
    assert any("`default_ranges=False`" in n for n in report.notes)
    printed = _printed(cli, "sensitivity", "minerals-2025", "--samples", "32", "--seed", "2")
    expected = _json(report.to_dict())
    assert {k: printed[k] for k in expected} == expected
    assert report.tornado is not None and report.sobol is not None
    issue = next(iter(report.tornado.issues.values()))
    swings = [b.swing for b in issue.bars]
    assert swings == sorted(swings, reverse=True)
    with pytest.raises(InputError):
        run_sensitivity(given, "compromise", method="neither")


def test_backtest_json_is_the_report(cli: Callable[..., Any]) -> None:
    report = backtest(load_cases(bundled_cases()), ["median"], seed=3)
    assert isinstance(report, BacktestReport) and report.cases == len(report.per_case)
    assert report.baseline in report.models
    printed = _printed(cli, "backtest", "bdm1994", "-m", "median", "--seed", "3")
    expected = _json(report.to_dict())
    assert {k: printed[k] for k in expected} == expected
    row = report.per_case[0]
    assert row.error["median"] == pytest.approx(abs(row.forecast["median"] - row.outcome))
