"""Monte Carlo over uncertain actor judgements and the forecast distribution of every model.

Every uncertain cell (capability, position or salience given as ``low/mode/high``) is drawn from
its triangular law. Draw ``i`` uses child stream ``i`` of the master seed
(:func:`zopa.forecast.streams.uniforms`), so a run is byte-identical for a seed, and the first
``k`` draws of a larger run equal a run of ``k`` draws. All models see the **same** draws
(common random numbers), so differences between their distributions come from the models, not
from sampling noise. Models with a vectorised kernel solve all draws together; the others are
run draw by draw (a stochastic model then gets its own child seed per draw). When no input is
uncertain and no model draws randomly, nothing is drawn: the point forecast is the whole
answer, and the result says so (``skipped``) instead of showing intervals of zero width.

The summary per issue is the median, the mean, the central 80% and 95% intervals (the 10–90 and
2.5–97.5 percentiles, linear interpolation) and, for requested thresholds ``t``, the probability
``P(outcome > t)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from zopa import params
from zopa._types import FloatArray
from zopa.errors import TooLargeError
from zopa.forecast.actors import Actors
from zopa.forecast.registry import ModelSpec, get_model, registered_models
from zopa.seeds import as_seed

if TYPE_CHECKING:
    import pandas

#: Why a run drew nothing: every input is certain and no model draws randomly.
NO_UNCERTAINTY = (
    "no uncertain inputs: every draw would repeat the point forecast, so no Monte Carlo was run"
)

#: draws × actors² × dimensions: the models hold pairwise (actor × actor) arrays per draw and
#: issue, several at once. Measured: minerals-2025 (4 actors, 11 issues) at the bound (28,409
#: draws) peaked at 470 MB; at four times the bound it peaked at 1.2 GB.
MAX_CELLS = 5_000_000


@dataclass(frozen=True, eq=False)
class Distribution:
    """One model's forecast distribution per issue (arrays are ``(D,)`` or ``(D, 2)``)."""

    model: str
    dimensions: tuple[str, ...]
    point: FloatArray  # deterministic forecast at the modes
    outcomes: FloatArray  # (draws, D)
    thresholds: Mapping[str, Sequence[float]] = field(default_factory=dict)

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.outcomes.shape[0])

    def _defined(self, k: int) -> FloatArray:
        col = self.outcomes[:, k]
        out: FloatArray = col[np.isfinite(col)]
        return out

    def quantiles(self, q: Sequence[float]) -> FloatArray:
        """``(D, len(q))`` quantiles over the defined draws (NaN if none)."""
        out = np.full((len(self.dimensions), len(q)), np.nan)
        for k in range(len(self.dimensions)):
            col = self._defined(k)
            if col.size:
                out[k] = np.quantile(col, q)
        return out

    @cached_property
    def _summary(self) -> FloatArray:
        """The median, 10th, 90th, 2.5th and 97.5th percentiles, computed once (each value is
        the one ``np.quantile`` gives for that level alone)."""
        return self.quantiles([0.5, 0.1, 0.9, 0.025, 0.975])

    @property
    def median(self) -> FloatArray:
        """Median outcome per issue."""
        out: FloatArray = self._summary[:, 0].copy()
        return out

    @property
    def interval80(self) -> FloatArray:
        """``(D, 2)`` central 80% interval (10th and 90th percentiles)."""
        out: FloatArray = self._summary[:, 1:3].copy()
        return out

    @property
    def interval95(self) -> FloatArray:
        """``(D, 2)`` central 95% interval (2.5th and 97.5th percentiles)."""
        out: FloatArray = self._summary[:, 3:5].copy()
        return out

    @property
    def mean(self) -> FloatArray:
        """Mean outcome per issue over the defined draws."""
        return np.array([float(np.mean(c)) if c.size else np.nan for c in self._columns()])

    @cached_property
    def undefined(self) -> list[int]:
        """Draws per issue on which the model had no answer (e.g. no weight on the issue)."""
        return [int(self.draws - self._defined(k).size) for k in range(len(self.dimensions))]

    def _columns(self) -> Iterable[FloatArray]:
        return (self._defined(k) for k in range(len(self.dimensions)))

    def exceedance(self, threshold: float, k: int) -> float:
        """``P(outcome > threshold)`` on issue ``k`` over the defined draws."""
        col = self._defined(k)
        return float(np.mean(col > threshold)) if col.size else float("nan")

    def to_dict(self, *, draws: bool = False) -> dict[str, Any]:
        """JSON-ready summary per issue (``draws=True`` adds every draw's outcome)."""
        i80, i95, med, mean = self.interval80, self.interval95, self.median, self.mean
        issues = {}
        for k, dim in enumerate(self.dimensions):
            issues[dim] = {
                "point": float(self.point[k]),
                "median": float(med[k]),
                "mean": float(mean[k]),
                "interval80": i80[k].tolist(),
                "interval95": i95[k].tolist(),
                "undefined_draws": self.undefined[k],
                "p_above": {f"{t:g}": self.exceedance(t, k) for t in self.thresholds.get(dim, ())},
            }
        out: dict[str, Any] = {"model": self.model, "draws": self.draws, "issues": issues}
        if draws:
            out["outcomes"] = self.outcomes.tolist()
        return out


