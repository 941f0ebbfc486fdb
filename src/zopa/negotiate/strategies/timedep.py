"""Time-dependent concession: Boulware, Linear, Conceder, hard-liner, and the aspiration negotiator.

Faratin, Sierra & Jennings (1998), *Negotiation decision functions for autonomous agents*,
Robotics and Autonomous Systems 24(3-4):159-182, polynomial family, in the form GENIUS's
``TimeDependentAgent`` uses (Lin et al. 2014; FORMATS.md §3.6 C of the reference domains):

    target(t) = Pmin + (Pmax - Pmin) * (1 - F(t)),     F(t) = k + (1 - k) * t**(1/e)

with ``Pmax`` the party's best utility and ``Pmin = max(worst utility, reservation value)``.
``e < 1`` concedes late (Boulware, GENIUS uses e = 0.2), ``e = 1`` linearly, ``e > 1`` early
(Conceder, e = 2); ``e = 0`` never concedes (hard-liner). The offer at a target is chosen by the
deterministic rule of :mod:`zopa.negotiate.arena` (``pick``). Acceptance is AC_next (Baarslag,
Hindriks, Jonker 2011, *Acceptance conditions in automated negotiation*): accept the offer on
the table iff it is worth at least the offer the party would make next. With ``pick="above"``
this is the same as accepting any offer worth at least ``target(t)``.

The aspiration negotiator is NegMAS's default ``AspirationNegotiator`` (Mohammad et al. 2019):
aspiration ``a(t) = m * (1 - t**x)`` scaled onto ``[Pmin, Pmax]``, offering at the aspiration
level and accepting offers worth at least it, with a tolerance of 0.001. Its named curves are
``x = 4`` (boulware), 1 (linear), 0.25 (conceder); with ``m = 1`` and no tolerance it equals
time-dependent concession with ``e = 1/x``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from zopa.negotiate.arena import Pick, Preferences, SessionInfo, View
from zopa.negotiate.registry import register_strategy, register_variant
from zopa.negotiate.strategies.base import Strategy

#: Longest deadline (rounds) whose offer schedule is precomputed; longer ones compute per round.
MAX_SCHEDULE = 100_000

FAJ_1998 = (
    "Faratin, Sierra & Jennings (1998), Negotiation decision functions for autonomous agents, "
    "Robotics and Autonomous Systems 24:159-182; GENIUS TimeDependentAgent (Lin et al. 2014)"
)


def concession(t: npt.ArrayLike, e: float, k: float = 0.0) -> npt.NDArray[np.float64]:
    """F(t) = k + (1 - k) t^(1/e); e = 0 gives F = k before the deadline (never concedes)."""
    tt = np.clip(np.asarray(t, dtype=float), 0.0, 1.0)
    reached = np.where(tt >= 1.0, 1.0, 0.0) if e == 0 else np.power(tt, 1.0 / e)
    return np.asarray(k + (1.0 - k) * reached, dtype=float)


@register_strategy("time-dependent", citation=FAJ_1998)
class TimeDependent(Strategy):
    """Concedes with time, target(t) = Pmin + (Pmax - Pmin)(1 - k - (1 - k) t^(1/e)); AC_next."""

    def __init__(
        self, e: float = 1.0, k: float = 0.0, pick: str = "above", tolerance: float = 0.0
    ) -> None:
        if not e >= 0 or not 0 <= k <= 1 or not tolerance >= 0:
            raise ValueError("need e >= 0, 0 <= k <= 1 and tolerance >= 0")
        if pick not in ("above", "nearest"):
            raise ValueError(f"pick must be 'above' or 'nearest', not {pick!r}")
        self.e = float(e)
        self.k = float(k)
        self.pick: Pick = "above" if pick == "above" else "nearest"
        self.tolerance = float(tolerance)

    def level(self, t: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Target utility at relative time(s) ``t`` (before the tolerance)."""
        p = self.prefs
        return p.pmin + (p.pmax - p.pmin) * (1.0 - concession(t, self.e, self.k))

    def reset(self, prefs: Preferences, info: SessionInfo, rng: np.random.Generator) -> None:
        super().reset(prefs, info, rng)
        self._codes: tuple[int, ...] = ()
        self._levels: tuple[float, ...] = ()
        self._targets: tuple[float, ...] = ()
        if info.round_timed and info.rounds is not None and info.rounds <= MAX_SCHEDULE:
            key = (type(self), self.settings(), info.rounds)
            self._codes, self._levels, self._targets = prefs.memo(key, self._schedule)

    def settings(self) -> tuple[float | str, ...]:
        """The parameters that determine the offer schedule (the key of the schedule shared
        through :meth:`Preferences.memo`; a subclass with new parameters extends it)."""
        return (self.e, self.k, self.tolerance, self.pick)

    def _schedule(self) -> tuple[tuple[int, ...], tuple[float, ...], tuple[float, ...]]:
        """Offers, their utility levels and the targets for every round of a round-timed
        session (tuples: the schedule is shared by every session on the arena)."""
        rounds = self.info.rounds
        assert rounds is not None
        times = (np.arange(rounds) + 1.0) / (rounds + 1.0)
        targets = self.level(times) - self.tolerance
        codes = self.prefs.select(targets, self.pick)
        levels = self.prefs.levels[codes]
        return tuple(codes.tolist()), tuple(levels.tolist()), tuple(targets.tolist())

    def target(self, view: View) -> float:
        """The target utility at ``view``'s time, less the tolerance."""
        r = view.round
        if r < len(self._targets):
            return self._targets[r]
        return float(self.level(view.time)) - self.tolerance

    def planned(self, view: View) -> tuple[int, float]:
        """The offer this strategy makes at ``view``'s time, and its own utility level."""
        r = view.round
        if r < len(self._codes):
            return self._codes[r], self._levels[r]
        code = self.prefs.select_one(self.target(view), self.pick)
        return code, self.prefs.level(code)

    def propose(self, view: View) -> int | None:
        r = view.round
        if r < len(self._codes) and not self.prefs.hopeless:
            return self._codes[r]
        return None if self.prefs.hopeless else self.planned(view)[0]

    def respond(self, view: View) -> bool:
        offer = view.offer
        assert offer is not None
        r = view.round
        mine = self._levels[r] if r < len(self._levels) else self.planned(view)[1]
        return self.prefs.gate[offer] >= mine

    def vote(self, view: View) -> bool:
        """Yes iff the proposal is no worse than the current text or than its target now."""
        assert view.offer is not None and view.current is not None
        p = self.prefs
        return p.at_least(view.offer, min(p.u(view.current), self.target(view)))


