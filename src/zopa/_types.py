"""Type aliases shared by every module: numpy arrays by element type, and issue values.

``FloatArray``, ``IntArray`` and ``BoolArray`` are numpy arrays of float64, int64 and bool
(outcome codes, utilities, masks, positions); ``Value`` is one issue's value in an outcome (an
option label or a number) and ``Terms`` an outcome's values by issue id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

__all__ = ["BoolArray", "FloatArray", "IntArray", "Terms", "Value"]

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]


#: One issue's value: an option label or a number.
Value = str | float
#: An outcome's (or a proposal's) values by issue id.
Terms = Mapping[str, Value]


def __getattr__(name: str) -> Any:
    """The array aliases, made on first use: the scenario language uses :data:`Value` without
    importing numpy (``zopa check`` and ``zopa scenarios`` start without it)."""
    if name not in ("FloatArray", "IntArray", "BoolArray"):
        raise AttributeError(f"module 'zopa._types' has no attribute {name!r}")
    import numpy as np

    element = {"FloatArray": np.float64, "IntArray": np.int64, "BoolArray": np.bool_}[name]
    alias: Any = np.ndarray[tuple[Any, ...], np.dtype[element]]  # type: ignore[valid-type]
    globals()[name] = alias
    return alias
