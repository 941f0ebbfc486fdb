"""The agreement space, counters and simulated sessions over HTTP.

Each endpoint returns the document the command line prints with ``--json`` for the same request
(``zopa frontier``, ``zopa solutions``, ``zopa counter``, ``zopa what-it-takes``,
``zopa negotiate``), computed by the same library functions; a package may also be a proposal
with changed terms (see :mod:`zopa.web.package`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt

from zopa.errors import InputError
from zopa.web.api import bundled, document
from zopa.web.package import (
    Name,
    PackageRequest,
    ScenarioId,
    Seed,
    named_package,
    per_scenario,
)
from zopa.web.responses import JSONResponse

router = APIRouter(prefix="/api")

#: The most robustness draws one counter or what-it-takes request may ask for.
MAX_COUNTER_DRAWS = 2_000
#: The longest simulated session one request may ask for, in rounds.
MAX_ROUNDS = 2_000

Method = Literal["auto", "additive", "enumerate", "milp"]
CounterMethod = Literal["auto", "enumerate", "milp"]
Margin = Annotated[StrictFloat | StrictInt, Field(ge=0.0, le=1.0)]


class SpaceRequest(BaseModel):
    """The agreement space of a scenario (as ``zopa frontier`` / ``zopa solutions``)."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioId
    method: Method = "auto"
    ratified: StrictBool = False


class CounterRequest(PackageRequest):
    """Counter-proposals to a package (as ``zopa counter``)."""

    party: Name | None = Field(None, description="Bring this party on board.")
    rank: Annotated[str, Field(max_length=20)] = "robust"
    top: Annotated[StrictInt, Field(ge=1, le=50)] = 3
    method: CounterMethod = "auto"
    margin: Margin = 0.0
    draws: Annotated[StrictInt, Field(ge=0, le=MAX_COUNTER_DRAWS)] = 200
    seed: Seed = 0
    ratified: StrictBool = False


class TakesRequest(PackageRequest):
    """What it takes for a party to accept a package (as ``zopa what-it-takes``)."""

    party: Name = Field(description="The party to bring on board.")
    keep: Annotated[list[Name], Field(max_length=50)] = Field(default_factory=list)
    limit: Annotated[StrictInt, Field(ge=1, le=200)] = 20
    method: CounterMethod = "auto"
    margin: Margin = 0.0
    draws: Annotated[StrictInt, Field(ge=0, le=MAX_COUNTER_DRAWS)] = 200
    seed: Seed = 0


class NegotiateRequest(BaseModel):
    """A simulated session between the signatories (as ``zopa negotiate``)."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioId
    strategies: Annotated[
        dict[Name, Annotated[str, Field(max_length=200)]], Field(max_length=50)
    ] = Field(default_factory=dict, description="party: strategy spec (default boulware).")
    protocol: Annotated[str, Field(max_length=40)] = ""
    rounds: Annotated[StrictInt | None, Field(ge=1, le=MAX_ROUNDS)] = None
    seed: Seed = 0
    discount: Annotated[StrictFloat | StrictInt | None, Field(gt=0.0, le=1.0)] = None


def _space(name: str, method: Method, ratified: bool) -> tuple[Any, Any, Any]:
    s = bundled(name)

    def make() -> tuple[Any, Any, Any]:
        from zopa.frontier import frontier

        if ratified:
            from zopa.ratify import ratified_game

            game = ratified_game(s)
        else:
            game = s.compile()
        return s, game, frontier(game, method=method)

    return per_scenario(s, ("space", method, ratified), make)


@router.post("/frontier")
def frontier_doc(req: SpaceRequest) -> JSONResponse:
    """The ZOPA and the Pareto frontier (as ``zopa frontier --json``)."""
    from zopa.frontier import zopa

    s, game, front = _space(req.scenario, req.method, req.ratified)
    zone = zopa(game, front)
    return document({"scenario": s.name, "zopa": zone.to_dict(), "frontier": front.to_dict(game)})


@router.post("/solutions")
def solutions_doc(req: SpaceRequest) -> JSONResponse:
    """Bargaining solutions and the closest Pareto improvement of each tabled proposal (as
    ``zopa solutions --json``)."""
    from zopa.frontier import SOLUTIONS, solve_all

    s, game, front = _space(req.scenario, "auto", req.ratified)
    deals = solve_all(game, front=front)
    closest = {
        n: SOLUTIONS["closest"](game, front=front, proposal=game.encode(p.terms))
        for n, p in s.proposals.items()
    }
    return document(
        {
            "scenario": s.name,
            "signatories": list(front.party_ids),
            "solutions": {n: d.to_dict() if d else None for n, d in deals.items()},
            "closest": {n: d.to_dict() if d else None for n, d in closest.items()},
        }
    )


@router.post("/counter")
def counter_doc(req: CounterRequest) -> JSONResponse:
    """Counter-proposals to a rejected package (as ``zopa counter --json``)."""
    from zopa.counter import counter_proposals

    s, name = named_package(bundled(req.scenario), req)
    game = None
    if req.ratified:
        from zopa.ratify import ratified_game

        game = ratified_game(s)
    report = counter_proposals(
        s,
        name,
        game=game,
        for_party=req.party,
        rank=req.rank,
        top=req.top,
        method=req.method,
        margin=float(req.margin),
        draws=req.draws,
        seed=req.seed,
    )
    return document(report.to_dict())


@router.post("/what-it-takes")
def what_it_takes_doc(req: TakesRequest) -> JSONResponse:
    """The minimal sets of changes that make a party accept (as ``zopa what-it-takes --json``)."""
    from zopa.counter import what_it_takes

    s, name = named_package(bundled(req.scenario), req)
    result = what_it_takes(
        s,
        name,
        req.party,
        keep=tuple(req.keep),
        limit=req.limit,
        method=req.method,
        margin=float(req.margin),
        draws=req.draws,
        seed=req.seed,
    )
    return document(result.to_dict())


@router.post("/negotiate")
def negotiate_doc(req: NegotiateRequest) -> JSONResponse:
    """One simulated session, its trace and outcome (as ``zopa negotiate --json``)."""
    from zopa.negotiate import negotiate
    from zopa.negotiate.report import session_document
    from zopa.negotiate.sources import Source

    s = bundled(req.scenario)
    discounts = {pid: p.discount.point for pid, p in s.parties.items() if p.discount is not None}
    rounds = s.deadline.rounds if s.deadline is not None else None
    src = Source(s.name, s.name, s.compile(), discounts, rounds)
    game = src.negotiators
    chosen = {p: "boulware" for p in game.party_ids}
    for party, spec in req.strategies.items():
        if party not in chosen:
            raise InputError.single(
                f"{party!r} does not negotiate; parties: {', '.join(game.party_ids)}",
                path=f"strategies.{party}",
            )
        chosen[party] = spec
    session = negotiate(
        game,
        chosen,
        protocol=req.protocol or None,
        rounds=req.rounds if req.rounds is not None else (src.rounds or 100),
        seed=req.seed,
        discount=src.discount(None if req.discount is None else float(req.discount)),
    )
    return document(session_document(session, game, src.game, src.label))
