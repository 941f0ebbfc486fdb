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

Utilities are compared at the resolution ``TOL`` of :mod:`zopa.game`: every utility is
quantised to its *level* ``round(u / TOL)`` (:func:`quantise`), and two outcomes whose utilities
have the same level are equally good, so one-ulp differences left by floating-point arithmetic
never decide a choice. Exact utilities are kept for reporting.

Outcome choice at a target utility (the deterministic rule every concession strategy uses):

* ``"above"`` (default): among the candidates whose level is at least the target's, those of
  the lowest level; of these the lowest outcome code. A target above the best candidate gives
  the best candidate (lowest code among those of the highest level). NegMAS's time-based
  negotiators make the same choice (``worst_in`` over ``[target, max]``) except that NegMAS
  widens the band by a tolerance (``1e-4``) and cycles through outcomes of equal utility on
  repeated calls.
* ``"nearest"``: the candidates whose level is closest to the target's (GENIUS's
  ``getBidNearUtility``); equal distances go to the higher level; then the lowest code.

"At least as good" elsewhere (acceptance, votes) also compares levels.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Literal, NamedTuple, TypeVar, cast

import numpy as np
import numpy.typing as npt

from zopa._types import BoolArray, FloatArray, IntArray
from zopa.game import TOL, Game

Pick = Literal["above", "nearest"]
T = TypeVar("T")


def quantise(u: npt.ArrayLike) -> FloatArray:
    """Utility levels ``round(u / TOL)`` (as floats): equal levels mean equally good."""
    return np.asarray(np.rint(np.asarray(u, dtype=float) / TOL), dtype=float)


def level_of(x: float) -> float:
    """:func:`quantise` of one number (the scalar fast path)."""
    return float(np.rint(x / TOL))


