"""Trade-offs between two parties around a proposal: the local Pareto frontier.

The *neighbourhood* of a proposal is the set of outcomes that change at most ``within`` of its
issues and cross neither party's red lines. Its Pareto frontier in the plane ``(u_a, u_b)``
answers "how much must A give up for B to gain, starting from here": walking along it from the
point best for A, each step buys B more utility at the price in A's utility shown.

Over an enumerated space the frontier is exact: the non-dominated points of the neighbourhood,
found by :func:`zopa.kernels.skyline.pareto_front` (the two-objective maximal-vector scan of
Kung, Luccio & Preparata 1975, *J. ACM* 22(4); tied points keep the lowest outcome code).
Beyond enumeration the ε-constraint method (Haimes, Lasdon & Wismer 1971) gives
frontier points at ``levels`` evenly spaced levels of ``u_b``: every point returned lies exactly
on the frontier, but frontier points between two levels may be missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zopa import params
from zopa.counter.api import Context, Proposal, choose_method
from zopa.counter.exhaustive import grid
from zopa.counter.milp import SLACK
from zopa.counter.results import Change, TradeOff, TradePoint
from zopa.counter.thin import statement, thinned
from zopa.errors import InputError
from zopa.game import Game
from zopa.kernels.budget import MAX_NODES, MAX_PROGRAMMES, STATEMENT, Budget, BudgetReached
from zopa.kernels.milp_space import INF, Model
from zopa.kernels.skyline import pareto_front
from zopa.model.schema import Scenario


def frontier(game: Game, codes: np.ndarray, a: int, b: int) -> list[int]:
    """The Pareto-optimal ``codes`` for parties ``a`` and ``b``, ``u_b`` ascending."""
    u = game.restrict([a, b]).utilities_of(codes) if len(codes) else np.zeros((2, 0))
    rep, _ = pareto_front(u, codes=codes)
    return [int(c) for c in codes[rep]]


def exhaustive(game: Game, base: Sequence[int], a: int, b: int, within: int) -> list[int]:
    """Codes of the local frontier, ``u_b`` ascending."""
    shape = game.shape
    changed = grid(shape, [np.arange(n) != base[k] for k, n in enumerate(shape)], np.int64)
    sub = game.restrict([a, b])
    keep = (changed <= within) & sub.feasible().all(axis=0)
    return frontier(game, np.flatnonzero(keep), a, b)


def integer_programming(
    game: Game,
    base: Sequence[int],
    a: int,
    b: int,
    within: int,
    levels: int = params.TRADEOFF_LEVELS,
    budget: Budget | None = None,
) -> list[int]:
    """Frontier points at ``levels`` levels of ``u_b`` by the ε-constraint method; at the end
    of ``budget``, those found so far."""
    model = Model(game, [a, b], [a, b], budget)
    model.switch([c.factor is not None for c in model.constraints])
    keep = model.keep_cols(base)
    model.add_row(keep, np.ones(len(keep)), len(base) - within, INF)
    wa, wb = model.utility_col(a), model.utility_col(b)
    floor = {wa: -INF, wb: -INF}  # the current lower bound of each utility column

    def lexmax(first: int, second: int) -> tuple[int, ...] | None:
        cost = np.zeros(model.n_cols)
        cost[first] = 1.0
        if model.solve(cost, maximize=True) is None:
            return None
        model.col_bounds([first], model.value(first) - SLACK, 1.0)
        cost = np.zeros(model.n_cols)
        cost[second] = 1.0
        model.solve(cost, maximize=True)
        model.col_bounds([first], floor[first], 1.0)
        return model.outcome()

    codes: set[int] = set()
    try:
        ends = [lexmax(wa, wb), lexmax(wb, wa)]
        if ends[0] is None or ends[1] is None:
            return []
        codes = {int(np.ravel_multi_index(e, game.shape)) for e in ends if e is not None}
        ub = game.utilities_of(sorted(codes))[b]
        for level in np.linspace(float(ub.min()), float(ub.max()), levels)[1:-1]:
            floor[wb] = float(level)
            model.col_bounds([wb], floor[wb], 1.0)
            hit = lexmax(wa, wb)
            floor[wb] = -INF
            model.col_bounds([wb], floor[wb], 1.0)
            if hit is not None:
                codes.add(int(np.ravel_multi_index(hit, game.shape)))
    except BudgetReached:
        pass
    return frontier(game, np.array(sorted(codes), dtype=np.int64), a, b)


def local_frontier(
    scenario: Scenario,
    proposal: Proposal,
    a: str,
    b: str,
    *,
    within: int | None = None,
    levels: int = params.TRADEOFF_LEVELS,
    method: str = "auto",
    game: Game | None = None,
) -> TradeOff:
    """The frontier between parties ``a`` and ``b`` among outcomes that change at most
    ``within`` issues of ``proposal`` (any number by default) and cross neither party's red
    lines."""
    ctx = Context.of(scenario, proposal, game)
    ia, ib = ctx.party(a), ctx.party(b)
    if ia == ib:
        raise InputError.single("the trade-off needs two different parties")
    if within is not None:
        within = params.count(within, "within", high=2**63 - 1)
    levels = params.count(levels, "levels", low=3, high=params.MAX_LEVELS)
    within = len(ctx.base) if within is None else min(within, len(ctx.base))
    engine = choose_method(ctx.game, method)
    notes: list[str] = []
    if engine == "milp" and (thin := thinned(ctx.scenario, ctx.game, ctx.base)) is not None:
        ctx = Context.of(thin[0], proposal)
        notes.append(statement(thin[1]))
    g = ctx.game
    budget = Budget(MAX_PROGRAMMES + 2 * levels, MAX_NODES + 2 * levels)  # two per level
    if engine == "enumerate":
        codes = exhaustive(g, ctx.base, ia, ib, within)
    else:
        codes = integer_programming(g, ctx.base, ia, ib, within, levels, budget)
    if budget.reached:
        notes.append(STATEMENT)
    u = g.utilities_of([ctx.base_code, *codes])
    ok = g.acceptable_of([ctx.base_code, *codes])
    labels = ctx.labels
    points = []
    for j, code in enumerate(codes, start=1):
        idx = g.indices([code])[0]
        changes = tuple(
            Change(i, labels[i], g.values[k][ctx.base[k]], g.values[k][int(idx[k])])
            for k, i in enumerate(g.issue_ids)
            if idx[k] != ctx.base[k]
        )
        points.append(
            TradePoint(float(u[ia, j]), float(u[ib, j]), changes, bool(ok[ia, j]), bool(ok[ib, j]))
        )
    return TradeOff(
        scenario=scenario.name,
        proposal=ctx.proposal,
        a=a,
        b=b,
        within=within,
        base=(float(u[ia, 0]), float(u[ib, 0])),
        reservations=(float(g.reservations[ia]), float(g.reservations[ib])),
        points=tuple(points),
        method=engine,
        exact=engine == "enumerate",
        budget="; ".join(notes) or None,
    )
