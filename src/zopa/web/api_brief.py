"""Provenance, the odds of signing and the brief over HTTP.

``/api/audit`` returns the document of ``zopa audit --json``; ``/api/evidence`` the evidence the
desk shows behind each judgement; ``/api/odds`` each party's chance of signing a package over the
outlook's draws (:mod:`zopa.odds`; the draws are made once per scenario, draws and seed); and
``/api/report`` the brief of ``zopa report`` (:mod:`zopa.report`) as one HTML file.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from zopa.diagnose import proposal_outcome
from zopa.model.schema import Scenario
from zopa.odds import Draws
from zopa.web.api import bundled, document
from zopa.web.package import (
    PackageRequest,
    ScenarioId,
    Seed,
    json_terms,
    named_package,
    per_scenario,
)
from zopa.web.responses import HTMLResponse, JSONResponse

router = APIRouter(prefix="/api")

#: The most draws one odds, audit or brief request may ask for.
MAX_DRAWS = 20_000
#: The most robustness draws of the brief's counter-proposal.
MAX_COUNTER_DRAWS = 2_000


class AuditRequest(BaseModel):
    """The provenance audit of a scenario (as ``zopa audit --json``)."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioId
    draws: Annotated[StrictInt, Field(ge=0, le=MAX_DRAWS)] = 1000
    seed: Seed = 0


class OddsRequest(PackageRequest):
    """Each party's odds of signing a package."""

    draws: Annotated[StrictInt, Field(ge=1, le=MAX_DRAWS)] = 200
    seed: Seed = 0


class ReportRequest(PackageRequest):
    """The brief on a package (as ``zopa report``)."""

    draws: Annotated[StrictInt, Field(ge=1, le=MAX_DRAWS)] = 2000
    counter_draws: Annotated[StrictInt, Field(ge=0, le=MAX_COUNTER_DRAWS)] = 200
    seed: Seed = 0


@router.post("/audit")
def audit_doc(req: AuditRequest) -> JSONResponse:
    """Every judged number with its evidence (as ``zopa audit --json``)."""
    from zopa.audit import audit

    return document(audit(bundled(req.scenario), draws=req.draws, seed=req.seed).to_dict())


@router.get("/evidence/{scenario_id}")
def evidence_doc(scenario_id: ScenarioId) -> JSONResponse:
    """Per party, the evidence behind its walk-away value, its stake in each issue and its red
    lines: the audit's mark, the sources cited and the analyst's judgements."""
    from zopa.web.evidence import evidence_of

    return document({"scenario": scenario_id, "parties": evidence_of(bundled(scenario_id))})


def _draws(s: Scenario, draws: int, seed: int) -> Draws:
    from zopa.odds import judgement_draws

    return per_scenario(
        s, ("draws", draws, seed), lambda: judgement_draws(s, draws=draws, seed=seed)
    )


@router.post("/odds")
def odds_doc(req: OddsRequest) -> JSONResponse:
    """Each party's chance of signing the package over the outlook's draws of the judgements."""
    from zopa.odds import sign_odds

    s = bundled(req.scenario)
    name, terms = proposal_outcome(s, req.proposal, json_terms(req.terms))
    result = sign_odds(_draws(s, req.draws, req.seed), terms)
    return document({"proposal": name, **result.to_dict()})


@router.post("/report", response_class=HTMLResponse)
def report_html(req: ReportRequest) -> HTMLResponse:
    """The brief on the package (default: the most recent proposal), one self-contained HTML
    file (as ``zopa report``)."""
    from zopa.report import build_report
    from zopa.report.html import render_html

    s = bundled(req.scenario)
    if req.proposal is None and not req.terms:  # as the command line: the most recent proposal
        from zopa.report import default_proposal

        req = req.model_copy(update={"proposal": default_proposal(s)})
    s, name = named_package(s, req)
    report = build_report(s, name, draws=req.draws, counter_draws=req.counter_draws, seed=req.seed)
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)[:80]
    return HTMLResponse(
        render_html(report),
        headers={"content-disposition": f'attachment; filename="brief-{safe}.html"'},
    )
