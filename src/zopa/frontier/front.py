"""The Pareto frontier of a game among its signatories.

An outcome is on the frontier when no other outcome that crosses none of the signatories' red
lines is at least as good for every signatory and better for one (Pareto 1906; utilities
compared on the grid of :data:`zopa.game.TOL`, see :mod:`zopa.kernels.skyline`). Outcomes that
give every signatory the same utilities are *tied*: the frontier lists each utility vector once,
represented by its lowest outcome code, with the number of tied outcomes.

Three exact methods give the same frontier:

* ``"additive"`` (:mod:`zopa.frontier.additive`): issue by issue, without enumerating the
  outcome space; valid whenever the clip of utility to [0, 1] cannot bind. Package terms and
  red lines are handled by merging the issues they couple.
* ``"enumerate"``: every outcome's utilities, then the skyline; refused with
  :class:`zopa.errors.TooLargeError` above the game's memory budget.
* ``"milp"`` (:mod:`zopa.frontier.milp`): integer programming, for spaces of any size; exact
  when the utilities lie on a grid (``Frontier.resolution`` is then 0), and it does not count
  tied outcomes (``ties`` is 0).

``"auto"`` (the default) takes the first when it is valid, else enumerates when the space fits
the memory budget, else uses integer programming.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from zopa.errors import InputError, TooLargeError
from zopa.frontier.additive import PRUNE_MARGIN, blocks_of, clip_can_bind, minkowski_points
from zopa.frontier.milp import milp_front
from zopa.game import TOL, Game
from zopa.kernels.budget import STATEMENT, Progress
from zopa.kernels.skyline import group_ties, keys, near_antichain_mask, skyline_mask

if TYPE_CHECKING:
    import pandas

__all__ = ["METHODS", "Frontier", "Method", "frontier"]

Method = Literal["auto", "additive", "enumerate", "milp"]
#: The frontier methods, the default first.
METHODS: tuple[Method, ...] = ("auto", "additive", "enumerate", "milp")


@dataclass(frozen=True, eq=False)
class Frontier:
    """The distinct non-dominated utility vectors among ``parties`` and one outcome for each.

    Points are ordered by the first party's utility, best first (then the second's, ...).
    """

    party_ids: tuple[str, ...]  #: the parties compared (by default the signatories)
    parties: tuple[int, ...]  #: their indices in the game
    codes: np.ndarray  #: (M,) int64: lowest outcome code with these utilities
    utilities: np.ndarray  #: (S, M): utility of each compared party at each point
    ties: np.ndarray  #: (M,) int64: outcomes with exactly these utilities (0: not counted)
    acceptable: np.ndarray  #: (M,) bool: every compared party accepts (utility >= RV - TOL)
    reservations: np.ndarray  #: (S,) the compared parties' reservation values
    method: str  #: "additive", "enumerate" or "milp"
    #: 0.0: exact; else every outcome is within this, in each utility, of being dominated by
    #: or tied with a point (integer programming on data that lie on no grid)
    resolution: float = 0.0
    #: None: complete; else the integer-programming search stopped at its budget, in words
    budget: str | None = None

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
            self.resolution,
            self.budget,
        )

    def to_dict(self, game: Game | None = None) -> dict[str, Any]:
        """Plain data; with ``game``, each point also carries its terms."""
        points = []
        for j, code in enumerate(self.codes.tolist()):
            point: dict[str, Any] = {
                "code": code,
                "utilities": dict(zip(self.party_ids, self.utilities[:, j].tolist(), strict=True)),
                "ties": int(self.ties[j]) or None,
                "acceptable": bool(self.acceptable[j]),
            }
            if game is not None:
                point["terms"] = game.decode(code)
            points.append(point)
        return {
            "parties": list(self.party_ids),
            "method": self.method,
            "resolution": self.resolution,
            "budget": self.budget,
            "points": points,
        }

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        inside = int(self.acceptable.sum())
        line = f"{len(self):,} points ({self.method}), {inside:,} acceptable to every party."
        return view("Pareto frontier", [line], self.records())

    def records(self, game: Game | None = None) -> list[dict[str, Any]]:
        """One row per point, in order: ``point`` (from 1), ``code``, ``utility_<party>`` for
        each compared party, ``ties`` (None: not counted), ``acceptable``; with ``game``, one
        column per issue holding the point's terms."""
        rows = []
        for j, code in enumerate(self.codes.tolist()):
            row: dict[str, Any] = {"point": j + 1, "code": code}
            for p, u in zip(self.party_ids, self.utilities[:, j].tolist(), strict=True):
                row[f"utility_{p}"] = u
            row["ties"] = int(self.ties[j]) or None
            row["acceptable"] = bool(self.acceptable[j])
            if game is not None:
                row.update(game.decode(code))
            rows.append(row)
        return rows

    def to_frame(self, game: Game | None = None) -> pandas.DataFrame:
        """:meth:`records` as a pandas DataFrame (pandas is the optional extra ``frames``)."""
        from zopa.frames import data_frame

        return data_frame(self.records(game))


