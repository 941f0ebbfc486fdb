"""Job pages: start an outlook or a forecast, watch its progress, cancel it, read its result.

The forms post to these pages (with the form token); the pages queue the job through the same
functions as the JSON API (:mod:`zopa.web.api_jobs`), and the job page's script polls
``/api/jobs/{id}`` and cancels with ``DELETE``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from zopa.errors import ZopaError
from zopa.model import bundled_scenarios
from zopa.web import api_jobs, sources
from zopa.web.pages_common import DEFAULT_SCENARIO, form, query, refused, render, whole
from zopa.web.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

KINDS = ("outlook", "forecast")


def _jobs(
    request: Request, status: int = 200, scenario: str | None = None, **context: Any
) -> HTMLResponse:
    """The jobs page; its form offers ``scenario`` when that is one of the server's scenarios,
    else the default scenario."""
    names = list(bundled_scenarios()) + [r["name"] for r in sources.stored_rows()]
    jobs = [api_jobs.view(request, j) for j in request.app.state.jobs.list()]
    offered = next((n for n in (scenario, DEFAULT_SCENARIO) if n in names), names[0])
    context.setdefault("chosen", {"kind": "outlook", "scenario": offered, "draws": 2000})
    return render(request, "jobs.html", status, jobs=jobs, names=names, kinds=KINDS, **context)


@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(
    request: Request, scenario: Annotated[str | None, Query(max_length=200)] = None
) -> HTMLResponse:
    """This server's jobs, newest first, and a form to start one (on ``scenario`` if named)."""
    return _jobs(request, scenario=scenario)


@router.post("/jobs", response_class=HTMLResponse)
async def start_page(request: Request) -> Response:
    """Queue the job the form asks for and go to its page."""
    fields = await form(request)
    kind = fields.get("kind", "outlook")
    body: dict[str, Any] = {
        "scenario": str(fields.get("scenario", "")),
        "draws": whole(fields, "draws", 2000),
    }
    seed = whole(fields, "seed", None)
    if seed is not None:
        body["seed"] = seed
    chosen = {"kind": kind, **body}
    try:
        if kind == "forecast":
            answer = api_jobs.forecast_job(api_jobs.ForecastJob(**body), request)
        elif kind == "outlook":
            answer = api_jobs.outlook_job(api_jobs.OutlookJob(**body), request)
        else:
            raise HTTPException(422, f"unknown kind of job {kind!r}; known: outlook, forecast")
    except (ZopaError, HTTPException, ValidationError) as err:
        status, problems = refused(err)
        return _jobs(request, status, problems=problems, chosen=chosen)
    doc = json.loads(bytes(answer.body))
    if answer.status_code != 202:
        page = _jobs(request, answer.status_code, problems=doc["problems"], chosen=chosen)
        page.headers["Retry-After"] = answer.headers.get("retry-after", "5")
        return page
    return RedirectResponse(f"/jobs/{doc['id']}{query(request)}", status_code=303)


def _job(request: Request, job_id: str) -> Any:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return job


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    """A job's progress, with a cancel button while it runs and its summary when done."""
    job = _job(request, job_id)
    summary = job.result.get("summary") if job.result else None
    return render(
        request, "job.html", job=api_jobs.view(request, job), summary=summary, job_id=job.id
    )


@router.post("/jobs/{job_id}/cancel", response_class=HTMLResponse)
async def cancel_page(request: Request, job_id: Annotated[str, Path(max_length=64)]) -> Response:
    """Cancel a job from its page's form (without script)."""
    await form(request)
    request.app.state.jobs.cancel(_job(request, job_id).id)
    return RedirectResponse(f"/jobs/{job_id}{query(request)}", status_code=303)
