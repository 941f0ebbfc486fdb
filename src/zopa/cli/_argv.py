"""The command line that runs an analysis with given parameters, for a run recorded by another
interface (the workbench's jobs): ``zopa runs show`` prints it and ``zopa runs resume`` runs it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zopa.cli._flags import FLAGS


def command_line(command: str, argument: str, params: Iterable[tuple[str, Any]]) -> list[str]:
    """``[command, argument, --flag, value, ...]``: a list value repeats its flag, None is left
    out."""
    out = [command, argument]
    for name, value in params:
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v is not None:
                out += [FLAGS[name], str(v)]
    return out
