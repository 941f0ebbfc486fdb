"""A KTAB Spatial Model of Politics scenario as read from its CSV or XML input.

The readers are :mod:`zopa.forecast.inputs.ktab_csv` and :mod:`zopa.forecast.inputs.ktab_xml`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zopa._types import FloatArray
from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors, point_actors
from zopa.forecast.models.smp.params import SMPParams
from zopa.model.uncertain import MAX_MAGNITUDE


@dataclass(frozen=True, eq=False)
class KTABScenario:
    """A KTAB SMP scenario as read: values on KTAB's 0-100 scales, plus XML-only settings."""

    name: str
    description: str
    actor_names: tuple[str, ...]
    actor_descriptions: tuple[str, ...]
    dimensions: tuple[str, ...]
    capability: FloatArray  # (n,)
    position: FloatArray  # (n, D), 0-100
    salience: FloatArray  # (n, D), 0-100
    params: SMPParams | None = None
    seed: int | None = None
    accommodation: FloatArray | None = None  # (n, n); None means identity

    def to_actors(self) -> Actors:
        """The scenario's actors on the fixed 0-100 scale with saliences on [0, 1]."""
        return point_actors(
            self.actor_names,
            self.dimensions,
            self.capability,
            self.position,
            self.salience / 100.0,
            scale=(0.0, 100.0),
        )


class Problems:
    """Located problems collected while reading one file, raised together."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def add(self, line: int | None, path: str, message: str) -> None:
        self.items.append(Problem(self.file, line, path, message))

    def number(self, text: str, line: int | None, path: str) -> float:
        shown = repr(text) if len(text) <= 40 else repr(text[:40]) + "..."
        try:
            value = float(text)
        except ValueError:
            self.add(line, path, f"expected a number, got {shown}")
            return float("nan")
        if not np.isfinite(value):
            self.add(line, path, f"expected a finite number, got {shown}")
        elif abs(value) > MAX_MAGNITUDE:
            self.add(line, path, f"expected a number within ±{MAX_MAGNITUDE:g}, got {shown}")
            return float("nan")
        return value

    def raise_any(self) -> None:
        if self.items:
            raise InputError(self.items)


__all__ = ["KTABScenario", "Problems"]
