"""``zopa audit``: every judged number with its evidence, and what is missing or late."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import console, print_json


@app.command("audit")
def audit_cmd(
    scenario: Annotated[
        str, typer.Argument(help="A bundled scenario name or a YAML/JSON file.")
    ] = "minerals-2025",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 when a number has no evidence or evidence is dated after as_of.",
        ),
    ] = False,
    draws: Annotated[
        int, typer.Option(min=0, max=1_000_000, help="Outlook draws for the hinges (0: none).")
    ] = params.AUDIT_DRAWS,
    seed: Annotated[int, typer.Option(min=0, help="Seed for the outlook's draws.")] = 0,
    show_all: Annotated[bool, typer.Option("--all", help="List every number.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Provenance: every number with its evidence; unsourced numbers; evidence dated after the
    scenario's as_of; the share of judgements against sourced facts; the judgements the outlook
    hinges on."""
    from rich.table import Table

    from zopa.audit import audit
    from zopa.model import load_scenario

    s = load_scenario(scenario)
    a = audit(s, draws=draws, seed=seed)
    if as_json:
        print_json(a.to_dict())
    else:
        console.rule(f"Audit of {s.name}" + (f" (as of {a.as_of})" if a.as_of else ""))
        n = len(a.numbers)
        console.print(
            f"{n} judged numbers: {a.share('sourced'):.0%} cite a source, "
            f"{a.share('judgement'):.0%} rest on the analyst's judgement only, "
            f"{a.share('unsourced'):.0%} have no evidence; {len(a.late)} evidence items are "
            "dated after as_of." + ("" if a.as_of else " The scenario gives no as_of date.")
        )
        if a.hinges:
            console.print("The outlook hinges on (most decisive first):")
            for path, status in a.hinges:
                console.print(f"  {path}: {status}")
        for x in a.late:
            console.print(f"late: {x.path}: {x.source or 'evidence'} dated {x.date}")
        for num in a.unsourced:
            console.print(f"unsourced: {num.path}")
        if show_all:
            table = Table("number", "value", "status", "sources / judgement")
            for num in a.numbers:
                value = (
                    f"{num.point:g}"
                    if num.low == num.high
                    else (f"{num.low:g}..{num.point:g}..{num.high:g}")
                )
                basis = ", ".join(num.sources) or "; ".join(j[:60] for j in num.judgements)
                status = num.status + (" (inherited)" if num.inherited else "")
                table.add_row(num.path, value, status, basis or "-")
            console.print(table)
    if strict and a.strict_failures:
        sys.exit(1)
