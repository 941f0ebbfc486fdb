"""The value a backtest returns: per-model scores and per-case forecasts.

:func:`~zopa.forecast.runs.backtesting.backtest` returns a :class:`BacktestReport`;
``to_dict()`` gives the JSON of ``zopa backtest --json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ModelScore:
    """One model's scores: MAE (also as % of each case's scale), and against the baseline the
    mean error difference, its bootstrap 95% interval (None with too few cases), wins and ties."""

    mae: float
    mae_percent_of_scale: float
    vs_baseline: float
    vs_baseline_ci95: tuple[float, float] | None
    wins: int
    ties: int

    def to_dict(self) -> dict[str, Any]:
        """The fields, the interval as a list."""
        ci = self.vs_baseline_ci95
        return {
            "mae": self.mae,
            "mae_percent_of_scale": self.mae_percent_of_scale,
            "vs_baseline": self.vs_baseline,
            "vs_baseline_ci95": None if ci is None else list(ci),
            "wins": self.wins,
            "ties": self.ties,
        }


@dataclass(frozen=True)
class CaseScore:
    """One case: its outcome, and each model's forecast and absolute error."""

    case: str
    issue: str
    outcome: float
    forecast: Mapping[str, float]
    error: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """The fields."""
        return {
            "case": self.case,
            "issue": self.issue,
            "outcome": self.outcome,
            "forecast": dict(self.forecast),
            "error": dict(self.error),
        }


@dataclass(frozen=True)
class BacktestReport:
    """Scores of each model on ``cases`` resolved cases against the ``baseline`` model."""

    baseline: str
    cases: int
    models: Mapping[str, ModelScore]
    per_case: tuple[CaseScore, ...]
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """``{"baseline", "cases", "models", "per_case", "note"}``."""
        return {
            "baseline": self.baseline,
            "cases": self.cases,
            "models": {m: s.to_dict() for m, s in self.models.items()},
            "per_case": [c.to_dict() for c in self.per_case],
            "note": self.note,
        }


__all__ = ["BacktestReport", "CaseScore", "ModelScore"]
