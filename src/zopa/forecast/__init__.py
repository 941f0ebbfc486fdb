"""Forecast where multi-actor bargaining settles, how sure that is, and what drives it.

Core objects: :class:`Actors` (capability, position and salience judgements, possibly uncertain),
the model registry (:func:`register_model`, :func:`get_model`, :func:`models`) whose models all
have the call shape ``model(actors, rng, **options) -> Forecast``, and :class:`Forecast`.
Around them: :func:`monte_carlo` (forecast distributions), :func:`tornado` and :func:`sobol`
(sensitivity), :func:`backtest` (scores on resolved cases) and :func:`summary` (every model on
every issue of a scenario, with intervals).
"""

from __future__ import annotations

import importlib
import importlib.util

from zopa.forecast.actors import Actors, ActorSample, Factor, Triangular, point_actors
from zopa.forecast.registry import Forecast, get_model, models, register_batch, register_model

# Modules whose import registers models, in menu order.
MODEL_MODULES: tuple[str, ...] = (
    "zopa.forecast.baseline",
    "zopa.forecast.nash",
    "zopa.forecast.challenge",
    "zopa.forecast.smp",
)

for _name in MODEL_MODULES:
    if importlib.util.find_spec(_name) is not None:
        importlib.import_module(_name)

from zopa.forecast.backtesting import backtest, load_cases  # noqa: E402
from zopa.forecast.montecarlo import Distribution, MonteCarlo, monte_carlo  # noqa: E402
from zopa.forecast.overview import summary  # noqa: E402
from zopa.forecast.scenario import actors_from_scenario  # noqa: E402
from zopa.forecast.sensitivity import sobol, tornado, widen  # noqa: E402
from zopa.forecast.tables import parse_actor_table, read_actor_table  # noqa: E402

__all__ = [
    "ActorSample",
    "Actors",
    "Distribution",
    "Factor",
    "Forecast",
    "MonteCarlo",
    "Triangular",
    "actors_from_scenario",
    "backtest",
    "get_model",
    "load_cases",
    "models",
    "monte_carlo",
    "parse_actor_table",
    "point_actors",
    "read_actor_table",
    "register_batch",
    "register_model",
    "sobol",
    "summary",
    "tornado",
    "widen",
]
