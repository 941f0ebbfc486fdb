"""Imitative tit-for-tat tactics (Faratin, Sierra & Jennings 1998, §4.3), in utility space.

Faratin et al. define imitation issue by issue: the *relative* tactic scales its previous offer
by the ratio of two of the opponent's offers ``delta`` moves apart; the *absolute* tactic moves
by the same amount the opponent moved. Here they act on the party's demand ``d`` (the utility
to itself of its own offers), reading the opponent's demand through the zero-sum proxy
``1 - g`` where ``g`` is the party's own utility of the opponent's offer (no opponent model;
NegMAS's ``NaiveTitForTatNegotiator`` makes the same assumption). With ``g_old``, ``g_new`` the
opponent's offers ``delta`` and ``delta - 1`` moves back:

    absolute:  d <- d - (g_new - g_old)
    relative:  d <- d * (1 - g_new) / (1 - g_old)

clamped to ``[Pmin, Pmax]``; a hardening opponent raises ``d`` again. ``d`` starts at ``Pmax``.
With ``must_concede`` the second proposal concedes to the next lower utility level if the
opponent gave nothing to imitate yet (otherwise two tit-for-tat players never move; NegMAS's
``must_concede``). Offers are chosen at ``d`` by the ``above`` rule; acceptance is AC_next.
"""

from __future__ import annotations

import numpy as np

from zopa.game import TOL
from zopa.negotiate.arena import Preferences, SessionInfo, View, level_of
from zopa.negotiate.registry import register_strategy, register_variant
from zopa.negotiate.strategies.base import Strategy


@register_strategy(
    "tit-for-tat",
    bilateral_only=True,
    citation="Faratin, Sierra & Jennings (1998), imitative tactics (relative and absolute "
    "tit-for-tat), Robotics and Autonomous Systems 24:159-182",
)
class TitForTat(Strategy):
    """Mirrors the opponent's last concession in its own demand (absolute by default)."""

    def __init__(self, mode: str = "absolute", delta: int = 1, must_concede: bool = True) -> None:
        if mode not in ("absolute", "relative"):
            raise ValueError(f"mode must be 'absolute' or 'relative', not {mode!r}")
        if not (isinstance(delta, int) and delta >= 1):
            raise ValueError("delta must be an integer >= 1")
        self.mode = mode
        self.delta = delta
        self.must_concede = bool(must_concede)

    def reset(self, prefs: Preferences, info: SessionInfo, rng: np.random.Generator) -> None:
        super().reset(prefs, info, rng)
        self.demand = prefs.pmax
        self._seen = 0
        self._gains: list[float] = []
        self._proposals = 0
        self._plan = (self.demand, prefs.best)

    def _update(self, view: View) -> None:
        """Read the opponent's new offers and move the demand accordingly."""
        hist = view.history
        me, p = self.prefs.party, self.prefs
        while self._seen < len(hist):
            _, who, code = hist[self._seen]
            self._seen += 1
            if who == me:
                continue
            self._gains.append(p.u(code))
            if len(self._gains) > self.delta:
                g_old, g_new = self._gains[-self.delta - 1], self._gains[-self.delta]
                self.demand = self._imitate(g_old, g_new)

    def _imitate(self, g_old: float, g_new: float) -> float:
        p = self.prefs
        if self.mode == "absolute":
            d = self.demand - (g_new - g_old)
        else:
            d = self.demand * (1.0 - g_new) / (1.0 - g_old) if 1.0 - g_old > TOL else p.pmin
        return min(max(d, p.pmin), p.pmax)

    def _planned(self) -> int:
        """The offer at the current demand (cached while the demand is unchanged)."""
        if self._plan[0] != self.demand:
            self._plan = (self.demand, self.prefs.select_one(self.demand))
        return self._plan[1]

    def propose(self, view: View) -> int | None:
        if self.prefs.hopeless:
            return None
        self._update(view)
        self._proposals += 1
        if self.must_concede and self._proposals == 2 and self._at_top():
            self.demand = self._next_lower(self.demand)
        return self._planned()

    def respond(self, view: View) -> bool:
        assert view.offer is not None
        p = self.prefs
        self._update(view)
        return p.gate[view.offer] >= p.level(self._planned())

    def _at_top(self) -> bool:
        """True while the demand is at the level of the best candidate."""
        return level_of(self.demand) >= self.prefs.level(self.prefs.best)

    def _next_lower(self, level: float) -> float:
        """A utility of the highest candidate level strictly below ``level`` (or ``Pmin``)."""
        p = self.prefs
        i = int(np.searchsorted(p.sorted_levels, level_of(level), side="left"))
        return max(float(p.sorted_utility[i - 1]), p.pmin) if i > 0 else p.pmin


register_variant(
    "relative-tit-for-tat",
    "tit-for-tat",
    "Mirrors the opponent's last concession in proportion to its demand.",
    mode="relative",
)
