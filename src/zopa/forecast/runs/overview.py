"""One call for reports: every model's forecast per issue of a scenario, with intervals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa import params
from zopa.forecast.inputs.scenario import scenario_input
from zopa.forecast.registry import get_model, registered_models
from zopa.forecast.runs.montecarlo import monte_carlo
from zopa.model.schema import Scenario


@dataclass(frozen=True)
class IssueForecast:
    """One model on one issue: the point forecast, the median and the 80%/95% intervals."""

    point: float
    median: float
    interval80: tuple[float, float]
    interval95: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        """``{"point", "median", "interval80", "interval95"}``, intervals as lists."""
        return {
            "point": self.point,
            "median": self.median,
            "interval80": list(self.interval80),
            "interval95": list(self.interval95),
        }


@dataclass(frozen=True)
class ForecastSummary:
    """Every model's forecast on every issue of a scenario, on the 0–100 scale.

    ``issues`` maps issue → model → :class:`IssueForecast`; ``models`` model → label; ``draws``
    the Monte Carlo draws taken (0 when nothing is uncertain).
    """

    draws: int
    seed: int
    actors: tuple[str, ...]
    models: Mapping[str, str]
    issues: Mapping[str, Mapping[str, IssueForecast]]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """``{"scale": [0, 100], "draws", "seed", "actors", "models", "issues", "notes"}``."""
        return {
            "scale": [0.0, 100.0],
            "draws": self.draws,
            "seed": self.seed,
            "actors": list(self.actors),
            "models": dict(self.models),
            "issues": {
                dim: {m: f.to_dict() for m, f in per.items()} for dim, per in self.issues.items()
            },
            "notes": list(self.notes),
        }


def forecast_summary(
    scenario: Scenario,
    *,
    draws: int = params.FORECAST_DRAWS,
    seed: int = 0,
    model_names: Sequence[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> ForecastSummary:
    """Forecast of each model on each issue of ``scenario`` (0–100 scale), with intervals.

    ``point`` is the forecast at the modal judgements, the rest summarise ``draws`` Monte Carlo
    draws. When nothing is uncertain no draws are taken (``draws`` 0, a note says so) and the
    median and intervals are the point forecast itself. Issues the forecast cannot place on a
    line (unordered options) are left out, with a note.
    """
    given = scenario_input(scenario)
    actors = given.actors
    names = list(model_names) if model_names else list(registered_models())
    mc = monte_carlo(actors, names, draws=draws, seed=seed, options=options)
    issues: dict[str, dict[str, IssueForecast]] = {dim: {} for dim in actors.dimensions}
    for name, dist in mc.distributions.items():
        med, i80, i95 = dist.median, dist.interval80, dist.interval95
        if mc.skipped:
            med = dist.point
            i80 = i95 = np.stack([dist.point, dist.point], axis=1)
        for k, dim in enumerate(actors.dimensions):
            issues[dim][name] = IssueForecast(
                float(dist.point[k]),
                float(med[k]),
                (float(i80[k][0]), float(i80[k][1])),
                (float(i95[k][0]), float(i95[k][1])),
            )
    return ForecastSummary(
        mc.draws,
        seed,
        actors.names,
        {n: get_model(n).label for n in names},
        issues,
        (*given.notes, *([mc.skipped] if mc.skipped else [])),
    )


__all__ = ["ForecastSummary", "IssueForecast", "forecast_summary"]
