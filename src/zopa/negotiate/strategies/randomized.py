"""The seeded random negotiator: a baseline that proposes at random among the outcomes it finds
acceptable and accepts acceptable offers with a fixed probability.

It is the zero-intelligence baseline of negotiation tournaments (the random agent of GENIUS and
NegMAS's ``RandomNegotiator``; Gode & Sunder 1993, *Allocative efficiency of markets with
zero-intelligence traders*, J. Political Economy 101(1):119-137, for the idea of a constrained
random trader). Unlike NegMAS's version it never proposes or accepts an outcome below its
reservation value or across its red lines.
"""

from __future__ import annotations

import numpy as np

from zopa.negotiate.arena import Preferences, SessionInfo, View
from zopa.negotiate.registry import register_strategy
from zopa.negotiate.strategies.base import Strategy


@register_strategy(
    "random",
    stochastic=True,
    citation="Gode & Sunder (1993), zero-intelligence traders; GENIUS/NegMAS random agents",
)
class RandomStrategy(Strategy):
    """Proposes a uniformly random acceptable outcome; accepts acceptable offers w.p. p_accept."""

    def __init__(self, p_accept: float = 0.5, p_end: float = 0.0) -> None:
        if not (0 <= p_accept <= 1 and 0 <= p_end <= 1):
            raise ValueError("p_accept and p_end must lie in [0, 1]")
        self.p_accept = float(p_accept)
        self.p_end = float(p_end)

    def reset(self, prefs: Preferences, info: SessionInfo, rng: np.random.Generator) -> None:
        super().reset(prefs, info, rng)
        self._pool = prefs.candidates

    def propose(self, view: View) -> int | None:
        if self.prefs.hopeless or (self.p_end and self.rng.random() < self.p_end):
            return None
        return int(self._pool[self.rng.integers(self._pool.size)])

    def respond(self, view: View) -> bool:
        assert view.offer is not None
        return self.prefs.ok(view.offer) and bool(self.rng.random() < self.p_accept)

    def vote(self, view: View) -> bool:
        assert view.offer is not None
        return self.prefs.ok(view.offer) and bool(self.rng.random() < self.p_accept)
