"""One call for the whole agreement-space picture: ZOPA, frontier, solutions, proposals."""

from __future__ import annotations

from typing import Any

from zopa.frontier.front import Frontier, frontier
from zopa.frontier.solutions import SOLUTIONS, Deal, solve_all
from zopa.frontier.zone import zopa
from zopa.game import TOL, Game
from zopa.model import Scenario

__all__ = ["summary"]


def summary(subject: Game | Scenario, max_points: int | None = None) -> dict[str, Any]:
    """The ZOPA, the frontier, every solution and (for a scenario) each named proposal with
    its closest Pareto improvement, as plain JSON-ready data.

    ``max_points`` caps the number of frontier points listed (``frontier.size`` is always the
    full count).
    """
    scenario = subject if isinstance(subject, Scenario) else None
    game = subject.compile() if isinstance(subject, Scenario) else subject
    front = frontier(game)
    deals = solve_all(game, front=front)
    return {
        "signatories": list(front.party_ids),
        "zopa": zopa(game, front).to_dict(),
        "frontier": _frontier_data(game, front, max_points),
        "solutions": {n: _deal(d) for n, d in deals.items()},
        "proposals": _proposals(game, front, scenario) if scenario is not None else {},
    }


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
