"""Forecast commands: forecast, sensitivity, backtest, forecast-models."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import Table, console, print_json, show_json
from zopa.cli._files import check_plot_path, check_writable, save_csv, save_figures
from zopa.cli._flags import FLAGS, as_flag
from zopa.cli.options import (
    JsonOpt,
    PlotOpt,
    complete_scenario,
    draws_option,
    seed_option,
)
from zopa.cli.progress import progress_bar, wants_bar
from zopa.errors import InputError, Problem, TooLargeError

if TYPE_CHECKING:
    from zopa.forecast.actors import Actors
    from zopa.forecast.inputs.forecast_input import ForecastInput
    from zopa.forecast.runs.reports import ForecastReport

SourceArg = Annotated[
    str,
    typer.Argument(
        help="A bundled scenario name, a scenario YAML/JSON file, a BDM-style actor CSV, "
        "or a KTAB SMP CSV/XML file.",
        autocompletion=complete_scenario,
    ),
]
ModelOpt = Annotated[
    list[str] | None, typer.Option("--model", "-m", help="Model to run (repeatable; default all).")
]
OptionOpt = Annotated[
    list[str] | None,
    typer.Option("--option", help="Model option MODEL.KEY=VALUE, e.g. challenge.q=0.5."),
]
SeedOpt = Annotated[
    int | None,
    seed_option("Master seed of the random draws (>= 0; default 0 or the file's)."),
]
ScaleOpt = Annotated[
    str | None, typer.Option("--scale", help="LOW,HIGH issue scale for actor tables.")
]
SalienceOpt = Annotated[
    float, typer.Option("--salience-max", help="Salience scale maximum in actor tables.")
]
BasisOpt = Annotated[
    str,
    typer.Option(
        "--salience-basis",
        help="Scenario saliences: party (each party's weights normalised, default) or raw "
        "(weights as written, comparable across parties).",
    ),
]


def parse_options(items: list[str] | None) -> dict[str, dict[str, Any]]:
    """``["challenge.q=0.5"]`` → ``{"challenge": {"q": 0.5}}`` (values read as YAML scalars)."""
    out: dict[str, dict[str, Any]] = {}
    import yaml

    from zopa.forecast import get_model

    problems = []
    for item in items or []:
        key, sep, raw = item.partition("=")
        model, dot, name = key.partition(".")
        if not (sep and dot and model and name):
            problems.append(Problem(None, None, "--option", f"expected MODEL.KEY=VALUE: {item!r}"))
            continue
        get_model(model)
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        out.setdefault(model, {})[name] = value
    if problems:
        raise InputError(problems)
    for model, opts in out.items():
        get_model(model).check(opts)  # names and types, before any work
    return out


def _scale(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        lo, hi = (float(v) for v in text.split(","))
    except ValueError:
        raise InputError.single("expected LOW,HIGH", path="--scale") from None
    return lo, hi


def _seed(seed: int | None) -> int | None:
    """``seed``, refused before any work when negative (the library falls back to the file's)."""
    from zopa.seeds import as_seed

    return None if seed is None else int(as_seed(seed, path="--seed"))


def _plot_path(plot: Path | None) -> Path | None:
    """The --plot file, checked before any work (see :func:`check_plot_path`)."""
    return None if plot is None else check_plot_path(plot)


def _csv_path(path: Path | None) -> Path | None:
    """The --csv file, checked before any work (see :func:`check_writable`)."""
    return None if path is None else check_writable(path, "--csv")


def _load(source: str, salience_max: float, scale: str | None, basis: str) -> ForecastInput:
    from zopa.forecast.inputs.sources import load_source
    from zopa.forecast.inputs.tables import check_salience_max

    check_salience_max(salience_max, "--salience-max")
    if basis not in ("party", "raw"):
        raise InputError.single(f"expected party or raw, got {basis!r}", path="--salience-basis")
    return load_source(source, salience_max=salience_max, scale=_scale(scale), salience=basis)


#: How the forecast commands show a parameter a library message names in backquotes.
WORDS = {
    **FLAGS,
    "scale": "--scale LOW,HIGH",
    "default_ranges=False": "--stated-ranges",
    "median.tie": "--option median.tie=lower|upper|midpoint",
}


def _say(text: str) -> str:
    """A library message in the command line's words (its flags for the parameters)."""
    return re.sub(r"`([^`]+)`", lambda m: WORDS.get(m.group(1), m.group(1)), text)


@contextmanager
def _flags() -> Iterator[None]:
    """Problems about a parameter are shown at its flag, and messages in the CLI's words."""
    try:
        yield
    except InputError as err:
        raise InputError(
            as_flag(Problem(p.file, p.line, p.path, _say(p.message))) for p in err.problems
        ) from None
    except TooLargeError as err:
        raise TooLargeError(_say(str(err))) from None


@contextmanager
def _about(source: str) -> Iterator[None]:
    """Name ``source`` in problems that name no file (a model refusing the file's actors);
    problems with a model's options keep their ``MODEL.KEY`` path alone."""
    from zopa.forecast import registered_models

    try:
        with _flags():
            yield
    except InputError as err:
        prefixes = tuple(f"{m}." for m in registered_models())
        if all(p.file is not None or p.path.startswith(prefixes) for p in err.problems):
            raise
        raise InputError(
            p
            if p.file is not None or p.path.startswith(prefixes)
            else Problem(source, p.line, p.path, p.message)
            for p in err.problems
        ) from None


def _thresholds(items: list[str] | None, actors: Actors) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for item in items or []:
        issue, sep, raw = item.rpartition("=")
        targets = [issue] if sep else list(actors.dimensions)
        if sep and issue not in actors.dimensions:
            raise InputError.single(f"no issue {issue!r}", path="--threshold")
        try:
            value = params.finite(float(raw), "--threshold")
        except ValueError:
            raise InputError.single(f"not a number: {raw!r}", path="--threshold") from None
        for t in targets:
            out.setdefault(t, []).append(value)
    return out


def _warn(lines: Sequence[str]) -> None:
    for line in lines:
        print(f"warning: {_say(line)}", file=sys.stderr)


def _say_all(notes: Sequence[str], plots: Sequence[str]) -> None:
    for line in [*notes, *(f"wrote {p}" for p in plots)]:
        console.print(_say(line))


@app.command("forecast")
def forecast_cmd(
    source: SourceArg,
    model: ModelOpt = None,
    draws: Annotated[int, draws_option()] = params.FORECAST_DRAWS,
    seed: SeedOpt = None,
    option: OptionOpt = None,
    threshold: Annotated[
        list[str] | None,
        typer.Option("--threshold", "-t", help="[ISSUE=]VALUE: report P(outcome > VALUE)."),
    ] = None,
    plot: PlotOpt = None,
    csv_path: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="FILE",
            help="Write every Monte Carlo draw (model, draw, each issue's outcome) as CSV.",
        ),
    ] = None,
    scale: ScaleOpt = None,
    salience_max: SalienceOpt = params.SALIENCE_MAX,
    salience_basis: BasisOpt = "party",
    as_json: JsonOpt = False,
) -> None:
    """Forecast every issue with every model, with Monte Carlo intervals."""
    from zopa.cli.forecast_tables import forecast_table
    from zopa.forecast import get_model
    from zopa.forecast.runs.reports import run_forecast

    draws = params.count(draws, "--draws", high=params.MAX_FORECAST_DRAWS)
    seed = _seed(seed)
    plot = _plot_path(plot)
    csv_path = _csv_path(csv_path)
    options = parse_options(option)
    for name in model or []:
        get_model(name)
    with _about(source):
        given = _load(source, salience_max, scale, salience_basis)
    thresholds = _thresholds(threshold, given.actors)
    from zopa.cli._record import chunking
    from zopa.runs.forecast import chunked

    with (
        _about(source),
        progress_bar(f"{draws:,} draws, models run", as_json=as_json or draws == 0) as progress,
        chunking() as c,
    ):
        report = run_forecast(
            given,
            source=source,
            model_names=model,
            draws=draws,
            seed=seed,
            options=options,
            thresholds=thresholds,
            runner=chunked(c.checkpoint, c.executor, c.progress),
            progress=progress,
        )
    if plot is not None:
        report = report.with_plots(_plots(plot, report))
    if csv_path is not None:
        mc = report.monte_carlo
        header = ["model", "draw", *report.actors.dimensions]
        save_csv(csv_path, mc.records() if mc is not None else [], header)
    _warn(report.warnings)
    if show_json(report.to_dict(), as_json):
        return
    forecast_table(report)
    _say_all(report.notes, [*report.plots, *([str(csv_path)] if csv_path else [])])


