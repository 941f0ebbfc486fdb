"""Provisions over time: terms that start later, lapse, or change in phases.

An issue may give a ``schedule``: the terms in force over time after signature, as phases
``[[from, term], ...]`` starting at time 0. A phase's term is ``agreed`` (the term the package
sets), an option of the issue, or a number in its range. A schedule given as a list applies
whatever the agreed term; one given per option (``{option: [[from, term], ...]}``) applies when
that option is agreed (options not listed hold from signature on). Examples: a cap that lapses
after 15 years (``[[0, agreed], [15, 90]]``), sanctions relief in phases
(``{phased: [[0, none], [2, partial], [5, full]]}``).

A party values a schedule by how it weighs the future (its ``time_preference``): a per-unit
``discount`` factor δ in (0, 1] and an optional ``horizon`` H (the time it looks ahead). The
weight of the phase in force from *a* to *b* is its share of the discounted time the party
looks ahead,

    s(a, b) = ∫_a^b δ^t dt / ∫_0^H δ^t dt,

(the present value of a constant flow, e.g. Frederick, Loewenstein and O'Donoghue 2002, "Time
discounting and time preference", *Journal of Economic Literature* 40(2)), and its value of the
scheduled term is ``Σ_phases s(a, b) · v(term)``. With δ = 1 a horizon is required (an
undiscounted infinite future would give every finite phase no weight). The shares sum to 1, so
a schedule moves values within [0, 1] and leaves the value scale intact.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from zopa.model.evidence import Evidence
from zopa.model.uncertain import Number, Uncertain

if TYPE_CHECKING:
    import numpy as np

#: The phase term that means "the term the package sets".
AGREED = "agreed"

Phase = tuple[Number, str | Number]
Phases = tuple[Phase, ...]
Schedule = Phases | dict[str, Phases]


class TimePreference(BaseModel):
    """How a party weighs the future: a per-unit ``discount`` factor and a ``horizon``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    discount: Uncertain = Uncertain.fixed(1.0)
    horizon: float | None = Field(default=None, gt=0, le=1e6, allow_inf_nan=False)
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> TimePreference:
        if self.discount.low <= 0 or self.discount.high > 1:
            raise ValueError(
                f"'discount' must lie in (0, 1], got {self.discount.low:g}..{self.discount.high:g}"
            )
        if self.horizon is None and self.discount.high >= 1:
            raise ValueError(
                "a 'horizon' is needed when 'discount' can be 1 (an undiscounted, endless future "
                "would give every phase of a schedule no weight)"
            )
        return self


def schedule_problems(
    schedule: Schedule, options: Sequence[str] | None, bounds: tuple[float, float] | None
) -> list[str]:
    """What is wrong with an issue's schedule (empty when nothing is)."""
    if options is not None and AGREED in options:
        return [f"an issue with a 'schedule' cannot have an option named {AGREED!r}"]
    if isinstance(schedule, dict):
        if options is None:
            return ["a schedule per option needs an option issue; give a range issue a list"]
        out = [f"{o!r} is not an option of this issue" for o in schedule if o not in options]
        return out + [
            f"{o}: {m}" for o, p in schedule.items() for m in _phase_problems(p, options, bounds)
        ]
    return _phase_problems(schedule, options, bounds)


def _phase_problems(
    phases: Phases, options: Sequence[str] | None, bounds: tuple[float, float] | None
) -> list[str]:
    if not phases:
        return ["a schedule needs at least one phase [from, term]"]
    starts = [float(a) for a, _ in phases]
    out = []
    if starts[0] != 0:
        out.append(f"the first phase must start at 0 (signature), not {starts[0]:g}")
    if any(b <= a for a, b in itertools.pairwise(starts)):
        out.append(
            f"phases must start at increasing times, got {', '.join(f'{a:g}' for a in starts)}"
        )
    for _, term in phases:
        if term == AGREED:
            continue
        if options is not None:
            if term not in options:
                out.append(f"phase term {term!r} is neither {AGREED!r} nor an option of this issue")
        elif isinstance(term, str):
            out.append(f"phase term {term!r} is neither {AGREED!r} nor a number")
        elif bounds is not None and not bounds[0] <= float(term) <= bounds[1]:
            out.append(f"phase term {term:g} lies outside the range [{bounds[0]:g}, {bounds[1]:g}]")
    return out


