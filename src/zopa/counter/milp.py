"""The integer-programming engine: the same searches as :mod:`zopa.counter.exhaustive`, for
outcome spaces too large to enumerate.

Every answer is exact, not sampled. Lexicographic keys are optimised in stages (best first key,
then the next key with the first fixed at its optimum, ...). Each solution the solver returns is
decoded and re-checked with the game's own arithmetic; one that fails the exact check (possible
only within the solver's 1e-9 feasibility tolerance) is cut off and the stage re-solved, so a
returned package is always accepted exactly as the enumerating engine would accept it.

The Nash product ``Π (u_p − r_p)`` is maximised through ``Σ log(u_p − r_p)``, which is concave:
each log is bounded above by tangent lines, and tangents at the incumbent's gains are added until
the bound meets the incumbent's exact value (Kelley's cutting-plane method, Kelley 1960,
*J. SIAM* 8(4)), which proves optimality on the finite outcome set. Packages whose smallest gain
is below ``GAIN_FLOOR`` are searched only when no package has larger gains, and then in the
``changes`` order — as the enumerating engine orders packages of Nash product zero (those with a
gain strictly between 0 and ``GAIN_FLOOR`` are the one case the two engines may order apart).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from zopa.counter import rank as rk
from zopa.counter.exhaustive import SUBSPACE_LIMIT, MinimalSet, exactly
from zopa.counter.problem import CounterProblem, nash_log
from zopa.kernels.budget import Budget, BudgetReached
from zopa.kernels.milp_space import INF, Model, SolverError

GAIN_FLOOR = 1e-7
TANGENTS = (1e-6, 1e-4, 1e-3, 0.01, 0.03, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0)
SLACK = 1e-9
MAX_ROUNDS = 500

Check = Callable[[tuple[int, ...]], bool]


class Search:
    """A model of one :class:`CounterProblem` with the rows every search reuses."""

    def __init__(self, problem: CounterProblem, budget: Budget | None = None) -> None:
        self.problem = problem
        game = problem.game
        scored = list(problem.required)
        if problem.proposer is not None:
            scored.append(problem.proposer)
        self.model = m = Model(game, problem.required, scored, budget)
        m.switch([True] * len(m.constraints))
        self.keep = m.keep_cols(problem.base)
        self.n_issues = len(problem.base)
        self.keep_row = m.add_row(self.keep, np.ones(self.n_issues), -INF, INF)
        self.dist = np.zeros(m.n_cols)
        for k, t in enumerate(problem.distance_tables):
            self.dist[m.x_cols(k)] = t
        self.floors: dict[int, float] = {}  # utility column -> lower bound (Nash ranking)

    def floor(self, on: bool = True) -> None:
        """Apply (or lift) the lower bounds of :attr:`floors`."""
        for col, lo in self.floors.items():
            self.model.col_bounds([col], lo if on else -INF, 1.0)

    def accepted(self, idx: tuple[int, ...]) -> bool:
        """Exact acceptance by every required party; a rejected solution is cut off."""
        game = self.problem.game
        code = int(np.ravel_multi_index(idx, game.shape))
        if bool(game.acceptable_of([code])[list(self.problem.required), 0].all()):
            return True
        self.model.exclude(idx)
        return False

    def solve(
        self, cost: np.ndarray, *, maximize: bool = False, check: Check | None = None
    ) -> tuple[float, tuple[int, ...]] | None:
        """Optimise and re-check exactly; ``check`` cuts off what it rejects, and we retry."""
        check = check or self.accepted
        for _ in range(MAX_ROUNDS):
            value = self.model.solve(cost, maximize=maximize)
            if value is None:
                return None
            idx = self.model.outcome()
            if check(idx):
                return value, idx
        raise SolverError("did not settle on an exactly accepted outcome")

    def closest(self, check: Check | None = None) -> tuple[int, ...] | None:
        """Fewest issues changed, then smallest distance, under the current rows."""
        m = self.model
        keep_cost = np.zeros(m.n_cols)
        keep_cost[self.keep] = 1.0
        first = self.solve(keep_cost, maximize=True, check=check)
        if first is None:
            return None
        kept = round(first[0])
        m.row_bounds(self.keep_row, kept - 0.5, INF)
        try:
            second = self.solve(self.dist, check=check)
        finally:
            m.row_bounds(self.keep_row, -INF, INF)
        return second[1] if second is not None else first[1]

    def cut_supersets(self, mask: int) -> int | None:
        """Require keeping at least one issue of ``mask`` (the row), None when ``mask`` is
        empty."""
        issues = [k for k in range(self.n_issues) if (mask >> k) & 1]
        if not issues:
            return None
        return self.model.add_row(self.keep[issues], np.ones(len(issues)), 1.0, INF)

    def distance_row(self, y: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Columns and coefficients of the distance from package ``y`` (linear in ``x``)."""
        metric, shape = self.problem.metric, self.problem.game.shape
        cols = np.concatenate([self.model.x_cols(k) for k in range(self.n_issues)])
        vals = np.concatenate([metric.row(k, y[k], n) for k, n in enumerate(shape)])
        return cols, vals

    def code(self, idx: Sequence[int]) -> int:
        return int(np.ravel_multi_index(tuple(idx), self.problem.game.shape))