def _plots(plot: Path, report: ForecastReport) -> list[Path]:
    from zopa.forecast.runs.plots import page_paths, plot_distributions, plot_trajectories

    mc = report.monte_carlo
    dist = plot_distributions(mc) if mc is not None and mc.draws else []
    traj = plot_trajectories(dict(report.forecasts), report.actors.names)
    first = plot.with_name(f"{plot.stem}-trajectories{plot.suffix}") if dist else plot
    pages: dict[Path, Any] = {}
    for start, figures in ((plot, dist), (first, traj)):
        if figures:
            pages.update(zip(page_paths(start, len(figures)), figures, strict=True))
    return save_figures(pages, dpi=120)


@app.command("backtest")
def backtest_cmd(
    cases_file: Annotated[str, typer.Argument(help="Cases CSV/YAML, or 'bdm1994' (bundled).")],
    model: ModelOpt = None,
    option: OptionOpt = None,
    seed: SeedOpt = None,
    salience_max: SalienceOpt = params.SALIENCE_MAX,
    as_json: JsonOpt = False,
) -> None:
    """Score models on resolved cases: MAE, per-case errors, comparison with the compromise."""
    from zopa.cli.forecast_tables import backtest_tables
    from zopa.forecast.runs import backtesting as bt

    master = _seed(seed) or 0
    options = parse_options(option)
    path = bt.bundled_cases() if cases_file == "bdm1994" else Path(cases_file)
    from zopa.cli._record import chunking
    from zopa.runs.backtest import chunked

    with _flags():
        cases = bt.load_cases(path, salience_max=salience_max)
        with chunking(bar=wants_bar(as_json)) as c:
            result = bt.backtest(
                cases,
                model,
                options=options,
                seed=master,
                runner=chunked(c.checkpoint, c.executor, c.progress),
            )
    if show_json(result.to_dict(), as_json):
        return
    backtest_tables(result, path)


