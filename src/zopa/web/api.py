"""The JSON API: each endpoint returns the document the command line prints with ``--json``.

Requests name scenarios by id only, bundled or in the run store (never a file-system path);
terms are checked by the same library functions as on the command line, and a bad request is
answered 4xx with its located problems.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from zopa._json import headed
from zopa.diagnose import diagnosis_document, proposal_outcome
from zopa.model import bundled_scenarios
from zopa.model.schema import Scenario
from zopa.model.summary import scenario_row, scenario_summary
from zopa.web import sources
from zopa.web.package import json_terms
from zopa.web.responses import JSONResponse
from zopa.web.sources import UnknownScenario

__all__ = ["UnknownScenario", "bundled", "document", "router"]

#: The most Monte Carlo draws one outlook request may ask for.
MAX_OUTLOOK_DRAWS = 20_000

ScenarioId = Annotated[
    str, Field(max_length=200, description="A scenario's name: bundled or in the run store.")
]
Term = StrictStr | StrictInt | StrictFloat
TermsField = Annotated[
    dict[Annotated[str, Field(max_length=200)], Term],
    Field(max_length=1000, description="issue: value; changes the proposal's terms."),
]

router = APIRouter(prefix="/api")


class DiagnoseRequest(BaseModel):
    """A proposal to diagnose: a named proposal, terms, or a named proposal with changes."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioId
    proposal: Annotated[str | None, Field(max_length=200)] = None
    terms: TermsField = Field(default_factory=dict)


class OutlookRequest(BaseModel):
    """An outlook run: draws, seed and settlement rules as on the command line."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioId
    draws: StrictInt = Field(500, ge=1, le=MAX_OUTLOOK_DRAWS)
    seed: StrictInt = Field(0, ge=0, le=2**63 - 1)
    rules: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=20)] = Field(
        default_factory=list
    )


def bundled(name: str) -> Scenario:
    """The scenario ``name``: a bundled one or the store's (see :func:`zopa.web.sources.find`);
    any other name is an :class:`UnknownScenario`."""
    return sources.find(name)


def document(data: dict[str, Any]) -> JSONResponse:
    """An analysis document as the command line's ``--json`` writes it: headed by
    ``zopa_version`` and ``schema_version``, plain JSON values."""
    return JSONResponse(headed(data))


@router.get("/scenarios")
def list_scenarios() -> JSONResponse:
    """The bundled scenarios (as ``zopa scenarios --json``), then the store's (their rows
    marked ``"source": "store"`` with their newest version; a stored text that does not validate
    is listed with its problems)."""
    rows = [scenario_row(name, bundled(name)) for name in bundled_scenarios()]
    return document({"scenarios": rows + sources.stored_rows()})


@router.get("/scenarios/{scenario_id}")
def show_scenario(scenario_id: ScenarioId) -> JSONResponse:
    """A scenario's issues, parties and proposals (as ``zopa show --json``)."""
    return document(scenario_summary(bundled(scenario_id)))


@router.post("/diagnose")
def diagnose_proposal(req: DiagnoseRequest) -> JSONResponse:
    """Each party's verdict, margin and reasons (as ``zopa diagnose --json``)."""
    return diagnosis(req.scenario, req.proposal, req.terms)


def diagnosis(
    scenario: str, proposal: str | None, terms: dict[str, str | int | float]
) -> JSONResponse:
    """The answer to a diagnosis request (its located errors raised)."""
    s = bundled(scenario)
    name, outcome = proposal_outcome(s, proposal, json_terms(terms))
    return document(diagnosis_document(s, outcome, name))


@router.post("/outlook")
def outlook_run(req: OutlookRequest) -> JSONResponse:
    """The probability of a deal and the likely settlement (as ``zopa outlook --json``)."""
    from zopa.outlook import DEFAULT_RULE, outlook

    s = bundled(req.scenario)
    rules = tuple(req.rules)
    result = outlook(
        s,
        draws=req.draws,
        seed=req.seed,
        rules=rules or None,
        default=rules[0] if rules else DEFAULT_RULE,
    )
    return document(result.to_dict())
