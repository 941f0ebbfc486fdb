"""Safe reading of YAML and JSON documents into plain data, with the line of every value.

The reader never constructs objects from tags, refuses duplicate keys, aliases that expand to
huge documents, non-UTF-8 bytes and empty files, and remembers the line of each mapping key and
list item so that later validation errors can be located, in YAML and in JSON alike. Files are
read through :mod:`zopa.model.guarded`; the limits below are checked while a document is read
(:mod:`zopa.model._compose`), so a document over one is refused without being built.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from zopa.errors import InputError, Problem
from zopa.model._compose import Composer, Limits
from zopa.model.guarded import MAX_BYTES, read_text

#: The most nodes (mapping keys and values, list items, aliases counted as what they repeat) a
#: document may hold; counted while the document is read, so a larger one is refused at once.
MAX_NODES = 300_000
#: The deepest nesting of mappings and lists.
MAX_DEPTH = 100
#: The longest value (a text or a number as written), in characters.
MAX_SCALAR = 100_000
#: The longest mapping key (issue, party, option and other names), in characters.
MAX_KEY = 1_000
#: The most digits an integer may be written with.
MAX_DIGITS = 30

LIMITS = Limits(MAX_NODES, MAX_DEPTH, MAX_SCALAR, MAX_KEY, MAX_DIGITS)

Path_ = tuple[str | int, ...]

__all__ = ["MAX_BYTES", "Document", "dotted", "load_document", "parse", "read_text"]


@dataclass
class Document:
    """Plain data read from a file, with the line (1-based) of each path where known."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest known prefix of ``path``."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), dotted(path), message)


def dotted(path: Path_) -> str:
    """``("parties", "us", "red_lines", 0)`` → ``parties.us.red_lines[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def parse(text: str, file: str, *, json_syntax: bool = False) -> Document:
    """Parse YAML (or JSON) text into a :class:`Document`; every problem is an InputError."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError.single("file is empty, expected a mapping", file=file)
    if json_syntax:
        return _parse_json(text, file)
    composer = Composer(text, file, LIMITS)
    data = composer.compose()
    if data is ...:
        raise InputError.single("file holds no document, expected a mapping", file=file)
    if composer.problems:
        raise InputError(composer.problems)
    return Document(data, file, composer.lines)


class _BigInt:
    """A JSON integer written with too many digits, kept to be reported with its place."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _parse_json(text: str, file: str) -> Document:
    """JSON read by the JSON reader (so its numbers are JSON's), with the node cap, the
    digit limit and the line of every key and item (taken from the YAML reader, which reads
    JSON too, when it can)."""
    problems: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                problems.append(Problem(file, None, "", f"duplicate key {key[:60]!r}"))
            out[key] = value
        return out

    def bad_constant(name: str) -> float:
        problems.append(Problem(file, None, "", f"{name} is not a number JSON allows"))
        return 0.0

    def whole(digits: str) -> int | _BigInt:
        if len(digits.lstrip("-")) > MAX_DIGITS:
            return _BigInt(len(digits.lstrip("-")))
        return int(digits)

    hook: Callable[[str], float] = bad_constant
    lines, located = _json_lines(text, file)
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=hook, parse_int=whole)
    except json.JSONDecodeError as err:
        raise InputError.single(f"invalid JSON: {err.msg}", file=file, line=err.lineno) from None
    except RecursionError:
        raise InputError.single("JSON nested too deeply", file=file) from None
    doc = Document(data, file, lines)
    if located and any(p.message.startswith("duplicate key") for p in problems):
        # the YAML reader saw the same duplicates, with their lines and places
        problems = [p for p in problems if not p.message.startswith("duplicate key")]
        problems += [p for p in located if p.message.startswith("duplicate key")]
    problems += _json_limits(doc)
    if problems:
        raise InputError(problems)
    return doc


def _json_lines(text: str, file: str) -> tuple[dict[Path_, int], list[Problem]]:
    """The line of every path, and the problems found with their lines, from the YAML reader
    (JSON is YAML); a document over the node cap is refused here, while it is read, before the
    JSON parser builds it."""
    composer = Composer(text, file, replace(LIMITS, digits=10**9))
    try:
        composer.compose()
    except InputError:
        if composer.count > MAX_NODES:
            raise
        return {}, []
    return composer.lines, composer.problems


def _json_limits(doc: Document) -> list[Problem]:
    """The YAML reader's limits applied to data read from JSON, without recursion."""
    problems: list[Problem] = []
    count = 0
    stack: list[tuple[Path_, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        count += 1
        if count > MAX_NODES:
            return [doc.problem((), f"the document has more than {MAX_NODES:,} nodes")]
        if len(path) > MAX_DEPTH:
            return [doc.problem(path, f"nested too deeply (more than {MAX_DEPTH} levels)")]
        if isinstance(value, dict):
            for key, item in value.items():
                if len(key) > MAX_KEY:
                    problems.append(
                        doc.problem(
                            path, f"a key of {len(key):,} characters; the limit is {MAX_KEY:,}"
                        )
                    )
                    continue
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
        elif isinstance(value, _BigInt):
            problems.append(
                doc.problem(
                    path,
                    f"a whole number of {value.digits:,} digits; "
                    f"at most {MAX_DIGITS} digits are allowed",
                )
            )
        elif isinstance(value, str) and len(value) > MAX_SCALAR:
            problems.append(
                doc.problem(
                    path, f"a value of {len(value):,} characters; the limit is {MAX_SCALAR:,}"
                )
            )
    return problems


def load_document(path: Path, label: str | None = None) -> Document:
    """Read a YAML or JSON file (chosen by suffix) into a :class:`Document`."""
    name = label or str(path)
    text = read_text(path, name)
    return parse(text, name, json_syntax=path.suffix.lower() == ".json")