@app.command("forecast-models")
def forecast_models_cmd(as_json: JsonOpt = False) -> None:
    """List the forecast models, their sources and options."""
    from zopa.forecast import registered_models

    rows = {
        n: {
            "label": s.label,
            "summary": s.summary,
            "citation": s.metadata.get("citation", ""),
            "vectorised": s.batch is not None,
            "scale_dependent": bool(s.metadata.get("scale_dependent", False)),
            "options": s.option_help,
        }
        for n, s in registered_models().items()
    }
    if as_json:
        print_json({"models": rows})
        return
    t = Table("model", "what", "source", "options", title="Forecast models")
    for n, r in rows.items():
        t.add_row(f"{n}\n{r['label']}", r["summary"], str(r["citation"]), ", ".join(r["options"]))
    console.print(t)


@app.command("kernels")
def kernels_cmd(as_json: JsonOpt = False) -> None:
    """The compiled kernels: which are built and used (the numpy code runs where one is not;
    ZOPA_COMPILED=0 turns them off); the answers are the same either way."""
    from zopa.kernels.compiled import ENV, states

    found = states()
    if as_json:
        print_json(found.to_dict())
        return
    t = Table("kernel", "what it computes", "built", "used", title="Compiled kernels")
    for k in found.kernels:
        built = "yes" if k.built else f"no: {k.problem}"
        t.add_row(k.name, k.stands_for, built, "yes" if k.used else "no")
    console.print(t)
    if not found.enabled:
        console.print(f"{ENV}=0: the numpy code runs everywhere.")
    elif not all(k.built for k in found.kernels):
        console.print("Reinstall with a C compiler (pip install -e .) to build the missing ones.")