@dataclass(frozen=True, eq=False)
class MonteCarlo:
    """The distributions of several models over one set of draws."""

    seed: int
    draws: int
    factors: int
    distributions: Mapping[str, Distribution]
    skipped: str | None = None  # why no draws were taken (``draws`` is then 0)

    def to_dict(self, *, draws: bool = False) -> dict[str, Any]:
        """JSON-ready: seed, draw count and each model's distribution."""
        return {
            "seed": self.seed,
            "draws": self.draws,
            "uncertain_inputs": self.factors,
            "skipped": self.skipped,
            "models": {k: v.to_dict(draws=draws) for k, v in self.distributions.items()},
        }

    def summary_rows(self) -> list[dict[str, Any]]:
        """One row per model and issue: point forecast, median and 80% interval."""
        rows = []
        for name, dist in self.distributions.items():
            i80, med = dist.interval80, dist.median
            for k, dim in enumerate(dist.dimensions):
                rows.append(
                    {
                        "model": name,
                        "issue": dim,
                        "point": float(dist.point[k]),
                        "median": float(med[k]),
                        "80% low": float(i80[k][0]),
                        "80% high": float(i80[k][1]),
                    }
                )
        return rows

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        line = f"{self.draws:,} draws, seed {self.seed}" + (
            f" ({self.skipped})" if self.skipped else ""
        )
        return view("Monte Carlo forecasts", [line], self.summary_rows(), limit=60)

    def records(self) -> list[dict[str, Any]]:
        """One row per model and draw: ``model``, ``draw`` (from 0), then each issue's
        forecast outcome in that draw (None where the model had no answer)."""
        rows = []
        for name, dist in self.distributions.items():
            for d, outcome in enumerate(dist.outcomes.tolist()):
                row: dict[str, Any] = {"model": name, "draw": d}
                for dim, value in zip(dist.dimensions, outcome, strict=True):
                    row[dim] = value if np.isfinite(value) else None
                rows.append(row)
        return rows

    def to_frame(self) -> pandas.DataFrame:
        """:meth:`records` as a pandas DataFrame (pandas is the optional extra ``frames``)."""
        from zopa.frames import data_frame

        dims = next((d.dimensions for d in self.distributions.values()), ())
        return data_frame(self.records(), ["model", "draw", *dims])


def max_draws(actors: Actors) -> int:
    """The most draws :func:`monte_carlo` takes for ``actors`` (memory, then the stated cap)."""
    per_draw = actors.n * actors.n * actors.n_dimensions
    return min(params.MAX_FORECAST_DRAWS, max(1, MAX_CELLS // max(1, per_draw)))


Jobs = Sequence[tuple[ModelSpec, Mapping[str, Any]]]
OutcomeRunner = Callable[[Actors, Jobs, int, int], list[FloatArray]]
"""``runner(actors, [(model, checked options)], draws, seed)`` → each model's ``(draws, D)``
outcomes over draws ``0 .. draws-1`` of the seed; :func:`in_one_piece` by default, or in
resumable chunks (``zopa.runs.forecast``)."""


def in_one_piece(actors: Actors, jobs: Jobs, draws: int, seed: int) -> list[FloatArray]:
    """Every model's outcomes over one sample of all the draws, in this process."""
    sample = actors.sample_many(seed, draws)
    return [spec.outcomes(sample, seed, **opts) for spec, opts in jobs]


def monte_carlo(
    actors: Actors,
    model_names: Sequence[str] | None = None,
    *,
    draws: int = 10_000,
    seed: int = 0,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    thresholds: Mapping[str, Sequence[float]] | None = None,
    runner: OutcomeRunner | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo:
    """Draw ``draws`` input sets from ``seed`` and summarise each model's outcomes on them.

    With no uncertain input and no model drawing randomly the draws are skipped (see module).
    ``runner`` computes the outcomes (default: :func:`in_one_piece`); ``progress(done, total)``
    is told as each model's summary is done.
    """
    draws = params.count(draws, "draws", low=1, high=params.MAX_FORECAST_DRAWS)
    seed = as_seed(seed)
    per_draw = actors.n * actors.n * actors.n_dimensions
    if draws * per_draw > MAX_CELLS:
        raise TooLargeError(
            f"{draws:,} draws of {actors.n} actors on {actors.n_dimensions} issues is too many to "
            f"hold at once; use at most {max_draws(actors):,} draws"
        )
    names = list(model_names) if model_names else list(registered_models())
    specs = [get_model(n) for n in names]
    checked = {spec.name: spec.check((options or {}).get(spec.name, {})) for spec in specs}
    factors = len(actors.factors())
    random = any(spec.draws_randomly(checked[spec.name]) for spec in specs)
    skipped = None if factors or random else NO_UNCERTAINTY
    taken = 0 if skipped else draws
    jobs = [(spec, checked[spec.name]) for spec in specs]
    runs = (runner or in_one_piece)(actors, jobs, taken, seed) if taken else None
    point_actors = actors.point()
    out = {}
    for j, spec in enumerate(specs):
        opts = checked[spec.name]
        point = spec(point_actors, seed, **opts).outcome
        outcomes = runs[j] if runs is not None else np.empty((0, len(point)))
        out[spec.name] = Distribution(
            spec.name, actors.dimensions, point, outcomes, dict(thresholds or {})
        )
        if progress is not None:
            progress(j + 1, len(specs))
    return MonteCarlo(seed, taken, factors, out, skipped)


__all__ = [
    "MAX_CELLS",
    "NO_UNCERTAINTY",
    "Distribution",
    "MonteCarlo",
    "OutcomeRunner",
    "in_one_piece",
    "max_draws",
    "monte_carlo",
]
