"""Forecast commands: forecast, sensitivity, backtest, forecast-models."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import console, print_json
from zopa.cli._files import check_plot_path, save_figures
from zopa.errors import InputError, Problem, TooLargeError
from zopa.forecast import get_model, monte_carlo, registered_models, sobol, tornado, widen
from zopa.forecast.actors import Actors
from zopa.forecast.inputs.forecast_input import ForecastInput
from zopa.forecast.inputs.sources import load_source, merge_options, scale_warnings
from zopa.forecast.inputs.tables import check_salience_max
from zopa.forecast.registry import Forecast
from zopa.forecast.runs import backtesting as bt
from zopa.forecast.runs.sensitivity import MIN_CHANGES, defaulted_cells
from zopa.seeds import as_seed

SourceArg = Annotated[
    str,
    typer.Argument(
        help="A bundled scenario name, a scenario YAML/JSON file, a BDM-style actor CSV, "
        "or a KTAB SMP CSV/XML file."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
ModelOpt = Annotated[
    list[str] | None, typer.Option("--model", "-m", help="Model to run (repeatable; default all).")
]
OptionOpt = Annotated[
    list[str] | None,
    typer.Option("--option", "-o", help="Model option MODEL.KEY=VALUE, e.g. challenge.q=0.5."),
]
SeedOpt = Annotated[
    int | None,
    typer.Option("--seed", help="Master seed of the random draws (>= 0; default 0 or the file's)."),
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
PlotOpt = Annotated[Path | None, typer.Option("--plot", help="Write pictures to this file.")]


def parse_options(items: list[str] | None) -> dict[str, dict[str, Any]]:
    """``["challenge.q=0.5"]`` → ``{"challenge": {"q": 0.5}}`` (values read as YAML scalars)."""
    out: dict[str, dict[str, Any]] = {}
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


def _seed(seed: int | None, given: ForecastInput | None = None) -> int:
    if seed is None:
        return given.seed if given is not None and given.seed is not None else 0
    return as_seed(seed, path="--seed")


def _plot_path(plot: Path | None) -> Path | None:
    """The --plot file, checked before any work (see :func:`check_plot_path`)."""
    return None if plot is None else check_plot_path(plot)


def _load(source: str, salience_max: float, scale: str | None, basis: str) -> ForecastInput:
    check_salience_max(salience_max, "--salience-max")
    if basis not in ("party", "raw"):
        raise InputError.single(f"expected party or raw, got {basis!r}", path="--salience-basis")
    return load_source(source, salience_max=salience_max, scale=_scale(scale), salience=basis)


#: Library parameter → the flag that sets it: messages name parameters in backquotes.
FLAGS = {
    "seed": "--seed",
    "draws": "--draws",
    "samples": "--samples",
    "scale": "--scale LOW,HIGH",
    "salience_max": "--salience-max",
    "default_ranges=False": "--stated-ranges",
    "median.tie": "-o median.tie=lower|upper|midpoint",
}


def _say(text: str) -> str:
    """A library message in the command line's words (its flags for the parameters)."""
    return re.sub(r"`([^`]+)`", lambda m: FLAGS.get(m.group(1), m.group(1)), text)


@contextmanager
def _flags() -> Iterator[None]:
    """Problems located at a parameter (no file) are shown at its flag, in the CLI's words."""
    try:
        yield
    except InputError as err:
        raise InputError(
            Problem(
                p.file,
                p.line,
                p.path if p.file else FLAGS.get(p.path, p.path).split(" ")[0],
                _say(p.message),
            )
            for p in err.problems
        ) from None
    except TooLargeError as err:
        raise TooLargeError(_say(str(err))) from None


@contextmanager
def _about(source: str) -> Iterator[None]:
    """Name ``source`` in problems that name no file (a model refusing the file's actors);
    problems with a model's options keep their ``MODEL.KEY`` path alone."""
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


def _fmt(v: float) -> str:
    return "—" if v != v else f"{v:.4g}"


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"warning: {_say(line)}", file=sys.stderr)


