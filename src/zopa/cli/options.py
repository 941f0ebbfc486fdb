"""Options and arguments shared by the commands, declared once.

This module imports nothing of the library beyond the standard library and typer, so that every
command module can use it without slowing down ``zopa --help``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer


def bundled_names() -> list[str]:
    """The names of the bundled scenarios (their files, read without loading them)."""
    root = resources.files("zopa") / "scenarios"
    return sorted(e.name[: -len(".yaml")] for e in root.iterdir() if e.name.endswith(".yaml"))


def complete_scenario(incomplete: str) -> list[str]:
    """Shell completion of a scenario argument: the bundled names that start with the text
    typed (files are completed by the shell itself)."""
    return [name for name in bundled_names() if name.startswith(incomplete)]


def seed_option(
    help: str = "Seed of every random step (the run is repeatable from it).",
    least: int | None = None,
) -> Any:
    """``--seed``: a whole number (the library refuses negative seeds with its own message)."""
    return typer.Option("--seed", min=least, help=help)


def draws_option(
    help: str = "Monte Carlo draws (0: none).",
    least: int | None = None,
    most: int | None = None,
) -> Any:
    """``--draws`` / ``-n``: how many Monte Carlo draws (bounds checked here, or by the
    library with its own message)."""
    return typer.Option("--draws", "-n", min=least, max=most, help=help)


def plot_option(help: str = "Write a chart to this file (PNG, SVG or PDF).") -> Any:
    """``--plot FILE``: a chart of the result."""
    return typer.Option("--plot", help=help)


def csv_option(help: str = "Write the result's rows to this file as CSV.") -> Any:
    """``--csv FILE``: the rows of a result as CSV (checked before the work, written
    atomically)."""
    return typer.Option("--csv", help=help, metavar="FILE")


def output_option(help: str = "Write the result to this file.") -> Any:
    """``-o`` / ``--output FILE``: the output file of a command that writes one."""
    return typer.Option("--output", "-o", help=help)


def ratified_option(help: str = "A party accepts only what its ratifiers would pass.") -> Any:
    """``--ratified``: acceptance through the parties' ratifiers."""
    return typer.Option("--ratified", help=help)


ScenarioArg = Annotated[
    str,
    typer.Argument(
        help="A bundled scenario name or a YAML/JSON file.", autocompletion=complete_scenario
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
SeedOpt = Annotated[int, seed_option()]
DrawsOpt = Annotated[int, draws_option()]
PlotOpt = Annotated[Path | None, plot_option()]
CsvOpt = Annotated[Path | None, csv_option()]
RatifiedOpt = Annotated[bool, ratified_option()]
