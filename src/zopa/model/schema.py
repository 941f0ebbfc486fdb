"""The scenario language: issues, parties, interests, red lines, proposals.

A :class:`Scenario` is what a user writes (YAML or JSON). It is declarative and validated; it does
no maths. ``scenario.compile()`` turns it into a :class:`zopa.game.Game`.

Utility of party *p* for outcome *x*::

    u_p(x) = clip( (Σ_k ŵ_pk · v_pk(x_k) + Σ_t value_t · [when_t(x)]) / scale_p , 0, 1 )

where ŵ are the interest weights divided by their sum (or as written with
``normalize_weights: false``), v the value functions in [0, 1], and the optional package
``terms`` add value when a condition over several issues holds.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from zopa._types import Value
from zopa.model.evidence import Evidence, Source
from zopa.model.grids import MAX_GRID as MAX_GRID  # re-exported: the limit of a range grid
from zopa.model.grids import default_grid, step_count, step_grid
from zopa.model.provisions import Schedule, TimePreference, schedule_problems
from zopa.model.uncertain import MAX_MAGNITUDE, Number, Uncertain

if TYPE_CHECKING:
    # ``zopa.game`` imports the scenario language (rules, value functions), so the compiled
    # game is imported here for the annotation only and at call time in :meth:`compile`.
    from zopa.game import Game
    from zopa.model.ratifiers import Ratifier
    from zopa.model.timing import Deadline
    from zopa.model.variants import Variant

_FROZEN = ConfigDict(frozen=True, extra="forbid")


#: A float that must be finite (NaN and infinity are refused) and within ±MAX_MAGNITUDE.
Finite = Number


class Issue(BaseModel):
    """An issue on the table: discrete ``options`` (ordered or not) or a numeric ``range``."""

    model_config = _FROZEN

    label: str | None = None
    description: str | None = None
    options: tuple[str, ...] | None = None
    ordered: bool = False
    range: tuple[Finite, Finite] | None = None
    step: float | None = Field(default=None, gt=0, le=MAX_MAGNITUDE, allow_inf_nan=False)
    grid: tuple[Finite, ...] | None = None
    unit: str | None = None
    schedule: Schedule | None = None
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="after")
    def _schedule(self) -> Issue:
        if self.schedule is not None and (self.options is None) != (self.range is None):
            problems = schedule_problems(
                self.schedule, self.options, self.bounds if self.range is not None else None
            )
            if problems:
                raise ValueError("schedule: " + "; ".join(problems))
        return self

    @model_validator(mode="after")
    def _kind(self) -> Issue:
        if (self.options is None) == (self.range is None):
            raise ValueError("an issue needs exactly one of 'options' or 'range'")
        if self.options is not None:
            if len(self.options) < 1:
                raise ValueError("'options' must list at least one option")
            dup = sorted({o for o in self.options if self.options.count(o) > 1})
            if dup:
                raise ValueError(f"options are listed twice: {', '.join(dup)}")
            if self.step is not None or self.grid is not None:
                raise ValueError("'step' and 'grid' belong to range issues, not option issues")
            return self
        lo, hi = self.bounds
        if not lo < hi:
            raise ValueError(f"'range' must be [low, high] with low < high, got [{lo:g}, {hi:g}]")
        if self.step is not None and self.grid is not None:
            raise ValueError("give 'step' or 'grid', not both")
        if self.grid is not None:
            if not self.grid:
                raise ValueError("'grid' must list at least one value")
            if list(self.grid) != sorted(set(self.grid)):
                raise ValueError("'grid' must be strictly increasing")
            if self.grid[0] < lo or self.grid[-1] > hi:
                raise ValueError("'grid' values must lie inside 'range'")
        n = self.size
        if n > MAX_GRID:
            raise ValueError(
                f"the grid has {n} points; the limit is {MAX_GRID}, use a coarser step"
            )
        return self

    @property
    def is_range(self) -> bool:
        return self.range is not None

    @property
    def bounds(self) -> tuple[float, float]:
        """``(low, high)`` of a range issue; asking an option issue is a programming error."""
        if self.range is None:
            raise TypeError("an option issue has no range")
        return self.range

    @property
    def is_ordered(self) -> bool:
        return self.range is not None or self.ordered

    @property
    def values(self) -> tuple[Value, ...]:
        """Option labels, or the grid of a range issue (``step`` grid, explicit ``grid``, or 11
        evenly spaced points when neither is given)."""
        if self.options is not None:
            return self.options
        lo, hi = self.bounds
        if self.grid is not None:
            return self.grid
        if self.step is None:
            return default_grid(lo, hi)
        return tuple(step_grid(lo, hi, self.step).tolist())

    @property
    def size(self) -> int | float:
        """The number of values, computed without building a range grid (a float when it is
        over :data:`MAX_GRID`, where only its size matters)."""
        if self.options is not None:
            return len(self.options)
        if self.grid is not None:
            return len(self.grid)
        if self.step is None:
            return 11
        lo, hi = self.bounds
        return step_count(lo, hi, self.step)

    @property
    def title(self) -> str:
        return self.label or ""


class Interest(BaseModel):
    """How a party values one issue: a weight and a value function onto [0, 1].

    Value functions (exactly one): ``values`` (a value per option), ``prefers`` (high or low, linear
    over the range or the option order), ``ideal`` (+ ``tolerance``: 1 at the ideal, falling
    linearly to 0 at that distance), or ``points`` (piecewise linear ``[[x, v], ...]``).
    """

    model_config = _FROZEN

    weight: Uncertain
    values: dict[str, Uncertain] | None = None
    prefers: Literal["high", "low"] | None = None
    ideal: Finite | str | None = None
    tolerance: Uncertain | None = None
    points: tuple[tuple[Finite, Uncertain], ...] | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _one_function(self) -> Interest:
        given = [
            n for n in ("values", "prefers", "ideal", "points") if getattr(self, n) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "an interest needs exactly one value function: 'values', 'prefers', 'ideal' or "
                f"'points' (got {', '.join(given) or 'none'})"
            )
        if self.tolerance is not None and self.ideal is None:
            raise ValueError("'tolerance' goes with 'ideal'")
        if self.tolerance is not None and self.tolerance.low <= 0:
            raise ValueError("'tolerance' must be > 0")
        if self.weight.low < 0:
            raise ValueError(f"'weight' must be >= 0, got {self.weight.low:g}")
        for label, u in (self.values or {}).items():
            _check_unit(u, f"value of {label!r}")
        if self.points is not None:
            xs = [x for x, _ in self.points]
            if len(xs) < 2 or xs != sorted(set(xs)):
                raise ValueError("'points' needs two or more [x, value] pairs with increasing x")
            for x, u in self.points:
                _check_unit(u, f"value at {x:g}")
        return self


class RedLine(BaseModel):
    """A hard constraint a party will not give up: ``rule`` must hold for it to sign."""

    model_config = _FROZEN

    rule: str
    label: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_str(cls, data: Any) -> Any:
        return {"rule": data} if isinstance(data, str) else data


class DealRule(BaseModel):
    """A deal-level rule: ``rule`` must hold for any package, whoever signs it (coherence of the
    package itself, e.g. "no centrifuges implies no enrichment")."""

    model_config = _FROZEN

    rule: str
    label: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_str(cls, data: Any) -> Any:
        return {"rule": data} if isinstance(data, str) else data


class Derived(BaseModel):
    """A named quantity computed from issue values (see :mod:`zopa.model.derived`), usable in
    rules and as the subject of an interest."""

    model_config = _FROZEN

    expr: str
    label: str | None = None
    unit: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_str(cls, data: Any) -> Any:
        return {"expr": data} if isinstance(data, str) else data


class PackageTerm(BaseModel):
    """A non-additive term: ``value`` is added to the party's score when ``when`` holds."""

    model_config = _FROZEN

    when: str
    value: Uncertain
    evidence: tuple[Evidence, ...] = ()


