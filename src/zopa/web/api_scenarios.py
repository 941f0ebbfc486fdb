"""The JSON API for scenarios in the run store: validate, create (or upload), save versions,
list and read versions, compare two.

Scenario texts arrive in the request body (YAML or JSON text in a JSON field), never as a path;
they are checked exactly as ``zopa check`` checks a file, and only a scenario that validates and
compiles within the size limits is saved. Every save of a changed text is a new version in the
store (an unchanged text adds none); bundled scenarios are read-only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt
from starlette.exceptions import HTTPException

from zopa._json import headed
from zopa.errors import InputError, ZopaError
from zopa.model import bundled_scenarios
from zopa.model.schema import Scenario
from zopa.web import sources
from zopa.web.errors import problems
from zopa.web.responses import JSONResponse

#: The longest scenario text accepted, in characters (the body limit caps it too).
MAX_TEXT = 900_000

router = APIRouter(prefix="/api/scenarios")

Text = Annotated[str, Field(max_length=MAX_TEXT, description="The scenario as YAML or JSON text.")]
Name = Annotated[
    str,
    Field(
        max_length=100,
        description="Letters, digits, '.', '_' and '-', starting with a letter or digit.",
    ),
]


class ScenarioText(BaseModel):
    """A scenario's text, to check."""

    model_config = ConfigDict(extra="forbid")
    text: Text
    format: Literal["yaml", "json"] = "yaml"


class NewScenario(ScenarioText):
    """A new scenario: its name and first text (created, or uploaded from a file)."""

    name: Name


class ScenarioSave(ScenarioText):
    """A new version of a stored scenario; ``base`` is the version it was edited from (a newer
    version saved meanwhile makes the save a conflict, 409)."""

    base: StrictInt | None = Field(None, ge=1, le=2**31 - 1)


def checked(text: str, name: str, fmt: str = "yaml") -> Scenario:
    """The scenario ``text`` holds, validated and compiled (sizes checked) as the command line
    does; an InputError (or TooLargeError) otherwise."""
    from zopa.model.io import scenario_from_text

    s = scenario_from_text(text, file=name, json_syntax=fmt == "json")
    s.compile()
    return s


def _check_name(name: str) -> None:
    if not sources.NAME.fullmatch(name):
        raise InputError.single(
            "expected letters, digits, '.', '_' or '-', starting with a letter or digit "
            "(at most 100 characters)",
            path="name",
        )
    if name in bundled_scenarios() or sources.split_name(name)[1] is not None:
        raise HTTPException(409, f"{name!r} is a bundled scenario's name; choose another")


def _stored(name: str) -> None:
    """Refuse a name that is bundled (read-only) or not in the store."""
    if name in bundled_scenarios():
        raise HTTPException(409, f"{name!r} is bundled and read-only: save a copy under a new name")
    sources.version(name)


def _saved(name: str, text: str, status: int) -> JSONResponse:
    store = sources.store()
    before = store.versions(name)
    v = store.save_scenario(name, text)
    saved = not before or before[-1].sha256 != v.sha256
    return JSONResponse(
        headed({"scenario": name, "saved": saved, "version": v.to_dict()}), status_code=status
    )


@router.post("/validate")
def validate(req: ScenarioText) -> JSONResponse:
    """Check a scenario text as ``zopa check`` does: ``valid`` and the located problems (the
    editor shows them inline), with the scenario's summary when it is valid."""
    from zopa.model.summary import scenario_summary

    try:
        s = checked(req.text, "scenario", req.format)
    except ZopaError as err:
        return JSONResponse(headed({"valid": False, "problems": problems(err)}))
    return JSONResponse(headed({"valid": True, "problems": [], "summary": scenario_summary(s)}))


@router.post("", status_code=201)
def create(req: NewScenario) -> JSONResponse:
    """Save a new scenario in the store as its version 1 (409 if the name is taken)."""
    _check_name(req.name)
    if sources.store().versions(req.name):
        raise HTTPException(409, f"a scenario {req.name!r} is already stored: save a version")
    checked(req.text, req.name, req.format)
    return _saved(req.name, req.text, 201)


@router.put("/{name:path}")
def save(name: str, req: ScenarioSave) -> JSONResponse:
    """Save a new version of a stored scenario (``saved`` is false when the text is unchanged)."""
    _stored(name)
    newest = sources.version(name)
    if req.base is not None and req.base != newest.version:
        raise HTTPException(
            409,
            f"version {newest.version} of {name!r} was saved after version {req.base}, "
            "which this text was edited from: compare them and save again",
        )
    checked(req.text, name, req.format)
    return _saved(name, req.text, 200)


@router.get("/{name:path}/versions")
def versions(name: str) -> JSONResponse:
    """Every saved version of a stored scenario, oldest first (without their texts)."""
    _stored(name)
    found = sources.store().versions(name)
    return JSONResponse(headed({"scenario": name, "versions": [v.to_dict() for v in found]}))


@router.get("/{name:path}/versions/{number}")
def version(name: str, number: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> JSONResponse:
    """One saved version with its text and its diff from the version before."""
    _stored(name)
    return JSONResponse(headed(sources.version(name, number).to_dict(full=True)))


@router.get("/{name:path}/compare")
def compare(
    name: str,
    a: Annotated[int, Query(ge=1, le=2**31 - 1, description="The earlier version.")],
    b: Annotated[int, Query(ge=1, le=2**31 - 1, description="The later version.")],
) -> JSONResponse:
    """What changed from version ``a`` to version ``b``: each changed value in words, and the
    line-by-line diff of the texts."""
    from zopa.runs.scenario_diff import version_diff

    _stored(name)
    diff = version_diff(sources.version(name, a), sources.version(name, b))
    return JSONResponse(headed(diff.to_dict()))


@router.get("/{name:path}", include_in_schema=False)
def show_any(name: str) -> JSONResponse:
    """A stored scenario whose name holds a ``/`` (a file recorded by the command line), as
    ``GET /api/scenarios/{scenario_id}`` shows the others."""
    from zopa.model.summary import scenario_summary

    return JSONResponse(headed(scenario_summary(sources.find(name))))
