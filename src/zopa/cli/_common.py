"""Helpers shared by the command modules: output and argument loading."""

from __future__ import annotations

import math
from typing import Any

from zopa.cli._console import json_text, make_console

console = make_console()


def to_jsonable(value: Any) -> Any:
    """Convert numpy scalars/arrays, tuples and non-finite floats to plain JSON values."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        f = float(value)
        return f if math.isfinite(f) else None
    return value


def print_json(data: Any) -> None:
    """Print data as indented JSON on stdout (keys in their meaningful order)."""
    print(json_text(to_jsonable(data)))
