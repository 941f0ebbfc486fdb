"""Scoring session outcomes against the game's Pareto frontier and Nash point.

The frontier is the set of distinct non-dominated utility vectors over all outcomes
(:func:`zopa.frontier.pareto.pareto_front`). The Nash point maximises the product of gains over
the reservation values, prod_i (u_i - rv_i), among the frontier points where every party gains
(Nash 1950, *The bargaining problem*, Econometrica 18:155-162; the guard against two negative
factors follows FORMATS.md §4.4 on GENIUS's ``BidSpace``); it is ``None`` when no outcome gives
every party more than walking away.

A session's outcome point is its vector of undiscounted utilities: the agreement's, or the
reservation values on breakdown. Its distance to the Nash point and to the frontier (the nearest
frontier point) is Euclidean in utility space, as GENIUS and NegMAS report them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zopa.game import TOL, Game
from zopa.negotiate.arena import Arena

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Landmarks:
    """A game's frontier points ``(F, P)``, Nash point ``(P,)`` (or None) and reservations."""

    frontier: FloatArray
    nash: FloatArray | None
    reservations: FloatArray

    def distances(self, points: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Distances of outcome points ``(S, P)`` to the Nash point (NaN if there is none) and
        to the nearest frontier point."""
        pts = np.atleast_2d(np.asarray(points, dtype=float))
        if self.nash is None:
            d_nash = np.full(len(pts), np.nan)
        else:
            d_nash = np.linalg.norm(pts - self.nash, axis=1)
        d_front = np.empty(len(pts))
        for lo in range(0, len(pts), 4096):
            block = pts[lo : lo + 4096, None, :] - self.frontier[None, :, :]
            d_front[lo : lo + 4096] = np.sqrt((block**2).sum(axis=2).min(axis=1))
        return d_nash, d_front


def landmarks(game: Game | Arena) -> Landmarks:
    """Frontier and Nash point of a game (every outcome, undiscounted utilities)."""
    g = game.game if isinstance(game, Arena) else game
    utilities = g.utilities()
    front = frontier_points(utilities)
    return Landmarks(front, nash_point(front, g.reservations), np.asarray(g.reservations, float))


def frontier_points(utilities: FloatArray) -> FloatArray:
    """Distinct non-dominated columns of ``(P, N)`` utilities, as rows ``(F, P)``."""
    try:
        from zopa.frontier.pareto import pareto_front
    except ImportError:  # pragma: no cover - the frontier package ships with zopa
        return _skyline(utilities)
    index, _ = pareto_front(utilities)
    return np.ascontiguousarray(utilities[:, index].T)


def _skyline(utilities: FloatArray) -> FloatArray:
    """Plain non-dominated filter: distinct points by decreasing coordinate sum, each kept unless
    a kept point is >= in every coordinate (a dominating point has a larger sum)."""
    pts = np.unique(np.round(utilities.T, 12), axis=0)
    pts = pts[np.argsort(-pts.sum(axis=1), kind="stable")]
    kept: list[FloatArray] = []
    for p in pts:
        if not kept or not np.any(np.all(np.asarray(kept) >= p, axis=1)):
            kept.append(p)
    return np.asarray(kept, dtype=float)


def nash_point(frontier: FloatArray, reservations: npt.ArrayLike) -> FloatArray | None:
    """The frontier point maximising prod(u - rv) among those where every party gains."""
    rv = np.asarray(reservations, dtype=float)
    gains = frontier - rv
    ok = np.all(gains > TOL, axis=1)
    if not ok.any():
        return None
    product = np.where(ok, np.prod(np.where(ok[:, None], gains, 1.0), axis=1), -np.inf)
    return np.asarray(frontier[int(np.argmax(product))], dtype=float)
