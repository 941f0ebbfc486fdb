"""The JSON API for long analyses run as background jobs: the outlook and the forecast.

``POST /api/jobs/outlook`` or ``/api/jobs/forecast`` checks the request (as the command line
checks its arguments) and queues the job (202, or 503 with ``Retry-After`` when the queue is
full); ``GET /api/jobs/{id}`` tells its status and progress, ``GET /api/jobs/{id}/result`` gives
its document (the command line's ``--json`` for the same request) and ``DELETE /api/jobs/{id}``
cancels it. Every job that starts is recorded in the run store as the command line records the
same command: its parameters, the scenario version it read, its result and how it ended.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field, StrictInt
from starlette.exceptions import HTTPException

from zopa._json import headed
from zopa.cli._argv import command_line
from zopa.model.schema import Scenario
from zopa.web import sources
from zopa.web.api import MAX_OUTLOOK_DRAWS, ScenarioId
from zopa.web.jobs import Job, JobQueue, QueueFull
from zopa.web.responses import JSONResponse

#: The most Monte Carlo draws one forecast job may ask for.
MAX_FORECAST_DRAWS = 20_000

router = APIRouter(prefix="/api/jobs")

JobId = Annotated[str, Path(max_length=64, description="A job's id, as its creation answered.")]
Names = Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=20)]


class OutlookJob(BaseModel):
    """An outlook to run in the background: draws, seed and settlement rules."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioId
    draws: StrictInt = Field(2000, ge=1, le=MAX_OUTLOOK_DRAWS)
    seed: StrictInt = Field(0, ge=0, le=2**63 - 1)
    rules: Names = Field(default_factory=list)


