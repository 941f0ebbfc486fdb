"""MiCRO: Monotonic Concession with Rational Offers (de Jonge 2022, *An analysis of the linear
bilateral ANAC domains using the MiCRO benchmark strategy*, IJCAI-22, pp. 223-229).

MiCRO lists its acceptable outcomes from best to worst. It proposes the next outcome on the
list only while it has made no more distinct proposals than it has received distinct offers
from the opponent; otherwise it repeats one of its earlier proposals, chosen at random (seeded).
It accepts an offer worth at least the proposal it would make next if it is ready to concede,
else at least the worst proposal it has made so far. It never goes below its reservation value.
Ties in the list are ordered by outcome code.
"""

from __future__ import annotations

import numpy as np

from zopa.negotiate.arena import Preferences, SessionInfo, View
from zopa.negotiate.registry import register_strategy
from zopa.negotiate.strategies.base import Strategy


@register_strategy(
    "micro",
    bilateral_only=True,
    stochastic=True,
    citation="de Jonge (2022), An analysis of the linear bilateral ANAC domains using the "
    "MiCRO benchmark strategy, IJCAI-22",
)
class MiCRO(Strategy):
    """Concedes one outcome per new distinct opponent offer; repeats itself otherwise."""

    def reset(self, prefs: Preferences, info: SessionInfo, rng: np.random.Generator) -> None:
        super().reset(prefs, info, rng)
        self._order: list[int] = prefs.memo((MiCRO, "order"), lambda: _order(prefs))
        self._next = 0
        self._sent: list[int] = []
        self._sent_set: set[int] = set()
        self._received: set[int] = set()
        self._seen = 0

    def _sync(self, view: View) -> None:
        hist, me = view.history, self.prefs.party
        while self._seen < len(hist):
            _, who, code = hist[self._seen]
            self._seen += 1
            if who != me:
                self._received.add(code)

    def _ready(self) -> bool:
        return len(self._sent_set) <= len(self._received) and self._next < len(self._order)

    def propose(self, view: View) -> int | None:
        if self.prefs.hopeless:
            return None
        self._sync(view)
        if self._ready() or not self._sent:
            code = self._order[min(self._next, len(self._order) - 1)]
            self._next += 1
            self._sent.append(code)
            self._sent_set.add(code)
            return code
        return self._sent[int(self.rng.integers(len(self._sent)))]

    def respond(self, view: View) -> bool:
        assert view.offer is not None
        self._sync(view)
        p = self.prefs
        if self._ready():
            mine = self._order[self._next]
        elif self._next > 0:
            mine = self._order[min(self._next, len(self._order)) - 1]
        else:
            mine = p.best
        return p.gate[view.offer] >= p.level(mine)


def _order(prefs: Preferences) -> list[int]:
    """The acceptable outcomes best first (shared by every session on the same game)."""
    order = prefs.descending
    return order.tolist() if order.size else [prefs.best]
