"""One call for reports: every model's forecast per issue of a scenario, with intervals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from zopa.forecast.registry import get_model, registered_models
from zopa.forecast.runs.montecarlo import monte_carlo


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
    "issues": {issue: {model: {"point", "median", "interval80", "interval95"}}}, "notes"}``;
    ``point`` is the forecast at the modal judgements, the rest summarise ``draws`` Monte Carlo
    draws. When nothing is uncertain no draws are taken (``draws`` 0, a note says so) and the
    median and intervals are the point forecast itself. Issues the forecast cannot place on a
    line (unordered options) are left out, with a note.
    """
    from zopa.forecast.inputs.scenario import scenario_input

    given = scenario_input(scenario)
    actors = given.actors
    names = list(model_names) if model_names else list(registered_models())
    mc = monte_carlo(actors, names, draws=draws, seed=seed, options=options)
    issues: dict[str, dict[str, Any]] = {dim: {} for dim in actors.dimensions}
    for name, dist in mc.distributions.items():
        med, i80, i95 = dist.median, dist.interval80, dist.interval95
        if mc.skipped:
            med = dist.point
            i80 = i95 = np.stack([dist.point, dist.point], axis=1)
        for k, dim in enumerate(actors.dimensions):
            issues[dim][name] = {
                "point": float(dist.point[k]),
                "median": float(med[k]),
                "interval80": [float(v) for v in i80[k]],
                "interval95": [float(v) for v in i95[k]],
            }
    return {
        "scale": [0.0, 100.0],
        "draws": mc.draws,
        "seed": seed,
        "actors": list(actors.names),
        "models": {n: str(get_model(n).metadata.get("label", n)) for n in names},
        "issues": issues,
        "notes": [*given.notes, *([mc.skipped] if mc.skipped else [])],
    }


__all__ = ["summary"]
