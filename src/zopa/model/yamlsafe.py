"""Safe reading of YAML and JSON documents into plain data, with the line of every value.

The reader never constructs objects from tags, refuses duplicate keys, aliases that expand to
huge documents, non-UTF-8 bytes and empty files, and remembers the line of each mapping key and
list item so that later validation errors can be located.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from zopa.errors import InputError, Problem

#: The most nodes a document may expand to (aliases included); guards against alias bombs.
MAX_NODES = 200_000
#: The largest file read, in bytes.
MAX_BYTES = 20_000_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}

Path_ = tuple[str | int, ...]


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


def read_text(path: Path, label: str | None = None, what: str = "a scenario file") -> str:
    """Read a UTF-8 text file (a leading byte-order mark is dropped) or raise a located
    InputError: missing files, folders, special files such as FIFOs or devices, files over
    :data:`MAX_BYTES` and bytes that are not UTF-8 are all refused. ``what`` names the
    expected kind of file in the messages."""
    name = label or str(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError.single(f"cannot read file: {err.strerror or err}", file=name) from None
    if path.is_dir():
        raise InputError.single(f"is a directory, expected {what}", file=name)
    if not path.is_file():
        raise InputError.single(f"is not a regular file, expected {what}", file=name)
    if size > MAX_BYTES:
        raise InputError.single(f"file is {size} bytes; the limit is {MAX_BYTES}", file=name)
    with path.open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise InputError.single(f"file is over the limit of {MAX_BYTES} bytes", file=name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError.single(
            f"the file is not UTF-8 text: byte 0x{raw[err.start]:02x} at offset {err.start} "
            "is not valid UTF-8; save it as UTF-8",
            file=name,
            line=line,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse(text: str, file: str, *, json_syntax: bool = False) -> Document:
    """Parse YAML (or JSON) text into a :class:`Document`; every problem is an InputError."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError.single("file is empty, expected a mapping", file=file)
    if json_syntax:
        return _parse_json(text, file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise InputError.single("document is nested too deeply", file=file) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        what = err.problem or err.context or "invalid YAML"
        raise InputError.single(f"invalid YAML: {what}", file=file, line=line) from None
    except yaml.YAMLError as err:
        raise InputError.single(f"invalid YAML: {err}", file=file) from None
    if node is None:
        raise InputError.single("file holds no document, expected a mapping", file=file)
    builder = _Builder(file)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise InputError.single("document is nested too deeply", file=file) from None
    if builder.problems:
        raise InputError(builder.problems)
    return Document(data, file, builder.lines)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = SafeConstructor()

    def fail(self, node: Node, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, dotted(path), message))

    def build(self, node: Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self.fail(
                    node,
                    path,
                    f"document expands to more than {MAX_NODES} values "
                    "(aliases repeated too often?)",
                )
            return None
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _STANDARD_TAGS:
            self.fail(node, path, f"YAML tag {node.tag!r} is not allowed; use plain values")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as err:
            self.fail(node, path, f"invalid value {node.value!r}: {err}")
            return None

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, path, "merge keys ('<<') are not supported")
                continue
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, path, "mapping keys must be plain scalars")
                continue
            key = str(key_node.value)
            if key in out:
                self.fail(key_node, (*path, key), f"duplicate key {key!r}")
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, (*path, key))
        return out


def _parse_json(text: str, file: str) -> Document:
    problems: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                problems.append(Problem(file, None, "", f"duplicate key {key!r}"))
            out[key] = value
        return out

    def bad_constant(name: str) -> float:
        problems.append(Problem(file, None, "", f"{name} is not a number JSON allows"))
        return 0.0

    hook: Callable[[str], float] = bad_constant
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=hook)
    except json.JSONDecodeError as err:
        raise InputError.single(f"invalid JSON: {err.msg}", file=file, line=err.lineno) from None
    except RecursionError:
        raise InputError.single("JSON nested too deeply", file=file) from None
    if problems:
        raise InputError(problems)
    return Document(data, file, {})


def load_document(path: Path, label: str | None = None) -> Document:
    """Read a YAML or JSON file (chosen by suffix) into a :class:`Document`."""
    name = label or str(path)
    text = read_text(path, name)
    return parse(text, name, json_syntax=path.suffix.lower() == ".json")