def _notes(point: dict[str, Forecast]) -> list[str]:
    """What the reader should know about individual forecasts (median ties, ...)."""
    fc = point.get("median")
    ties = [] if fc is None else list(fc.details.get("tie_decides", []))
    if not ties or fc is None:
        return []
    return [
        f"median: on {', '.join(ties)} the cumulative weight reaches exactly half, so the tie "
        f"rule ({fc.details['tie']}) picks the forecast; -o median.tie=lower|upper|midpoint"
    ]


@app.command("forecast")
def forecast_cmd(
    source: SourceArg,
    model: ModelOpt = None,
    draws: Annotated[
        int, typer.Option("--draws", "-n", help="Monte Carlo draws (0: none).")
    ] = 2000,
    seed: SeedOpt = None,
    option: OptionOpt = None,
    threshold: Annotated[
        list[str] | None,
        typer.Option("--threshold", "-t", help="[ISSUE=]VALUE: report P(outcome > VALUE)."),
    ] = None,
    plot: PlotOpt = None,
    scale: ScaleOpt = None,
    salience_max: SalienceOpt = 100.0,
    salience_basis: BasisOpt = "party",
    as_json: JsonOpt = False,
) -> None:
    """Forecast every issue with every model, with Monte Carlo intervals."""
    draws = params.count(draws, "--draws", high=params.MAX_FORECAST_DRAWS)
    plot = _plot_path(plot)
    options = parse_options(option)
    names = model or list(registered_models())
    for name in names:
        get_model(name)
    with _about(source):
        given = _load(source, salience_max, scale, salience_basis)
    actors, master = given.actors, _seed(seed, given)
    options = merge_options(given.options, options)
    thresholds = _thresholds(threshold, actors)
    warnings = scale_warnings(actors, names)
    with _about(source):
        point = {n: get_model(n)(actors.point(), master, **options.get(n, {})) for n in names}
        mc = None
        if draws > 0:
            mc = monte_carlo(
                actors, names, draws=draws, seed=master, options=options, thresholds=thresholds
            )
    notes = [*given.notes, *_notes(point), *([mc.skipped] if mc and mc.skipped else [])]
    written = _plots(plot, mc, point, actors) if plot is not None else []
    _warn(warnings)
    if as_json:
        print_json(
            {
                "source": source,
                "input": given.kind,
                "seed": master,
                "actors": actors.to_dict(),
                "forecasts": {n: f.to_dict() for n, f in point.items()},
                "monte_carlo": None if mc is None else mc.to_dict(),
                "notes": notes,
                "warnings": warnings,
                "plots": [str(p) for p in written],
            }
        )
        return
    _forecast_table(given, point, mc if mc and mc.draws else None, thresholds)
    for line in [*notes, *(f"wrote {p}" for p in written)]:
        console.print(_say(line))


def _plots(plot: Path, mc: Any, point: dict[str, Forecast], actors: Actors) -> list[Path]:
    from zopa.forecast.runs.plots import page_paths, plot_distributions, plot_trajectories

    dist = plot_distributions(mc) if mc is not None and mc.draws else []
    traj = plot_trajectories(point, actors.names)
    first = plot.with_name(f"{plot.stem}-trajectories{plot.suffix}") if dist else plot
    pages: dict[Path, Any] = {}
    for start, figures in ((plot, dist), (first, traj)):
        if figures:
            pages.update(zip(page_paths(start, len(figures)), figures, strict=True))
    return save_figures(pages, dpi=120)


def _forecast_table(
    given: ForecastInput, point: dict[str, Forecast], mc: Any, thresholds: dict[str, Any]
) -> None:
    actors, scenario = given.actors, given.scenario
    title = f"Forecasts ({actors.n} actors" + (
        f", {mc.draws} draws)" if mc else ", no uncertainty run)"
    )
    cols = ["issue", "model", "point"] + (["nearest"] if scenario is not None else [])
    if mc:
        cols += ["median", "80% interval", "95% interval"] + (["P(> t)"] if thresholds else [])
    table = Table(*cols, title=title)
    for k, dim in enumerate(actors.dimensions):
        for j, (name, fc) in enumerate(point.items()):
            row = [dim if j == 0 else "", name, _fmt(float(fc.outcome[k]))]
            if scenario is not None:
                from zopa.forecast.inputs.scenario import on_issue

                row.append(on_issue(scenario, dim, float(fc.outcome[k])))
            if mc:
                row += _interval_cells(mc.distributions[name], k, dim, bool(thresholds))
            table.add_row(*row, end_section=j == len(point) - 1)
    console.print(table)
    scales = zip(actors.dimensions, actors.scale_low, actors.scale_high, strict=True)
    console.print("scale: " + ", ".join(f"{d} [{a:g}, {b:g}]" for d, a, b in scales))


