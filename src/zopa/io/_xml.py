"""A lenient XML reader that keeps line numbers, for hand-edited negotiation files.

Real GENIUS files are often not well-formed. Before parsing, the text is repaired in ways that
never move a line, so every element keeps the line it has in the original file:

* bytes that are not UTF-8 are read as Windows-1252 (e.g. ``0x80`` for the euro sign);
* an ``<?xml ...?>`` declaration that is not at the very start (after a comment or blank lines)
  is dropped — the text is already decoded, so it carries no information;
* an ``&`` that does not start an entity or character reference is escaped;
* a missing blank between two attributes (``type="discrete"vtype="discrete"``) is inserted.

What still does not parse raises :class:`zopa.errors.InputError` naming the file and line.
Files are read through :mod:`zopa.model.guarded` (regular files only, one size cap for every
input), the parse is event-driven and refuses elements nested deeper than :data:`MAX_DEPTH`, so
no file can exhaust the stack or the memory; sniffing reads a bounded prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from zopa.errors import InputError, Problem
from zopa.model.guarded import MAX_XML_DEPTH, SNIFF_BYTES, read_bytes, read_prefix

#: The deepest nesting of elements accepted (GENIUS files nest a few levels).
MAX_DEPTH = MAX_XML_DEPTH
#: The most elements a file may hold.
MAX_ELEMENTS = 500_000


@dataclass
class Element:
    """One XML element: tag, attributes, children and the line it starts on."""

    tag: str
    attrib: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return self.attrib.get(name)

    def iter(self, tag: str) -> Iterator[Element]:
        """This element and every descendant with ``tag``, in document order."""
        if self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def find_all(self, tag: str) -> list[Element]:
        """Direct children with ``tag``."""
        return [c for c in self.children if c.tag == tag]


@dataclass(frozen=True)
class XmlFile:
    """A parsed file: its root, its path as given, and what had to be repaired."""

    path: str
    root: Element
    repairs: tuple[str, ...]

    def error(self, element: Element | None, message: str) -> InputError:
        line = element.line if element is not None else None
        return InputError([Problem(self.path, line, "", message)])


_DECL = re.compile(r"<\?xml[^>]*\?>")
_BARE_AMP = re.compile(r"&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);)")
_TAG = re.compile(r"<[A-Za-z_][^<>]*>")
_GLUED = re.compile(r"(\"[^\"]*\"|'[^']*')(?=[A-Za-z_][\w.:-]*\s*=)")
_FIRST_TAG = re.compile(r"\s*<([A-Za-z_][\w.:-]*)")
_SKIP = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S)


def decode(data: bytes) -> tuple[str, list[str]]:
    """Text of a file: UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        note = f"byte 0x{data[err.start]:02x} is not UTF-8; read the file as Windows-1252"
    try:
        return data.decode("cp1252"), [note]
    except UnicodeDecodeError:
        return data.decode("latin-1"), [note.replace("Windows-1252", "Latin-1")]


def repair(text: str) -> tuple[str, list[str]]:
    """Fix the known defects of hand-written files without changing any line numbers."""
    notes: list[str] = []
    fixed = _DECL.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if fixed != text and not text.lstrip().startswith("<?xml"):
        notes.append("an <?xml?> declaration that was not at the start was ignored")
    n_amp = len(_BARE_AMP.findall(fixed))
    if n_amp:
        fixed = _BARE_AMP.sub("&amp;", fixed)
        notes.append(f"{n_amp} unescaped '&' read as text")
    glued = 0

    def unglue(m: re.Match[str]) -> str:
        nonlocal glued
        out, k = _GLUED.subn(r"\1 ", m.group(0))
        glued += k
        return out

    fixed = _TAG.sub(unglue, fixed)
    if glued:
        notes.append(f"{glued} attribute(s) without a blank before them")
    return fixed, notes


def root_tag(text: str) -> str | None:
    """The root element's tag, or None when the text does not look like XML."""
    pos = 0
    while True:
        m = _SKIP.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
    m = _FIRST_TAG.match(text, pos)
    return m.group(1) if m else None


def parse_text(text: str, path: str) -> Element:
    """Parse repaired text into an :class:`Element` tree; InputError with the line otherwise."""
    parser = expat.ParserCreate()
    stack: list[Element] = []
    roots: list[Element] = []

    count = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        line = parser.CurrentLineNumber
        if len(stack) >= MAX_DEPTH:
            message = f"elements nested more than {MAX_DEPTH} levels deep"
            raise InputError([Problem(path, line, "", message)])
        if count > MAX_ELEMENTS:
            message = f"the file has more than {MAX_ELEMENTS:,} elements"
            raise InputError([Problem(path, line, "", message)])
        el = Element(tag, dict(attrs), line)
        (stack[-1].children if stack else roots).append(el)
        stack.append(el)

    def end(tag: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except expat.ExpatError as err:
        message = f"not well-formed XML: {expat.ErrorString(err.code)}"
        raise InputError([Problem(path, err.lineno, "", message)]) from None
    if not roots:
        raise InputError([Problem(path, None, "", "no XML element found")])
    return roots[0]


def read_xml(path: Path) -> XmlFile:
    """Read, repair and parse one XML file."""
    data = read_bytes(path, what="an XML file")
    text, notes = decode(data)
    fixed, more = repair(text)
    return XmlFile(str(path), parse_text(fixed, str(path)), tuple(notes + more))


def sniff_root(path: Path) -> str | None:
    """The root tag of a file without parsing it all (None for non-XML files)."""
    head = read_prefix(path, SNIFF_BYTES)
    if head is None:
        return None
    return root_tag(decode(head)[0] if head else "")
