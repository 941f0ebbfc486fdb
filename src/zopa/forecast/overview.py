"""One call for reports: every model's forecast per issue of a scenario, with intervals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zopa.forecast.montecarlo import monte_carlo
from zopa.forecast.registry import get_model, models
from zopa.forecast.scenario import actors_from_scenario


def summary(
    scenario: Any,
    *,
    draws: int = 2000,
    seed: int = 0,
    model_names: Sequence[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Forecast of each model on each issue of ``scenario`` (0–100 scale), with intervals.

    Returns ``{"scale": [0, 100], "draws", "seed", "actors", "models": {name: label},
    "issues": {issue: {model: {"point", "median", "interval80", "interval95"}}}}``; ``point`` is
    the forecast at the modal judgements, the rest summarise ``draws`` Monte Carlo draws.
    """
    actors = actors_from_scenario(scenario)
    names = list(model_names) if model_names else list(models())
    mc = monte_carlo(actors, names, draws=draws, seed=seed, options=options)
    issues: dict[str, dict[str, Any]] = {dim: {} for dim in actors.dimensions}
    for name, dist in mc.distributions.items():
        med, i80, i95 = dist.median, dist.interval80, dist.interval95
        for k, dim in enumerate(actors.dimensions):
            issues[dim][name] = {
                "point": float(dist.point[k]),
                "median": float(med[k]),
                "interval80": [float(v) for v in i80[k]],
                "interval95": [float(v) for v in i95[k]],
            }
    return {
        "scale": [0.0, 100.0],
        "draws": draws,
        "seed": seed,
        "actors": list(actors.names),
        "models": {n: str(get_model(n).metadata.get("label", n)) for n in names},
        "issues": issues,
    }


__all__ = ["summary"]
