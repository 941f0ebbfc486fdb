"""Who may call the workbench and how much they may send.

Binding to anything but the loopback interface requires a token; with a token set, every request
carries it in the ``Authorization: Bearer`` header, the ``X-Zopa-Token`` header or the ``token``
query parameter, or is answered 401. Request bodies over a limit are answered 413 before they are
parsed, whether or not they declare their length. Both are plain ASGI middleware.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Request bodies larger than this many bytes are refused (413).
MAX_BODY = 1_000_000


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only the loopback interface (``localhost``, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


async def _json_error(send: Send, status: int, kind: str, message: str) -> None:
    problem = {"file": None, "line": None, "path": None, "message": message}
    body = json.dumps({"error": kind, "problems": [problem]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _presented(scope: Scope) -> str | None:
    headers: dict[bytes, bytes] = {k.lower(): v for k, v in scope.get("headers", [])}
    auth = headers.get(b"authorization", b"").decode("latin-1")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    if b"x-zopa-token" in headers:
        return headers[b"x-zopa-token"].decode("latin-1").strip()
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    values: list[str] | None = query.get("token")
    return values[0] if values else None


class TokenGuard:
    """Answer 401 to every HTTP request that does not carry ``token``."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = _presented(scope)
            if given is None or not hmac.compare_digest(given.encode(), self.token):
                await _json_error(send, 401, "token", "this server requires its token")
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Answer 413 to a request whose body is larger than ``limit`` bytes.

    The body is read (at most ``limit`` bytes of it) before the application sees the request,
    then handed on whole; a declared length over the limit is refused before anything is read."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body over the limit of {self.limit:,} bytes"
        for key, value in scope.get("headers", []):
            if key.lower() == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.limit:
                    await _json_error(send, 413, "too_large", message)
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] != "http.request":
                return  # the client went away
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _json_error(send, 413, "too_large", message)
                return
            chunks.append(chunk)
            if not msg.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
