"""Cross-site request forgery: requests that change something must come from the workbench's own
pages.

Two checks, both simple:

- **Same origin** (every ``POST``, ``PUT``, ``PATCH`` and ``DELETE``, API and forms): a browser
  names the page a request comes from in ``Origin`` (or ``Referer``) and says
  ``Sec-Fetch-Site: cross-site`` for another site's; a request whose origin is not this server's
  own address is answered 403 before it is read. Clients that are not browsers (curl, scripts)
  send none of these headers and are let through: they carry no victim's cookies or session.
- **A double-submit token** on the pages' forms: a page with a form sets a random cookie and
  writes the same value in a hidden field; the form's handler refuses (403) a post whose field
  does not match the cookie. Another site can make a browser post a form but cannot read the
  cookie to fill in the field.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from zopa.web.guard import _json_error

#: The cookie and the form field that carry the form token.
COOKIE = "zopa_csrf"
FIELD = "csrf"

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _origin_of(value: str) -> str | None:
    """``scheme://host[:port]`` of a URL (None when it is not an http(s) URL, e.g. ``null``)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def cross_site(scope: Scope) -> str | None:
    """Why a request looks like it comes from another site, or None if it does not."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    if headers.get("sec-fetch-site", "") == "cross-site":
        return "a request from another site"
    host = headers.get("host", "")
    own = {f"{scheme}://{host}".lower() for scheme in ("http", "https")}
    given = headers.get("origin") or headers.get("referer")
    if given is None:
        return None  # not a browser's request: nothing to forge it with
    if _origin_of(given) not in own:
        return f"a request from {given[:100]!r}, not from this server's pages"
    return None


class SameOrigin:
    """ASGI middleware: 403 for an unsafe request from another origin (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method", "GET") in UNSAFE:
            reason = cross_site(scope)
            if reason is not None:
                await _json_error(send, 403, "csrf", f"refused {reason}")
                return
        await self.app(scope, receive, send)


def form_token(request: Request) -> str:
    """The form token of this browser (its cookie's, or a new one to set with
    :func:`set_cookie`)."""
    have = request.cookies.get(COOKIE, "")
    return have if len(have) == 43 else secrets.token_urlsafe(32)


def set_cookie(response: Response, token: str) -> Response:
    """Give the browser the form token (only this site's pages send it back)."""
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


def form_ok(request: Request, given: object) -> bool:
    """Whether a posted form's token matches the browser's cookie."""
    have = request.cookies.get(COOKIE, "")
    return (
        isinstance(given, str) and bool(have) and hmac.compare_digest(given.encode(), have.encode())
    )