def counters(
    problem: CounterProblem, rank: str, top: int, budget: Budget | None = None
) -> list[int]:
    """The same list :func:`zopa.counter.exhaustive.counters` returns, by integer programming;
    at the end of ``budget``, the packages found so far."""
    s = Search(problem, budget)
    pick: Callable[[], tuple[int, ...] | None]
    if rank == "changes":
        pick = s.closest
    elif rank == "proposer":
        pick = _proposer_best(s)
    else:
        pick = _nash_best(s)
    out: list[tuple[int, ...]] = []
    cuts: list[int] = []
    try:
        while len(out) < top and (idx := pick()) is not None:
            out.append(idx)
            row = s.cut_supersets(problem.changed_mask(idx))
            if row is None:
                break
            cuts.append(row)
        if out and len(out) < top:
            for row in cuts:  # the spread phase considers every accepted package
                s.model.row_bounds(row, -INF, INF)
            _spread(s, out, top, pick)
    except BudgetReached:
        pass
    return [s.code(idx) for idx in out]


def _spread(
    s: Search, out: list[tuple[int, ...]], top: int, pick: Callable[[], tuple[int, ...] | None]
) -> None:
    """:func:`zopa.counter.rank.spread` by integer programming: maximise ``t ≤ d(x, y)`` over
    the listed ``y`` for ``D``, then the best-ranked package with every ``d(x, y) ≥ D/2``."""
    m, metric = s.model, s.problem.metric
    far = m.add_var(-INF, INF)
    cost = np.zeros(m.n_cols)
    cost[far] = 1.0

    def listed(y: tuple[int, ...]) -> None:
        cols, vals = s.distance_row(y)
        m.add_row(np.append(cols, far), np.append(-vals, 1.0), -INF, 0.0)

    for y in out:
        listed(y)
    while len(out) < top:
        s.floor(False)  # D is taken over every accepted package
        try:
            best = s.solve(cost, maximize=True)
        finally:
            s.floor()
        if best is None:
            break
        d = float(min(metric.to(np.array([best[1]]), y)[0] for y in out))
        if d <= rk.SPREAD_TOL:
            break
        rows = [m.add_row(*s.distance_row(y), d / 2 - rk.SPREAD_TOL, INF) for y in out]
        try:
            idx = pick()
        finally:
            for row in rows:
                m.row_bounds(row, -INF, INF)
        if idx is None:
            break
        out.append(idx)
        listed(idx)