class ForecastJob(BaseModel):
    """A forecast to run in the background: models (default: all), draws and seed."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioId
    draws: StrictInt = Field(2000, ge=0, le=MAX_FORECAST_DRAWS)
    seed: StrictInt | None = Field(None, ge=0, le=2**63 - 1)
    models: Names = Field(default_factory=list)


def _queue(request: Request) -> JobQueue:
    jobs: JobQueue = request.app.state.jobs
    return jobs


def _input(name: str, s: Scenario) -> list[tuple[str, str]]:
    """(name, text) of the scenario a job reads, as the command line records it; a version
    other than the newest is recorded without its text (keeping it would make it the newest)."""
    from zopa.model import bundled_scenarios

    bundled = bundled_scenarios()
    if name in bundled:
        return [(name, bundled[name].read_text(encoding="utf-8"))]
    base, number = sources.split_name(name)
    newest = sources.version(base)
    return [(base, newest.text)] if number in (None, newest.version) else []


def _start(
    request: Request, kind: str, name: str, s: Scenario, params: dict[str, Any], argv: list[str],
    seed: int | None, compute: Any,
) -> JSONResponse:  # fmt: skip
    shelf = sources.shelf()
    inputs = _input(name, s)

    def work(job: Job) -> dict[str, Any]:
        from zopa import __version__

        try:
            job.run_id = shelf.store().start(kind, argv, params, seed, inputs, __version__)
        except Exception as err:  # the analysis runs all the same; the job says why
            job.note = f"not recorded in the run store: {err}"
        return dict(headed(compute(job.progress)))

    try:
        job = _queue(request).submit(kind, params, work)
    except QueueFull as full:
        problem = {"file": None, "line": None, "path": None, "message": str(full)}
        return JSONResponse(
            {"error": "busy", "problems": [problem]},
            status_code=503,
            headers={"Retry-After": str(full.retry_after)},
        )
    return JSONResponse(
        view(request, job), status_code=202, headers={"Location": f"/api/jobs/{job.id}"}
    )


def record_end(shelf: sources.Shelf) -> Any:
    """The queue's ``finish``: close the job's run in the store as the command line does."""

    def finish(job: Job) -> None:
        if job.run_id is None:
            return
        status = {"done": "done", "failed": "failed"}.get(job.status, "interrupted")
        result = (
            None if job.result is None else json.dumps(job.result, indent=2, ensure_ascii=False)
        )
        error = None
        if job.problems:
            error = "; ".join(str(p["message"]) for p in job.problems)
        elif status == "interrupted":
            error = (
                "cancelled" if job.status == "cancelled" else f"timed out after {job.timeout:g} s"
            )
        seed = job.result.get("seed") if job.result else None
        shelf.store().finish(
            job.run_id,
            status,
            result=result,
            error=error,
            seed=seed if isinstance(seed, int) else None,
        )

    return finish


def view(request: Request, job: Job) -> dict[str, Any]:
    out = job.to_dict()
    out["position"] = _queue(request).position(job)
    out["result_url"] = f"/api/jobs/{job.id}/result" if job.status == "done" else None
    return headed(out)  # type: ignore[no-any-return]


def _job(request: Request, job_id: str) -> Job:
    job = _queue(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r} (finished jobs are kept for a while only)")
    return job


def _chunks_told(progress: Any) -> Any:
    """An outlook runner that runs the chunks in this thread, as the outlook's own does, and
    tells ``progress`` the chunks done of all its Monte Carlo runs (the scenario's and its
    red lines' counterfactuals); ``progress`` raises to stop the job."""
    from zopa.outlook import engine as en
    from zopa.outlook.api import combine

    def run(jobs: Any) -> list[Any]:
        plans = [list(enumerate(range(0, draws, en.CHUNK))) for _, _, draws, _ in jobs]
        total, done = sum(len(p) for p in plans), 0
        out = []
        for (st, seed, draws, rules), plan in zip(jobs, plans, strict=True):
            parts = []
            for c, lo in plan:
                progress(done, total)
                parts.append(en.run_chunk(st, seed, c, min(en.CHUNK, draws - lo), rules))
                done += 1
            out.append(combine(parts))
        progress(done, total)
        return out

    return run


@router.post("/outlook", status_code=202)
def outlook_job(req: OutlookJob, request: Request) -> JSONResponse:
    """Queue an outlook (as ``zopa outlook --json``); answers the job, 202."""
    from zopa.outlook import DEFAULT_RULE, outlook

    s = sources.find(req.scenario)
    rules = tuple(req.rules)
    params = {
        "scenario": req.scenario,
        "draws": req.draws,
        "seed": req.seed,
        "rule": list(rules) or None,
    }
    argv = command_line(
        "outlook", req.scenario, [("draws", req.draws), ("seed", req.seed), ("rule", rules)]
    )

    def compute(progress: Any) -> dict[str, Any]:
        result = outlook(
            s, draws=req.draws, seed=req.seed, rules=rules or None,
            default=rules[0] if rules else DEFAULT_RULE, runner=_chunks_told(progress),
        )  # fmt: skip
        return result.to_dict()

    return _start(request, "outlook", req.scenario, s, params, argv, req.seed, compute)


@router.post("/forecast", status_code=202)
def forecast_job(req: ForecastJob, request: Request) -> JSONResponse:
    """Queue a forecast of the scenario's issues (as ``zopa forecast --json``); the job, 202."""
    from zopa.forecast import get_model
    from zopa.forecast.inputs.scenario import scenario_input
    from zopa.forecast.runs.reports import run_forecast

    s = sources.find(req.scenario)
    for name in req.models:
        get_model(name)
    given = scenario_input(s)
    params = {
        "source": req.scenario, "model": list(req.models) or None, "draws": req.draws,
        "seed": req.seed, "option": None, "threshold": None, "scale": None,
        "salience_max": 100.0, "salience_basis": "party",
    }  # fmt: skip
    argv = command_line(
        "forecast",
        req.scenario,
        [("draws", req.draws), ("seed", req.seed), ("model", req.models)],
    )

    def compute(progress: Any) -> dict[str, Any]:
        report = run_forecast(
            given, source=req.scenario, model_names=list(req.models) or None, draws=req.draws,
            seed=req.seed, progress=progress,
        )  # fmt: skip
        return report.to_dict()

    return _start(request, "forecast", req.scenario, s, params, argv, req.seed, compute)


@router.get("")
def list_jobs(request: Request) -> JSONResponse:
    """The jobs of this server, newest first (finished ones are kept for a while)."""
    return JSONResponse(headed({"jobs": [view(request, j) for j in _queue(request).list()]}))


@router.get("/{job_id}")
def job_status(job_id: JobId, request: Request) -> JSONResponse:
    """A job's status (queued, running, done, failed, cancelled, timed_out) and progress."""
    return JSONResponse(view(request, _job(request, job_id)))


@router.get("/{job_id}/result")
def job_result(job_id: JobId, request: Request) -> JSONResponse:
    """A finished job's document (409 while it is not done)."""
    job = _job(request, job_id)
    if job.status != "done" or job.result is None:
        raise HTTPException(409, f"job {job_id} is {job.status}, not done")
    return JSONResponse(job.result)


@router.delete("/{job_id}")
def cancel_job(job_id: JobId, request: Request) -> JSONResponse:
    """Cancel a job: a queued one never starts, a running one stops at its next chunk."""
    job = _queue(request).cancel(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return JSONResponse(view(request, job))