class Party(BaseModel):
    """A signatory (signs or walks away) or a stakeholder (influences, does not sign)."""

    model_config = _FROZEN

    name: str | None = None
    description: str | None = None
    signatory: bool = True
    capability: Uncertain = Uncertain.fixed(1.0)
    reservation: Uncertain = Uncertain.fixed(0.0)
    interests: dict[str, Interest] = Field(default_factory=dict)
    red_lines: tuple[RedLine, ...] = ()
    terms: tuple[PackageTerm, ...] = ()
    normalize_weights: bool = True
    scale: float | None = Field(default=None, gt=0, le=MAX_MAGNITUDE, allow_inf_nan=False)
    ratifiers: dict[str, Ratifier] = Field(default_factory=dict)
    discount: Uncertain | None = None
    reservation_at_deadline: Uncertain | None = None
    time_preference: TimePreference | None = None
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Party:
        _check_unit(self.reservation, "'reservation'")
        if self.capability.low < 0:
            raise ValueError("'capability' must be >= 0")
        if self.discount is not None and not (self.discount.low > 0 and self.discount.high <= 1):
            raise ValueError("'discount' must lie in (0, 1] (1: delay costs nothing)")
        if self.reservation_at_deadline is not None:
            _check_unit(self.reservation_at_deadline, "'reservation_at_deadline'")
        if self.interests and all(i.weight.high == 0 for i in self.interests.values()):
            raise ValueError("at least one interest needs a weight above 0")
        return self


