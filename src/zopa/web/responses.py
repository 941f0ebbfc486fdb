"""Responses that can carry any text a scenario holds.

A scenario's names and titles are the user's text, and Python strings may hold lone surrogates
(``"\\ud800"`` in a YAML or JSON escape) that UTF-8 cannot encode. The standard responses would
fail on them with a server error; these write JSON with every non-ASCII character escaped
(valid JSON, read back as the same string) and HTML with such characters shown as escapes.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import HTMLResponse as _HTMLResponse
from fastapi.responses import JSONResponse as _JSONResponse


class JSONResponse(_JSONResponse):
    """JSON written as ASCII: lone surrogates travel as ``\\ud800`` escapes."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=True, allow_nan=False, separators=(",", ":")
        ).encode("ascii")


class HTMLResponse(_HTMLResponse):
    """HTML in UTF-8; a character UTF-8 cannot encode is written as its escape."""

    def render(self, content: Any) -> bytes | memoryview:
        if isinstance(content, str):
            return content.encode("utf-8", "backslashreplace")
        return super().render(content)
