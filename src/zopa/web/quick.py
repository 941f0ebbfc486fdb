"""The proposal desk's own request answered without the framework's routing.

The desk posts ``/api/diagnose`` each time a term changes, and a diagnosis takes a fraction of
a millisecond, so routing the request and solving its dependencies cost about as much as
answering it. This ASGI middleware (inside the token, size and origin guards) answers a plain,
well-formed request about a bundled scenario itself, with the endpoint's own function and
response class (so with the same bytes), in a worker thread as the endpoint would be (in the
load benchmark on a shared machine, a server whose event loop also did the work got a smaller
share of the processor, and its slowest answers were several times slower). Every other
request, and every request whose diagnosis raises a located error, goes on to the application,
which validates and answers it as always. What counts as plain is checked here as the
endpoint's model (:class:`zopa.web.api.DiagnoseRequest`) checks it.
"""

from __future__ import annotations

import json
from math import isfinite
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zopa.errors import ZopaError

PATH = "/api/diagnose"
_FIELDS = frozenset({"scenario", "proposal", "terms"})
_TERM_TYPES = frozenset({str, int, float})
#: The longest names and the most terms the endpoint's model accepts.
MAX_NAME = 200
MAX_TERMS = 1000


def plain(data: Any) -> tuple[str, str | None, dict[str, str | int | float]] | None:
    """The scenario, proposal and terms of a request body the endpoint's model would accept
    unchanged, naming a bundled scenario; None for anything else."""
    from zopa.web.sources import bundled_names

    if type(data) is not dict or not data.keys() <= _FIELDS:
        return None
    scenario, proposal = data.get("scenario"), data.get("proposal")
    terms = data.get("terms", {})
    if type(scenario) is not str or len(scenario) > MAX_NAME or scenario not in bundled_names():
        return None
    if proposal is not None and (type(proposal) is not str or len(proposal) > MAX_NAME):
        return None
    if type(terms) is not dict or len(terms) > MAX_TERMS:
        return None
    for key, value in terms.items():
        kind = type(value)
        if (
            len(key) > MAX_NAME
            or kind not in _TERM_TYPES
            or (kind is float and not isfinite(value))
        ):
            return None
    return scenario, proposal, terms


def _is_json(scope: Scope) -> bool:
    for key, value in scope["headers"]:
        if key.lower() == b"content-type":
            return bool(value.lower() == b"application/json")
    return False


class QuickDiagnosis:
    """ASGI middleware answering plain ``POST /api/diagnose`` requests (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"] != PATH
            or scope.get("root_path")
            or not _is_json(scope)
        ):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        response = await run_in_threadpool(_answer, body)
        if response is not None:
            await response(scope, receive, send)
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _answer(body: bytes) -> Any:
    from zopa.web.api import diagnosis

    try:
        request = plain(json.loads(body))
    except Exception:
        return None
    if request is None:
        return None
    try:
        return diagnosis(*request)
    except ZopaError:
        return None  # the application answers it, with its located problems