def _interval_cells(d: Any, k: int, dim: str, with_thresholds: bool) -> list[str]:
    i80, i95 = d.interval80[k], d.interval95[k]
    cells = [
        _fmt(float(d.median[k])),
        f"[{_fmt(i80[0])}, {_fmt(i80[1])}]",
        f"[{_fmt(i95[0])}, {_fmt(i95[1])}]",
    ]
    if with_thresholds:
        cells.append(
            ", ".join(f">{t:g}: {d.exceedance(t, k):.0%}" for t in d.thresholds.get(dim, []))
        )
    return cells


@app.command("sensitivity")
def sensitivity_cmd(
    source: SourceArg,
    model: Annotated[str, typer.Option("--model", "-m", help="Model to analyse.")] = "compromise",
    method: Annotated[str, typer.Option("--method", help="tornado, sobol or both.")] = "both",
    samples: Annotated[int, typer.Option("--samples", help="Sobol base sample size N.")] = 512,
    top: Annotated[int, typer.Option("--top", help="Rows shown per issue.")] = 8,
    seed: SeedOpt = None,
    option: OptionOpt = None,
    default_ranges: Annotated[
        bool,
        typer.Option(
            "--default-ranges/--stated-ranges",
            help="Give every input stated without a range a default one (default), or analyse "
            "only the stated ranges.",
        ),
    ] = True,
    plot: PlotOpt = None,
    scale: ScaleOpt = None,
    salience_max: SalienceOpt = 100.0,
    salience_basis: BasisOpt = "party",
    as_json: JsonOpt = False,
) -> None:
    """Which actors' judgements move the forecast: tornado and Sobol indices."""
    if method not in ("tornado", "sobol", "both"):
        raise InputError.single("expected tornado, sobol or both", path="--method")
    if samples < 2 or top < 1:
        raise InputError.single("--samples needs >= 2 and --top >= 1", path="--samples")
    plot = _plot_path(plot)
    given_options = parse_options(option)
    get_model(model)
    with _about(source):
        given = _load(source, salience_max, scale, salience_basis)
    master = _seed(seed, given)
    opts = merge_options(given.options, given_options).get(model, {})
    get_model(model).check(opts)
    actors = widen(given.actors) if default_ranges else given.actors
    widened = defaulted_cells(given.actors, actors)
    with _about(source):
        tor = tornado(actors, model, options=opts, seed=master) if method != "sobol" else None
        sob = None
        if method != "tornado":
            sob = sobol(actors, model, samples=samples, seed=master, options=opts)
    written = []
    if plot is not None and tor is not None:
        from zopa.forecast.runs.plots import page_paths, plot_tornado

        pages = plot_tornado(tor, top=top)
        written = save_figures(dict(zip(page_paths(plot, len(pages)), pages, strict=True)), dpi=120)
    notes = list(given.notes)
    if widened:
        notes.append(
            f"{widened} input(s) stated without a range got a default one (position ±10% of the "
            "scale, salience ±0.1, capability ±25%); --stated-ranges analyses only stated ones"
        )
    _warn(scale_warnings(actors, [model]))
    if as_json:
        print_json(
            {
                "model": model,
                "default_ranges": widened,
                "tornado": None if tor is None else _tornado_json(tor),
                "sobol": sob,
                "notes": notes,
                "plots": [str(p) for p in written],
            }
        )
        return
    for dim in actors.dimensions:
        _sensitivity_tables(dim, tor, sob, top)
    for line in [*notes, *(f"wrote {p}" for p in written)]:
        console.print(_say(line))


def _tornado_json(tor: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": tor["model"],
        "issues": {
            d: {"base": v["base"], "bars": [{**b.__dict__, "swing": b.swing} for b in v["bars"]]}
            for d, v in tor["issues"].items()
        },
    }


