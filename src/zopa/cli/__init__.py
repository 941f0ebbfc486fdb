"""The ``zopa`` command line: thin commands over the library.

Each command module registers its commands on :data:`zopa.cli._app.app`; the command line
imports only the module of the command it runs (:mod:`zopa.cli._app`). Errors the user can
cause (:class:`zopa.errors.ZopaError`, and arguments the command line itself refuses) are
printed one problem per line on stderr, exit code 2; with ``--json`` they are also printed on
stdout as one JSON object (:func:`zopa.cli._common.error_json`).

The command modules import only typer, rich and this package at import time; each command
imports the analyses it runs, so that ``zopa --help`` starts at once.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Sequence
from io import TextIOWrapper
from typing import TYPE_CHECKING, Any

from zopa.cli import _app
from zopa.cli._common import fit_console, print_error
from zopa.cli._console import one_line
from zopa.cli._record import set_argv
from zopa.cli.arguments import check_list_options, left_over
from zopa.errors import InputError, Problem, ZopaError

if TYPE_CHECKING:
    import typer

    app: typer.Typer


def __getattr__(name: str) -> Any:
    """``zopa.cli.app``: the typer application with every command registered (the command line
    itself imports only the command it runs)."""
    if name == "app":
        return _app.load_all()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors exit with code 2 and a one-line message per problem.

    Text the terminal cannot encode is written as backslash escapes; output that cannot be
    written (a closed pipe, a full disk) ends the run with exit code 2 and a one-line error,
    never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    one_blas_thread()
    args = list(sys.argv[1:] if argv is None else argv)
    set_argv(args)
    as_json = _wants_json(args)
    fit_console()
    try:
        try:
            check_list_options(args)
            code = _app.app(args=args, prog_name="zopa", standalone_mode=False)
        finally:
            sys.stdout.flush()
    except ZopaError as err:
        _fail(err, as_json)
    except OSError as err:
        _output_failed(err)
    except Exception as err:
        usage = _usage_error(err, args)
        if usage is None:
            raise
        _fail(usage, as_json)
    sys.exit(code if isinstance(code, int) else 0)


#: Environment variables that set the thread count of the BLAS libraries numpy and scipy use.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """Let numpy's and scipy's BLAS use one thread in this process (and the processes it
    starts), unless the environment says otherwise: zopa's matrix products are small, and a
    BLAS thread waiting for work costs more processor time than it saves (the outlook of
    minerals-2025 took 1.5 times the processor time with the default threads, at the same
    wall time). Read when numpy is first imported: the commands import it after this."""
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")


def _fail(err: ZopaError, as_json: bool) -> None:
    """Print a user error (see :func:`zopa.cli._common.print_error`) and exit with code 2."""
    try:
        print_error(err, as_json)
        sys.stdout.flush()
    except OSError as out:
        _output_failed(out)
    sys.exit(2)


def _wants_json(args: Sequence[str]) -> bool:
    """Whether ``--json`` is among the options (not after a ``--`` that ends them)."""
    options = args[: args.index("--")] if "--" in args else args
    return "--json" in options


def _usage_error(err: Exception, args: Sequence[str]) -> InputError | None:
    """An argument the command line refused (unknown option, value out of range, missing
    argument, ...) as an InputError naming the option; None for any other exception.

    ``zopa`` alone and ``zopa import`` alone print their help instead (exit 2, as before)."""
    if not _is_click_exception(err):
        return None
    if type(err).__name__ == "NoArgsIsHelpError":
        print(str(err), file=sys.stderr)
        sys.exit(2)
    param = getattr(err, "param", None)
    opts = [str(o) for o in getattr(param, "opts", None) or []]
    where = max(opts, key=len) if opts else ""
    # With a parameter, click's own text repeats its name before the reason: keep the reason.
    raw = str(getattr(err, "message", "") or "")
    extra = re.match(r"Got unexpected extra argument\S* \((.*)\)", raw)
    explained = left_over(args, extra.group(1).split()) if extra else None
    if explained is not None:
        return explained
    message = raw if where and raw else getattr(err, "format_message", lambda: str(err))()
    ctx = getattr(err, "ctx", None)
    command = " ".join(["zopa", *str(getattr(ctx, "command_path", "")).split()[1:]])
    return InputError([Problem(None, None, where, f"{message} (see {command} -h)")])


def _is_click_exception(err: Exception) -> bool:
    """True for the exceptions of the click layer under typer (vendored in recent typer
    releases, the ``click`` package in older ones): they carry an ``exit_code``."""
    return any(c.__name__ == "ClickException" for c in type(err).__mro__)


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
