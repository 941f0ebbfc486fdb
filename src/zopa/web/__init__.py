"""The workbench: a web app over zopa's analyses (``zopa serve``).

:func:`create_app` builds the ASGI application: a JSON API whose documents are the ones the
command line prints with ``--json``, and server-rendered pages that are a thin layer over it.
"""

from __future__ import annotations

from zopa.web.app import create_app

__all__ = ["create_app"]
