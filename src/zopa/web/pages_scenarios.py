"""Scenario pages: the list (bundled and stored) with a form to create or upload one, the YAML
editor with live validation, the saved versions and the comparison of two.

Saving goes through the same functions as the JSON API (:mod:`zopa.web.api_scenarios`), so a
text is checked exactly as there; the editor's script asks ``/api/scenarios/validate`` as the
text changes and marks the lines with problems. Forms carry the form token (403 without it).
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from zopa.errors import ZopaError
from zopa.model import bundled_scenarios
from zopa.web import api_scenarios as api
from zopa.web import sources
from zopa.web.pages_common import form, query, refused, render, whole
from zopa.web.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


def _rows() -> list[dict[str, Any]]:
    from zopa.model.summary import scenario_row

    rows = [{**scenario_row(n, sources.find(n)), "source": "bundled"} for n in bundled_scenarios()]
    return rows + sources.stored_rows()


def _list(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("name", "")
    context.setdefault("text", "")
    return render(request, "scenarios.html", status, rows=_rows(), **context)


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request) -> HTMLResponse:
    """Every scenario, bundled and stored, with a form to create or upload one."""
    return _list(request)


@router.post("/scenarios", response_class=HTMLResponse)
async def create_page(request: Request) -> Response:
    """Create a scenario from the form (a pasted text or an uploaded file)."""
    fields = await form(request)
    name = str(fields.get("name", "")).strip()
    text = str(fields.get("text", ""))
    upload = fields.get("file")
    fmt = "yaml"
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read()
        fmt = "json" if str(upload.filename).lower().endswith(".json") else "yaml"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problem = {"file": upload.filename, "line": None, "path": None,
                       "message": "not UTF-8 text"}  # fmt: skip
            return _list(request, 422, problems=[problem], name=name)
    try:
        api.create(api.NewScenario(name=name, text=text, format=fmt))
    except (ZopaError, HTTPException, ValidationError) as err:
        status, problems = refused(err)
        return _list(request, status, problems=problems, name=name, text=text)
    return RedirectResponse(f"/scenarios/{quote(name)}/edit{query(request)}", status_code=303)


def _editor(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    bundled = name in bundled_scenarios()
    if bundled:
        text = bundled_scenarios()[name].read_text(encoding="utf-8")
        base = None
    else:
        v = sources.version(name)
        text, base = v.text, v.version
    context.setdefault("text", text)
    context.setdefault("base", base)
    return render(request, "scenario_edit.html", status, name=name, bundled=bundled, **context)


@router.get("/scenarios/{name:path}/edit", response_class=HTMLResponse)
def edit_page(
    request: Request, name: str, saved: Annotated[int | None, Query(ge=0)] = None
) -> HTMLResponse:
    """The YAML editor: problems shown at their lines as the text changes; every save is a new
    version (a bundled scenario is saved as a copy under a new name)."""
    return _editor(request, name, saved=saved)


@router.post("/scenarios/{name:path}/save", response_class=HTMLResponse)
async def save_page(request: Request, name: str) -> Response:
    """Save the editor's text as the next version of ``name``."""
    fields = await form(request)
    text = str(fields.get("text", ""))
    base = whole(fields, "base", None)
    try:
        out = api.save(name, api.ScenarioSave(text=text, base=base))
    except (ZopaError, HTTPException, ValidationError) as err:
        status, problems = refused(err)
        return _editor(request, name, status, problems=problems, text=text, base=base)
    number = json.loads(bytes(out.body))["version"]["version"]
    sep = "&" if query(request) else "?"
    return RedirectResponse(
        f"/scenarios/{quote(name)}/edit{query(request)}{sep}saved={number}", status_code=303
    )


@router.get("/scenarios/{name:path}/versions", response_class=HTMLResponse)
def versions_page(request: Request, name: str) -> HTMLResponse:
    """Every saved version, to open in the desk or to compare two."""
    versions = sources.store().versions(name) if name not in bundled_scenarios() else []
    if not versions:
        sources.version(name)  # the located 404
    return render(request, "scenario_versions.html", name=name, versions=versions[::-1])


@router.get("/scenarios/{name:path}/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    name: str,
    a: Annotated[int, Query(ge=1, le=2**31 - 1)],
    b: Annotated[int, Query(ge=1, le=2**31 - 1)],
) -> HTMLResponse:
    """What changed from version ``a`` to version ``b``, in words and line by line."""
    from zopa.runs.scenario_diff import version_diff

    diff = version_diff(sources.version(name, a), sources.version(name, b))
    lines = [
        {"text": line, "kind": "add" if line[:1] == "+" else "del" if line[:1] == "-" else ""}
        for line in diff.diff.splitlines()
    ]
    return render(request, "scenario_compare.html", name=name, diff=diff, lines=lines)
