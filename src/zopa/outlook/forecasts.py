"""Forecast models made coherent with who must sign.

Each registered forecast model (:mod:`zopa.forecast.registry`) forecasts a position on the 0-100
scale of every issue that lies on a line, from every actor's position, salience and capability:
stakeholders influence the forecast. Only signatories veto, so:

* :func:`check_forecasts` maps each forecast to the scenario's terms (the nearest option, or the
  nearest grid value of a range; unordered issues are not forecast and keep the first
  proposal's term, else the first option) and says whether every signatory accepts that package
  at the point estimates, naming who does not and whose red lines it crosses;
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

from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa.errors import InputError
from zopa.game import Game
from zopa.model.schema import Scenario

#: Settlement-rule names of the constrained forecasts start with this.
PREFIX = "forecast:"


@dataclass(frozen=True)
class ForecastCheck:
    """One model's forecast in the scenario's terms, checked against who must sign."""

    model: str
    label: str
    positions: dict[str, float]  #: 0-100 per forecast issue
    terms: dict[str, str | float]  #: the nearest package, option labels and grid values
    code: int
    acceptable: bool  #: every signatory accepts it at the point estimates
    rejected_by: tuple[str, ...]
    red_lines_of: tuple[str, ...]  #: signatories whose red lines (or the deal's rules) it crosses
    words: str = ""  #: the check in a sentence, with the parties' names

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "label": self.label,
            "positions": dict(self.positions),
            "terms": dict(self.terms),
            "acceptable": self.acceptable,
            "rejected_by": list(self.rejected_by),
            "red_lines_of": list(self.red_lines_of),
            "text": self.words,
        }


@dataclass(frozen=True, eq=False)
class Forecasts:
    """Every model's forecast positions, and the weights of the metric per issue."""

    dimensions: tuple[str, ...]
    targets: dict[str, np.ndarray]  #: model -> (D,) positions on 0-100
    labels: dict[str, str]
    weights: np.ndarray  #: (D,) sum over actors of capability x salience, normalised


def forecasts(scenario: Scenario) -> Forecasts | None:
    """Every registered model's forecast at the point estimates (None when the scenario has
    nothing to forecast); a model that refuses the inputs is left out."""
    import zopa.forecast.models  # noqa: F401  (registers the models)
    from zopa.forecast.inputs.scenario import actors_from_scenario
    from zopa.forecast.registry import registered_models

    try:
        actors = actors_from_scenario(scenario)
    except InputError:
        return None
    dims = tuple(actors.dimensions)
    targets: dict[str, np.ndarray] = {}
    labels: dict[str, str] = {}
    for name, spec in registered_models().items():
        try:
            f = spec(actors, 0)
        except (InputError, ValueError):
            continue
        targets[name] = np.asarray(f.outcome, dtype=float)
        labels[name] = str(spec.metadata.get("label", name))
    weight = (np.asarray(actors.capability)[:, None] * np.asarray(actors.salience)).sum(axis=0)
    total = weight.sum()
    weight = weight / total if total > 0 else np.full(len(dims), 1.0 / max(1, len(dims)))
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


def nearest_package(scenario: Scenario, game: Game, fc: Forecasts, model: str) -> int:
    """The outcome code nearest the forecast on each issue (unforecast issues: the first
    proposal's term, else the first value)."""
    first = next(iter(scenario.proposals.values()), None)
    idx = []
    for k, issue_id in enumerate(game.issue_ids):
        vals = game.values[k]
        if issue_id in fc.dimensions:
            t = fc.targets[model][fc.dimensions.index(issue_id)]
            issue = scenario.issues[issue_id]
            if issue.options is not None:
                grid = 100.0 * np.arange(len(vals)) / max(len(vals) - 1, 1)
            else:
                lo, hi = issue.range  # type: ignore[misc]
                grid = 100.0 * (np.asarray(vals, dtype=float) - lo) / (hi - lo)
            idx.append(int(np.argmin(np.abs(grid - t))))
        elif first is not None and first.terms.get(issue_id) in vals:
            idx.append(list(vals).index(first.terms[issue_id]))
        else:
            idx.append(0)
    return int(np.ravel_multi_index(tuple(idx), game.shape))


def check_forecasts(scenario: Scenario, game: Game | None = None) -> tuple[ForecastCheck, ...]:
    """Every model's forecast in the scenario's terms, checked against the signatories."""
    fc = forecasts(scenario)
    if fc is None:
        return ()
    game = game if game is not None else scenario.compile()
    sig = list(game.signatories)
    out = []
    for model in fc.targets:
        code = nearest_package(scenario, game, fc, model)
        ok = game.acceptable_of([code])[:, 0]
        feasible = game.feasible_of([code])[:, 0]
        rejected = tuple(game.party_ids[p] for p in sig if not ok[p])
        crossed = tuple(game.party_ids[p] for p in sig if not feasible[p])
        label = fc.labels[model]
        if not rejected:
            words = f"{label}: every signatory accepts the forecast package."
        else:
            who = ", ".join(game.party_names[p] for p in sig if not ok[p])
            red = ", ".join(game.party_names[p] for p in sig if not feasible[p])
            words = (
                f"{label}: the forecast package is outside the acceptable set: {who} would "
                "not sign it" + (f"; it crosses red lines of {red}." if red else ".")
            )
        out.append(
            ForecastCheck(
                model,
                fc.labels[model],
                {d: float(v) for d, v in zip(fc.dimensions, fc.targets[model], strict=True)},
                dict(game.decode(code)),
                code,
                not rejected,
                rejected,
                crossed,
                words,
            )
        )
    return tuple(out)
