"""The ``zopa`` command line: thin commands over the library.

Each command module registers its commands on :data:`zopa.cli._app.app`. User errors
(:class:`zopa.errors.ZopaError`) are printed one problem per line on stderr, exit code 2.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from io import TextIOWrapper

from zopa.cli._app import app
from zopa.cli._console import one_line
from zopa.cli._flags import error_lines
from zopa.cli._record import install as install_recording
from zopa.cli._record import set_argv
from zopa.errors import ZopaError

# Command modules, in the order their commands appear in ``zopa --help``.
COMMAND_MODULES: tuple[str, ...] = (
    "zopa.cli.core",
    "zopa.cli.outlook",
    "zopa.cli.report",
    "zopa.cli.analyze",
    "zopa.cli.frontier",
    "zopa.cli.counter",
    "zopa.cli.io",
    "zopa.cli.negotiate",
    "zopa.cli.forecast",
    "zopa.cli.ratify",
    "zopa.cli.compare",
    "zopa.cli.runs",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name)
install_recording(app)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors exit with code 2 and a one-line message per problem.

    Text the terminal cannot encode is written as backslash escapes; output that cannot be
    written (a closed pipe, a full disk) ends the run with exit code 2 and a one-line error,
    never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    set_argv(argv)
    try:
        try:
            app(args=argv, prog_name="zopa")
        finally:
            sys.stdout.flush()
    except ZopaError as err:
        for line in error_lines(err):
            print(f"error: {one_line(line)}", file=sys.stderr)
        sys.exit(2)
    except OSError as err:
        _output_failed(err)


def _output_failed(err: OSError) -> None:
    """End the run after standard output (or a named file) could not be written or read;
    re-raise anything else."""
    if err.filename is not None:  # a file the library did not name in an InputError
        print(f"error: {one_line(str(err.filename))}: {err.strerror or err}", file=sys.stderr)
        sys.exit(2)
    if err.errno not in (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EBADF):
        raise err
    # Whatever is still buffered cannot be written either: point stdout at the null device so
    # that the interpreter's final flush does not fail again.
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if err.errno != errno.EPIPE:  # a reader that went away needs no message
        print(f"error: cannot write the output: {err.strerror}", file=sys.stderr)
    sys.exit(2)


__all__ = ["app", "main"]
