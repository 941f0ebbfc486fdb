"""The application factory: the JSON API, the pages, the error answers and the guards."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from zopa.errors import InputError, Problem, TooLargeError, ZopaError
from zopa.web import (
    api,
    api_analyses,
    api_brief,
    api_jobs,
    api_scenarios,
    pages,
    pages_form,
    pages_jobs,
    pages_scenarios,
)
from zopa.web.csrf import SameOrigin
from zopa.web.guard import MAX_BODY, BodyLimit, TokenGuard
from zopa.web.jobs import JobQueue
from zopa.web.quick import QuickDiagnosis
from zopa.web.responses import JSONResponse
from zopa.web.sources import Shelf, UseShelf


def _problem(p: Problem) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "path": p.path or None, "message": p.message}


def _answer(status: int, error: str, problems: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"error": error, "problems": problems}, status_code=status)


async def _input_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputError)
    status = 404 if isinstance(exc, api.UnknownScenario) else 422
    return _answer(status, "input", [_problem(p) for p in exc.problems])


async def _zopa_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ZopaError)
    kind = "too_large" if isinstance(exc, TooLargeError) else "input"
    return _answer(422, kind, [_problem(Problem(None, None, "", m)) for m in exc.lines()])


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "file": None,
            "line": None,
            "path": ".".join(str(part) for part in err.get("loc", ()) if part != "body") or None,
            "message": str(err.get("msg", "invalid")),
        }
        for err in exc.errors()
    ]
    return _answer(422, "input", problems)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = str(exc.detail)
    return _answer(exc.status_code, "http", [_problem(Problem(None, None, "", message))])


async def _store_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ZopaError)
    problems = [_problem(Problem(None, None, "", m)) for m in exc.lines()]
    return JSONResponse(
        {"error": "store", "problems": problems}, status_code=503, headers={"Retry-After": "30"}
    )


def create_app(
    *,
    token: str | None = None,
    max_body: int = MAX_BODY,
    store: str | None = None,
    job_timeout: float = 600.0,
    job_queue: int = 8,
    job_workers: int = 1,
) -> FastAPI:
    """The workbench application. With ``token``, every request must carry it (else 401);
    request bodies over ``max_body`` bytes are answered 413. ``store`` is the run store's URL
    (default: as the command line, see :func:`zopa.runs.store_url`), opened on first use.
    Background jobs run in ``job_workers`` threads, at most ``job_queue`` waiting, each stopped
    after ``job_timeout`` seconds."""
    from zopa.runs.errors import StoreError

    app = FastAPI(
        title="zopa workbench",
        summary="zopa's analyses over HTTP: the documents the command line prints as JSON.",
        version="0.1.0",
        default_response_class=JSONResponse,
        docs_url=None,  # the interactive viewers load their scripts from a CDN
        redoc_url=None,
    )
    app.include_router(api.router)
    app.include_router(api_analyses.router)
    app.include_router(api_brief.router)
    app.include_router(api_scenarios.router)
    app.include_router(api_jobs.router)
    app.include_router(pages.router)
    app.include_router(pages_scenarios.router)
    app.include_router(pages_jobs.router)
    app.include_router(pages_form.router)
    app.mount("/static", StaticFiles(packages=[("zopa.web", "static")]), name="static")
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(ZopaError, _zopa_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(StoreError, _store_error)
    shelf = Shelf(store)
    app.add_middleware(QuickDiagnosis)
    app.add_middleware(UseShelf, shelf=shelf)
    app.state.jobs = JobQueue(
        workers=job_workers,
        capacity=job_queue,
        timeout=job_timeout,
        finish=api_jobs.record_end(shelf),
    )
    app.add_middleware(SameOrigin)
    app.add_middleware(BodyLimit, limit=max_body)
    if token is not None:
        app.add_middleware(TokenGuard, token=token)
    return app
