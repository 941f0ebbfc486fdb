"""One call for the whole agreement-space picture: ZOPA, frontier, solutions, proposals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zopa.frontier.front import Frontier, frontier
from zopa.frontier.solutions import SOLUTIONS, Deal, solve_all
from zopa.frontier.zone import zopa
from zopa.game import TOL, Game
from zopa.model import Scenario

__all__ = ["FrontierSummary", "frontier_summary"]


@dataclass(frozen=True)
class FrontierSummary:
    """The agreement space of a game in JSON-ready parts: the signatories, the ZOPA, the
    frontier (``points`` capped, ``size`` the full count), every solution's deal (None where a
    solution has none) and, for a scenario, each tabled proposal with its closest Pareto
    improvement."""

    signatories: tuple[str, ...]
    zopa: Mapping[str, Any]
    frontier: Mapping[str, Any]
    solutions: Mapping[str, Mapping[str, Any] | None]
    proposals: Mapping[str, Mapping[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """``{"signatories", "zopa", "frontier", "solutions", "proposals"}``."""
        return {
            "signatories": list(self.signatories),
            "zopa": dict(self.zopa),
            "frontier": dict(self.frontier),
            "solutions": dict(self.solutions),
            "proposals": dict(self.proposals),
        }


def frontier_summary(subject: Game | Scenario, max_points: int | None = None) -> FrontierSummary:
    """The ZOPA, the frontier, every solution and (for a scenario) each named proposal with
    its closest Pareto improvement.

    ``max_points`` caps the number of frontier points listed (``frontier.size`` is always the
    full count).
    """
    scenario = subject if isinstance(subject, Scenario) else None
    game = subject.compile() if isinstance(subject, Scenario) else subject
    front = frontier(game)
    deals = solve_all(game, front=front)
    return FrontierSummary(
        tuple(front.party_ids),
        zopa(game, front).to_dict(),
        _frontier_data(game, front, max_points),
        {n: _deal(d) for n, d in deals.items()},
        _proposals(game, front, scenario) if scenario is not None else {},
    )


def _frontier_data(game: Game, front: Frontier, max_points: int | None) -> dict[str, Any]:
    data = front.to_dict(game)
    listed = data["points"] if max_points is None else data["points"][:max_points]
    return {
        "method": data["method"],
        "resolution": data["resolution"],
        "size": len(front),
        "in_zopa": int(front.acceptable.sum()),
        "points": listed,
    }


def _deal(deal: Deal | None) -> dict[str, Any] | None:
    return None if deal is None else deal.to_dict()


def _proposals(game: Game, front: Frontier, scenario: Scenario) -> dict[str, Any]:
    """Each tabled proposal: utilities, who accepts it, and its closest Pareto improvement."""
    out: dict[str, Any] = {}
    sig = list(front.parties)
    for name, proposal in scenario.proposals.items():
        code = game.encode(proposal.terms)
        u = game.utilities_of([code])[:, 0]
        feasible = game.feasible_of([code])[:, 0]
        accepts = feasible & (u >= game.reservations - TOL)
        out[name] = {
            "code": code,
            "utilities": dict(zip(game.party_ids, u.tolist(), strict=True)),
            "accepted_by": [game.party_ids[i] for i in sig if accepts[i]],
            "in_zopa": bool(accepts[sig].all()),
            "closest": _deal(SOLUTIONS["closest"](game, front=front, proposal=code)),
        }
    return out
