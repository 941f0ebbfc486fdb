"""The ``zopa`` command line: thin commands over the library.

Each command module registers its commands on :data:`zopa.cli._app.app`. User errors
(:class:`zopa.errors.ZopaError`) are printed one problem per line on stderr, exit code 2.
"""

from __future__ import annotations

import importlib
import sys

from zopa.cli._app import app
from zopa.errors import ZopaError

# Command modules, in the order their commands appear in ``zopa --help``.
COMMAND_MODULES: tuple[str, ...] = (
    "zopa.cli.core",
    "zopa.cli.analyze",
    "zopa.cli.frontier",
    "zopa.cli.counter",
    "zopa.cli.io",
    "zopa.cli.negotiate",
    "zopa.cli.forecast",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors exit with code 2 and a one-line message per problem."""
    try:
        app(args=argv, prog_name="zopa")
    except ZopaError as err:
        for line in err.lines():
            print(f"error: {line}", file=sys.stderr)
        sys.exit(2)


__all__ = ["app", "main"]
