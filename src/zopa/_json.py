"""Plain JSON data from analysis values: the one conversion every ``to_dict`` and ``--json`` uses.

numpy arrays become lists, numpy scalars Python numbers, tuples lists, mapping keys strings, and
non-finite floats ``None`` (JSON has no NaN or infinity).
"""

from __future__ import annotations

from collections.abc import Mapping
from math import isfinite
from typing import Any

_PLAIN = frozenset({str, int, bool, type(None)})


def to_jsonable(value: Any) -> Any:
    """``value`` with numpy arrays and scalars, tuples and non-finite floats made plain JSON."""
    return _convert(value)


def _convert(v: Any) -> Any:
    # the plain types first, by exact type and without a call per leaf: most of a document is
    # made of them; everything else by its kind
    t = type(v)
    if t in _PLAIN:
        return v
    if t is float:
        return v if isfinite(v) else None
    if t is dict:
        return {
            (k if type(k) is str else str(k)): (
                x if (u := type(x)) in _PLAIN or (u is float and isfinite(x)) else _convert(x)
            )
            for k, x in v.items()
        }
    if t is list or t is tuple:
        return [
            x if (u := type(x)) in _PLAIN or (u is float and isfinite(x)) else _convert(x)
            for x in v
        ]
    import numpy as np  # imported here: the command line starts without numpy

    if isinstance(v, Mapping):
        return {str(k): _convert(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_convert(x) for x in v]
    if isinstance(v, np.ndarray):
        return _convert(v.tolist())
    if isinstance(v, np.bool_ | bool):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating | float):
        f = float(v)
        return f if isfinite(f) else None
    return v


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
