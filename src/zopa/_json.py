"""Plain JSON data from analysis values: the one conversion every ``to_dict`` and ``--json`` uses.

numpy arrays become lists, numpy scalars Python numbers, tuples lists, mapping keys strings, and
non-finite floats ``None`` (JSON has no NaN or infinity).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def to_jsonable(value: Any) -> Any:
    """``value`` with numpy arrays and scalars, tuples and non-finite floats made plain JSON."""
    import numpy as np  # imported here: the command line starts without numpy

    def convert(v: Any) -> Any:
        t = type(v)  # the plain types first, by exact type: most of a document is made of them
        if t is str or t is int or t is bool or v is None:
            return v
        if t is float:
            return v if math.isfinite(v) else None
        if t is dict:
            return {str(k): convert(x) for k, x in v.items()}
        if t is list or t is tuple:
            return [convert(x) for x in v]
        if isinstance(v, Mapping):
            return {str(k): convert(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [convert(x) for x in v]
        if isinstance(v, np.ndarray):
            return convert(v.tolist())
        if isinstance(v, np.bool_ | bool):
            return bool(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating | float):
            f = float(v)
            return f if math.isfinite(f) else None
        return v

    return convert(value)


#: The version of the layout of zopa's JSON documents (the command line's ``--json`` and the web
#: API's answers). Every document carries it as ``schema_version`` beside ``zopa_version``; it
#: changes when a key is renamed or removed or changes meaning (new keys do not change it).
SCHEMA_VERSION = 1


def versions() -> dict[str, Any]:
    """The head of every JSON document: ``zopa_version`` and ``schema_version``."""
    from zopa import __version__

    return {"zopa_version": __version__, "schema_version": SCHEMA_VERSION}


def headed(data: Mapping[str, Any]) -> Any:
    """``data`` as plain JSON headed by :func:`versions`: the document the command line prints
    with ``--json`` and the web API answers."""
    return to_jsonable({**versions(), **data})


__all__ = ["SCHEMA_VERSION", "headed", "to_jsonable", "versions"]
