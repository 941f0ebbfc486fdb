"""The Pareto frontier of a game by integer programming, without enumerating its outcomes.

For spaces too large to enumerate whose utilities are not additive (package terms coupling many
issues, or a clip to [0, 1] that can bind), e.g. the ANAC 2014 non-linear domains with 10^10
outcomes. The outcome space is the mixed-integer model of :mod:`zopa.kernels.milp_space`: one
binary per issue value, package terms and red lines linked to them exactly; every signatory's
red lines hold, walk-away values play no part. A party's utility is ``clip(s / scale, 0, 1)``
with ``s`` its linear score, and "utility at least ``a``" is the linear row ``s ≥ a·scale``
(no row when ``a ≤ 0``, impossible when ``a > 1``).

**Grid.** Each party's score coefficients (table entries, package-term values, constant) and its
scale are read as fractions; when they are all integer multiples of a step ``q`` (integers for
GENIUS files, decimals or simple fractions for written scenarios), every attainable utility is
a multiple of ``d = q / scale`` (or 0 or 1 after the clip), so distinct utilities differ by at
least ``d``. "Better than ``v``" is then the row ``u ≥ v + d/2`` and "at least ``v``" the row
``u ≥ v − d/2``: the half-step margin is far wider than the solver's tolerances (1e-9) and
exact on the grid. Every outcome the solver returns is decoded and re-checked with the game's
own arithmetic (one that fails is cut off and the problem re-solved). Scores are only ever
maximised or bounded below, so a box-shaped package term needs only the rows that keep its
column below its indicator (:meth:`zopa.kernels.milp_space.Model.hold_box_floors`): the
solver raises the column wherever that helps, and the programmes solve several times faster.

**Two parties: lexicographic ε-constraint sweep** (Haimes, Lasdon & Wismer, "On a bicriterion
formulation of the problems of integrated system identification and system optimization",
IEEE Trans. SMC 1(3):296-297, 1971; Ehrgott, *Multicriteria Optimization*, 2nd ed., Springer
2005, ch. 4). With ``ε = −∞``: maximise ``u₁`` subject to ``u₂ > ε``, then ``u₂`` with ``u₁`` at
that maximum; the outcome found is Pareto optimal (anything dominating it would have scored
better in one of the two stages). Record it, set ``ε`` to its ``u₂`` and repeat until the
problem is infeasible. *Exactness:* if ``y`` is any outcome and ``b`` the last point recorded
with ``ε ≤ u₂(y)`` before it, then ``u₁(y) ≤ u₁(b)`` (``y`` was a candidate in ``b``'s first
stage) and ``u₂(y) < u₂(b) + d₂/2`` (otherwise the next problem would have been feasible), so on
the grid ``u(y) ≤ u(b)``: every outcome is dominated by or tied with a recorded point. The sweep
solves two programmes per frontier point, plus one.

**Three or more parties: search-region boxes** (Klamroth, Lacour & Vanderpooten, "On the
representation of the search region in multi-objective optimization", EJOR 245(3):767-778,
2015; the same scheme as Kirlik & Sayın, EJOR 232(3):479-488, 2014). The outcomes no recorded
point weakly dominates form a union of boxes ``{u > l}`` over *local lower bounds* ``l``,
starting from ``l = (−∞, …)``. Inside a box, the outcome with the largest sum of utilities
(``Σ min(s_p / scale_p, 1)``, one programme) is Pareto optimal and new: anything dominating it
lies in the same box and has a larger sum. Only a party at utility 0 escapes that argument (the
sum sees its score below 0, which the clip hides), so then the lexicographic maximum, party by
party, is taken instead. A recorded point ``z`` splits every box with ``l < z`` into ``P``
boxes (``l`` with one coordinate raised to ``z``'s), boxes inside another are dropped, and a
box with no outcome is closed. The search ends when every box is closed; if ``y`` is any
outcome, ``y − d/2`` is either weakly dominated by a recorded point or inside a box that was
closed, which is impossible as ``y`` itself would then have been found in it, so on the grid
every outcome is dominated by or tied with a recorded point. One programme per point plus one
per closed box; in practice the closed boxes are about two per point with three or four
parties, and proving a box empty is the slowest kind of programme.

**Outcomes.** On a grid, each point is then represented by its lowest outcome code, as the
other methods do. As the point is Pareto optimal, the outcomes at least as good as it for
every party are exactly those tied with it; under those rows the code is minimised block of
issues by block of issues, most significant first (one programme per block
of up to :data:`BLOCK_CODES` codes: two for ten issues of ten values). How many outcomes tie
with a point is not counted (``Frontier.ties`` is 0).

**Off the grid** (some party's coefficients are no fraction with a denominator up to 10^6, or
the step is below :data:`MIN_STEP` of its scale), that party's step is taken as
``2 ·`` :data:`RESOLUTION`: every outcome is then within :data:`RESOLUTION` (plus the solver's
1e-9 tolerance) in each utility of being dominated by or tied with a listed point, and each
listed outcome attains its point but is not necessarily the lowest code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from zopa.errors import ZopaError
from zopa.game import Game
from zopa.kernels.budget import Budget, BudgetReached, Progress
from zopa.kernels.milp_space import INF, Model

__all__ = ["MIN_STEP", "RESOLUTION", "MilpFront", "grid_step", "milp_front"]

#: Smallest utility step (a fraction of the party's scale) the solver is trusted to resolve.
MIN_STEP = 1e-7
#: How close to the frontier every outcome is guaranteed to be when the data are on no grid.
RESOLUTION = 1e-7
#: Largest denominator tried when a coefficient is read as a fraction.
MAX_DENOMINATOR = 10**6
#: Most codes one stage of the lowest-code search ranks (a block of consecutive issues).
BLOCK_CODES = 1 << 20
#: Most solver answers rejected by the exact re-check before giving up.
MAX_ROUNDS = 100

Point = tuple[int, np.ndarray]  # outcome code, utilities of every party of the game


@dataclass(frozen=True, eq=False)
class MilpFront:
    """Outcome codes of the frontier points, found by integer programming."""

    codes: np.ndarray  #: (M,) int64, one outcome per frontier point
    resolution: float  #: 0.0: exact; else every outcome is within this of a point
    solves: int  #: integer programmes solved
    #: the search stopped at its budget (:mod:`zopa.kernels.budget`): the points found so far
    stopped: bool = False


def milp_front(game: Game, progress: Progress | None = None) -> MilpFront:
    """The Pareto frontier among all parties of ``game``, outcomes crossing a red line of any
    of them excluded. Restrict the game to the parties compared first
    (:meth:`zopa.game.Game.restrict`); :func:`zopa.frontier.front.frontier` does. At the end of
    the search's budget, the points found so far, each with the outcome found for it."""
    s = _Search(game, Budget(progress=progress))
    points: list[Point] = []
    try:
        (_sweep if game.n_parties <= 2 else _boxes)(s, points)
        codes = [s.lowest_code(u) if s.resolution == 0.0 else c for c, u in points]
    except BudgetReached:
        codes = [code for code, _ in points]
    stopped = s.m.budget.reached
    return MilpFront(np.asarray(codes, dtype=np.int64), s.resolution, s.solves, stopped)