def _proposer_best(s: Search) -> Callable[[], tuple[int, ...] | None]:
    if s.problem.proposer is None:
        raise ValueError("the proposer ranking needs a proposer")
    m = s.model
    w = m.utility_col(s.problem.proposer)

    def best() -> tuple[int, ...] | None:
        cost = np.zeros(m.n_cols)
        cost[w] = 1.0
        top = s.solve(cost, maximize=True)
        if top is None:
            return None
        u = float(s.problem.game.utilities_of([s.code(top[1])])[s.problem.proposer, 0])
        m.col_bounds([w], u - SLACK, 1.0)
        try:
            return s.closest()
        finally:
            m.col_bounds([w], -INF, 1.0)

    return best


def _nash_best(s: Search) -> Callable[[], tuple[int, ...] | None]:
    m = s.model
    game = s.problem.game
    req = list(s.problem.required)
    res = game.reservations[req]
    w = [m.utility_col(p) for p in req]
    for col, r in zip(w, res, strict=True):
        s.floors[col] = float(r) + GAIN_FLOOR
    s.floor()
    logs = [m.add_var(-INF, INF) for _ in req]

    def tangent(i: int, g: float) -> None:
        # l_i ≤ log g + (w_i − r_i − g)/g
        m.add_row(
            np.array([logs[i], w[i]]),
            np.array([1.0, -1.0 / g]),
            -INF,
            float(np.log(g)) - 1.0 - float(res[i]) / g,
        )

    for i in range(len(req)):
        for g in TANGENTS:
            tangent(i, g)
    sum_row = m.add_row(np.array(logs), np.ones(len(logs)), -INF, INF)

    def exact(idx: tuple[int, ...]) -> float:
        u = game.utilities_of([s.code(idx)])[req]
        return float(nash_log(u, res)[0])

    def refine(idx: tuple[int, ...]) -> None:
        u = game.utilities_of([s.code(idx)])[req, 0]
        for i, g in enumerate(u - res):
            if g > 0:
                tangent(i, float(g))

    def best() -> tuple[int, ...] | None:
        cost = np.zeros(m.n_cols)
        cost[logs] = 1.0
        for _ in range(MAX_ROUNDS):
            top = s.solve(cost, maximize=True)
            if top is None:  # no gains above the floor: Nash product zero, fewest changes first
                s.floor(False)
                try:
                    return s.closest()
                finally:
                    s.floor()
            value = exact(top[1])
            if top[0] - value <= 1e-8 * max(1.0, abs(value)):
                break
            refine(top[1])
        else:
            raise SolverError("for the Nash product did not converge")
        floor = value - 1e-8 * max(1.0, abs(value))
        m.row_bounds(sum_row, floor, INF)

        def good(idx: tuple[int, ...]) -> bool:
            if not s.accepted(idx):
                return False
            if exact(idx) >= floor:
                return True
            refine(idx)  # the new tangents push this package below the floor row
            return False

        try:
            return s.closest(check=good)
        finally:
            m.row_bounds(sum_row, -INF, INF)

    return best


def minimal_sets(
    problem: CounterProblem, limit: int | None, *, subspace_limit: int = SUBSPACE_LIMIT
) -> tuple[list[MinimalSet], bool]:
    """Minimal concession sets smallest first, each with its closest package. The packages that
    change exactly a set's issues are enumerated when there are at most
    :data:`~zopa.counter.exhaustive.SUBSPACE_LIMIT` of them (then counted and listed as with
    enumeration); otherwise only the values each issue may take are found (``n_packages`` None)."""
    s = Search(problem)
    out: list[MinimalSet] = []
    while limit is None or len(out) < limit:
        idx = s.closest()
        if idx is None:
            return out, True
        mask = problem.changed_mask(idx)
        listed = exactly(problem, mask, subspace_limit)
        if listed is not None:
            out.append(
                MinimalSet(mask, s.code(idx), listed.allowed, listed.n_packages, listed.combos)
            )
        else:
            out.append(MinimalSet(mask, s.code(idx), _allowed(s, mask), None))
        if s.cut_supersets(mask) is None:
            return out, True
    return out, s.closest() is None


