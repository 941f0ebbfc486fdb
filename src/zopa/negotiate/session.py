"""Session results as values: the trace (every offer, response and vote with the utilities of
the outcome concerned) and the outcome (agreement with its terms, or breakdown).

A :class:`Session` is frozen, compares by value and round-trips through JSON
(:meth:`Session.to_dict` / :meth:`Session.from_dict`). Given the game and the recorded seed,
:func:`zopa.negotiate.replay` reproduces it exactly (round-timed deadlines only).

Statuses: ``agreement``; ``timeout`` (the deadline passed); ``ended`` (a party walked away);
``failed`` (a strategy raised or made an invalid move: the session is recorded as a breakdown
with the failure attached, never raised to the caller).

Utilities: ``utilities`` are the parties' undiscounted utilities of the result (the agreement,
or each party's reservation value on breakdown); ``payoffs`` apply each party's discount factor
``d`` at the relative time ``t`` the session ended, ``u * d**t`` (the GENIUS convention,
Lin et al. 2014, *Genius: an integrated environment ...*, Computational Intelligence 30(1)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, NamedTuple

Status = Literal["agreement", "timeout", "ended", "failed"]
Action = Literal["offer", "accept", "reject", "end", "propose", "vote-yes", "vote-no"]
MEDIATOR = -1


class Event(NamedTuple):
    """One move: ``party`` (``-1`` = the mediator) did ``action`` on ``outcome`` in ``round``,
    with every party's utility of that outcome (immutable)."""

    round: int
    time: float
    party: int
    action: Action
    outcome: int | None
    utilities: tuple[float, ...] = ()


@dataclass(frozen=True)
class Failure:
    """Why a session failed: which party's strategy, and the error it raised."""

    party: int
    strategy: str
    error: str


@dataclass(frozen=True)
class Session:
    """A finished negotiation session (a value: frozen, comparable, JSON-serialisable)."""

    protocol: str
    parties: tuple[str, ...]
    strategies: tuple[str, ...]
    seed: int | None
    rounds: int | None
    status: Status
    agreement: int | None
    terms: Mapping[str, str | float] | None
    utilities: tuple[float, ...]
    payoffs: tuple[float, ...]
    rounds_played: int
    time: float
    failure: Failure | None = None
    events: tuple[Event, ...] = field(default=(), repr=False)
    seconds: float | None = None
    discount: tuple[float, ...] = ()
    first: int = 0

    @property
    def agreed(self) -> bool:
        return self.status == "agreement"

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        line = f"{self.protocol}: {' vs '.join(self.strategies)}, {self.status} after "
        line += f"{self.rounds_played} rounds"
        rows = [
            {"party": p, "strategy": s, "utility": u, "payoff": v}
            for p, s, u, v in zip(
                self.parties, self.strategies, self.utilities, self.payoffs, strict=False
            )
        ]
        terms = [f"{k}: {v}" for k, v in (self.terms or {}).items()]
        return view("Negotiation session", [line, "; ".join(terms)] if terms else [line], rows)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        data = asdict(self)
        data["terms"] = dict(self.terms) if self.terms is not None else None
        data["events"] = [{**e._asdict(), "utilities": list(e.utilities)} for e in self.events]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Session:
        """Inverse of :meth:`to_dict`."""
        d = dict(data)
        for key in ("parties", "strategies", "utilities", "payoffs", "discount"):
            d[key] = tuple(d.get(key, ()))
        d["failure"] = Failure(**d["failure"]) if d.get("failure") else None
        d["events"] = tuple(
            Event(**{**e, "utilities": tuple(e.get("utilities", ()))}) for e in d.get("events", ())
        )
        return cls(**d)

    def transcript(self) -> list[str]:
        """The trace as short lines, e.g. ``"0 us offers 12 (0.9, 0.2)"``."""
        names = self.parties
        lines = []
        for e in self.events:
            who = "mediator" if e.party == MEDIATOR else names[e.party]
            what = {"offer": "offers", "accept": "accepts", "reject": "rejects"}.get(
                e.action, e.action
            )
            utils = ", ".join(f"{u:.4g}" for u in e.utilities)
            tail = f" {e.outcome}" if e.outcome is not None else ""
            lines.append(f"{e.round} {who} {what}{tail}" + (f" ({utils})" if utils else ""))
        lines.append(self.status + (f" {self.agreement}" if self.agreement is not None else ""))
        return lines
