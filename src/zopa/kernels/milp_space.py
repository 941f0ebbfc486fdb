"""The outcome space as a mixed-integer linear programme (solved with HiGHS via ``highspy``).

Columns:

* ``x[k, v]`` binary, one per value of each issue, ``Σ_v x[k, v] = 1``;
* ``y[f, c]`` binary, one per cell of each factor over two or more issues (a package term or a
  red line), ``Σ_c y[f, c] = 1`` and ``Σ_{c: c_a = v} y[f, c] = x[a, v]`` for each of its
  issues ``a`` — with the ``x`` integral this forces ``y`` onto the one cell the outcome selects,
  so a factor's table enters linearly and exactly;
* ``b[f]`` continuous in [0, 1], instead of the cells, for a package term whose table is a
  constant ``c`` on a box of cells and 0 elsewhere (a GENIUS hyper-rectangle): ``b ≤ Σ_{v ∈ S_a}
  x[a, v]`` for each of its issues ``a`` and ``b ≥ Σ_a Σ_{v ∈ S_a} x[a, v] − (n − 1)``, the
  linearisation of an AND of binaries, so ``b`` is the box's indicator and the term is ``c·b``;
* ``z[j]`` binary switch of constraint ``j`` (a red line or a walk-away value of a party):
  switched off, the constraint does not bind. Normal searches fix every switch on; minimal
  conflict sets switch subsets on.

A party's score ``s_p = Σ x·table + Σ y·term`` is linear, and its utility is
``clip(s_p / scale_p, 0, 1)``; since reservations lie in [0, 1], ``u_p ≥ r_p`` is exactly
``s_p ≥ scale_p · r_p``. A red line forbids the cells its table marks False. The encoding is
the standard one-hot ("multiple choice") formulation of a finite product space with the local
marginal linking of factor cells (see e.g. Wolsey, *Integer Programming*, 2nd ed., 2020, ch. 1).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa.errors import TooLargeError, ZopaError
from zopa.game import TOL, Factor, Game
from zopa.kernels.budget import Budget, BudgetReached

#: The most factor cells (``y`` columns) a model may have.
MAX_FACTOR_CELLS = 2_000_000
#: The most issue values (``x`` columns, the sum of the issues' numbers of values) a model may
#: have: the search budget of every integer-programming method. Larger spaces are refused before
#: the solver starts.
MAX_MODEL_VALUES = 100_000
INF = math.inf
#: HiGHS's statuses when a programme stops at its node limit (``mip_max_nodes``).
NODE_LIMIT = ("Solution limit reached", "Iteration limit reached")


class SolverError(ZopaError):
    """The integer-programming solver ended without an answer (neither optimal nor infeasible)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"the integer-programming search {what}; try the method 'enumerate' if the space is "
            "small enough, or a coarser grid"
        )


@dataclass(frozen=True)
class Constraint:
    """A red line (``factor`` indexes ``game.constraints``) or a walk-away value (factor None)."""

    party: int
    factor: int | None


def constraints_of(game: Game, parties: Sequence[int]) -> tuple[Constraint, ...]:
    """For each party in order: its walk-away value, then its red lines; the deal-level rules
    (copied to every party in the game) are listed once, with the first party."""
    out: list[Constraint] = []
    for n, p in enumerate(parties):
        out.append(Constraint(p, None))
        out.extend(
            Constraint(p, j)
            for j, f in enumerate(game.constraints)
            if f.party == p and (n == 0 or not f.deal)
        )
    return tuple(out)


def box_of(table: np.ndarray) -> tuple[float, list[np.ndarray]] | None:
    """``(c, masks)`` when ``table`` is ``c`` (non-zero) on the cells whose index along each
    axis ``a`` is marked by ``masks[a]``, and 0 elsewhere; None otherwise."""
    nz = np.asarray(table) != 0
    if nz.ndim == 0 or not nz.any():
        return None
    c = float(table[nz].flat[0])
    if not np.all(table[nz] == c):
        return None
    axes = range(nz.ndim)
    masks = [nz.any(axis=tuple(b for b in axes if b != a)) for a in axes]
    outer = masks[0]
    for m in masks[1:]:
        outer = np.multiply.outer(outer, m)
    return (c, masks) if np.array_equal(outer, nz) else None


