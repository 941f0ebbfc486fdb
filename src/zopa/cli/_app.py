"""The typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="zopa",
    help="Negotiation analysis: model a deal, diagnose proposals, map the agreement space, "
    "find counter-proposals, forecast and simulate bargaining.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
