"""Errors as the web answers them: the command line's ``{file, line, path, message}`` problems."""

from __future__ import annotations

from typing import Any

from zopa.errors import InputError, Problem, ZopaError


def problem(p: Problem) -> dict[str, Any]:
    """One located problem as JSON (``null`` where a place is unknown)."""
    return {"file": p.file, "line": p.line, "path": p.path or None, "message": p.message}


def problems(err: ZopaError) -> list[dict[str, Any]]:
    """A user error's problems as JSON: located for an InputError, one per line otherwise."""
    if isinstance(err, InputError):
        return [problem(p) for p in err.problems]
    return [problem(Problem(None, None, "", line)) for line in err.lines()]
