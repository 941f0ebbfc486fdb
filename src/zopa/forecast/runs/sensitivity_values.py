"""The values sensitivity analysis returns: tornado bars and Sobol indices, per issue.

:func:`~zopa.forecast.runs.sensitivity.tornado` returns a :class:`Tornado`,
:func:`~zopa.forecast.runs.sensitivity.sobol` a :class:`SobolIndices`; ``to_dict()`` gives the
JSON of ``zopa sensitivity --json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas


@dataclass(frozen=True)
class TornadoBar:
    """One factor's swing on one issue."""

    label: str
    field: str
    actor: str
    low: float
    high: float
    outcome_low: float
    outcome_high: float

    @property
    def swing(self) -> float:
        """``|f(high) − f(low)|``."""
        return abs(self.outcome_high - self.outcome_low)

    def to_dict(self) -> dict[str, Any]:
        """The bar's fields and its swing."""
        return {**asdict(self), "swing": self.swing}


@dataclass(frozen=True)
class TornadoIssue:
    """The base forecast of one issue and its bars, largest swing first."""

    base: float
    bars: tuple[TornadoBar, ...]

    def to_dict(self) -> dict[str, Any]:
        """``{"base", "bars"}``."""
        return {"base": self.base, "bars": [b.to_dict() for b in self.bars]}


@dataclass(frozen=True)
class Tornado:
    """One-at-a-time sensitivity of ``model``: per issue, the factors ranked by swing."""

    model: str
    issues: Mapping[str, TornadoIssue]

    def to_dict(self) -> dict[str, Any]:
        """``{"model", "issues": {issue: {"base", "bars"}}}``."""
        return {"model": self.model, "issues": {d: v.to_dict() for d, v in self.issues.items()}}

    def records(self) -> list[dict[str, Any]]:
        """One row per issue and bar, largest swing first: ``model``, ``issue``, ``base``,
        ``rank`` (from 1), then the bar's fields and its swing."""
        return [
            {"model": self.model, "issue": dim, "base": data.base, "rank": n, **bar.to_dict()}
            for dim, data in self.issues.items()
            for n, bar in enumerate(data.bars, start=1)
        ]

    def to_frame(self) -> pandas.DataFrame:
        """:meth:`records` as a pandas DataFrame (pandas is the optional extra ``frames``)."""
        from zopa.frames import data_frame

        return data_frame(self.records())


@dataclass(frozen=True)
class SobolIndex:
    """First-order and total index of a factor or an actor on one issue, with 95% intervals.

    ``changes`` counts the draws in which resampling its inputs changed the forecast;
    ``reliable`` is False when the index rests on too few of them.
    """

    label: str
    first: float
    first_ci95: tuple[float, float]
    total: float
    total_ci95: tuple[float, float]
    changes: int
    reliable: bool
    kind: str  # "factor" or "actor"

    def to_dict(self) -> dict[str, Any]:
        """The fields, intervals as lists."""
        return {
            "label": self.label,
            "first": self.first,
            "first_ci95": list(self.first_ci95),
            "total": self.total,
            "total_ci95": list(self.total_ci95),
            "changes": self.changes,
            "reliable": self.reliable,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class SobolIssue:
    """Indices on one issue, ranked by total index: per factor and per actor.

    ``variance`` of the forecast over the base draws (0: it does not vary), ``moving_draws``
    the draws in which it moved, ``reliable`` whether those are enough.
    """

    factors: tuple[SobolIndex, ...]
    actors: tuple[SobolIndex, ...]
    variance: float
    moving_draws: int
    reliable: bool

    def to_dict(self) -> dict[str, Any]:
        """``{"factors", "actors", "variance", "moving_draws", "reliable"}``."""
        return {
            "factors": [r.to_dict() for r in self.factors],
            "actors": [r.to_dict() for r in self.actors],
            "variance": self.variance,
            "moving_draws": self.moving_draws,
            "reliable": self.reliable,
        }


@dataclass(frozen=True)
class SobolIndices:
    """Variance-based sensitivity of ``model``: ``samples`` base rows, ``runs`` model runs."""

    model: str
    samples: int
    runs: int
    issues: Mapping[str, SobolIssue]
    base_draws: int
    min_changes: int

    def to_dict(self) -> dict[str, Any]:
        """``{"model", "samples", "runs", "issues", "base_draws", "min_changes"}``."""
        return {
            "model": self.model,
            "samples": self.samples,
            "runs": self.runs,
            "issues": {d: v.to_dict() for d, v in self.issues.items()},
            "base_draws": self.base_draws,
            "min_changes": self.min_changes,
        }

    def records(self) -> list[dict[str, Any]]:
        """One row per issue and index (factors, then actors, each by total index): ``model``,
        ``issue``, ``kind``, ``label``, ``first`` with ``first_low``/``first_high`` (95%),
        ``total`` with ``total_low``/``total_high``, ``changes``, ``reliable``."""
        rows = []
        for dim, data in self.issues.items():
            for ix in (*data.factors, *data.actors):
                rows.append(
                    {
                        "model": self.model,
                        "issue": dim,
                        "kind": ix.kind,
                        "label": ix.label,
                        "first": ix.first,
                        "first_low": ix.first_ci95[0],
                        "first_high": ix.first_ci95[1],
                        "total": ix.total,
                        "total_low": ix.total_ci95[0],
                        "total_high": ix.total_ci95[1],
                        "changes": ix.changes,
                        "reliable": ix.reliable,
                    }
                )
        return rows

    def to_frame(self) -> pandas.DataFrame:
        """:meth:`records` as a pandas DataFrame (pandas is the optional extra ``frames``)."""
        from zopa.frames import data_frame

        return data_frame(self.records())


__all__ = ["SobolIndex", "SobolIndices", "SobolIssue", "Tornado", "TornadoBar", "TornadoIssue"]
