"""Uncertain numbers: a fixed value, triangular ``{low, mode, high}`` or uniform ``{low, high}``.

Any number a party's judgement rests on may be uncertain. Deterministic analyses use the point
estimate (:attr:`Uncertain.point`: the value, the mode, or the midpoint of a uniform); Monte Carlo
draws from the distribution. Each may carry ``evidence``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from zopa.model.evidence import Evidence

if TYPE_CHECKING:
    import numpy as np

Kind = Literal["fixed", "triangular", "uniform"]

#: The largest magnitude of any number in a scenario. Sums, differences and products of a few
#: such numbers stay finite, so no analysis meets an overflow, an infinity or a NaN.
MAX_MAGNITUDE = 1e15
#: A finite number within ±:data:`MAX_MAGNITUDE`.
Number = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]

UNCERTAIN_JSON_SCHEMA: dict[str, Any] = {
    "description": "A number, or an uncertain number: {value}, {low, mode, high} (triangular) "
    "or {low, high} (uniform); each may carry evidence.",
    "anyOf": [
        {"type": "number"},
        {
            "type": "object",
            "properties": {
                "value": {"type": "number"},
                "low": {"type": "number"},
                "mode": {"type": "number"},
                "high": {"type": "number"},
                "evidence": {"type": "array", "items": {"type": "object"}},
            },
            "additionalProperties": False,
        },
    ],
}


class Uncertain(BaseModel):
    """A judged number with its uncertainty."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_extra=lambda s: s.update(UNCERTAIN_JSON_SCHEMA)
    )

    low: Number
    mode: Number
    high: Number
    kind: Kind = "fixed"
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_input(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("expected a number, not a boolean")
        if isinstance(data, int | float):
            return {"low": data, "mode": data, "high": data, "kind": "fixed"}
        if not isinstance(data, dict):
            raise ValueError("expected a number or a mapping {low, mode, high} / {low, high}")
        if "kind" in data and "low" in data and "mode" in data:
            return data  # already normalised
        keys = set(data) - {"evidence"}
        ev = {"evidence": data["evidence"]} if "evidence" in data else {}
        if keys == {"value"}:
            v = data["value"]
            return {"low": v, "mode": v, "high": v, "kind": "fixed", **ev}
        if keys == {"low", "mode", "high"}:
            return {**data, "kind": "triangular"}
        if keys == {"low", "high"}:
            lo, hi = data["low"], data["high"]
            mid = (lo + hi) / 2 if _is_num(lo) and _is_num(hi) else lo
            return {"low": lo, "mode": mid, "high": hi, "kind": "uniform", **ev}
        raise ValueError(
            "expected {value}, {low, mode, high} or {low, high} (optionally with evidence), "
            f"got keys {sorted(keys)}"
        )

    @model_validator(mode="after")
    def _ordered(self) -> Uncertain:
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                f"expected low <= mode <= high, got low={self.low:g}, mode={self.mode:g}, "
                f"high={self.high:g}"
            )
        return self

    @model_serializer(mode="plain")
    def _dump(self) -> Any:
        ev = {"evidence": [e.model_dump(mode="json", exclude_none=True) for e in self.evidence]}
        ev = ev if self.evidence else {}
        if self.kind == "fixed":
            return {"value": self.mode, **ev} if ev else self.mode
        if self.kind == "uniform":
            return {"low": self.low, "high": self.high, **ev}
        return {"low": self.low, "mode": self.mode, "high": self.high, **ev}

    @property
    def point(self) -> float:
        """The point estimate: the value, the mode, or the midpoint of a uniform range."""
        return self.mode

    @property
    def is_fixed(self) -> bool:
        return self.low == self.high

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        """Draw from the distribution (triangular or uniform); fixed values are repeated."""
        if self.low == self.high:
            import numpy as np

            return self.mode if size is None else np.full(size, self.mode)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, size)
        return rng.triangular(self.low, self.mode, self.high, size)

    def triple(self) -> tuple[float, float, float]:
        return (self.low, self.mode, self.high)

    @classmethod
    def fixed(cls, value: float) -> Uncertain:
        return cls.model_validate(value)


def _is_num(x: Any) -> bool:
    return (
        isinstance(x, int | float)
        and not isinstance(x, bool)
        and math.isfinite(x)
        and abs(x) <= MAX_MAGNITUDE
    )
