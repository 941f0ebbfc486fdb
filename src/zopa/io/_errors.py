"""Validation failures of imported pieces as located problems."""

from __future__ import annotations

from pydantic import ValidationError

from zopa.errors import InputError, Problem


def invalid(file: str, err: ValidationError, prefix: str = "") -> InputError:
    """A pydantic validation error of an imported piece as one-line problems naming the file."""
    problems = []
    for e in err.errors(include_url=False):
        where = ".".join(str(x) for x in e.get("loc", ()))
        msg = str(e.get("msg", "invalid value")).removeprefix("Value error, ")
        problems.append(Problem(file, None, where, prefix + msg))
    return InputError(problems or [Problem(file, None, "", prefix + "invalid value")])
