"""The zone of possible agreement (ZOPA): the outcomes every signatory prefers to walking away.

An outcome is in the ZOPA when, for every signatory, it crosses none of that party's red lines
and gives it at least its reservation value (its BATNA, the value of its best alternative to a
negotiated agreement: Fisher & Ury, *Getting to Yes*, 1981; Raiffa, *The Art and Science of
Negotiation*, 1982, where the term ZOPA and the "zone of agreement" come from). Comparisons use
``utility >= reservation - TOL`` exactly as :meth:`zopa.game.Game.acceptable`.

Whether the ZOPA is empty, and each signatory's best utility in it, follow from the frontier
(the ZOPA is upward closed, so it is empty exactly when no frontier point is acceptable, and the
best outcome for a party is on the frontier), so they are known for spaces of any size (the
frontier of a space too large to enumerate comes from :mod:`zopa.frontier.milp`; when that
frontier has a resolution ``r > 0``, acceptability within ``r`` of a walk-away value is as good
as the listed points show). Its size and each signatory's worst utility in it need every
outcome; they are counted in chunks up to :data:`MAX_COUNT` outcomes and reported as unknown
(``None``) beyond.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from zopa.frontier.front import Frontier, frontier
from zopa.game import TOL, Game

__all__ = ["MAX_COUNT", "Zopa", "zopa", "zopa_mask"]

#: Largest outcome space whose ZOPA is counted outcome by outcome.
MAX_COUNT = 50_000_000
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Zopa:
    """Size and bounds of the zone of possible agreement among the signatories."""

    parties: tuple[str, ...]  #: the signatories
    n_outcomes: int  #: size of the whole outcome space
    exists: bool  #: some outcome is acceptable to every signatory
    size: int | None  #: outcomes in the ZOPA (None: space too large to count)
    n_feasible: int | None  #: outcomes crossing no signatory's red line (None: not counted)
    best: tuple[float, ...] | None  #: each signatory's highest utility in the ZOPA
    worst: tuple[float, ...] | None  #: each signatory's lowest utility in the ZOPA
    reservations: tuple[float, ...] = field(default=())

    @property
    def share(self) -> float | None:
        """Fraction of the outcome space in the ZOPA."""
        return None if self.size is None else self.size / self.n_outcomes

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        if not self.exists:
            line = "No ZOPA: no deal is acceptable to every signatory."
        elif self.size is None:
            line = "A ZOPA exists (too many outcomes to count it)."
        else:
            line = f"{self.size:,} of {self.n_outcomes:,} deals are acceptable to every signatory."
        rows = [
            {
                "signatory": p,
                "walks away below": self.reservations[k] if self.reservations else None,
                "best in ZOPA": self.best[k] if self.best else None,
                "worst in ZOPA": self.worst[k] if self.worst else None,
            }
            for k, p in enumerate(self.parties)
        ]
        return view("ZOPA", [line], rows)

    def to_dict(self) -> dict[str, Any]:
        def per_party(values: tuple[float, ...] | None) -> dict[str, float] | None:
            return None if values is None else dict(zip(self.parties, values, strict=True))

        return {
            "parties": list(self.parties),
            "n_outcomes": self.n_outcomes,
            "exists": self.exists,
            "size": self.size,
            "share": self.share,
            "n_feasible": self.n_feasible,
            "best": per_party(self.best),
            "worst": per_party(self.worst),
            "reservations": per_party(self.reservations),
        }


def zopa(game: Game, front: Frontier | None = None, max_count: int = MAX_COUNT) -> Zopa:
    """The ZOPA among the signatories; ``front`` reuses an already computed frontier."""
    front = front if front is not None else frontier(game)
    inside = front.in_zopa()
    best = tuple(inside.utilities.max(axis=1).tolist()) if len(inside) else None
    size = n_feasible = None
    worst = None
    if game.n_outcomes <= max_count:
        size, n_feasible, low = _count(game, front.parties)
        worst = tuple(low.tolist()) if size else None
    return Zopa(
        parties=front.party_ids,
        n_outcomes=game.n_outcomes,
        exists=bool(size) if size is not None else len(inside) > 0,
        size=size,
        n_feasible=n_feasible,
        best=best,
        worst=worst,
        reservations=tuple(front.reservations.tolist()),
    )


def zopa_mask(game: Game) -> np.ndarray:
    """``(N,)`` bool: the outcomes every signatory accepts (needs the full utility matrix)."""
    sig = list(game.signatories)
    return np.asarray(game.acceptable()[sig].all(axis=0))


def _count(game: Game, parties: tuple[int, ...]) -> tuple[int, int, np.ndarray]:
    """ZOPA size, feasible count and per-party minimum utility over the ZOPA: from the full
    matrices when they fit the game's memory budget, else chunk by chunk."""
    g = game.restrict(parties)
    if 2 * g.n_parties * g.n_outcomes <= g.max_cells:
        return _tally(g, g.utilities(), g.feasible().all(axis=0) if g.constraints else None)
    size = n_feasible = 0
    low = np.full(g.n_parties, np.inf)
    for start in range(0, g.n_outcomes, _CHUNK):
        codes = np.arange(start, min(start + _CHUNK, g.n_outcomes), dtype=np.int64)
        ok = g.feasible_of(codes).all(axis=0) if g.constraints else None
        s, f, lo = _tally(g, g.utilities_of(codes), ok)
        size, n_feasible, low = size + s, n_feasible + f, np.minimum(low, lo)
    return size, n_feasible, low


def _tally(g: Game, u: np.ndarray, ok: Any) -> tuple[int, int, np.ndarray]:
    inside = np.all(u >= g.reservations[:, None] - TOL, axis=0)
    if ok is not None:
        inside &= ok
    low = u[:, inside].min(axis=1) if inside.any() else np.full(g.n_parties, np.inf)
    n_feasible = u.shape[1] if ok is None else int(ok.sum())
    return int(inside.sum()), n_feasible, low
