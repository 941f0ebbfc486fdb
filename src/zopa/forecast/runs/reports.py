"""Whole runs for one forecast input, as the ``forecast`` and ``sensitivity`` commands show them.

:func:`run_forecast` runs models at the modal judgements and, with ``draws``, Monte Carlo over
the uncertain ones, and collects what the reader should know (notes) and what they should check
(warnings) into a :class:`ForecastReport`; :func:`run_sensitivity` does the same for tornado and
Sobol analyses (:class:`SensitivityReport`). ``to_dict()`` of each is the JSON of its command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from zopa import params
from zopa.errors import InputError
from zopa.forecast.actors import Actors
from zopa.forecast.checks import ForecastCheck, check_outcomes
from zopa.forecast.inputs.forecast_input import ForecastInput
from zopa.forecast.inputs.sources import merge_options, scale_warnings
from zopa.forecast.registry import Forecast, get_model, registered_models
from zopa.forecast.runs.montecarlo import MonteCarlo, OutcomeRunner, monte_carlo
from zopa.forecast.runs.sensitivity import Evaluator, defaulted_cells, sobol, tornado, widen
from zopa.forecast.runs.sensitivity_values import SobolIndices, Tornado
from zopa.seeds import as_seed

if TYPE_CHECKING:
    import pandas

Options = Mapping[str, Mapping[str, Any]]


def resolve_seed(seed: int | None, given: ForecastInput | None = None) -> int:
    """The master seed: ``seed``, else the input file's, else 0; a negative seed is refused."""
    if seed is None:
        return given.seed if given is not None and given.seed is not None else 0
    return as_seed(seed)


@dataclass(frozen=True, eq=False)
class ForecastReport:
    """The forecasts of one input: every model at the modes, Monte Carlo (or None), and notes.

    ``source`` names the input as the user gave it; ``thresholds`` are the values whose
    exceedance the Monte Carlo distributions report, per issue; ``plots`` the pictures written
    of this report (added with :meth:`with_plots`).
    """

    source: str
    given: ForecastInput
    seed: int
    forecasts: Mapping[str, Forecast]
    monte_carlo: MonteCarlo | None
    thresholds: Mapping[str, Sequence[float]]
    notes: tuple[str, ...]
    warnings: tuple[str, ...]
    plots: tuple[str, ...] = field(default=())
    checks: tuple[ForecastCheck, ...] = field(default=())

    @property
    def actors(self) -> Actors:
        """The actors forecast."""
        return self.given.actors

    def with_plots(self, paths: Sequence[object]) -> ForecastReport:
        """The same report listing the pictures written of it."""
        return replace(self, plots=tuple(str(p) for p in paths))

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        mc = self.monte_carlo
        if mc is not None and mc.draws:
            rows = mc.summary_rows()
        else:
            rows = [
                {"model": n, "issue": d, "point": float(f.outcome[k])}
                for n, f in self.forecasts.items()
                for k, d in enumerate(f.dimensions)
            ]
        return view(f"Forecasts of {self.source}", self.notes, rows, limit=60)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: source, input kind, seed, actors, forecasts, Monte Carlo, notes,
        warnings, plots and, for a scenario, each point forecast checked against who must sign
        (``checks``: the package in option labels, who would refuse it and why)."""
        mc = self.monte_carlo
        return {
            "source": self.source,
            "input": self.given.kind,
            "seed": self.seed,
            "actors": self.actors.to_dict(),
            "forecasts": {n: f.to_dict() for n, f in self.forecasts.items()},
            "monte_carlo": None if mc is None else mc.to_dict(),
            "notes": list(self.notes),
            "warnings": list(self.warnings),
            "plots": list(self.plots),
            "checks": [c.to_dict() for c in self.checks],
        }


def run_forecast(
    given: ForecastInput,
    *,
    source: str = "",
    model_names: Sequence[str] | None = None,
    draws: int = params.FORECAST_DRAWS,
    seed: int | None = None,
    options: Options | None = None,
    thresholds: Mapping[str, Sequence[float]] | None = None,
    runner: OutcomeRunner | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ForecastReport:
    """Every model (default: all registered) on ``given`` at the modal judgements and, when
    ``draws`` > 0, over ``draws`` Monte Carlo draws; ``options`` override the input's own per
    model and key; ``seed`` defaults to the input's (then 0); ``runner`` computes the Monte
    Carlo outcomes (see :func:`~zopa.forecast.runs.montecarlo.monte_carlo`);
    ``progress(done, total)`` is told as each model finishes its draws."""
    draws = params.count(draws, "draws", high=params.MAX_FORECAST_DRAWS)
    names = list(model_names) if model_names else list(registered_models())
    for name in names:
        get_model(name)
    actors, master = given.actors, resolve_seed(seed, given)
    merged = merge_options(given.options, options or {})
    limits = {k: list(v) for k, v in (thresholds or {}).items()}
    warnings = scale_warnings(actors, names)
    point = {n: get_model(n)(actors.point(), master, **merged.get(n, {})) for n in names}
    mc = None
    if draws > 0:
        mc = monte_carlo(
            actors,
            names,
            draws=draws,
            seed=master,
            options=merged,
            thresholds=limits,
            runner=runner,
            progress=progress,
        )
    notes = [*given.notes, *tie_notes(point), *([mc.skipped] if mc and mc.skipped else [])]
    checks = check_point(given, point)
    return ForecastReport(
        source, given, master, point, mc, limits, tuple(notes), tuple(warnings), (), checks
    )


def check_point(given: ForecastInput, point: Mapping[str, Forecast]) -> tuple[ForecastCheck, ...]:
    """For a scenario, each model's point forecast in the scenario's terms, checked against
    who must sign (:func:`zopa.forecast.checks.check_outcomes`); nothing for actor tables."""
    if given.scenario is None or not point:
        return ()
    labels = {n: get_model(n).label for n in point}
    outcomes = {n: f.outcome for n, f in point.items()}
    return check_outcomes(given.scenario, None, given.actors.dimensions, outcomes, labels)


def tie_notes(point: Mapping[str, Forecast]) -> list[str]:
    """What the reader should know about individual forecasts (median ties)."""
    fc = point.get("median")
    ties = [] if fc is None else list(fc.details.get("tie_decides", []))
    if not ties or fc is None:
        return []
    return [
        f"median: on {', '.join(ties)} the cumulative weight reaches exactly half, so the tie "
        f"rule ({fc.details['tie']}) picks the forecast; choose with `median.tie`"
    ]


@dataclass(frozen=True, eq=False)
class SensitivityReport:
    """Tornado and/or Sobol analysis of ``model`` on one input.

    ``default_ranges`` counts the inputs given a default range (0 when only stated ranges are
    analysed); ``warnings`` (guessed scales) are not part of :meth:`to_dict`.
    """

    model: str
    dimensions: tuple[str, ...]
    default_ranges: int
    tornado: Tornado | None
    sobol: SobolIndices | None
    notes: tuple[str, ...]
    warnings: tuple[str, ...]
    plots: tuple[str, ...] = field(default=())

    def with_plots(self, paths: Sequence[object]) -> SensitivityReport:
        """The same report listing the pictures written of it."""
        return replace(self, plots=tuple(str(p) for p in paths))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: model, default ranges, tornado, Sobol, notes and plots."""
        return {
            "model": self.model,
            "default_ranges": self.default_ranges,
            "tornado": None if self.tornado is None else self.tornado.to_dict(),
            "sobol": None if self.sobol is None else self.sobol.to_dict(),
            "notes": list(self.notes),
            "plots": list(self.plots),
        }

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        return view(f"Sensitivity of {self.model}", self.notes, self.records(), limit=30)

    def records(self) -> list[dict[str, Any]]:
        """The tornado's rows then the Sobol indices' rows, each headed by ``analysis``
        (``tornado`` or ``sobol``); see :meth:`Tornado.records` and
        :meth:`SobolIndices.records`."""
        rows = []
        for name, part in (("tornado", self.tornado), ("sobol", self.sobol)):
            if part is not None:
                rows += [{"analysis": name, **row} for row in part.records()]
        return rows

    def to_frame(self) -> pandas.DataFrame:
        """:meth:`records` as a pandas DataFrame (pandas is the optional extra ``frames``)."""
        from zopa.frames import data_frame

        return data_frame(self.records())


