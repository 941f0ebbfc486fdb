"""The value every forecast input reader returns: actors plus what their source says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zopa.forecast.actors import Actors


@dataclass(frozen=True, eq=False)
class ForecastInput:
    """Actors to forecast, with what their source says about running them.

    ``kind`` is ``scenario``, ``table`` or ``ktab``; ``options`` are model options read from the
    file (``{"smp": {...}}`` for KTAB XML); ``seed`` the file's seed, if any; ``notes`` what the
    user should know (left-out issues, options taken from the file); ``scenario`` the scenario
    for scenario input (to show forecasts in the issues' own terms).
    """

    actors: Actors
    kind: str
    notes: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    seed: int | None = None
    scenario: Any = None


__all__ = ["ForecastInput"]
