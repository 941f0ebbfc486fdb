"""Scoring session outcomes against the game's Pareto frontier and Nash point.

The frontier is the set of distinct non-dominated utility vectors among the negotiating parties
over the outcomes inside their red lines (:func:`zopa.frontier.frontier`). The Nash point is the
``nash`` solution of :mod:`zopa.frontier`: the point of the ZOPA's frontier maximising the
product of gains over the reservation values (Nash 1950, *The bargaining problem*, Econometrica
18:155-162); it is ``None`` when no outcome is acceptable to every party.

A session's outcome point is its vector of undiscounted utilities: the agreement's, or the
reservation values on breakdown. Its distance to the Nash point and to the frontier (the nearest
frontier point) is Euclidean in utility space, as GENIUS and NegMAS report them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray
from zopa.game import Game
from zopa.negotiate.arena import Arena


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
    """Frontier and Nash point among all the game's parties (undiscounted utilities), from
    :func:`zopa.frontier.frontier` and the ``nash`` solution of :mod:`zopa.frontier`."""
    from zopa.frontier import frontier, solve

    g = game.game if isinstance(game, Arena) else game
    front = frontier(g, parties=range(g.n_parties))
    deal = solve(g, "nash", front=front)
    nash = None if deal is None else np.array([deal.utilities[p] for p in front.party_ids])
    points = np.ascontiguousarray(front.utilities.T, dtype=float)
    return Landmarks(points, nash, np.asarray(g.reservations, dtype=float))
