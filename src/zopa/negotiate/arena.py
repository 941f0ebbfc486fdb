"""What a strategy may see: its own preferences, the session's rules and a frozen view per turn.

An :class:`Arena` prepares a game for negotiation once: for every negotiating party it builds a
:class:`Preferences` value holding that party's utility over all outcomes and its *candidate*
outcomes (the ones it could ever propose: those it finds acceptable, i.e. inside its red lines
and at least as good as walking away) sorted by utility. Every concession strategy then finds
"the outcome at a target utility" by binary search (``O(log N)``) or, when the whole offer
schedule is known in advance, by one vectorised search at reset and an ``O(1)`` look-up per
round. A tournament prepares each game once and reuses it for every session.

A strategy never touches the engine. At reset it receives its :class:`Preferences` and a
:class:`SessionInfo` (how many parties, which one it is, the deadline, its discount factor);
at each turn a :class:`View` (round, relative time, the offer on the table and who made it,
and the read-only offer :class:`History`). This mirrors the separation of NegMAS's
``SAONMI``/``SAOState`` (Mohammad, Greenwald, Nakadai 2019, *NegMAS: a platform for situated
negotiations*).

Outcome choice at a target utility (the deterministic rule every concession strategy uses):

* ``"above"`` (default): among the candidates whose utility is at least the target, the one
  with the lowest utility; ties go to the lowest outcome code. A target above the best
  candidate gives the best candidate. NegMAS's time-based negotiators make the same choice
  (``worst_in`` over ``[target, max]``) except that NegMAS widens the band by a tolerance
  (``1e-4``) and cycles through outcomes of equal utility on repeated calls.
* ``"nearest"``: the candidate whose utility is closest to the target (GENIUS's
  ``getBidNearUtility``); equal distances go to the higher utility, ties to the lowest code.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple, TypeVar, cast

import numpy as np
import numpy.typing as npt

from zopa.game import TOL, Game

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Pick = Literal["above", "nearest"]
T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Preferences:
    """One party's view of the outcome space; arrays are read-only and shared across sessions.

    ``lowest`` is the worst utility among the outcomes inside the party's red lines.
    ``candidates`` are outcome codes sorted by (utility, code) ascending: the party's
    acceptable outcomes, or, if it has none (``hopeless``), its feasible ones, or, failing that,
    all outcomes. Proposing implies accepting, so a hopeless party's strategies walk away.
    """

    party: int
    party_id: str
    utility: FloatArray
    acceptable: BoolArray
    reservation: float
    candidates: IntArray
    sorted_utility: FloatArray
    lowest: float = 0.0
    hopeless: bool = False

    @classmethod
    def build(cls, game: Game, party: int, utility: FloatArray, feasible: BoolArray) -> Preferences:
        """Precompute the sorted candidate outcomes of one party."""
        rv = float(game.reservations[party])
        acceptable = feasible & (utility >= rv - TOL)
        pool = acceptable if acceptable.any() else feasible if feasible.any() else None
        codes = np.flatnonzero(pool) if pool is not None else np.arange(utility.size)
        order = codes[np.argsort(utility[codes], kind="stable")].astype(np.int64)
        return cls(
            party=party,
            party_id=game.party_ids[party],
            utility=_frozen(utility),
            acceptable=_frozen(acceptable),
            reservation=rv,
            candidates=_frozen(order),
            sorted_utility=_frozen(utility[order]),
            lowest=float(utility[feasible].min() if feasible.any() else utility.min()),
            hopeless=not acceptable.any(),
        )

    # -- scalar look-ups (hot path: plain Python floats and ints) -------------------------------

    def u(self, code: int) -> float:
        """Utility of one outcome."""
        return float(self.utility.item(code))

    def ok(self, code: int) -> bool:
        """True if the outcome is inside the party's red lines and not worse than walking away."""
        return bool(self.acceptable.item(code))

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """A value computed once per key for this party in this game (e.g. a strategy's offer
        schedule for a given deadline), shared by every session played on the arena."""
        cache = self._memo
        if key not in cache:
            cache[key] = build()
        return cast(T, cache[key])

    @cached_property
    def _memo(self) -> dict[Hashable, object]:
        return {}

    @cached_property
    def gate(self) -> list[float]:
        """Utility per outcome as a plain list, ``-inf`` where the outcome is not acceptable:
        ``gate[code] >= x`` (for any x >= reservation - TOL) is the one-look-up test
        "acceptable and worth at least x" of the hot path."""
        return np.where(self.acceptable, self.utility, -np.inf).tolist()  # type: ignore[no-any-return]

    @cached_property
    def best(self) -> int:
        """The best candidate (lowest code among equally good ones)."""
        return int(self.select(np.array([np.inf]))[0])

    @cached_property
    def pmax(self) -> float:
        """Utility of the best candidate."""
        return float(self.sorted_utility[-1])

    @cached_property
    def pmin(self) -> float:
        """The lowest utility worth conceding to, GENIUS's ``Pmin``: max(worst utility inside
        the red lines, reservation value), at most ``pmax``."""
        return min(max(self.lowest, self.reservation), self.pmax)

    @cached_property
    def descending(self) -> IntArray:
        """Acceptable outcome codes from best to worst (ties: lowest code first)."""
        codes = self.candidates[self.acceptable[self.candidates]]
        out = codes[np.lexsort((codes, -self.utility[codes]))]
        return _frozen(out.astype(np.int64))

    # -- selection at target utilities ---------------------------------------------------------

    def select(self, targets: npt.ArrayLike, pick: Pick = "above") -> IntArray:
        """Outcome codes chosen at each target utility under the rule ``pick`` (module doc)."""
        su = self.sorted_utility
        tgt = np.asarray(targets, dtype=float)
        hi = np.minimum(np.searchsorted(su, tgt - TOL, side="left"), self._top)
        if pick == "nearest":
            lo = np.maximum(hi - 1, 0)
            lo = np.searchsorted(su, su[lo], side="left")
            take_lo = (hi > 0) & (su[hi] - tgt > tgt - su[lo] + TOL) & (su[hi] > tgt + TOL)
            hi = np.where(take_lo, lo, hi)
        elif pick != "above":
            raise ValueError(f"unknown outcome-choice rule {pick!r}")
        return self.candidates[hi]

    def select_one(self, target: float, pick: Pick = "above") -> int:
        """:meth:`select` for a single target (scalar fast path, same rule)."""
        su = self.sorted_utility
        i = min(int(su.searchsorted(target - TOL)), self._top)
        if pick == "nearest" and i > 0:
            hi = float(su.item(i))
            j = int(su.searchsorted(su.item(i - 1)))
            if hi > target + TOL and hi - target > target - float(su.item(j)) + TOL:
                i = j
        elif pick != "above" and pick != "nearest":
            raise ValueError(f"unknown outcome-choice rule {pick!r}")
        return int(self.candidates.item(i))

    @cached_property
    def _top(self) -> int:
        """Index of the first candidate of the best utility."""
        su = self.sorted_utility
        return int(np.searchsorted(su, su[-1], side="left"))


