"""Hostile inputs for the command line, generated at test time, and the checks every run of a
command on them must pass: exit 0 or 2, no traceback, no escape sequence or live markup taken
from the input, an end within a hang guard."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

#: Rich markup that would turn into a live link or a crash if it were read as markup.
MARKUP = "[bold red]x[/bold red][link=file:///etc/passwd]click[/link] [/]"
#: Retitles the terminal, clears it and turns the text red, if printed raw.
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x1b[31m"
#: A right-to-left override and a carriage return, which rewrite what the reader sees.
REWRITES = "\u202eevil\rover"
#: A lone surrogate: not encodable as UTF-8.
SURROGATE = "\ud800"

HOSTILE = MARKUP + " " + ESCAPES + " " + REWRITES
#: Raw characters that must never reach the output.
RAW = ("\x1b", "\x07", "\u202e", "\r", SURROGATE)
#: Generous: only catches a hang, never a slow run.
HANG_GUARD = 300


def hostile_scenario(
    folder: Path, text: str = HOSTILE, file_name: str = "deal[draft].yaml"
) -> Path:
    """A valid two-party scenario in which every user-supplied string carries ``text``: its
    name and title, issue ids, labels and options, party ids and names, red-line labels, and
    proposal names and titles."""
    first, second = "a" + text, "b" + text
    options = ["low" + text, "mid" + text, "high" + text]
    data: dict[str, Any] = {
        "name": "n" + text,
        "title": "t" + text,
        "issues": {
            "issue" + text: {"label": "L" + text, "options": options, "ordered": True},
            "price": {"label": "Price" + text, "range": [0, 100], "step": 10, "unit": "u" + text},
        },
        "parties": {
            first: {
                "name": "A" + text,
                "reservation": 0.2,
                "interests": {
                    "issue" + text: {"weight": 0.6, "prefers": "low"},
                    "price": {"weight": 0.4, "prefers": "high"},
                },
                "red_lines": [{"rule": "price >= 10", "label": "R" + text}],
            },
            second: {
                "name": "B" + text,
                "reservation": 0.2,
                "interests": {
                    "issue" + text: {"weight": 0.7, "prefers": "high"},
                    "price": {"weight": 0.3, "prefers": "low"},
                },
            },
        },
        "proposals": {
            "p" + text: {
                "title": "T" + text,
                "by": first,
                "terms": {"issue" + text: options[0], "price": 90},
            },
        },
    }
    path = folder / file_name
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    return path


def assert_clean(code: int, out: str, err: str, *, shown: bool = False) -> None:
    """A run on hostile text: exit 0 or 2, no traceback, no raw control character, bidi
    override or lone surrogate in the output; ``shown``: the markup appears as written."""
    assert code in (0, 2), (code, out[-2000:], err[-2000:])
    both = out + err
    assert "Traceback" not in both, both[-3000:]
    for raw in RAW:
        assert raw not in both, (repr(raw), both[-2000:])
    if shown:
        assert "[link=file:" in out, out[-2000:]


@contextmanager
def hang_guard(seconds: int = HANG_GUARD) -> Iterator[None]:
    """Fail an in-process run that has not ended after ``seconds`` (a hang, not a slow run)."""

    def _raise(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no end within {seconds} s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
