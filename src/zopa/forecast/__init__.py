"""Forecast where multi-actor bargaining settles, how sure that is, and what drives it.

Core objects: :class:`Actors` (capability, position and salience judgements, possibly uncertain),
the model registry (:func:`register_model`, :func:`get_model`, :func:`models`) whose models all
have the call shape ``model(actors, rng, **options) -> Forecast``, and :class:`Forecast`.
"""

from __future__ import annotations

import importlib
import importlib.util

from zopa.forecast.actors import Actors, ActorSample, Factor, Triangular, point_actors
from zopa.forecast.registry import Forecast, get_model, models, register_batch, register_model

# Modules whose import registers models, in menu order.
MODEL_MODULES: tuple[str, ...] = (
    "zopa.forecast.baseline",
    "zopa.forecast.challenge",
    "zopa.forecast.smp",
)

for _name in MODEL_MODULES:
    if importlib.util.find_spec(_name) is not None:
        importlib.import_module(_name)

__all__ = [
    "ActorSample",
    "Actors",
    "Factor",
    "Forecast",
    "Triangular",
    "get_model",
    "models",
    "point_actors",
    "register_batch",
    "register_model",
]