def values_taken(s: Search, k: int, base_free: bool) -> tuple[int, ...]:
    """The values other than the proposal's that issue ``k`` takes in some accepted outcome
    under the model's current rows and bounds.

    Witness search, exact and with no assumption on the shape of the answer: each integer
    programme either proves that none of the values still open is possible (one solve rules out
    a whole gap) or returns an accepted outcome ``x``; holding ``x``'s other terms fixed, every
    value of issue ``k`` is then checked with the game's own arithmetic, certifying a whole run
    at once. On a range issue whose limits are set by walk-away values the runs are long, so a
    fine grid needs a handful of solves instead of one per value. The certification assumes the
    current rows only restrict issue ``k`` through acceptance, as in :func:`essential` and
    :func:`minimal_sets`.
    """
    m, game = s.model, s.problem.game
    n, b = game.shape[k], s.problem.base[k]
    cols = m.x_cols(k)
    required = list(s.problem.required)
    open_ = np.ones(n, dtype=bool)
    open_[b] = False
    found = np.zeros(n, dtype=bool)
    zero = np.zeros(m.n_cols)
    try:
        while open_.any():
            m.col_bounds([int(c) for c in cols[~open_]], 0.0, 0.0)
            hit = s.solve(zero)
            if hit is None:
                break
            idx = np.tile(np.asarray(hit[1], dtype=np.int64), (n, 1))
            idx[:, k] = np.arange(n)
            ok = game.acceptable_of(game.codes(idx))[required].all(axis=0) & open_
            ok[hit[1][k]] = True
            found |= ok
            open_ &= ~ok
    finally:
        m.col_bounds([int(c) for c in cols if c != cols[b]], 0.0, 1.0)
        m.col_bounds([int(cols[b])], 0.0, 1.0 if base_free else 0.0)
    return tuple(int(v) for v in np.flatnonzero(found))


def _allowed(s: Search, mask: int) -> dict[int, tuple[int, ...]]:
    """For each issue of ``mask``: the values it takes in accepted packages changing exactly
    the issues of ``mask``."""
    m = s.model
    issues = [k for k in range(s.n_issues) if (mask >> k) & 1]
    fixed = [int(s.keep[k]) for k in range(s.n_issues) if k not in issues]
    m.col_bounds(fixed, 1.0, 1.0)
    m.col_bounds([int(s.keep[k]) for k in issues], 0.0, 0.0)
    try:
        return {k: values_taken(s, k, base_free=False) for k in issues}
    finally:
        m.col_bounds([int(c) for c in s.keep], 0.0, 1.0)


def essential(
    problem: CounterProblem, witnesses: Sequence[int] = ()
) -> dict[int, tuple[int, ...]] | None:
    """Issues no accepted outcome leaves at the base value, with the values they may take.

    ``witnesses`` (codes of outcomes known to be accepted, e.g. the counter-proposals found)
    rule out every issue one of them leaves at the base value without a solve; so does every
    outcome a solve returns. Only the issues still in doubt need an integer programme each."""
    s = Search(problem)
    m = s.model
    game = problem.game
    zero = np.zeros(m.n_cols)
    known = [tuple(int(v) for v in x) for x in game.indices(list(witnesses))] if witnesses else []
    if not known:
        first = s.solve(zero)
        if first is None:
            return None
        known = [first[1]]
    doubt = [k for k in range(s.n_issues) if all(x[k] != problem.base[k] for x in known)]
    out: dict[int, tuple[int, ...]] = {}
    for k in doubt:
        if any(x[k] == problem.base[k] for x in known):
            continue
        col = int(s.keep[k])
        m.col_bounds([col], 1.0, 1.0)
        hit = s.solve(zero)
        m.col_bounds([col], 0.0, 1.0)
        if hit is not None:
            known.append(hit[1])
        else:
            out[k] = values_taken(s, k, base_free=True)
    return out