def phases_for(schedule: Schedule | None, option: str | None) -> Phases:
    """The phases in force when ``option`` (None: a range issue's term) is agreed."""
    if schedule is None:
        return ((0.0, AGREED),)
    if isinstance(schedule, dict):
        return schedule.get(option or "", ((0.0, AGREED),))
    return schedule


def is_timed(schedule: Schedule | None) -> bool:
    """Whether a schedule changes anything over time (some phase list has two phases or more)."""
    if schedule is None:
        return False
    lists = schedule.values() if isinstance(schedule, dict) else [schedule]
    return any(len(p) > 1 for p in lists)


def share(a: float, b: float, discount: np.ndarray | float, horizon: float | None) -> np.ndarray:
    """``s(a, b)``: the weight of the time from ``a`` to ``b`` (``inf``: for ever) in the
    discounted time up to ``horizon`` (None: for ever); ``discount`` may be an array of draws."""
    import numpy as np

    d = np.asarray(discount, dtype=float)
    end = math.inf if horizon is None else float(horizon)
    lo, hi = min(max(a, 0.0), end), min(max(b, 0.0), end)
    if lo == 0.0 and hi == end:
        return np.ones_like(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = -np.log(d)
        flat = d >= 1.0
        disc_num = np.exp(-r * lo) - (0.0 if math.isinf(hi) else np.exp(-r * hi))
        disc_den = 1.0 - (0.0 if math.isinf(end) else np.exp(-r * end))
        discounted = disc_num / np.where(disc_den > 0, disc_den, 1.0)
        undiscounted = (hi - lo) / end if not math.isinf(end) else np.zeros_like(d)
    return np.asarray(np.where(flat, undiscounted, discounted))


def scheduled(
    value_at: Callable[[np.ndarray], np.ndarray],
    schedule: Schedule | None,
    options: Sequence[str] | None,
    coordinate: Callable[[str | float], float],
    x: np.ndarray,
    discount: np.ndarray | float,
    horizon: float | None,
) -> np.ndarray:
    """The value of each coordinate in ``x`` (option indices, or numbers of a range) under the
    schedule: ``Σ_phases s(a, b) · value_at(term)``. ``value_at`` maps coordinates to values
    (its last axis follows the coordinates; leading axes, such as draws, broadcast with
    ``discount[..., None]``); ``coordinate`` turns a phase's option or number into one."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    if schedule is None:
        return value_at(x)
    d = np.asarray(discount, dtype=float)
    if options is None:  # a range issue: the same phases for every term
        assert not isinstance(schedule, dict)
        total: np.ndarray | float = 0.0
        for i, (start, term) in enumerate(schedule):
            end = schedule[i + 1][0] if i + 1 < len(schedule) else math.inf
            at = x if term == AGREED else np.full_like(x, coordinate(term))
            total = total + share(float(start), float(end), d, horizon)[..., None] * value_at(at)
        return np.asarray(total)
    per_x = [phases_for(schedule, options[int(c)]) for c in x]
    total = 0.0
    for i in range(max(len(p) for p in per_x)):
        coords = x.copy()
        weights = np.zeros(d.shape + x.shape)
        for j, phases in enumerate(per_x):
            if i < len(phases):
                start, term = phases[i]
                end = phases[i + 1][0] if i + 1 < len(phases) else math.inf
                coords[j] = x[j] if term == AGREED else coordinate(term)
                weights[..., j] = share(float(start), float(end), d, horizon)
        total = total + weights * value_at(coords)
    return np.asarray(total)