class Proposal(BaseModel):
    """A named, tabled outcome: a value for every issue."""

    model_config = _FROZEN

    title: str | None = None
    by: str | None = None
    date: dt.date | None = None
    description: str | None = None
    terms: dict[str, str | Finite]
    evidence: tuple[Evidence, ...] = ()


class Scenario(BaseModel):
    """A negotiation: the issues on the table, the parties, and the proposals tabled."""

    model_config = _FROZEN

    name: str
    title: str | None = None
    description: str | None = None
    as_of: dt.date | None = None
    sources: dict[str, Source] = Field(default_factory=dict)
    issues: dict[str, Issue]
    parties: dict[str, Party]
    derived: dict[str, Derived] = Field(default_factory=dict)
    constraints: tuple[DealRule, ...] = ()
    proposals: dict[str, Proposal] = Field(default_factory=dict)
    variants: dict[str, Variant] = Field(default_factory=dict)
    deadline: Deadline | None = None
    notes: tuple[str, ...] = ()

    def compile(self) -> Game:
        """The compiled :class:`zopa.game.Game` (outcome space and utilities)."""
        from zopa.compiler import compile_scenario

        return compile_scenario(self)

    @property
    def signatories(self) -> tuple[str, ...]:
        return tuple(p for p, party in self.parties.items() if party.signatory)

    def party_name(self, party_id: str) -> str:
        return self.parties[party_id].name or party_id

    def issue_label(self, issue_id: str) -> str:
        if issue_id not in self.issues and issue_id in self.derived:
            return self.derived[issue_id].label or issue_id
        return self.issues[issue_id].label or issue_id


def _check_unit(u: Uncertain, what: str) -> None:
    if u.low < 0 or u.high > 1:
        got = f"{u.low:g}" if u.is_fixed else f"{u.low:g}..{u.high:g}"
        raise ValueError(f"{what} must lie in [0, 1], got {got}")


from zopa.model.ratifiers import Ratifier  # noqa: E402  (ratifiers build on Interest and RedLine)
from zopa.model.timing import Deadline  # noqa: E402
from zopa.model.variants import Variant  # noqa: E402

Party.model_rebuild()
Scenario.model_rebuild()
