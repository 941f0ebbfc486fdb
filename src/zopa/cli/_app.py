"""The typer application every command module registers on."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="zopa",
    help="Negotiation analysis: model a deal, diagnose proposals, map the agreement space, "
    "find counter-proposals, forecast and simulate bargaining.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from zopa import __version__

        print(f"zopa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Negotiation analysis: model a deal, diagnose proposals, map the agreement space, find
    counter-proposals, forecast and simulate bargaining."""
