"""The Pareto frontier of a game among its signatories.

An outcome is on the frontier when no other outcome that crosses none of the signatories' red
lines is at least as good for every signatory and better for one (Pareto 1906; utilities
compared on the grid of :data:`zopa.game.TOL`, see :mod:`zopa.frontier.pareto`). Outcomes that
give every signatory the same utilities are *tied*: the frontier lists each utility vector once,
represented by its lowest outcome code, with the number of tied outcomes.

Two exact methods give the same answer:

* ``"additive"`` (:mod:`zopa.frontier.additive`): issue by issue, without enumerating the
  outcome space; valid whenever the clip of utility to [0, 1] cannot bind. Package terms and
  red lines are handled by merging the issues they couple.
* ``"enumerate"``: every outcome's utilities, then the skyline; refused with
  :class:`zopa.errors.TooLargeError` above the game's memory budget.

``"auto"`` (the default) takes the first when it is valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from zopa.errors import InputError, TooLargeError
from zopa.frontier.additive import blocks_of, clip_can_bind, minkowski_front
from zopa.frontier.pareto import group_ties, keys, skyline_mask
from zopa.game import TOL, Game

__all__ = ["Frontier", "Method", "frontier"]

Method = Literal["auto", "additive", "enumerate"]


@dataclass(frozen=True, eq=False)
class Frontier:
    """The distinct non-dominated utility vectors among ``parties`` and one outcome for each.

    Points are ordered by the first party's utility, best first (then the second's, ...).
    """

    party_ids: tuple[str, ...]  #: the parties compared (by default the signatories)
    parties: tuple[int, ...]  #: their indices in the game
    codes: np.ndarray  #: (M,) int64: lowest outcome code with these utilities
    utilities: np.ndarray  #: (S, M): utility of each compared party at each point
    ties: np.ndarray  #: (M,) int64: number of outcomes with exactly these utilities
    acceptable: np.ndarray  #: (M,) bool: every compared party accepts (utility >= RV - TOL)
    reservations: np.ndarray  #: (S,) the compared parties' reservation values
    method: str  #: "additive" or "enumerate"

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def in_zopa(self) -> Frontier:
        """The points every compared party accepts: the frontier of the ZOPA."""
        keep = self.acceptable
        return Frontier(
            self.party_ids,
            self.parties,
            self.codes[keep],
            self.utilities[:, keep],
            self.ties[keep],
            self.acceptable[keep],
            self.reservations,
            self.method,
        )

    def to_dict(self, game: Game | None = None) -> dict[str, Any]:
        """Plain data; with ``game``, each point also carries its terms."""
        points = []
        for j, code in enumerate(self.codes.tolist()):
            point: dict[str, Any] = {
                "code": code,
                "utilities": dict(zip(self.party_ids, self.utilities[:, j].tolist(), strict=True)),
                "ties": int(self.ties[j]),
                "acceptable": bool(self.acceptable[j]),
            }
            if game is not None:
                point["terms"] = game.decode(code)
            points.append(point)
        return {"parties": list(self.party_ids), "method": self.method, "points": points}


def frontier(game: Game, parties: Sequence[int] | None = None, method: Method = "auto") -> Frontier:
    """The Pareto frontier among ``parties`` (default: the signatories).

    Outcomes crossing a red line of one of these parties are excluded; other parties' red lines
    and utilities play no part.
    """
    idx = tuple(game.signatories if parties is None else (int(p) for p in parties))
    if not idx:
        raise InputError.single("the scenario has no signatory party; mark at least one")
    g = game.restrict(idx)
    codes, counts, used, util = _candidates(g, method)
    k = keys(util, TOL)
    on = np.flatnonzero(skyline_mask(k, margin=0.0))
    rep, ties = group_ties(k[:, on], codes[on], counts[on])
    pick = on[rep]
    u = util[:, pick]
    return Frontier(
        party_ids=g.party_ids,
        parties=idx,
        codes=codes[pick],
        utilities=u,
        ties=ties,
        acceptable=np.all(u >= g.reservations[:, None] - TOL, axis=0),
        reservations=g.reservations.copy(),
        method=used,
    )


def _candidates(g: Game, method: Method) -> tuple[np.ndarray, np.ndarray, str, np.ndarray]:
    """Outcome codes that include every frontier outcome, their multiplicities, the method
    used and the codes' utilities as the game computes them."""
    if method not in ("auto", "additive", "enumerate"):
        raise InputError.single(f"unknown frontier method {method!r}")
    if method != "enumerate":
        try:
            blocks = blocks_of(g)
        except TooLargeError:
            if method == "additive":
                raise
            blocks = None
        if blocks is not None and not clip_can_bind(g, blocks):
            codes, counts = minkowski_front(blocks)
            return codes, counts, "additive", g.utilities_of(codes)
        if method == "additive":
            raise InputError.single(
                "the issue-by-issue frontier needs utilities that cannot leave [0, 1] before "
                "clipping; use method 'enumerate'"
            )
    g.check_size(rows=2 * g.n_parties + 1, what="frontier enumeration")
    util = g.utilities()
    if g.constraints:
        codes = np.flatnonzero(g.feasible().all(axis=0)).astype(np.int64)
        util = util[:, codes]
    else:
        codes = np.arange(g.n_outcomes, dtype=np.int64)
    return codes, np.ones(codes.shape[0], dtype=np.int64), "enumerate", util