register_variant("boulware", "time-dependent", "Holds firm, concedes late (Boulware).", e=0.2)
register_variant("linear", "time-dependent", "Concedes at a constant rate.", e=1.0)
register_variant("conceder", "time-dependent", "Concedes early, then slowly.", e=2.0)
register_variant(
    "hardliner", "time-dependent", "Always offers its best outcome; accepts only that.", e=0.0
)

ASPIRATION_CURVES = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}


@register_strategy(
    "aspiration",
    citation="NegMAS AspirationNegotiator (Mohammad, Greenwald, Nakadai 2019, NegMAS: a "
    "platform for situated negotiations); aspiration levels after Siegel & Fouraker (1960)",
)
class Aspiration(TimeDependent):
    """Offers at the aspiration level m(1 - t^x) scaled to [Pmin, Pmax]; accepts offers above it."""

    def __init__(
        self,
        exponent: float | str = 4.0,
        max_aspiration: float = 1.0,
        tolerance: float = 0.001,
    ) -> None:
        x = ASPIRATION_CURVES.get(exponent, exponent) if isinstance(exponent, str) else exponent
        if isinstance(x, str) or not x > 0 or not 0 <= max_aspiration <= 1:
            raise ValueError(
                "exponent must be > 0 or one of boulware, linear, conceder; "
                "max_aspiration in [0, 1]"
            )
        super().__init__(e=1.0 / float(x), tolerance=tolerance)
        self.exponent = float(x)
        self.max_aspiration = float(max_aspiration)

    def settings(self) -> tuple[float | str, ...]:
        return (self.exponent, self.max_aspiration, self.tolerance)

    def level(self, t: npt.ArrayLike) -> npt.NDArray[np.float64]:
        p = self.prefs
        tt = np.clip(np.asarray(t, dtype=float), 0.0, 1.0)
        a = self.max_aspiration * (1.0 - np.power(tt, self.exponent))
        return np.asarray(p.pmin + (p.pmax - p.pmin) * a, dtype=float)

    def respond(self, view: View) -> bool:
        offer = view.offer
        assert offer is not None
        return self.prefs.at_least(offer, self.target(view))