@dataclass(frozen=True)
class SessionInfo:
    """The rules of a session as one party sees them (fixed for the whole session)."""

    party: int
    n_parties: int
    protocol: str
    rounds: int | None
    seconds: float | None
    discount: float
    n_outcomes: int

    @property
    def round_timed(self) -> bool:
        """True when relative time depends on the round only (so schedules can be precomputed)."""
        return self.rounds is not None and self.seconds is None


class History(Sequence[tuple[int, int, int]]):
    """Read-only record of the offers so far: ``(round, party, outcome)`` triples, oldest first."""

    __slots__ = ("_items",)

    def __init__(self, items: list[tuple[int, int, int]]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: int) -> tuple[int, int, int]:  # type: ignore[override]
        return self._items[i]

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        return iter(self._items)

    def by(self, party: int) -> list[int]:
        """Outcomes offered by one party, oldest first."""
        return [code for _, p, code in self._items if p == party]


class View(NamedTuple):
    """One turn as a party sees it (immutable): round (0-based), relative time in [0, 1], the
    offer on the table (``None`` if there is none) and who made it, and the offer history. In the
    mediated protocol ``offer`` is the mediator's proposal and ``current`` the standing text."""

    round: int
    time: float
    offer: int | None
    offerer: int | None
    history: History
    current: int | None = None


@dataclass(frozen=True, eq=False)
class Arena:
    """A game prepared for negotiation: per-party :class:`Preferences`, computed once."""

    game: Game
    prefs: tuple[Preferences, ...] = field(repr=False)

    @classmethod
    def of(cls, game: Game) -> Arena:
        """Prepare ``game``; refuses (TooLargeError) a space whose utility matrix is too big."""
        utilities = game.utilities()
        feasible = game.feasible()
        prefs = tuple(
            Preferences.build(game, p, utilities[p], feasible[p]) for p in range(game.n_parties)
        )
        return cls(game, prefs)

    @property
    def n_parties(self) -> int:
        return self.game.n_parties

    @property
    def n_outcomes(self) -> int:
        return self.game.n_outcomes

    @cached_property
    def utility_matrix(self) -> FloatArray:
        """``(P, N)`` utilities (the game's cached matrix)."""
        return self.game.utilities()


G = TypeVar("G", bound=np.generic)


def _frozen(a: npt.NDArray[G]) -> npt.NDArray[G]:
    out: npt.NDArray[G] = np.array(a, copy=True)
    out.setflags(write=False)
    return out
