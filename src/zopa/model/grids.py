"""The value grids of range issues and the sizes of a scenario's outcome space.

A range issue with a ``step`` has the grid ``round(low + i * step, 12)`` for ``i = 0, 1, ...``
while the point stays below ``high`` (within 10^-9), plus ``high`` itself when the last step
falls short of it. The grid is built with numpy in one pass, bit for bit equal to rounding each
point with Python's :func:`round` (see :func:`round12`).

The compiled game adds to a range grid every number a proposal names that is not already on
it (within the comparison tolerance), so that tabled proposals are represented exactly. The
sizes of these grids, and so the number of outcomes, are computed here from the issues without
building any grid where that is exact (:func:`compiled_size`): ``zopa check`` and ``zopa
scenarios`` do not need numpy for them.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zopa._types import FloatArray
    from zopa.model.schema import Issue, Scenario

#: The most outcomes (the product of the issues' grid sizes) a game may have.
MAX_OUTCOMES = 2**62

#: The largest number of grid points a range issue may have.
MAX_GRID = 1_000_000

#: Points of a range issue with neither ``step`` nor ``grid``.
DEFAULT_POINTS = 11

#: Digits after the decimal point a step grid is rounded to.
DIGITS = 12

_SCALE = 10.0**DIGITS
#: Dekker's splitting constant for float64, 2^27 + 1.
_SPLIT = 134217729.0
#: From this magnitude on, the spacing of float64 exceeds 10^-12 and rounding to 12 digits
#: returns the number itself.
_UNCHANGED = 8192.0


def step_count(low: float, high: float, step: float) -> int | float:
    """The number of points of the step grid of ``[low, high]``, without building it (a float
    when it is over twice :data:`MAX_GRID`: only its size matters then)."""
    count = (high - low) / step + 1
    if count > 2 * MAX_GRID:
        return count
    n = int((high - low) / step + 1e-9) + 1
    last = round(low + (n - 1) * step, DIGITS)
    return n + 1 if high - last > 1e-9 * max(1.0, abs(high)) else n


def _point(low: float, step: float, i: int) -> float:
    return round(low + i * step, DIGITS)


def _split(a: FloatArray) -> tuple[FloatArray, FloatArray]:
    t = a * _SPLIT
    hi = t - (t - a)
    return hi, a - hi


def round12(x: FloatArray) -> FloatArray:
    """``round(v, 12)`` of every element, equal bit for bit to Python's :func:`round`.

    Python rounds the exact binary value to 12 decimals, then takes the nearest double. Below
    8192 in magnitude ``v * 10^12`` is below 2^53, so that decimal is ``k / 10^12`` with ``k`` an
    exactly representable integer and one correctly rounded division gives the same double. ``k``
    is the nearest integer to the exact product ``p + e`` (``e`` its rounding error, exact by
    Dekker's two-product, T. J. Dekker 1971, "A floating-point technique for extending the
    available precision", Numer. Math. 18); the rare points whose product lies too close to a
    half for that to be certain are rounded by Python itself."""
    import numpy as np

    out = np.array(x, dtype=np.float64)
    small = np.abs(out) < _UNCHANGED
    v = out[small]
    p = v * _SCALE
    a_hi, a_lo = _split(v)
    s_hi, s_lo = _split(np.array([_SCALE]))
    err = ((a_hi * s_hi[0] - p) + a_hi * s_lo[0] + a_lo * s_hi[0]) + a_lo * s_lo[0]
    n = np.rint(p)
    r = n / _SCALE
    unsure = np.flatnonzero((0.5 - np.abs(p - n)) <= 2.0 * np.abs(err))
    if unsure.size:
        r[unsure] = [round(float(t), DIGITS) for t in v[unsure]]
    out[small] = r
    return out


@lru_cache(maxsize=4)
def step_grid(low: float, high: float, step: float) -> FloatArray:
    """The step grid of ``[low, high]`` as a read-only array (kept for the last few issues
    asked about, so analyses that compile one scenario several times build a large grid
    once)."""
    import numpy as np

    count = int((high - low) / step + 1e-9) + 1
    pts = round12(low + np.arange(count, dtype=np.float64) * step)
    if high - float(pts[-1]) > 1e-9 * max(1.0, abs(high)):
        pts = np.append(pts, high)
    pts.flags.writeable = False
    return pts


def default_grid(low: float, high: float) -> tuple[float, ...]:
    """The grid of a range issue with neither ``step`` nor ``grid``: 11 evenly spaced points."""
    return tuple(low + (high - low) * i / (DEFAULT_POINTS - 1) for i in range(DEFAULT_POINTS))


def range_grid(issue: Issue) -> FloatArray:
    """The base grid of a range issue as an array (what :attr:`Issue.values` lists)."""
    import numpy as np

    low, high = issue.bounds
    if issue.grid is not None:
        return np.asarray(issue.grid, dtype=np.float64)
    if issue.step is None:
        return np.asarray(default_grid(low, high), dtype=np.float64)
    return step_grid(low, high, issue.step)


def coordinates(issue: Issue) -> FloatArray:
    """An issue's values as numbers: option indices, or the range grid."""
    import numpy as np

    if issue.options is not None:
        return np.arange(len(issue.options), dtype=np.float64)
    return range_grid(issue)


def proposal_numbers(scenario: Scenario, issue_id: str) -> list[float]:
    """The numbers the scenario's proposals name for ``issue_id``, in proposal order."""
    out = []
    for proposal in scenario.proposals.values():
        term = proposal.terms.get(issue_id)
        if isinstance(term, int | float):
            out.append(float(term))
    return out


def _near(value: float, term: float) -> bool:
    return abs(term - value) <= 1e-9 * max(1.0, abs(term))


def off_grid(base: FloatArray, terms: Iterable[float]) -> list[float]:
    """The numbers of ``terms`` not within the tolerance of a point of ``base`` or of an
    earlier such number: what the compiled game adds to the grid."""
    import numpy as np

    extra: list[float] = []
    for term in terms:
        if any(_near(g, term) for g in extra):
            continue
        tol = 1e-9 * max(1.0, abs(term))
        if not (base.size and bool(np.any(np.abs(base - term) <= tol))):
            extra.append(term)
    return extra


def compiled_grid(scenario: Scenario, issue_id: str) -> FloatArray:
    """The grid of a range issue in the compiled game: the base grid plus the proposals'
    numbers off it, increasing (a read-only array)."""
    import numpy as np

    base = range_grid(scenario.issues[issue_id])
    extra = off_grid(base, proposal_numbers(scenario, issue_id))
    if not extra and bool(np.all(base[1:] > base[:-1])):
        return base
    out = np.unique(np.concatenate([base, np.asarray(extra, dtype=np.float64)]))
    out.flags.writeable = False
    return out


def _sorted_points(issue: Issue) -> Sequence[float] | None:
    """The base points of a range issue as a strictly increasing sequence that is cheap to
    search without building the grid, or None where that cannot be promised."""
    low, high = issue.bounds
    if issue.grid is not None:
        return issue.grid
    if issue.step is None:
        pts = default_grid(low, high)
        return pts if all(a < b for a, b in pairwise(pts)) else None
    step = issue.step
    if step < 1e-6 * max(1.0, abs(low), abs(high)):  # rounding could merge neighbours
        return None
    return _StepPoints(low, high, step)


class _StepPoints(Sequence[float]):
    """The points of a step grid, each computed when asked for (as :func:`step_grid` does)."""

    def __init__(self, low: float, high: float, step: float) -> None:
        self.low, self.high, self.step = low, high, step
        self.n = int((high - low) / step + 1e-9) + 1
        last = _point(low, step, self.n - 1)
        self.extra = high - last > 1e-9 * max(1.0, abs(high))

    def __len__(self) -> int:
        return self.n + int(self.extra)

    def __getitem__(self, i: int) -> float:  # type: ignore[override]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.high if i == self.n else _point(self.low, self.step, i)


def compiled_size(scenario: Scenario, issue_id: str) -> int:
    """The number of values issue ``issue_id`` has in the compiled game, computed without
    building its grid where that is exact (the grid is built otherwise)."""
    issue = scenario.issues[issue_id]
    if issue.options is not None:
        return len(issue.options)
    terms = proposal_numbers(scenario, issue_id)
    points = _sorted_points(issue)
    if points is None:
        return len(compiled_grid(scenario, issue_id))
    extra: list[float] = []
    for term in terms:
        if any(_near(g, term) for g in extra):
            continue
        at = bisect.bisect_left(points, term)
        if not any(_near(points[i], term) for i in (at - 1, at) if 0 <= i < len(points)):
            extra.append(term)
    return len(points) + len(extra)


def outcome_count(scenario: Scenario) -> int:
    """The number of outcomes of the scenario's grid (before proposal values join it),
    computed from the issues' sizes without building any grid."""
    return math.prod(int(issue.size) for issue in scenario.issues.values())


def compiled_outcome_count(scenario: Scenario) -> int:
    """The number of outcomes of the compiled game (:attr:`zopa.game.Game.n_outcomes`), from
    the grid sizes; call after :func:`check_sizes` (a huge issue is refused there first)."""
    return math.prod(compiled_size(scenario, i) for i in scenario.issues)


def count_text(n: int) -> str:
    """A count for a message: exact up to 10^15, as a power of ten above (a huge integer is
    never converted to a float or written out in full)."""
    return f"{n:,}" if n < 10**15 else f"about 10^{math.log10(n):.0f}"


def check_sizes(scenario: Scenario) -> int:
    """Refuse, before anything is built, an outcome space over :data:`MAX_OUTCOMES` and a red
    line or package term whose table would exceed the rules' cell limit; the number of outcomes
    of the compiled game otherwise."""
    from zopa.errors import TooLargeError

    n = outcome_count(scenario)
    if n <= MAX_OUTCOMES:
        n = compiled_outcome_count(scenario)
    if n > MAX_OUTCOMES:
        raise TooLargeError(
            f"the outcome space has {count_text(n)} outcomes; zopa handles at most "
            f"{MAX_OUTCOMES:.3g}: merge or coarsen issues"
        )
    texts = [(f"deal rule {d.rule!r}", d.rule) for d in scenario.constraints]
    for pid, party in scenario.parties.items():
        texts += [(f"party {pid!r}: red line {r.rule!r}", r.rule) for r in party.red_lines]
        texts += [(f"party {pid!r}: package term {t.when!r}", t.when) for t in party.terms]
    if texts:
        from zopa.model import rules  # the rule grammar, which reads the issues' models
    for what, text in texts:
        node = rules.parse_rule(text)
        cells = rules.table_cells(node, scenario.issues, len(scenario.proposals))
        if cells > rules.MAX_FACTOR_CELLS:
            raise TooLargeError(f"{what}: {rules.cells_message(cells)}")
    return n
