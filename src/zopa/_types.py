"""Type aliases shared by every module: numpy arrays by element type, and issue values.

``FloatArray``, ``IntArray`` and ``BoolArray`` are numpy arrays of float64, int64 and bool
(outcome codes, utilities, masks, positions); ``Value`` is one issue's value in an outcome (an
option label or a number) and ``Terms`` an outcome's values by issue id.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "FloatArray", "IntArray", "Terms", "Value"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: One issue's value: an option label or a number.
Value = str | float
#: An outcome's (or a proposal's) values by issue id.
Terms = Mapping[str, Value]
