"""A session explained in the scenario's terms: what each move changed, which offers crossed a
party's red lines or fell below its reservation value, every party's result (stakeholders
scored, though they do not negotiate) and the distance to the Nash point.

Rounds are numbered from 1 here (``Session`` and its JSON count from 0); the final ratification
of the mediated protocol, which follows the last round, has round ``None``. Changes compare an
offer with the offer on the table before it (in the mediated protocol: a proposal with the
standing text, starting from the mediator's random first text); an opening offer lists all its
terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from zopa._types import Value
from zopa.game import TOL, Game
from zopa.negotiate.mediated import initial_text
from zopa.negotiate.scoring import landmarks
from zopa.negotiate.session import MEDIATOR, Event, Session

Flag = Literal["red line", "below reservation"] | None
Change = tuple[str, Value | None, Value]


@dataclass(frozen=True)
class Move:
    """One row of the trace: who did what (round from 1), what it changed, every negotiating
    party's utility of the outcome concerned and why it is unacceptable to a party, if it is."""

    round: int | None
    party: str
    action: str
    outcome: int | None
    changes: tuple[Change, ...] | None
    utilities: tuple[float, ...]
    flags: tuple[Flag, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "party": self.party,
            "action": self.action,
            "outcome": self.outcome,
            "changes": None
            if self.changes is None
            else [{"issue": i, "from": a, "to": b} for i, a, b in self.changes],
            "utilities": list(self.utilities),
            "flags": list(self.flags),
        }


def moves(session: Session, game: Game) -> list[Move]:
    """The session's trace as :class:`Move` rows; ``game`` is the game the session was played
    on (its parties are the negotiating parties)."""
    codes = [e.outcome for e in session.events if e.outcome is not None]
    flags = _flags(game, codes)
    adopted: dict[int, bool] = {}
    for e in session.events:
        if e.action.startswith("vote-"):
            adopted[e.round] = adopted.get(e.round, True) and e.action == "vote-yes"
    reference = None
    if session.protocol == "mediated" and session.seed is not None:
        reference = initial_text(session.seed, game.n_outcomes)
    out, k = [], 0
    for e in session.events:
        changes = None
        f: tuple[Flag, ...] = ()
        if e.outcome is not None:
            f = flags[k]
            k += 1
            if e.action in ("offer", "propose"):
                changes = _changes(game, reference, e.outcome)
                if e.action == "offer" or adopted.get(e.round, False):
                    reference = e.outcome
        out.append(
            Move(
                _round(session, e),
                "mediator" if e.party == MEDIATOR else session.parties[e.party],
                e.action,
                e.outcome,
                changes,
                e.utilities,
                f,
            )
        )
    return out


def outcome(session: Session, game: Game, full: Game | None = None) -> list[dict[str, Any]]:
    """Every party's result: negotiating parties (of ``game``) first, then the parties of
    ``full`` that did not negotiate (scored only: their utility of the agreement, or their
    reservation value if there is none)."""
    full = full or game
    rows = []
    for i, pid in enumerate(session.parties):
        rows.append(
            {
                "party": pid,
                "role": "negotiates",
                "strategy": session.strategies[i],
                "utility": session.utilities[i],
                "payoff": session.payoffs[i],
                "reservation": float(game.reservations[i]),
                "discount": session.discount[i] if session.discount else 1.0,
            }
        )
    others = [j for j, pid in enumerate(full.party_ids) if pid not in session.parties]
    if others and session.agreement is not None:
        u = full.utilities_of([session.agreement])[:, 0]
    else:
        u = full.reservations
    for j in others:
        rows.append(
            {
                "party": full.party_ids[j],
                "role": "scored only",
                "strategy": None,
                "utility": float(u[j]),
                "payoff": float(u[j]),
                "reservation": float(full.reservations[j]),
                "discount": 1.0,
            }
        )
    return rows


def distances(session: Session, game: Game) -> dict[str, Any]:
    """The Nash point of the negotiating parties and the distances of the session's outcome
    point to it and to the Pareto frontier (:mod:`zopa.negotiate.scoring`)."""
    marks = landmarks(game)
    d_nash, d_front = marks.distances(np.array([session.utilities]))
    return {
        "nash": None
        if marks.nash is None
        else dict(zip(game.party_ids, marks.nash.tolist(), strict=True)),
        "nash_distance": None if np.isnan(d_nash[0]) else float(d_nash[0]),
        "frontier_distance": float(d_front[0]),
    }


def _round(session: Session, e: Event) -> int | None:
    if session.protocol == "mediated" and e.round >= session.rounds_played:
        return None
    return e.round + 1


def _flags(game: Game, codes: list[int]) -> list[tuple[Flag, ...]]:
    if not codes:
        return []
    feasible = game.feasible_of(codes)
    below = game.utilities_of(codes) < game.reservations[:, None] - TOL
    out = []
    for k in range(len(codes)):
        row: list[Flag] = []
        for p in range(game.n_parties):
            row.append(
                "red line" if not feasible[p, k] else "below reservation" if below[p, k] else None
            )
        out.append(tuple(row))
    return out


def _changes(game: Game, before: int | None, after: int) -> tuple[Change, ...]:
    new = game.decode(after)
    if before is None:
        return tuple((issue, None, v) for issue, v in new.items())
    old: Mapping[str, Value] = game.decode(before)
    return tuple((i, old[i], v) for i, v in new.items() if old[i] != v)


def session_document(session: Session, game: Game, full: Game, label: str) -> dict[str, Any]:
    """The document ``zopa negotiate --json`` prints: the session, the scenario's label, and the
    report: every party's result, the distances to the Nash point and the frontier, the trace
    (:func:`moves`) and every offer's step of the dance (:func:`zopa.negotiate.dance.dance`)."""
    from zopa.negotiate.dance import dance

    report = {"outcome": outcome(session, game, full), **distances(session, game)}
    report["moves"] = [m.to_dict() for m in moves(session, game)]
    report["steps"] = [s.to_dict() for s in dance(session)]
    return {**session.to_dict(), "scenario": label, "report": report}
