"""Building plain data straight from YAML parse events, with every limit checked as it reads.

The events come from libyaml's C parser where it is installed (PyYAML's pure-Python parser
otherwise). No node tree is built: each event becomes its value at once, so memory follows the
data, and the count of nodes, the nesting depth and the length of every value are checked while
reading, so an oversize document stops at the first node over a limit instead of after being
composed in full. Aliases are counted as the nodes they repeat (an alias bomb stops at the cap)
while the data they stand for is shared, not copied.

Scalars are resolved as YAML 1.1 does, with two changes for hand-written scenarios: numbers in
exponent form without a decimal point or exponent sign (``2e-1``, ``1e5``) are numbers, and only
``true``/``false`` are booleans (``yes``, ``no``, ``on``, ``off`` stay text, so options and
names may use them; fields that expect a boolean still accept them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import BaseResolver

from zopa.errors import InputError, Problem

_T = "tag:yaml.org,2002:"
STANDARD_TAGS = {_T + n for n in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}

Path_ = tuple[str | int, ...]


class _Resolver(BaseResolver):
    """YAML 1.1 implicit types with 1.2 booleans and exponent-form floats."""


_Resolver.add_implicit_resolver(
    _T + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    _T + "float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
        |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    _T + "int",
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        re.X,
    ),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(_T + "merge", re.compile(r"^(?:<<)$"), ["<"])
_Resolver.add_implicit_resolver(
    _T + "null", re.compile(r"^(?: ~ |null|Null|NULL | )$", re.X), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    _T + "timestamp",
    re.compile(
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
    ),
    list("0123456789"),
)

#: First characters a plain scalar of a type other than text can start with.
_TYPED_FIRST = frozenset(k for k in _Resolver.yaml_implicit_resolvers if k)
_SHORT_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})\Z")

_LoaderType: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The libyaml refusal that PyYAML's parser does not share.
_PY_ONLY = "invalid Unicode character escape code"
#: True when libyaml's C parser reads the documents.
USES_LIBYAML = _LoaderType is not yaml.SafeLoader


@dataclass(frozen=True)
class Limits:
    """The limits checked while a document is read."""

    nodes: int
    depth: int
    scalar: int
    key: int
    digits: int


class _Stop(Exception):
    """Raised to stop reading at the first node over the node cap."""


@dataclass
class Composer:
    """Turns one YAML text into plain data plus the line of every path."""

    text: str
    file: str
    limits: Limits
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    count: int = 0

    loader: Any = None

    def __post_init__(self) -> None:
        self._events = (self.loader or _LoaderType)(self.text)
        self._resolver = _Resolver()
        self._constructor = SafeConstructor()
        self._anchors: dict[str, tuple[Any, int]] = {}

    def compose(self) -> Any:
        """The document's data (``...`` when the text holds no document); raises
        :class:`InputError` for syntax errors and a document over the node cap, and leaves
        other problems in :attr:`problems`."""
        try:
            return self._document()
        except _Stop:
            raise InputError(self.problems) from None
        except yaml.MarkedYAMLError as err:
            if self._events.__class__ is not yaml.SafeLoader and _PY_ONLY in str(err.problem):
                # escapes libyaml refuses but YAML allows (a lone surrogate such as "\ud800"):
                # read with PyYAML's own parser, which accepts them, under the same limits
                again = Composer(self.text, self.file, self.limits, loader=yaml.SafeLoader)
                data = again.compose()
                self.lines, self.problems, self.count = again.lines, again.problems, again.count
                return data
            mark = err.problem_mark or err.context_mark
            line = mark.line + 1 if mark is not None else None
            what = err.problem or err.context or "invalid YAML"
            if "nesting depth" in what:
                what = f"nested too deeply (more than {self.limits.depth} levels)"
            raise InputError.single(f"invalid YAML: {what}", file=self.file, line=line) from None
        except yaml.YAMLError as err:
            raise InputError.single(f"invalid YAML: {err}", file=self.file) from None
        finally:
            self._events.dispose()

    def _document(self) -> Any:
        ev = self._events
        ev.get_event()  # stream start
        if ev.check_event(StreamEndEvent):
            return ...
        ev.get_event()  # document start
        data = self._node((), 0)
        ev.get_event()  # document end
        if not ev.check_event(StreamEndEvent):
            nxt = ev.peek_event()
            self._fail(nxt, (), "expected a single document, found a second one")
        return data

    def _fail(self, event: Event, path: Path_, message: str) -> None:
        mark = event.start_mark
        line = mark.line + 1 if mark is not None else None
        self.problems.append(Problem(self.file, line, _dotted(path), message))

    def _count(self, event: Event, path: Path_, n: int = 1) -> None:
        self.count += n
        if self.count > self.limits.nodes:
            self._fail(
                event,
                path,
                f"the document has more than {self.limits.nodes:,} nodes (keys, values and "
                "list items, an alias counting as the nodes it repeats); split or shorten it",
            )
            raise _Stop

    def _node(self, path: Path_, depth: int) -> Any:
        event = self._events.get_event()
        kind = type(event)
        if kind is AliasEvent:
            anchor = str(event.anchor)
            if anchor not in self._anchors:
                self._fail(event, path, f"unknown alias *{anchor}")
                return None
            value, size = self._anchors[anchor]
            self._count(event, path, size)
            return value
        before = self.count
        self.count += 1
        if self.count > self.limits.nodes:
            self._count(event, path, 0)
        if event.start_mark is not None:
            self.lines.setdefault(path, event.start_mark.line + 1)
        if kind is ScalarEvent:
            value = self._scalar(event, path)
            if event.anchor is None:
                return value
        elif depth >= self.limits.depth:
            self._fail(event, path, f"nested too deeply (more than {self.limits.depth} levels)")
            raise _Stop
        elif kind is SequenceStartEvent:
            value = self._sequence(event, path, depth)
        else:
            assert isinstance(event, MappingStartEvent)
            value = self._mapping(event, path, depth)
        name = getattr(event, "anchor", None)
        if name is not None:
            self._anchors[str(name)] = (value, self.count - before)
        return value

    def _tag(self, event: Event, kind: type, value: str | None) -> str:
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        if tag is not None and tag != "!":
            return str(tag)
        if kind is ScalarNode:
            resolve: Any = self._resolver.resolve
            return str(resolve(kind, value, implicit))
        return _T + ("seq" if kind is list else "map")

    def _scalar(self, event: ScalarEvent, path: Path_) -> Any:
        text = str(event.value)
        if len(text) > self.limits.scalar:
            self._fail(
                event,
                path,
                f"a value of {len(text):,} characters; the limit is {self.limits.scalar:,}",
            )
            return None
        if event.tag is None:  # the common cases first, without the general resolver
            if not event.implicit[0] or (text and text[:1] not in _TYPED_FIRST):
                return text
            if _SHORT_INT.match(text):
                return int(text)
        tag = self._tag(event, ScalarNode, text)
        if tag not in STANDARD_TAGS:
            self._fail(event, path, f"YAML tag {tag!r} is not allowed; use plain values")
            return None
        if tag == _T + "int" and len(text.replace("_", "").lstrip("+-")) > self.limits.digits:
            self._fail(
                event,
                path,
                f"a whole number of {len(text):,} digits; at most "
                f"{self.limits.digits} digits are allowed",
            )
            return None
        try:
            return self._constructor.construct_object(ScalarNode(tag, text), deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as err:
            self._fail(event, path, f"invalid value {_short(text)}: {_short(str(err))}")
            return None

    def _sequence(self, event: Event, path: Path_, depth: int) -> Any:
        tag = self._tag(event, list, None)
        items: list[Any] = []
        while not self._events.check_event(SequenceEndEvent):
            items.append(self._node((*path, len(items)), depth + 1))
        self._events.get_event()
        if tag != _T + "seq":
            self._fail(event, path, f"YAML tag {tag!r} is not allowed; use plain values")
            return None
        return items

    def _mapping(self, event: Event, path: Path_, depth: int) -> Any:
        tag = self._tag(event, dict, None)
        out: dict[str, Any] = {}
        while not self._events.check_event(MappingEndEvent):
            key_event = self._events.peek_event()
            key = self._key(key_event, path, depth)
            if key is None:
                self._node(path, depth + 1)  # the value of a refused key, read and dropped
                continue
            if key in out:
                self._fail(key_event, (*path, key), f"duplicate key {_short(key)}")
                self._node((*path, key), depth + 1)
                continue
            self.lines[(*path, key)] = key_event.start_mark.line + 1
            out[key] = self._node((*path, key), depth + 1)
        self._events.get_event()
        if tag != _T + "map":
            self._fail(event, path, f"YAML tag {tag!r} is not allowed; use plain values")
            return None
        return out

    def _key(self, event: Event, path: Path_, depth: int) -> str | None:
        if not isinstance(event, ScalarEvent):
            self._node(path, depth + 1)
            self._fail(event, path, "mapping keys must be plain scalars")
            return None
        self._events.get_event()
        self.count += 1
        if self.count > self.limits.nodes:
            self._count(event, path, 0)
        text = str(event.value)
        if text == "<<" and self._tag(event, ScalarNode, text) == _T + "merge":
            self._fail(event, path, "merge keys ('<<') are not supported")
            return None
        if len(text) > self.limits.key:
            self._fail(
                event, path, f"a key of {len(text):,} characters; the limit is {self.limits.key:,}"
            )
            return None
        return text


def _short(text: str, limit: int = 60) -> str:
    """``repr`` of a text, cut to ``limit`` characters."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out
