"""What the scenario and job pages share: the templates, the token carried in links, the form
token (see :mod:`zopa.web.csrf`) and form fields read as the API reads JSON."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from zopa.errors import ZopaError
from zopa.web import csrf
from zopa.web.errors import problems
from zopa.web.responses import HTMLResponse

#: The scenario a page shows, or a form offers, when none is named.
DEFAULT_SCENARIO = "minerals-2025"


@lru_cache(maxsize=1)
def env() -> Environment:
    return Environment(
        loader=PackageLoader("zopa.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def query(request: Request) -> str:
    """``?token=T`` when the page was opened with a token (already checked), else ``""``."""
    token = request.query_params.get("token")
    return f"?{urlencode({'token': token})}" if token else ""


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, with the form token in its forms and in the browser's cookie."""
    token = csrf.form_token(request)
    html = (
        env()
        .get_template(template)
        .render(
            q=query(request),
            qa="&" + query(request)[1:] if query(request) else "",
            token=request.query_params.get("token", ""),
            csrf_field=csrf.FIELD,
            csrf=token,
            **context,
        )
    )
    return csrf.set_cookie(HTMLResponse(html, status_code=status), token)  # type: ignore[return-value]


async def form(request: Request, max_fields: int = 20) -> dict[str, Any]:
    """The posted form's fields, after checking its form token (403 otherwise)."""
    data = await request.form(max_files=1, max_fields=max_fields, max_part_size=1_000_000)
    fields: dict[str, Any] = dict(data)
    if not csrf.form_ok(request, fields.get(csrf.FIELD)):
        raise HTTPException(403, "the form's token does not match this browser's: reload the page")
    return fields


def refused(err: Exception) -> tuple[int, list[dict[str, Any]]]:
    """The status and problems to show on a page for an error the API would answer."""
    if isinstance(err, ValidationError):
        return 422, [
            {
                "file": None,
                "line": None,
                "path": ".".join(str(x) for x in e.get("loc", ())) or None,
                "message": str(e.get("msg", "invalid")),
            }
            for e in err.errors()
        ]
    if isinstance(err, HTTPException):
        message = {"file": None, "line": None, "path": None, "message": str(err.detail)}
        return err.status_code, [message]
    if isinstance(err, ZopaError):
        from zopa.runs.errors import StoreError
        from zopa.web.sources import UnknownScenario

        if isinstance(err, StoreError):
            return 503, problems(err)
        return (404 if isinstance(err, UnknownScenario) else 422), problems(err)
    raise err


def whole(fields: dict[str, Any], key: str, default: int | None) -> Any:
    """A form field as a whole number when it reads as one (else as given, for the model's own
    check to refuse it with its place)."""
    raw = fields.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    try:
        return int(str(raw).strip())
    except ValueError:
        return raw