def grid_step(values: np.ndarray, max_denominator: int = MAX_DENOMINATOR) -> float | None:
    """The largest ``q`` of which every value is an integer multiple, each value read as a
    fraction with denominator at most ``max_denominator`` (to 1e-13 relative); None when a
    value is no such fraction or all are 0."""
    fracs = []
    for v in np.unique(np.asarray(values, dtype=float)):
        f = Fraction(float(v)).limit_denominator(max_denominator)
        if abs(float(f) - v) > 1e-13 * max(1.0, abs(float(v))):
            return None
        fracs.append(f)
    den = math.lcm(*(f.denominator for f in fracs))
    num = math.gcd(*(f.numerator * (den // f.denominator) for f in fracs))
    return num / den if num else None


class _Search:
    """The model with one row per party bounding its score, and the exact re-check."""

    def __init__(self, game: Game, budget: Budget | None = None) -> None:
        self.game = game
        parties = list(range(game.n_parties))
        self.m = m = Model(game, parties, parties, budget)
        m.switch([c.factor is not None for c in m.constraints])  # red lines on, walk-aways off
        m.hold_box_floors(False)  # every score here is maximised or bounded below
        self.cost = [m.scores[p][0] for p in parties]
        self.const = np.array([m.scores[p][1] for p in parties])
        self.rows = [m.add_row(np.flatnonzero(c), c[c != 0], -INF, INF) for c in self.cost]
        self.low = np.full(game.n_parties, -np.inf)  # the utility each party is held to
        steps = [self._grid(p) for p in parties]
        self.step = np.array([2.0 * RESOLUTION if d is None else d for d in steps])
        self.resolution = RESOLUTION if None in steps else 0.0
        self.solves = 0
        self.sum_cost: np.ndarray | None = None

    def _grid(self, p: int) -> float | None:
        """Party ``p``'s utility step, None when it is off the grid or below MIN_STEP."""
        c = self.cost[p]
        scale = float(self.game.scale[p])
        q = grid_step(np.concatenate([c[c != 0], [self.const[p], scale]]))
        return q / scale if q is not None and q / scale >= MIN_STEP else None

    def bound(self, p: int, lo: float) -> bool:
        """Require ``u_p ≥ lo``; False (and nothing changed) when no utility can."""
        if lo > 1.0:
            return False
        row_lo = lo * float(self.game.scale[p]) - float(self.const[p]) if lo > 0.0 else -INF
        self.m.row_bounds(self.rows[p], row_lo, INF)
        self.low[p] = lo
        return True

    def best(self, cost: np.ndarray, *, maximize: bool) -> Point | None:
        """Optimise ``cost`` under the current rows; None when infeasible."""
        cuts: list[int] = []
        try:
            for _ in range(MAX_ROUNDS):
                if self._solve(cost, maximize) is None:
                    return None
                idx = self.m.outcome()
                point = self._checked(idx)
                if point is not None:
                    return point
                cuts.append(self.m.exclude(idx))
        finally:
            self.m.drop_rows(cuts)
        raise RuntimeError("the integer programme did not settle on an outcome that checks out")

    def _solve(self, cost: np.ndarray, maximize: bool) -> float | None:
        """The solver's optimum; HiGHS's presolve occasionally ends an infeasible problem in a
        "solve error" (a presolved point that violates a row), so such a problem is solved
        once more without presolve."""
        self.solves += 1
        try:
            return self.m.solve(cost, maximize=maximize)
        except (RuntimeError, ZopaError):
            pass
        self.solves += 1
        self.m.h.setOptionValue("presolve", "off")
        try:
            return self.m.solve(cost, maximize=maximize)
        finally:
            self.m.h.setOptionValue("presolve", "choose")

    def _checked(self, idx: tuple[int, ...]) -> Point | None:
        """The outcome and its exact utilities, if it crosses no red line and every party gets
        the utility it is held to."""
        g = self.game
        code = int(np.ravel_multi_index(idx, g.shape)) if idx else 0
        if not g.feasible_of([code]).all():
            return None
        u = g.utilities_of([code])[:, 0]
        return (code, u) if np.all(u >= self.low) else None

    def lexmax(self, low: np.ndarray) -> Point | None:
        """The lexicographic maximum (first party first) among outcomes better than ``low`` for
        every party (``−inf``: no condition); None when there is none."""
        above = low + self.step / 2.0
        for p in range(self.game.n_parties):
            if not self.bound(p, float(above[p])):
                return None
        point = None
        for p in range(self.game.n_parties):
            point = self.best(self.cost[p], maximize=True)
            if point is None:
                if p == 0:
                    return None
                raise RuntimeError("the integer programme lost a feasible outcome")
            self.bound(p, max(float(above[p]), float(point[1][p] - self.step[p] / 2.0)))
        return point

    def summax(self, low: np.ndarray) -> Point | None:
        """A Pareto-optimal outcome better than ``low`` for every party: the maximum of the sum
        of utilities there, in one programme, or :meth:`lexmax` when that maximum leaves a
        party at utility 0 (the sum does not see how far below 0 its score is clipped)."""
        above = low + self.step / 2.0
        for p in range(self.game.n_parties):
            if not self.bound(p, float(above[p])):
                return None
        if self.sum_cost is None:
            self.sum_cost = np.zeros(self.m.n_cols + self.game.n_parties)
            self.sum_cost[[self.m.utility_col(p) for p in range(self.game.n_parties)]] = 1.0
        point = self.best(self.sum_cost, maximize=True)
        if point is None or np.all(point[1] > 0.0):
            return point
        return self.lexmax(low)

    def lowest_code(self, u: np.ndarray) -> int:
        """The lowest outcome code with exactly the utilities ``u`` of a Pareto-optimal point
        (on the grid): those are the outcomes at least as good as ``u`` for every party."""
        for p in range(self.game.n_parties):
            self.bound(p, float(u[p] - self.step[p] / 2.0))
        m, shape = self.m, self.game.shape
        fixed: list[int] = []
        code = 0
        try:
            for block in _blocks(shape):
                cost = np.zeros(m.n_cols)
                for k, weight in block:
                    cost[m.x_cols(k)] = weight * np.arange(shape[k])
                point = self.best(cost, maximize=False)
                if point is None:
                    raise RuntimeError("the integer programme lost a frontier point")
                code = point[0]
                idx = self.game.indices([code])[0]
                cols = [int(m.x_off[k] + idx[k]) for k, _ in block]
                m.col_bounds(cols, 1.0, 1.0)
                fixed += cols
        finally:
            m.col_bounds(fixed, 0.0, 1.0)
        return code


def _blocks(shape: tuple[int, ...]) -> list[list[tuple[int, int]]]:
    """Consecutive issues grouped so that each group has at most BLOCK_CODES combinations,
    each issue with its weight in the group's mixed-radix code."""
    groups: list[list[int]] = []
    size = BLOCK_CODES + 1
    for k, n in enumerate(shape):
        if size * n > BLOCK_CODES:
            groups.append([])
            size = 1
        groups[-1].append(k)
        size *= n
    return [[(k, math.prod(shape[j] for j in g if j > k)) for k in g] for g in groups]


def _sweep(s: _Search, points: list[Point]) -> None:
    """Lexicographic ε-constraint sweep on the last party (see the module docstring)."""
    low = np.full(s.game.n_parties, -np.inf)
    while (point := s.lexmax(low)) is not None:
        points.append(point)
        low[-1] = point[1][-1]


def _boxes(s: _Search, points: list[Point]) -> None:
    """Search-region boxes for three or more parties (see the module docstring)."""
    n = s.game.n_parties
    open_boxes = np.full((1, n), -np.inf)
    closed = np.zeros((0, n))
    while len(open_boxes):
        low, open_boxes = open_boxes[-1], open_boxes[:-1]
        if np.any(np.all(closed <= low, axis=1)):
            continue  # inside a box already known to hold no outcome
        point = s.summax(low)
        if point is None:
            closed = np.vstack([closed, low])
            continue
        points.append(point)
        open_boxes = _split(np.vstack([open_boxes, low]), point[1])


def _split(lows: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The local lower bounds after recording ``z``: each box containing ``z`` is replaced by
    the boxes of points better than ``z`` for one party; new boxes inside another, or above
    the utility 1 for some party, are dropped (an old box never lies inside a new one)."""
    hit = np.all(z > lows, axis=1)
    new = np.repeat(lows[hit], len(z), axis=0)
    j = np.tile(np.arange(len(z)), int(hit.sum()))
    new[np.arange(len(new)), j] = z[j]
    new = np.unique(new[np.all(new < 1.0, axis=1)], axis=0)
    every = np.vstack([lows[~hit], new])
    inside = [int(np.all(every <= b, axis=1).sum()) > 1 for b in new]
    return np.vstack([lows[~hit], new[~np.asarray(inside, dtype=bool)]])
