"""Identifiers for imported issues and parties.

Imported names may hold blanks, brackets or start with a digit (``Size of Fund``,
``0:00-2:59 prices [cents/kWh]``). The scenario keeps the original as the label and uses an
identifier that red-line rules can name: letters, digits, ``_``, ``-`` and ``.``, starting with a
letter or ``_``, never a rule keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zopa.model.rules import KEYWORDS

_BAD = re.compile(r"[^A-Za-z0-9_\-.]+")


def identifier(name: str, prefix: str = "x") -> str:
    """A rule-safe identifier for ``name`` (``prefix_`` is put before a leading digit)."""
    ident = _BAD.sub("_", name.strip()).strip("_-.")
    if not ident:
        return prefix
    if not (ident[0].isalpha() or ident[0] == "_") or not ident[0].isascii():
        ident = f"{prefix}_{ident}"
    if ident in KEYWORDS:
        ident = f"{ident}_"
    return ident


def unique_identifiers(names: Iterable[str], prefix: str = "x") -> list[str]:
    """Identifiers for several names, made distinct by ``_2``, ``_3``... suffixes."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        base = identifier(name, prefix)
        ident, k = base, 1
        while ident in seen:
            k += 1
            ident = f"{base}_{k}"
        seen.add(ident)
        out.append(ident)
    return out
