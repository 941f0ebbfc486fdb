"""Forecast models made coherent with who must sign.

Each registered forecast model (:mod:`zopa.forecast.registry`) forecasts a position on the 0-100
scale of every issue that lies on a line, from every actor's position, salience and capability:
stakeholders influence the forecast. Only signatories veto, so:

* :func:`check_forecasts` maps each forecast to the scenario's terms (the nearest option, or the
  nearest grid value of a range; unordered issues are not forecast and keep the first
  proposal's term, else the first option) and says whether every signatory accepts that package
  at the point estimates, naming who does not and why (:mod:`zopa.forecast.checks`, which
  ``zopa forecast`` uses too);
* the outlook's *constrained forecast* settlement rule picks, in each draw, the acceptable
  package on that draw's Pareto frontier nearest to the model's forecast, in the metric the
  spatial models share: the squared distance on the 0-100 scale, each issue weighted by the sum
  over actors of capability x salience (the weights of the compromise model, Bueno de Mesquita,
  *Forecasting Political Events*, 1985; Wise, Lester and Lumpkin, KTAB, 2015). This is zopa's
  choice of "nearest acceptable": the forecast is projected onto the acceptable set (a
  constrained least-squares projection), so it never crosses a signatory's red line or
  walk-away value. The forecast itself is made once, at the point estimates.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

import zopa.forecast.models  # noqa: F401  (registers the models before any section computes)
from zopa.errors import InputError
from zopa.forecast.checks import ForecastCheck, check_outcomes
from zopa.forecast.registry import ModelSpec
from zopa.game import Game
from zopa.model.schema import Scenario

#: Settlement-rule names of the constrained forecasts start with this.
PREFIX = "forecast:"


@dataclass(frozen=True, eq=False)
class Forecasts:
    """Every model's forecast positions, and the weights of the metric per issue."""

    dimensions: tuple[str, ...]
    targets: dict[str, np.ndarray]  #: model -> (D,) positions on 0-100
    labels: dict[str, str]
    weights: np.ndarray  #: (D,) sum over actors of capability x salience, normalised


#: The last scenario forecast, the models registered then, and its forecasts: the outlook's
#: candidates, its check of the forecasts and the main analysis's forecast section forecast
#: the same (frozen) scenario once (also when they run side by side: the lock makes the second
#: caller wait for the first one's forecasts instead of computing them again).
_LAST: list[tuple[Scenario, list[tuple[str, ModelSpec]], Forecasts | None]] = []
_LAST_LOCK = threading.Lock()


def forecasts(scenario: Scenario) -> Forecasts | None:
    """Every registered model's forecast at the point estimates (None when the scenario has
    nothing to forecast); a model that refuses the inputs is left out. The same scenario with
    the same models as the last call gets the same (read-only) forecasts again."""
    from zopa.forecast.registry import registered_models

    models = list(registered_models().items())
    with _LAST_LOCK:
        for sc, known, fc in _LAST:
            if sc is scenario and len(known) == len(models) and all(map(_same, known, models)):
                return fc
        fc = _forecasts(scenario, models)
        _LAST[:] = [(scenario, models, fc)]
    return fc


def _same(a: tuple[str, ModelSpec], b: tuple[str, ModelSpec]) -> bool:
    return a[0] == b[0] and a[1] is b[1]


def _forecasts(scenario: Scenario, models: list[tuple[str, ModelSpec]]) -> Forecasts | None:
    from zopa.forecast.inputs.scenario import actors_from_scenario

    try:
        actors = actors_from_scenario(scenario)
    except InputError:
        return None
    dims = tuple(actors.dimensions)
    targets: dict[str, np.ndarray] = {}
    labels: dict[str, str] = {}
    for name, spec in models:
        try:
            f = spec(actors, 0)
        except (InputError, ValueError):
            continue
        targets[name] = np.array(f.outcome, dtype=float)
        targets[name].flags.writeable = False
        labels[name] = str(spec.metadata.get("label", name))
    weight = (np.asarray(actors.capability)[:, None] * np.asarray(actors.salience)).sum(axis=0)
    total = weight.sum()
    weight = weight / total if total > 0 else np.full(len(dims), 1.0 / max(1, len(dims)))
    weight.flags.writeable = False
    return Forecasts(dims, targets, labels, weight)


def positions(
    scenario: Scenario, game: Game, codes: np.ndarray, dims: tuple[str, ...]
) -> np.ndarray:
    """``(C, D)``: the outcomes' terms on the 0-100 scale of each forecast issue."""
    idx = game.indices(codes)
    out = np.zeros((len(codes), len(dims)))
    for d, issue_id in enumerate(dims):
        k = game.issue_ids.index(issue_id)
        issue = scenario.issues[issue_id]
        if issue.options is not None:
            n = len(issue.options)
            out[:, d] = 100.0 * idx[:, k] / max(n - 1, 1) if n > 1 else 50.0
        else:
            lo, hi = issue.range  # type: ignore[misc]
            x = np.asarray(game.values[k], dtype=float)[idx[:, k]]
            out[:, d] = 100.0 * (x - lo) / (hi - lo)
    return out


def distances(fc: Forecasts, pos: np.ndarray) -> dict[str, np.ndarray]:
    """Per model, each outcome's weighted squared distance to the forecast."""
    return {
        m: ((pos - t[None, :]) ** 2 * fc.weights[None, :]).sum(axis=1)
        for m, t in fc.targets.items()
    }


def check_forecasts(scenario: Scenario, game: Game | None = None) -> tuple[ForecastCheck, ...]:
    """Every model's forecast in the scenario's terms, checked against the signatories (who
    would not sign, and why: :func:`zopa.forecast.checks.check_outcomes`)."""
    fc = forecasts(scenario)
    if fc is None:
        return ()
    return check_outcomes(scenario, game, fc.dimensions, fc.targets, fc.labels)


__all__ = ["PREFIX", "ForecastCheck", "Forecasts", "check_forecasts", "distances", "forecasts"]
