"""Forecast where multi-actor bargaining settles, how sure that is, and what drives it.

Core objects: :class:`Actors` (capability, position and salience judgements, possibly uncertain),
the model registry (:func:`register_model`, :func:`get_model`, :func:`registered_models`) whose
models all have the call shape ``model(actors, rng, **options) -> Forecast``, and :class:`Forecast`.
Around them: :func:`monte_carlo` (forecast distributions), :func:`tornado` and :func:`sobol`
(sensitivity), :func:`backtest` (scores on resolved cases), :func:`forecast_summary` (every model
on every issue of a scenario, with intervals) and :func:`run_forecast` (models, Monte Carlo and
notes for one input, as the ``forecast`` command shows them). Each returns a frozen value with
``to_dict()``.

Messages name the parameters of these functions in backquotes (`` `seed` ``, `` `scale` ``, ...);
the command line shows its own flag in their place.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zopa.forecast import models
    from zopa.forecast.actors import Actors, ActorSample, Triangular, point_actors
    from zopa.forecast.inputs.scenario import actors_from_scenario
    from zopa.forecast.inputs.tables import parse_actor_table, read_actor_table
    from zopa.forecast.registry import (
        Forecast,
        get_model,
        register_batch,
        register_model,
        registered_models,
    )
    from zopa.forecast.runs.backtest_values import BacktestReport
    from zopa.forecast.runs.backtesting import backtest, load_cases
    from zopa.forecast.runs.montecarlo import Distribution, MonteCarlo, monte_carlo
    from zopa.forecast.runs.overview import ForecastSummary, forecast_summary
    from zopa.forecast.runs.reports import (
        ForecastReport,
        SensitivityReport,
        run_forecast,
        run_sensitivity,
    )
    from zopa.forecast.runs.sensitivity import sobol, tornado, widen
    from zopa.forecast.runs.sensitivity_values import SobolIndices, Tornado
    from zopa.forecast.uncertainty import InputFactor

#: Where each public name lives. The package imports them when first asked for, so a program
#: that needs one part (say the SMP) does not load the scenario language, the runs and the
#: reports with it (about 0.2 s of CPU).
_HOME = {
    "models": "zopa.forecast.models",
    "Actors": "zopa.forecast.actors",
    "ActorSample": "zopa.forecast.actors",
    "Triangular": "zopa.forecast.actors",
    "point_actors": "zopa.forecast.actors",
    "actors_from_scenario": "zopa.forecast.inputs.scenario",
    "parse_actor_table": "zopa.forecast.inputs.tables",
    "read_actor_table": "zopa.forecast.inputs.tables",
    "Forecast": "zopa.forecast.registry",
    "get_model": "zopa.forecast.registry",
    "register_batch": "zopa.forecast.registry",
    "register_model": "zopa.forecast.registry",
    "registered_models": "zopa.forecast.registry",
    "BacktestReport": "zopa.forecast.runs.backtest_values",
    "backtest": "zopa.forecast.runs.backtesting",
    "load_cases": "zopa.forecast.runs.backtesting",
    "Distribution": "zopa.forecast.runs.montecarlo",
    "MonteCarlo": "zopa.forecast.runs.montecarlo",
    "monte_carlo": "zopa.forecast.runs.montecarlo",
    "ForecastSummary": "zopa.forecast.runs.overview",
    "forecast_summary": "zopa.forecast.runs.overview",
    "ForecastReport": "zopa.forecast.runs.reports",
    "SensitivityReport": "zopa.forecast.runs.reports",
    "run_forecast": "zopa.forecast.runs.reports",
    "run_sensitivity": "zopa.forecast.runs.reports",
    "sobol": "zopa.forecast.runs.sensitivity",
    "tornado": "zopa.forecast.runs.sensitivity",
    "widen": "zopa.forecast.runs.sensitivity",
    "SobolIndices": "zopa.forecast.runs.sensitivity_values",
    "Tornado": "zopa.forecast.runs.sensitivity_values",
    "InputFactor": "zopa.forecast.uncertainty",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(home)
    value = module if name == "models" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


__all__ = [
    "ActorSample",
    "Actors",
    "BacktestReport",
    "Distribution",
    "Forecast",
    "ForecastReport",
    "ForecastSummary",
    "InputFactor",
    "MonteCarlo",
    "SensitivityReport",
    "SobolIndices",
    "Tornado",
    "Triangular",
    "actors_from_scenario",
    "backtest",
    "forecast_summary",
    "get_model",
    "load_cases",
    "models",
    "monte_carlo",
    "parse_actor_table",
    "point_actors",
    "read_actor_table",
    "register_batch",
    "register_model",
    "registered_models",
    "run_forecast",
    "run_sensitivity",
    "sobol",
    "tornado",
    "widen",
]
