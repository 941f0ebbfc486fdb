"""A scenario's ratifying bodies as weighted voting games (for voting power)."""

from __future__ import annotations

from zopa.model.ratifiers import Ratifier
from zopa.model.schema import Scenario
from zopa.power.body import MEMBERS, Body, Clause


def ratifier_body(name: str, body: Ratifier) -> Body:
    """The body's factions as bloc voters weighted by seats, with the body's rule:
    ``[needed; seats...]``, unanimity as every faction, and veto holders kept."""
    fids = tuple(body.factions)
    seats = tuple(float(body.factions[f].seats) for f in fids)
    if body.rule.kind == "unanimity":
        clause = Clause(((MEMBERS, float(len(fids))),))
    else:
        clause = Clause((("seats", float(body.rule.needed(body.seats))),))
    return Body(name, fids, {"seats": seats}, (clause,), tuple(body.rule.veto))


def scenario_bodies(scenario: Scenario) -> list[tuple[str, Body]]:
    """``(party, body)`` for every ratifier of every party."""
    out = []
    for pid, party in scenario.parties.items():
        for bid, body in party.ratifiers.items():
            out.append((pid, ratifier_body(body.name or bid, body)))
    return out