@dataclass(frozen=True, eq=False)
class Preferences:
    """One party's view of the outcome space; arrays are read-only and shared across sessions.

    ``lowest`` is the worst utility among the outcomes inside the party's red lines.
    ``candidates`` are outcome codes sorted by (level, code) ascending (module doc): the party's
    acceptable outcomes, or, if it has none (``hopeless``), its feasible ones, or, failing that,
    all outcomes. ``sorted_levels`` are their levels (non-decreasing), ``sorted_utility`` their
    exact utilities. Proposing implies accepting, so a hopeless party's strategies walk away.
    """

    party: int
    party_id: str
    utility: FloatArray
    acceptable: BoolArray
    reservation: float
    candidates: IntArray
    sorted_utility: FloatArray
    levels: FloatArray
    sorted_levels: FloatArray
    lowest: float = 0.0
    hopeless: bool = False

    @classmethod
    def build(cls, game: Game, party: int, utility: FloatArray, feasible: BoolArray) -> Preferences:
        """Precompute the sorted candidate outcomes of one party."""
        rv = float(game.reservations[party])
        acceptable = feasible & (utility >= rv - TOL)
        pool = acceptable if acceptable.any() else feasible if feasible.any() else None
        codes = np.flatnonzero(pool) if pool is not None else np.arange(utility.size)
        levels = quantise(utility)
        order = codes[np.lexsort((codes, levels[codes]))].astype(np.int64)
        return cls(
            party=party,
            party_id=game.party_ids[party],
            utility=_frozen(utility),
            acceptable=_frozen(acceptable),
            reservation=rv,
            candidates=_frozen(order),
            sorted_utility=_frozen(utility[order]),
            levels=_frozen(levels),
            sorted_levels=_frozen(levels[order]),
            lowest=float(utility[feasible].min() if feasible.any() else utility.min()),
            hopeless=not acceptable.any(),
        )

    # -- scalar look-ups (hot path: plain Python floats and ints) -------------------------------

    def u(self, code: int) -> float:
        """Utility of one outcome."""
        return float(self.utility.item(code))

    def level(self, code: int) -> float:
        """Utility level of one outcome (compare these, not utilities: module doc)."""
        return float(self.levels.item(code))

    def ok(self, code: int) -> bool:
        """True if the outcome is inside the party's red lines and not worse than walking away."""
        return bool(self.acceptable.item(code))

    def at_least(self, code: int, utility: float) -> bool:
        """True if the outcome is acceptable and at least as good as ``utility`` (by level)."""
        return self.gate[code] >= level_of(utility)

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """A value computed once per key for this party in this game (e.g. a strategy's offer
        schedule for a given deadline), shared by every session played on the arena; store
        immutable values (tuples), since every session sees the same object."""
        cache = self._memo
        if key not in cache:
            cache[key] = build()
        return cast(T, cache[key])

    @cached_property
    def _memo(self) -> dict[Hashable, object]:
        return {}

    @cached_property
    def gate(self) -> tuple[float, ...]:
        """Utility level per outcome, ``-inf`` where the outcome is not acceptable:
        ``gate[code] >= level`` is the one-look-up test "acceptable and at least that good"
        of the hot path (a tuple: shared by every session, so nobody can change it)."""
        return tuple(np.where(self.acceptable, self.levels, -np.inf).tolist())

    @cached_property
    def best(self) -> int:
        """The best candidate (lowest code among those of the highest level)."""
        return int(self.candidates.item(self._top))

    @cached_property
    def pmax(self) -> float:
        """The highest utility among the candidates."""
        return float(self.sorted_utility[self._top :].max())

    @cached_property
    def pmin(self) -> float:
        """The lowest utility worth conceding to, GENIUS's ``Pmin``: max(worst utility inside
        the red lines, reservation value), at most ``pmax``."""
        return min(max(self.lowest, self.reservation), self.pmax)

    @cached_property
    def descending(self) -> IntArray:
        """Acceptable outcome codes from best to worst level (ties: lowest code first)."""
        codes = self.candidates[self.acceptable[self.candidates]]
        out = codes[np.lexsort((codes, -self.levels[codes]))]
        return _frozen(out.astype(np.int64))

    # -- selection at target utilities ---------------------------------------------------------

    def select(self, targets: npt.ArrayLike, pick: Pick = "above") -> IntArray:
        """Outcome codes chosen at each target utility under the rule ``pick`` (module doc)."""
        sl = self.sorted_levels
        tgt = quantise(targets)
        hi = np.minimum(np.searchsorted(sl, tgt, side="left"), self._top)
        if pick == "nearest":
            lo = np.searchsorted(sl, sl[np.maximum(hi - 1, 0)], side="left")
            take_lo = (hi > 0) & (sl[hi] > tgt) & (sl[hi] - tgt > tgt - sl[lo])
            hi = np.where(take_lo, lo, hi)
        elif pick != "above":
            raise ValueError(f"unknown outcome-choice rule {pick!r}")
        return self.candidates[hi]

    def select_one(self, target: float, pick: Pick = "above") -> int:
        """:meth:`select` for a single target (scalar fast path, same rule)."""
        sl = self.sorted_levels
        tgt = level_of(target)
        i = min(int(sl.searchsorted(tgt)), self._top)
        if pick == "nearest" and i > 0:
            hi = float(sl.item(i))
            j = int(sl.searchsorted(sl.item(i - 1)))
            if hi > tgt and hi - tgt > tgt - float(sl.item(j)):
                i = j
        elif pick != "above" and pick != "nearest":
            raise ValueError(f"unknown outcome-choice rule {pick!r}")
        return int(self.candidates.item(i))

    @cached_property
    def _top(self) -> int:
        """Index of the first candidate of the highest level."""
        sl = self.sorted_levels
        return int(np.searchsorted(sl, sl[-1], side="left"))


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
    """Read-only record of the offers before a turn: ``(round, party, outcome)`` triples, oldest
    first. Its length is fixed when it is made (a View kept by a strategy does not change as
    the session goes on); protocols give each party its own copy (:class:`OfferLog`), so
    nothing one strategy does to its history reaches another party's."""

    __slots__ = ("_items", "_n")

    def __init__(self, items: Sequence[tuple[int, int, int]], n: int | None = None) -> None:
        """The first ``n`` items of ``items`` (all of them by default; ``n <= len(items)``)."""
        self._items = items
        self._n = len(items) if n is None else n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> tuple[int, int, int]:  # type: ignore[override]
        n = self._n
        if isinstance(i, slice):
            raise TypeError("History does not support slicing; iterate or index it")
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError("history index out of range")
        return self._items[j]

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        return islice(self._items, self._n)

    def by(self, party: int) -> list[int]:
        """Outcomes offered by one party, oldest first."""
        return [code for _, p, code in self if p == party]


class OfferLog:
    """The offers of one session as the protocol records them: every offer is appended to one
    private list per party, and each party's :class:`History` reads only its own list."""

    __slots__ = ("copies",)

    def __init__(self, n_parties: int) -> None:
        self.copies: tuple[list[tuple[int, int, int]], ...] = tuple([] for _ in range(n_parties))

    def add(self, item: tuple[int, int, int]) -> None:
        for copy in self.copies:
            copy.append(item)

    def history(self, party: int) -> History:
        """Party ``party``'s history as of now."""
        copy = self.copies[party]
        return History(copy, len(copy))


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
    """A read-only copy of ``a`` that cannot be made writeable again: its memory is an
    immutable ``bytes`` object, so ``setflags(write=True)`` fails on it and on its base."""
    arr = np.ascontiguousarray(a)
    out = np.frombuffer(arr.tobytes(), dtype=arr.dtype).reshape(arr.shape)
    return cast("npt.NDArray[G]", out)