def _sensitivity_tables(dim: str, tor: Any, sob: Any, top: int) -> None:
    if tor is not None:
        t = Table(
            "input",
            "range",
            "forecast at low",
            "at high",
            "swing",
            title=f"{dim}: one at a time (base {tor['issues'][dim]['base']:.4g})",
        )
        for b in tor["issues"][dim]["bars"][:top]:
            t.add_row(
                b.label,
                f"{b.low:.3g}–{b.high:.3g}",
                _fmt(b.outcome_low),
                _fmt(b.outcome_high),
                _fmt(b.swing),
            )
        console.print(t)
    if sob is not None:
        _sobol_table(dim, sob, top)


def _sobol_table(dim: str, sob: Any, top: int) -> None:
    info = sob["issues"][dim]
    if not info["variance"] > 0:
        console.print(f"{dim}: the forecast does not vary over the draws; no variance to share.")
        return
    t = Table(
        "actor / input",
        "total index [95%]",
        "first-order [95%]",
        "changes",
        title=f"{dim}: share of forecast variance (Sobol, N={sob['samples']}; "
        f"forecast moves in {info['moving_draws']} of {sob['base_draws']} draws)",
    )
    rows = info["actors"] + info["factors"][:top]
    for j, r in enumerate(rows):
        mark = "" if r["reliable"] else " ?"
        t.add_row(
            r["label"],
            f"{r['total']:.3f} [{r['total_ci95'][0]:.2f}, {r['total_ci95'][1]:.2f}]{mark}",
            f"{r['first']:.3f} [{r['first_ci95'][0]:.2f}, {r['first_ci95'][1]:.2f}]{mark}",
            str(r["changes"]),
            end_section=j == len(info["actors"]) - 1,
        )
    console.print(t)
    if not info["reliable"] or any(not r["reliable"] for r in rows):
        console.print(
            f"? rests on fewer than {MIN_CHANGES} draws in which the forecast changed: "
            "unreliable (raise --samples)."
        )


@app.command("backtest")
def backtest_cmd(
    cases_file: Annotated[str, typer.Argument(help="Cases CSV/YAML, or 'bdm1994' (bundled).")],
    model: ModelOpt = None,
    option: OptionOpt = None,
    seed: SeedOpt = None,
    salience_max: SalienceOpt = 100.0,
    as_json: JsonOpt = False,
) -> None:
    """Score models on resolved cases: MAE, per-case errors, comparison with the compromise."""
    master = _seed(seed)
    options = parse_options(option)
    path = bt.bundled_cases() if cases_file == "bdm1994" else Path(cases_file)
    with _flags():
        cases = bt.load_cases(path, salience_max=salience_max)
        result = bt.backtest(cases, model, options=options, seed=master)
    if as_json:
        print_json(result)
        return
    t = Table(
        "model",
        "MAE",
        "MAE % of scale",
        "vs compromise [95%]",
        "wins / cases",
        title=f"Backtest on {result['cases']} case(s) from {path}",
    )
    for name, r in result["models"].items():
        ci = r["vs_baseline_ci95"]
        shown = f"{r['vs_baseline']:+.3g}" + (
            "" if ci is None else f" [{ci[0]:+.3g}, {ci[1]:+.3g}]"
        )
        t.add_row(
            name,
            f"{r['mae']:.4g}",
            f"{r['mae_percent_of_scale']:.1f}",
            shown,
            f"{r['wins']} / {result['cases']}",
        )
    console.print(t)
    per = Table("case", "issue", "outcome", *result["models"], title="Per-case forecasts (error)")
    for row in result["per_case"]:
        per.add_row(
            row["case"],
            row["issue"],
            _fmt(row["outcome"]),
            *(f"{_fmt(row['forecast'][m])} ({_fmt(row['error'][m])})" for m in result["models"]),
        )
    console.print(per)
    if result["note"]:
        console.print(f"Note: {result['note']}.")


@app.command("forecast-models")
def forecast_models_cmd(as_json: JsonOpt = False) -> None:
    """List the forecast models, their sources and options."""
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
        print_json(rows)
        return
    t = Table("model", "what", "source", "options", title="Forecast models")
    for n, r in rows.items():
        t.add_row(f"{n}\n{r['label']}", r["summary"], str(r["citation"]), ", ".join(r["options"]))
    console.print(t)
