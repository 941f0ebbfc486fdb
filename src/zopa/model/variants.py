"""Table variants: who sits at the table and signs.

A scenario may declare ``variants``: named sets of signatories (``US–Russia only``,
``+Ukraine``, ``+Europe``). Applying a variant makes exactly those parties signatories and every
other party a stakeholder; the issues, interests and proposals stay as they are.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from zopa.model.evidence import Evidence


class Variant(BaseModel):
    """Who signs in one arrangement of the table."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str | None = None
    description: str | None = None
    signatories: tuple[str, ...] = Field(min_length=1)
    evidence: tuple[Evidence, ...] = ()


def variant_problems(s: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Unknown or repeated parties in the scenario's variants."""
    from zopa.model.suggest import suggest as _suggest

    out: list[tuple[tuple[str | int, ...], str]] = []
    for vid, variant in getattr(s, "variants", {}).items():
        seen: set[str] = set()
        for k, pid in enumerate(variant.signatories):
            path = ("variants", vid, "signatories", k)
            if pid not in s.parties:
                out.append((path, f"unknown party {pid!r}{_suggest(pid, s.parties)}"))
            elif pid in seen:
                out.append((path, f"party {pid!r} is listed twice"))
            seen.add(pid)
    return out
