"""Helpers shared by the command modules: output and argument loading."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich import table as rich_table

from zopa._json import SCHEMA_VERSION as SCHEMA_VERSION  # re-exported for the command modules
from zopa._json import to_jsonable as to_jsonable
from zopa._json import versions as _versions
from zopa.cli._console import WIDTH, json_text, make_console, one_line

if TYPE_CHECKING:
    from zopa.errors import ZopaError

console = make_console()


def fit_console() -> None:
    """Make tables follow the terminal: its width (``COLUMNS`` if set) when stdout is a
    terminal, else ``COLUMNS`` if set, else :data:`zopa.cli._console.WIDTH`."""
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() and int(columns) > 0 else None
    if width is None and sys.stdout.isatty():
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):
            width = None
    console.width = width or WIDTH


def folded(renderable: Any) -> Any:
    """A table made elsewhere (the library's section renderers), its columns set to fold
    like :class:`Table`'s; anything else unchanged."""
    if isinstance(renderable, rich_table.Table):
        for column in renderable.columns:
            if column.overflow == "ellipsis":
                column.overflow = "fold"
    return renderable


class Table(rich_table.Table):
    """A rich table whose cells wrap and, where a word is longer than its column, fold it onto
    the next line: no value is ever cut short with an ellipsis."""

    def __init__(self, *headers: rich_table.Column | str, **kwargs: Any) -> None:
        super().__init__(*headers, **kwargs)
        for column in self.columns:
            if column.overflow == "ellipsis":
                column.overflow = "fold"

    def add_column(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("overflow", "fold")
        super().add_column(*args, **kwargs)


def print_json(data: Mapping[str, Any]) -> None:
    """Print a result as indented JSON on stdout (keys in their meaningful order), headed by
    ``zopa_version`` and ``schema_version``: the one place every JSON output gets them."""
    print(json_text(to_jsonable({**_versions(), **data})))


def error_json(err: ZopaError) -> dict[str, Any]:
    """A user error as JSON: ``{"error": KIND, "problems": [{file, line, path, message}]}``.

    KIND is ``input`` (located problems in a file or an argument) or ``too_large`` (a request
    that would exhaust memory); every problem has the four keys, ``null`` where unknown."""
    from zopa.cli._flags import as_flag
    from zopa.errors import InputError, Problem, TooLargeError

    if isinstance(err, InputError):
        problems = [as_flag(p) for p in err.problems]
    else:
        problems = [Problem(None, None, "", line) for line in err.lines()]
    kind = "too_large" if isinstance(err, TooLargeError) else "input"
    return {
        "error": kind,
        "problems": [
            {"file": p.file, "line": p.line, "path": p.path or None, "message": p.message}
            for p in problems
        ],
    }


def print_error(err: ZopaError, as_json: bool = False) -> None:
    """Print a user error: one line per problem on stderr, and with ``--json`` the same as
    one JSON object on stdout (the caller exits with code 2)."""
    from zopa.cli._flags import error_lines

    for line in error_lines(err):
        print(f"error: {one_line(line)}", file=sys.stderr)
    if as_json:
        print_json(error_json(err))


def show_json(data: Mapping[str, Any], as_json: bool) -> bool:
    """Hand a command's JSON value to the run being recorded, print it if ``as_json``, and say
    whether it was printed: ``if show_json(report.to_dict(), as_json): return``."""
    from zopa.cli._record import keep_result

    keep_result({**_versions(), **data})
    if as_json:
        print_json(data)
    return as_json
