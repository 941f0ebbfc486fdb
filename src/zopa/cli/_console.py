"""Terminal and JSON output that cannot be taken over by the text it shows.

Names, labels, ids and file names come from files other people wrote. Every command prints
through :func:`make_console`, whose console never reads markup or emoji codes in the strings it
is given (``[link=...]`` or ``[/]`` in a party name is shown as written, never as a link or a
crash), and which replaces control characters (terminal escape sequences, carriage returns,
bidirectional overrides, lone surrogates) by visible escapes such as ``\\x1b`` wherever they
appear, in table cells and titles included. The command modules style their own words with
:class:`rich.text.Text` values, never with markup strings. :func:`json_text` gives JSON whose
strings cannot carry such characters raw either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

if TYPE_CHECKING:
    from zopa.model.schema import Scenario

# C0 controls but tab and newline, DEL, C1 controls, bidirectional marks, embeddings, overrides
# and isolates, line and paragraph separators, and lone surrogates (not encodable as UTF-8).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
# The same less tab and newline, which a JSON string escapes itself.
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")

WIDTH = 120


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` with every control character, bidirectional control and lone surrogate shown
    as a visible escape (``\\x1b``, ``\\u202e``, ``\\ud800``); tabs and newlines are kept."""
    return _UNSAFE.sub(_escape, text)


def has_unsafe(text: str) -> bool:
    """Whether :func:`clean` would change ``text``."""
    return _UNSAFE.search(text) is not None


def one_line(text: str) -> str:
    """:func:`clean`, with tabs and newlines escaped too: for a name shown on one line."""
    return clean(text).replace("\t", "\\t").replace("\n", "\\n")


def scenario_text(scenario: Scenario, fmt: str = "yaml") -> str:
    """A scenario as YAML or JSON for the terminal: as :func:`zopa.model.dump_scenario` writes
    it, or with every non-ASCII character escaped if it holds anything :func:`clean` escapes."""
    from zopa.model import dump_scenario

    text = dump_scenario(scenario, fmt)
    return dump_scenario(scenario, fmt, ascii_only=True) if has_unsafe(text) else text


class SafeConsole(Console):
    """A rich console that escapes control characters in everything it renders."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(clean(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for seg in super().render(renderable, options):
            if seg.control is None and _UNSAFE.search(seg.text):
                yield Segment(clean(seg.text), seg.style)
            else:
                yield seg


def make_console(*, stderr: bool = False, soft_wrap: bool = False) -> Console:
    """The console every command prints with: no markup, no emoji codes, no highlighting,
    control characters escaped."""
    return SafeConsole(
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=soft_wrap,
        width=WIDTH,
    )


def json_text(data: Any) -> str:
    """Indented JSON of plain data, with every character :func:`clean` escapes written as a
    ``\\u`` escape (the same string once decoded)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
