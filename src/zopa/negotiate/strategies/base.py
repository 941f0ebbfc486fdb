"""The strategy call shape, and a scripted strategy for transcript-style tests and demos.

A strategy is reset at the start of every session with its own :class:`Preferences`, the
session's :class:`SessionInfo` and a seeded ``numpy.random.Generator``; after that it only
answers three questions, each given a frozen :class:`View`:

* ``propose(view) -> outcome code`` (or ``None`` to walk away; proposing implies accepting,
  so the built-in strategies walk away when no outcome is acceptable to them);
* ``respond(view) -> bool``: accept the offer on the table?
* ``vote(view) -> bool`` (mediated protocol): accept the mediator's proposal ``view.offer`` in
  place of the current text ``view.current``? The default votes for changes that do not make the
  party worse off (Klein, Faratin, Sayama, Bar-Yam 2003, *Negotiating complex contracts*,
  Group Decision and Negotiation 12(2):111-125, the "hill-climber" voter).

Everything a strategy remembers lives on the instance and is rebuilt by ``reset``, so an
instance can be reused across sessions, pickled, and replayed from a seed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zopa.negotiate.arena import Preferences, SessionInfo, View


class Strategy:
    """Base class: subclasses override :meth:`propose` and :meth:`respond` (and :meth:`vote`)."""

    spec: str = ""
    prefs: Preferences
    info: SessionInfo
    rng: np.random.Generator

    def reset(self, prefs: Preferences, info: SessionInfo, rng: np.random.Generator) -> None:
        """Start a new session (forget everything from earlier ones)."""
        self.prefs = prefs
        self.info = info
        self.rng = rng

    def propose(self, view: View) -> int | None:
        raise NotImplementedError

    def respond(self, view: View) -> bool:
        raise NotImplementedError

    def vote(self, view: View) -> bool:
        """Hill-climbing vote: yes iff the proposal is at least as good as the current text."""
        assert view.offer is not None and view.current is not None
        return self.prefs.level(view.offer) >= self.prefs.level(view.current)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec or '(unregistered)'}>"


class Scripted(Strategy):
    """Plays a fixed script: offers ``offers[i]`` on its i-th proposal (repeating the last one),
    accepts on its j-th response iff ``accepts[j]`` (rejecting after the script ends), votes
    ``votes[k]``. Raises ``error`` on the given call if set, to test failure handling."""

    def __init__(
        self,
        offers: Sequence[int | None] = (),
        accepts: Sequence[bool] = (),
        votes: Sequence[bool] = (),
        raise_on: str | None = None,
    ) -> None:
        self.offers = list(offers)
        self.accepts = list(accepts)
        self.votes = list(votes)
        self.raise_on = raise_on
        self.spec = "scripted"

    def reset(self, prefs: Preferences, info: SessionInfo, rng: np.random.Generator) -> None:
        super().reset(prefs, info, rng)
        self.n_proposed = self.n_responded = self.n_voted = 0
        self.seen: list[int | None] = []

    def propose(self, view: View) -> int | None:
        self._maybe_raise("propose")
        i = min(self.n_proposed, len(self.offers) - 1)
        self.n_proposed += 1
        return self.offers[i] if self.offers else None

    def respond(self, view: View) -> bool:
        self._maybe_raise("respond")
        self.seen.append(view.offer)
        j = self.n_responded
        self.n_responded += 1
        return self.accepts[j] if j < len(self.accepts) else False

    def vote(self, view: View) -> bool:
        self._maybe_raise("vote")
        k = self.n_voted
        self.n_voted += 1
        return self.votes[k] if k < len(self.votes) else False

    def _maybe_raise(self, call: str) -> None:
        if self.raise_on == call:
            raise RuntimeError(f"scripted failure in {call}")
