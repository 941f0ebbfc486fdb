"""``zopa sensitivity``: which judgements move a forecast (tornado and Sobol indices).

By default one row per issue says what moves it most; with ``--detail``, every issue's tornado
and Sobol tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import console, show_json
from zopa.cli._files import save_csv, save_figures
from zopa.cli.forecast import (
    BasisOpt,
    OptionOpt,
    SalienceOpt,
    ScaleOpt,
    SeedOpt,
    SourceArg,
    _about,
    _csv_path,
    _load,
    _plot_path,
    _say_all,
    _seed,
    _warn,
    parse_options,
)
from zopa.cli.options import CsvOpt, JsonOpt, PlotOpt
from zopa.errors import InputError


@app.command("sensitivity")
def sensitivity_cmd(
    source: SourceArg,
    model: Annotated[str, typer.Option("--model", "-m", help="Model to analyse.")] = "compromise",
    method: Annotated[str, typer.Option("--method", help="tornado, sobol or both.")] = "both",
    samples: Annotated[
        int, typer.Option("--samples", help="Sobol base sample size N.")
    ] = params.SOBOL_SAMPLES,
    top: Annotated[int, typer.Option("--top", help="Rows shown per issue with --detail.")] = 8,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail",
            help="Print every issue's tornado and Sobol tables instead of one row per issue.",
        ),
    ] = False,
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
    csv_path: CsvOpt = None,
    scale: ScaleOpt = None,
    salience_max: SalienceOpt = params.SALIENCE_MAX,
    salience_basis: BasisOpt = "party",
    as_json: JsonOpt = False,
) -> None:
    """Which actors' judgements move the forecast: tornado and Sobol indices."""
    from zopa.cli.forecast_tables import sensitivity_overview, sobol_table, tornado_table
    from zopa.forecast import get_model
    from zopa.forecast.runs.reports import run_sensitivity

    if method not in ("tornado", "sobol", "both"):
        raise InputError.single("expected tornado, sobol or both", path="--method")
    if samples < 2 or top < 1:
        raise InputError.single("--samples needs >= 2 and --top >= 1", path="--samples")
    seed = _seed(seed)
    plot = _plot_path(plot)
    csv_path = _csv_path(csv_path)
    options = parse_options(option)
    get_model(model)
    with _about(source):
        given = _load(source, salience_max, scale, salience_basis)
    with _about(source):
        from zopa.cli._record import chunking
        from zopa.runs.forecast import chunked_rows

        with chunking() as c:
            report = run_sensitivity(
                given,
                model,
                method=method,
                samples=samples,
                seed=seed,
                options=options,
                default_ranges=default_ranges,
                runner=chunked_rows(c.checkpoint, c.executor, c.progress),
            )
    if plot is not None:
        report = report.with_plots(_sensitivity_plots(plot, report, top))
    if csv_path is not None:
        save_csv(csv_path, report.records())
    _warn(report.warnings)
    if show_json(report.to_dict(), as_json):
        return
    if not detail:
        sensitivity_overview(model, report.dimensions, report.tornado, report.sobol)
        console.print("--detail prints each issue's tables; --json and --csv give every number.")
    for dim in report.dimensions if detail else ():
        if report.tornado is not None:
            tornado_table(dim, report.tornado, top)
        if report.sobol is not None:
            sobol_table(dim, report.sobol, top)
    _say_all(report.notes, [*report.plots, *([str(csv_path)] if csv_path else [])])


def _sensitivity_plots(plot: Path, report: Any, top: int) -> list[Path]:
    """The tornado pages at ``plot`` and the Sobol pages at ``<stem>-sobol`` (at ``plot`` when
    there is no tornado), written together."""
    from zopa.forecast.runs.plots import page_paths, plot_sobol, plot_tornado

    tor = plot_tornado(report.tornado, top=top) if report.tornado is not None else []
    sob = plot_sobol(report.sobol, top=top) if report.sobol is not None else []
    second = plot.with_name(f"{plot.stem}-sobol{plot.suffix}") if tor else plot
    pages: dict[Path, Any] = {}
    for start, figures in ((plot, tor), (second, sob)):
        if figures:
            pages.update(zip(page_paths(start, len(figures)), figures, strict=True))
    return save_figures(pages, dpi=120)
