"""Helpers shared by the command modules: output and argument loading."""

from __future__ import annotations

from typing import Any

from zopa._json import to_jsonable as to_jsonable  # re-exported for the command modules
from zopa.cli._console import json_text, make_console

console = make_console()


def print_json(data: Any) -> None:
    """Print data as indented JSON on stdout (keys in their meaningful order)."""
    print(json_text(to_jsonable(data)))


def show_json(data: Any, as_json: bool) -> bool:
    """Hand a command's JSON value to the run being recorded, print it if ``as_json``, and say
    whether it was printed: ``if show_json(report.to_dict(), as_json): return``."""
    from zopa.cli._record import keep_result

    keep_result(data)
    if as_json:
        print_json(data)
    return as_json
