"""Helpers shared by the command modules: output and argument loading."""

from __future__ import annotations

from typing import Any

from zopa._json import to_jsonable as to_jsonable  # re-exported for the command modules
from zopa.cli._console import json_text, make_console

console = make_console()


def print_json(data: Any) -> None:
    """Print data as indented JSON on stdout (keys in their meaningful order)."""
    print(json_text(to_jsonable(data)))
