"""Exact two-party Pareto frontier of a game with box-shaped package terms, by integer programming.

An independent reference for spaces far too large to enumerate (the ANAC 2014 domains have 10^10
outcomes). Each outcome is a one-hot choice ``x[k, v]`` per issue; a term whose table is
``c · [x_a ∈ S_a for every axis a]`` (a hyper-rectangle) gets a variable ``0 <= y <= 1`` with
``y <= Σ_{v ∈ S_a} x[a, v]`` for every axis. As utilities are maximised (or bounded below), ``y``
takes the rectangle's indicator value at the optimum, so the model is exact.

The frontier is traced with the lexicographic ε-constraint method (Haimes, Lasdon, Wismer 1971;
Ehrgott, *Multicriteria Optimization*, 2005, ch. 4): maximise u₁ subject to u₂ >= ε, then
maximise u₂ at that u₁, record the point, and raise ε above it. With integer data (the raw
utilities are sums of integers) each step raises ε by exactly one unit, so no frontier point can
be skipped and the MIP gaps are closed exactly.
"""

from __future__ import annotations

import highspy
import numpy as np

from zopa.game import Factor, Game


def box(f: Factor) -> tuple[float, list[np.ndarray]] | None:
    """``(c, masks)`` when ``f.table == c · outer(masks)``; None otherwise."""
    nz = f.table != 0
    if not nz.any():
        return 0.0, []
    c = float(f.table[nz].flat[0])
    if not np.all(f.table[nz] == c):
        return None
    masks = []
    for a in range(nz.ndim):
        other = tuple(i for i in range(nz.ndim) if i != a)
        masks.append(nz.any(axis=other) if other else nz)
    outer = masks[0]
    for m in masks[1:]:
        outer = np.multiply.outer(outer, m)
    return (c, masks) if np.array_equal(outer, nz) else None


class _Model:
    def __init__(self, game: Game) -> None:
        if game.n_parties != 2:
            raise ValueError("two parties only")
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-7)
        self.h = h
        self.x = [[h.addBinary() for _ in range(n)] for n in game.shape]
        for row in self.x:
            h.addConstr(sum(row) == 1)
        raw = [h.expr(), h.expr()]
        for k, table in enumerate(game.tables):
            for p in range(2):
                raw[p] = raw[p] + sum(
                    float(table[p, v]) * self.x[k][v] for v in range(table.shape[1])
                )
        for f in game.terms:
            shape = box(f)
            if shape is None:
                raise ValueError(f"term {f.label!r} is not a hyper-rectangle")
            c, masks = shape
            if c == 0:
                continue
            if c < 0:
                raise ValueError("negative terms are not supported")
            y = h.addVariable(lb=0.0, ub=1.0)
            for a, m in zip(f.axes, masks, strict=True):
                h.addConstr(y <= sum(self.x[a][v] for v in np.flatnonzero(m)))
            raw[f.party] = raw[f.party] + c * y
        # capped raw utility t_p = min(raw_p, scale_p); the game's utility is t_p / scale_p
        self.t = []
        for p in range(2):
            t = h.addVariable(lb=0.0, ub=float(game.scale[p]))
            h.addConstr(t <= raw[p])
            self.t.append(t)
        self.bound = [h.addConstr(self.t[p] >= 0.0) for p in range(2)]

    def outcome(self) -> list[int]:
        """Per-issue value indices of the last solution."""
        return [int(np.argmax(self.h.vals(row))) for row in self.x]

    def best(self, p: int, floors: tuple[float, float]) -> float | None:
        """max t_p subject to t_q >= floors[q]; None when infeasible."""
        for q in range(2):
            self.h.changeRowBounds(self.bound[q].index, floors[q], highspy.kHighsInf)
        self.h.maximize(self.t[p])
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return float(self.h.getObjectiveValue())


def pareto_frontier_2p(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """The frontier's utility pairs ``(m, 2)``, sorted by u₁ descending, and one outcome
    (per-issue value indices, ``(m, K)``) for each. Needs integer data."""
    data = [t.ravel() for t in game.tables] + [f.table.ravel() for f in game.terms]
    values = np.concatenate([*data, game.scale])
    if not np.all(values == np.round(values)):
        raise ValueError("the exact ε-step needs integer utilities before scaling")
    model = _Model(game)
    points, outcomes = [], []
    floor2 = 0.0
    while True:
        v1 = model.best(0, (0.0, floor2))
        if v1 is None:
            break
        v1 = round(v1)
        v2 = round(model.best(1, (v1 - 0.5, floor2)) or 0.0)
        points.append((v1 / game.scale[0], v2 / game.scale[1]))
        outcomes.append(model.outcome())
        if v2 >= game.scale[1]:
            break
        floor2 = v2 + 0.5  # the next integer raw utility, with room for solver tolerance
    return np.array(points), np.array(outcomes, dtype=np.int64)