def frontier(
    game: Game,
    parties: Sequence[int] | None = None,
    method: Method = "auto",
    progress: Progress | None = None,
) -> Frontier:
    """The Pareto frontier among ``parties`` (default: the signatories).

    Outcomes crossing a red line of one of these parties are excluded; other parties' red lines
    and utilities play no part. An integer-programming search reports the programmes it has
    solved to ``progress(done, budget)``.
    """
    idx = tuple(game.signatories if parties is None else (int(p) for p in parties))
    if not idx:
        raise InputError.single("the scenario has no signatory party; mark at least one")
    g = game.restrict(idx)
    codes, counts, used, util, resolution, spread = _candidates(g, method, progress)
    stopped = used == "milp+budget"
    used = "milp" if stopped else used
    k = keys(util, TOL)
    if spread is None:
        on = np.flatnonzero(skyline_mask(k, margin=0.0))
    else:
        on = np.flatnonzero(near_antichain_mask(util, k, spread))
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
        resolution=resolution,
        budget=STATEMENT if stopped else None,
    )


Candidates = tuple[np.ndarray, np.ndarray, str, np.ndarray, float, float | None]


def _candidates(g: Game, method: Method, progress: Progress | None = None) -> Candidates:
    """Outcome codes that include every frontier outcome, their multiplicities (0: not
    counted), the method used, the codes' utilities as the game computes them, the
    frontier's resolution, and for the issue-by-issue method the spread of
    :func:`zopa.kernels.skyline.near_antichain_mask` (see :func:`_spread`)."""
    if method not in METHODS:
        raise InputError.single(f"unknown frontier method {method!r}; known: {', '.join(METHODS)}")
    if method == "milp":
        return _by_milp(g, progress)
    if method != "enumerate":
        try:
            blocks = blocks_of(g)
        except TooLargeError:
            if method == "additive":
                raise
            blocks = None
        if blocks is not None and not clip_can_bind(g, blocks):
            codes, counts, sums = minkowski_points(blocks)
            util = g.utilities_of(codes)
            return codes, counts, "additive", util, 0.0, _spread(util, sums)
        if method == "additive":
            raise InputError.single(
                "the issue-by-issue frontier needs utilities that cannot leave [0, 1] before "
                "clipping; use method 'enumerate' or 'milp'"
            )
    if method == "auto" and _enumeration_cells(g) > g.max_cells:
        return _by_milp(g, progress)
    _check_enumeration(g)
    util = g.utilities()
    if g.constraints:
        codes = np.flatnonzero(g.feasible().all(axis=0)).astype(np.int64)
        util = util[:, codes]
    else:
        codes = np.arange(g.n_outcomes, dtype=np.int64)
    return codes, np.ones(codes.shape[0], dtype=np.int64), "enumerate", util, 0.0, None


def _by_milp(g: Game, progress: Progress | None = None) -> Candidates:
    found = milp_front(g, progress)
    counts = np.zeros(found.codes.shape[0], dtype=np.int64)
    used = "milp+budget" if found.stopped else "milp"
    return found.codes, counts, used, g.utilities_of(found.codes), found.resolution, None


def _spread(util: np.ndarray, sums: np.ndarray) -> float:
    """How close two issue-by-issue candidates must be in some utility for one to dominate the
    other on the comparison grid.

    No candidate's sums dominate another's by more than ``PRUNE_MARGIN``, and the utilities
    differ from the sums by at most ``e`` (measured). If ``p``'s keys dominate ``x``'s, then
    ``p >= x - TOL`` everywhere; either some sum of ``p`` is below ``x``'s, so that utility of
    ``p`` is below ``x``'s + 2e, or every sum of ``p`` is within ``PRUNE_MARGIN`` above
    ``x``'s. Either way some utility differs by at most ``TOL + PRUNE_MARGIN + 2e``; the
    constant adds slack for the rounding of the keys.
    """
    e = float(np.abs(util - sums).max()) if util.size else 0.0
    return TOL + PRUNE_MARGIN + 2.0 * e + 1e-11


def _enumeration_cells(g: Game) -> int:
    """Float cells enumeration holds: each party's utility and comparison key, and the code,
    for every outcome."""
    return (2 * g.n_parties + 1) * g.n_outcomes


def _check_enumeration(g: Game) -> None:
    cells = _enumeration_cells(g)
    if cells > g.max_cells:
        who = "1 party" if g.n_parties == 1 else f"{g.n_parties} parties"
        raise TooLargeError(
            f"enumerating the frontier of {g.n_outcomes:,} outcomes among {who} needs "
            f"{2 * g.n_parties + 1} numbers per outcome (each party's utility and comparison "
            f"key, and the outcome code) = {cells:,} cells (~{cells * 8 / 2**30:.1f} GiB), over "
            f"the budget of {g.max_cells:,}; use method 'milp' (integer programming, chosen by "
            "'auto'), a coarser grid (larger 'step') or fewer issues"
        )
