"""User-facing errors.

Every error a user can cause by bad input is a :class:`ZopaError`. The CLI prints each
:class:`Problem` on one line (``file:line: path: message``) and exits with code 2; it never shows
a traceback for these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input: where it is and what was expected."""

    file: str | None
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        if self.path:
            return f"{where}: {self.path}: {self.message}"
        return f"{where}: {self.message}"


class ZopaError(Exception):
    """Base class of every error caused by the user's input or request."""

    def lines(self) -> list[str]:
        """The error as one-line messages."""
        return [str(self)]


class InputError(ZopaError):
    """One or more located problems in an input file or argument."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    @classmethod
    def single(
        cls, message: str, *, file: str | None = None, line: int | None = None, path: str = ""
    ) -> InputError:
        return cls([Problem(file, line, path, message)])


class TooLargeError(ZopaError):
    """A request whose size would exhaust memory; the message says what to do instead."""


def _problem_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file or "", p.line if p.line is not None else -1, p.path, p.message)
