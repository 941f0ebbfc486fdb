"""``zopa report``: the brief on one proposal, as a self-contained HTML file or a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import console, print_json
from zopa.cli._files import check_writable, write_file
from zopa.cli.options import JsonOpt
from zopa.errors import InputError

if TYPE_CHECKING:
    from zopa.report import Report

SUFFIXES = (".html", ".htm", ".pdf")


@app.command("report")
def report_cmd(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario name or a YAML/JSON file.")],
    proposal: Annotated[
        str | None,
        typer.Argument(help="The proposal to brief on (default: the most recent one)."),
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The brief: a .html file or a .pdf file.")
    ] = Path("brief.html"),
    draws: Annotated[
        int, typer.Option(help="Monte Carlo draws of the judgements for the outlook.")
    ] = params.OUTLOOK_DRAWS,
    counter_draws: Annotated[
        int, typer.Option(help="Draws measuring how robust the counter-proposal is.")
    ] = params.COUNTER_DRAWS,
    seed: Annotated[int, typer.Option(help="Seed for every random step (>= 0).")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """A brief to hand to a decision-maker: the bottom line, who signs and why, the counter to
    make, the odds of a deal and the likely settlement; one self-contained HTML file or PDF
    (with --json, the brief's data is printed too)."""
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError.single(
            "the brief's name must end in .html or .pdf", file=str(output), path="-o"
        )
    check_writable(output, "-o")
    from zopa.model import load_scenario
    from zopa.report import build_report
    from zopa.report.html import render_html

    s = load_scenario(scenario)
    report = build_report(s, proposal, draws=draws, counter_draws=counter_draws, seed=seed)
    report = _with_run_id(report)
    html = render_html(report)
    if suffix == ".pdf":
        from zopa.cli._pdf import html_to_pdf

        write_file(output, html_to_pdf(html))
    else:
        write_file(output, html)
    if as_json:
        print_json({**report.to_dict(), "output": str(output)})
        return
    console.print(report.bottom_line[0])
    console.print(f"Brief written to {output}")


def _with_run_id(report: Report) -> Report:
    """The report with the id of the run it is recorded as in the run store (when recorded),
    and that run's result set to the report's data."""
    from dataclasses import replace

    from zopa.cli._common import show_json
    from zopa.cli._record import active

    run = active()
    if run is None:
        return report
    report = replace(report, run={**report.run, "run_id": run.run_id})
    show_json(report.to_dict(), False)  # the run's result; nothing printed
    return report