def run_sensitivity(
    given: ForecastInput,
    model: str = "compromise",
    *,
    method: str = "both",
    samples: int = params.SOBOL_SAMPLES,
    seed: int | None = None,
    options: Options | None = None,
    default_ranges: bool = True,
    runner: Evaluator | None = None,
) -> SensitivityReport:
    """Tornado (``method`` "tornado"), Sobol ("sobol") or both of ``model`` on ``given``.

    With ``default_ranges`` every input stated without a range gets a default one
    (:func:`~zopa.forecast.runs.sensitivity.widen`); ``seed`` defaults to the input's (then 0).
    """
    if method not in ("tornado", "sobol", "both"):
        raise InputError.single("expected tornado, sobol or both", path="method")
    spec = get_model(model)
    master = resolve_seed(seed, given)
    opts = merge_options(given.options, options or {}).get(model, {})
    spec.check(opts)
    actors = widen(given.actors) if default_ranges else given.actors
    widened = defaulted_cells(given.actors, actors)
    tor = tornado(actors, model, options=opts, seed=master) if method != "sobol" else None
    sob = None
    if method != "tornado":
        sob = sobol(actors, model, samples=samples, seed=master, options=opts, runner=runner)
    notes = list(given.notes)
    if widened:
        notes.append(
            f"{widened} input(s) stated without a range got a default one (position ±10% of the "
            "scale, salience ±0.1, capability ±25%); `default_ranges=False` analyses only "
            "stated ones"
        )
    if given.scenario is not None:
        notes.append(
            "this says what moves the forecast, not whether a deal exists: the outlook "
            "(`zopa outlook`) ranks the judgements that decide whether every signatory signs"
        )
    warnings = tuple(scale_warnings(actors, [model]))
    return SensitivityReport(model, actors.dimensions, widened, tor, sob, tuple(notes), warnings)


__all__ = [
    "ForecastReport",
    "SensitivityReport",
    "resolve_seed",
    "run_forecast",
    "run_sensitivity",
    "tie_notes",
]
