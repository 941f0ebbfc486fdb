"""Triangular uncertainty of actor judgements, its inverse CDF, and the uncertain input cells.

Each uncertain cell of an :class:`~zopa.forecast.actors.Actors` value is an
:class:`InputFactor`; Monte Carlo draws and sensitivity analysis vary these factors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa._types import FloatArray


def frozen_array(values: Any, shape: tuple[int, ...] | None = None) -> FloatArray:
    """A read-only float64 copy of ``values``, broadcast to ``shape`` when one is given."""
    arr = np.array(values, dtype=np.float64, copy=True)
    if shape is not None and arr.shape != shape:
        arr = np.broadcast_to(arr, shape).copy()
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Triangular:
    """Triangular uncertainty of one field: ``low <= mode <= high`` arrays of the field's shape.

    Any array-likes may be given; :class:`~zopa.forecast.actors.Actors` keeps read-only float
    copies of the field's shape (see :meth:`frozen`).
    """

    low: FloatArray
    mode: FloatArray
    high: FloatArray

    def frozen(self, shape: tuple[int, ...] | None = None) -> Triangular:
        """The same law with read-only float64 arrays (broadcast to ``shape`` if given)."""
        return Triangular(
            frozen_array(self.low, shape),
            frozen_array(self.mode, shape),
            frozen_array(self.high, shape),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Triangular):
            return NotImplemented
        return all(
            np.array_equal(getattr(self, k), getattr(other, k)) for k in ("low", "mode", "high")
        )

    __hash__ = None  # type: ignore[assignment]


def triangular_ppf(
    u: FloatArray, low: FloatArray, mode: FloatArray, high: FloatArray
) -> FloatArray:
    """Inverse CDF of Triangular(low, mode, high) at quantiles ``u`` (broadcasting).

    ``F(mode) = (mode-low)/(high-low)``; below it ``x = low + sqrt(u (high-low)(mode-low))``,
    above it ``x = high - sqrt((1-u)(high-low)(high-mode))``; ``low == high`` gives low.
    """
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    f_mode = np.where(width > 0, (mode - low) / safe, 0.0)
    left = low + np.sqrt(np.clip(u, 0.0, 1.0) * width * (mode - low))
    right = high - np.sqrt(np.clip(1.0 - u, 0.0, 1.0) * width * (high - mode))
    out: FloatArray = np.where(u < f_mode, left, right)
    return np.where(width > 0, out, low)


@dataclass(frozen=True)
class InputFactor:
    """One uncertain input cell: ``field`` of ``actor`` (index) on ``dimension`` (index or None)."""

    field: str
    actor: int
    dimension: int | None
    low: float
    mode: float
    high: float
    label: str


__all__ = ["InputFactor", "Triangular", "frozen_array", "triangular_ppf"]