def new_solver() -> Any:
    """A silent HiGHS instance (its banner, written straight to file descriptor 1, is
    discarded so that JSON output stays clean)."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    for name, value in (
        ("threads", 1),
        ("mip_rel_gap", 0.0),
        ("mip_abs_gap", 1e-10),
        ("mip_feasibility_tolerance", 1e-9),
        ("primal_feasibility_tolerance", 1e-9),
    ):
        h.setOptionValue(name, value)
    return h


class Model:
    """One MILP over a game's outcome space (see the module docstring)."""

    def __init__(
        self,
        game: Game,
        parties: Sequence[int],
        scored: Sequence[int],
        budget: Budget | None = None,
    ) -> None:
        """``parties``: whose red lines and walk-away values get switches; ``scored``: whose
        scores must be available as linear expressions; ``budget``: what every programme
        solved on this model spends (:mod:`zopa.kernels.budget`; a fresh one by default)."""
        self.game = game
        self.budget = budget if budget is not None else Budget()
        shape = game.shape
        if sum(shape) > MAX_MODEL_VALUES:
            raise TooLargeError(
                f"the issues have {sum(shape):,} values in all, over the integer-programming "
                f"limit of {MAX_MODEL_VALUES:,}; use a coarser grid (a larger step) for the "
                "range issues"
            )
        self.h = new_solver()
        self.n_cols = 0
        self.x_off = np.cumsum([0, *shape[:-1]]).astype(np.int64)
        self._add_cols(sum(shape), 0.0, 1.0, integer=True)
        for k, n in enumerate(shape):
            self.add_row(self.x_off[k] + np.arange(n), np.ones(n), 1.0, 1.0)
        self.constraints = constraints_of(game, parties)
        keep = set(parties) | set(scored)
        terms = [f for f in game.terms if f.party in keep and len(f.axes) > 1]
        boxes = {id(f): b for f in terms if (b := box_of(f.table)) is not None}
        factors = [f for f in terms if id(f) not in boxes]
        factors += [game.constraints[c.factor] for c in self.constraints if c.factor is not None]
        self._check_cells(factors)
        self.y_off: dict[int, int] = {}
        for f in factors:
            if len(f.axes) > 1 and id(f) not in self.y_off:
                self.y_off[id(f)] = self._add_factor(f)
        self.box_col: dict[int, tuple[int, float]] = {}  # term id -> (column, constant)
        self.box_floors: list[tuple[int, float]] = []  # (row, lower bound), see hold_box_floors
        for f in terms:
            if id(f) in boxes and id(f) not in self.box_col:
                value, masks = boxes[id(f)]
                self.box_col[id(f)] = (self._add_box(f.axes, masks, value > 0), value)
        self.z_col = self._add_cols(len(self.constraints), 0.0, 1.0, integer=True)
        self.scores = {p: self._score(p) for p in sorted(keep)}
        for j, c in enumerate(self.constraints):
            self._add_switched(j, c)

    # -- building ------------------------------------------------------------------------------

    def _add_cols(self, n: int, lo: float, hi: float, *, integer: bool) -> int:
        first = self.n_cols
        if n == 0:
            return first
        empty = np.zeros(0)
        self.h.addCols(
            n,
            np.zeros(n),
            np.full(n, lo),
            np.full(n, hi),
            0,
            np.zeros(n, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            empty,
        )
        if integer:
            cols = np.arange(first, first + n, dtype=np.int32)
            self.h.changeColsIntegrality(n, cols, np.ones(n, dtype=np.uint8))
        self.n_cols += n
        return first

    def add_row(self, cols: np.ndarray, vals: np.ndarray, lo: float, hi: float) -> int:
        """Add ``lo ≤ Σ vals·cols ≤ hi``; returns the row index."""
        row = int(self.h.getNumRow())
        cols = np.asarray(cols, dtype=np.int32)
        self.h.addRows(
            1,
            np.array([lo]),
            np.array([hi]),
            len(cols),
            np.zeros(1, dtype=np.int32),
            cols,
            np.asarray(vals, dtype=float),
        )
        return row

    def _check_cells(self, factors: Sequence[Factor]) -> None:
        cells = sum(f.table.size for f in factors if len(f.axes) > 1)
        if cells > MAX_FACTOR_CELLS:
            raise TooLargeError(
                f"the package terms and red lines couple issues into {cells:,} combinations, "
                f"over the integer-programming limit of {MAX_FACTOR_CELLS:,}; use a coarser grid "
                "for the range issues they mention"
            )

    def _add_factor(self, f: Factor) -> int:
        size = f.table.size
        first = self._add_cols(size, 0.0, 1.0, integer=True)
        cells = np.arange(size)
        self.add_row(first + cells, np.ones(size), 1.0, 1.0)
        coords = np.unravel_index(cells, f.table.shape)
        for pos, a in enumerate(f.axes):
            for v in range(self.game.shape[a]):
                hit = first + cells[coords[pos] == v]
                cols = np.concatenate([hit, [self.x_off[a] + v]])
                vals = np.concatenate([np.ones(len(hit)), [-1.0]])
                self.add_row(cols, vals, 0.0, 0.0)
        return first

    def _add_box(self, axes: tuple[int, ...], masks: list[np.ndarray], gain: bool) -> int:
        """A column equal to 1 exactly when every issue of ``axes`` takes a value its mask
        marks (with the ``x`` integral); ``gain``: the term adds to a score."""
        b = self._add_cols(1, 0.0, 1.0, integer=False)
        hits = [self.x_off[a] + np.flatnonzero(m) for a, m in zip(axes, masks, strict=True)]
        for cols in hits:
            self.add_row(np.append(cols, b), np.append(-np.ones(len(cols)), 1.0), -INF, 0.0)
        every = np.concatenate(hits)
        floor = 1.0 - len(axes)
        row = self.add_row(np.append(every, b), np.append(-np.ones(len(every)), 1.0), floor, INF)
        if gain:
            self.box_floors.append((row, floor))
        return b

    def hold_box_floors(self, hold: bool) -> None:
        """Keep (the default) or drop the rows that force a box term adding to a score up to
        its indicator. Dropping them is exact while every score is only maximised or bounded
        below (the solver then raises such a column to its indicator wherever it helps), and
        makes those programmes several times faster; a score bounded above needs them."""
        for row, floor in self.box_floors:
            self.h.changeRowBounds(row, floor if hold else -INF, INF)

    def x_cols(self, k: int) -> np.ndarray:
        return np.asarray(self.x_off[k] + np.arange(self.game.shape[k]))

    def _score(self, p: int) -> tuple[np.ndarray, float]:
        """``s_p`` as a dense coefficient vector over the current columns and a constant."""
        coef = np.zeros(self.n_cols)
        const = 0.0
        for k, t in enumerate(self.game.tables):
            coef[self.x_cols(k)] += t[p]
        for f in self.game.terms:
            if f.party != p:
                continue
            if not f.axes:
                const += float(f.table)
            elif len(f.axes) == 1:
                coef[self.x_cols(f.axes[0])] += f.table
            elif id(f) in self.box_col:
                col, c = self.box_col[id(f)]
                coef[col] += c
            else:
                first = self.y_off[id(f)]
                coef[first : first + f.table.size] += f.table.reshape(-1)
        return coef, const

    def score_bounds(self, p: int) -> tuple[float, float]:
        lo = sum(float(t[p].min()) for t in self.game.tables)
        hi = sum(float(t[p].max()) for t in self.game.tables)
        for f in self.game.terms:
            if f.party == p:
                lo += min(float(np.min(f.table)), 0.0)
                hi += max(float(np.max(f.table)), 0.0)
        return lo, hi

    def _add_switched(self, j: int, c: Constraint) -> None:
        z = self.z_col + j
        if c.factor is None:
            r = float(self.game.reservations[c.party]) - TOL
            if r > 1.0:  # utilities are at most 1: switched on, this walk-away is never met
                self.add_row(np.array([z]), np.ones(1), -INF, 0.0)
                return
            if r <= 0:
                return
            coef, const = self.scores[c.party]
            need = float(self.game.scale[c.party]) * r - const
            lo, _ = self.score_bounds(c.party)
            lo -= const
            big = max(need - lo, 0.0)
            nz = np.flatnonzero(coef)
            cols = np.concatenate([nz, [z]])
            self.add_row(cols, np.concatenate([coef[nz], [-big]]), need - big, INF)
            return
        f = self.game.constraints[c.factor]
        table = np.asarray(f.table, dtype=bool)
        if not f.axes:
            if not bool(table):
                self.add_row(np.array([z]), np.ones(1), -INF, 0.0)
            return
        first = self.x_off[f.axes[0]] if len(f.axes) == 1 else self.y_off[id(f)]
        for cell in np.flatnonzero(~table.reshape(-1)):
            self.add_row(np.array([first + cell, z]), np.ones(2), -INF, 1.0)

    # -- use -----------------------------------------------------------------------------------

    def switch(self, on: Sequence[bool]) -> None:
        """Turn each constraint on (it must hold) or off (it is ignored)."""
        n = len(self.constraints)
        if n == 0:
            return
        lo = np.asarray(on, dtype=float)
        self.h.changeColsBounds(n, np.arange(self.z_col, self.z_col + n, dtype=np.int32), lo, lo)

    def outcome(self) -> tuple[int, ...]:
        """The value indices of the current solution."""
        sol = np.asarray(self.h.getSolution().col_value)
        return tuple(int(np.argmax(sol[self.x_cols(k)])) for k in range(len(self.game.shape)))

    def exclude(self, indices: Sequence[int]) -> int:
        """Cut off one outcome (used when an exact re-check rejects a solver solution)."""
        cols = np.array([self.x_off[k] + v for k, v in enumerate(indices)])
        return self.add_row(cols, np.ones(len(cols)), -INF, len(cols) - 1.0)

    def drop_rows(self, rows: Sequence[int]) -> None:
        if rows:
            self.h.deleteRows(len(rows), np.asarray(sorted(rows), dtype=np.int32))

    def add_var(self, lo: float, hi: float) -> int:
        """A continuous auxiliary column."""
        return self._add_cols(1, lo, hi, integer=False)

    def utility_col(self, p: int) -> int:
        """A column ``w ≤ min(s_p / scale_p, 1)``: maximising it maximises ``p``'s utility."""
        w = self.add_var(-INF, 1.0)
        coef, const = self.scores[p]
        nz = np.flatnonzero(coef)
        cols = np.concatenate([nz, [w]])
        vals = np.concatenate([coef[nz], [-float(self.game.scale[p])]])
        self.add_row(cols, vals, -const, INF)
        return w

    def keep_cols(self, base: Sequence[int]) -> np.ndarray:
        """The columns ``x[k, base_k]``: 1 where issue k keeps the base value."""
        return np.array([self.x_off[k] + b for k, b in enumerate(base)], dtype=np.int64)

    def col_bounds(self, cols: Sequence[int], lo: float, hi: float) -> None:
        n = len(cols)
        if n:
            idx = np.asarray(cols, dtype=np.int32)
            self.h.changeColsBounds(n, idx, np.full(n, lo), np.full(n, hi))

    def row_bounds(self, row: int, lo: float, hi: float) -> None:
        self.h.changeRowBounds(row, lo, hi)

    def value(self, col: int) -> float:
        return float(self.h.getSolution().col_value[col])

    def solve(self, cost: np.ndarray, *, maximize: bool = False) -> float | None:
        """Optimise ``cost · columns``; the optimal value, or None when infeasible."""
        import highspy

        full = np.zeros(self.n_cols)
        full[: len(cost)] = cost
        self.h.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32), full)
        sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        self.h.changeObjectiveSense(sense)
        self.h.setOptionValue("mip_max_nodes", self.budget.next_nodes())
        self.h.run()
        status = self.h.modelStatusToString(self.h.getModelStatus())
        info = self.h.getInfo()
        self.budget.spent(int(info.mip_node_count))
        if status == "Infeasible":
            return None
        if status in NODE_LIMIT:  # the node budget: the best outcome found, unproven
            self.budget.reached = True
            if info.primal_solution_status != 2:
                raise BudgetReached()
        elif status != "Optimal":
            raise SolverError(f"stopped with solver status {status!r} instead of an answer")
        return float(self.h.getInfo().objective_function_value)
