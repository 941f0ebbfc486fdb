"""Provenance audit: every judged number of a scenario with the evidence behind it.

A *number* is one uncertain (or fixed) judgement of the scenario: a weight, an option value, a
point of a value function, a tolerance, a walk-away value, a capability or a package-term value.
Its evidence is its own ``evidence`` list, else that of the nearest enclosing object that carries
one (the interest, then the party), marked as inherited. A number is

* **sourced** when some evidence item cites a source (a document in ``sources``);
* a **judgement** when its evidence states only the analyst's judgement;
* **unsourced** when it has no evidence at all.

Evidence is **late** when its date (the item's own ``date``, else its source's ``date``) is after
the scenario's ``as_of``: the scenario then rests on something not known at the date it claims.
The audit also lists the judgements the outlook hinges on (:mod:`zopa.outlook.hinges`), with
their provenance, so the numbers worth checking first come first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zopa import params
from zopa.model.evidence import Evidence
from zopa.model.schema import Scenario
from zopa.model.uncertain import Uncertain
from zopa.model.validate import evidence_items
from zopa.model.yamlsafe import dotted


@dataclass(frozen=True)
class Number:
    """One judged number and its provenance."""

    path: str
    low: float
    point: float
    high: float
    status: str  #: "sourced" | "judgement" | "unsourced"
    inherited: bool  #: the evidence is that of an enclosing object
    sources: tuple[str, ...]
    judgements: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": self.point if self.low == self.high else [self.low, self.point, self.high],
            "status": self.status,
            "inherited": self.inherited,
            "sources": list(self.sources),
            "judgements": list(self.judgements),
        }


@dataclass(frozen=True)
class Late:
    """Evidence dated after the scenario's ``as_of``."""

    path: str
    source: str | None
    date: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Audit:
    scenario: str
    as_of: str | None
    numbers: tuple[Number, ...]
    late: tuple[Late, ...]
    hinges: tuple[tuple[str, str], ...]  #: (path, status), most decisive first
    hinge_draws: int

    @property
    def unsourced(self) -> tuple[Number, ...]:
        return tuple(n for n in self.numbers if n.status == "unsourced")

    def share(self, status: str) -> float:
        return sum(n.status == status for n in self.numbers) / max(1, len(self.numbers))

    @property
    def strict_failures(self) -> int:
        return len(self.unsourced) + len(self.late)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "as_of": self.as_of,
            "counts": {
                "numbers": len(self.numbers),
                "sourced": sum(n.status == "sourced" for n in self.numbers),
                "judgement": sum(n.status == "judgement" for n in self.numbers),
                "unsourced": len(self.unsourced),
                "late_evidence": len(self.late),
            },
            "shares": {s: self.share(s) for s in ("sourced", "judgement", "unsourced")},
            "hinges": [{"path": p, "status": s} for p, s in self.hinges],
            "hinge_draws": self.hinge_draws,
            "unsourced": [n.path for n in self.unsourced],
            "late": [x.to_dict() for x in self.late],
            "numbers": [n.to_dict() for n in self.numbers],
        }


def _numbers(s: Scenario) -> Iterator[tuple[str, Uncertain, tuple[Evidence, ...]]]:
    """Every judged number with the evidence of its enclosing objects (nearest first)."""
    for pid, party in s.parties.items():
        base = f"parties.{pid}"
        for name in ("reservation", "capability"):  # written ones only: defaults are shared
            if name in party.model_fields_set:
                yield f"{base}.{name}", getattr(party, name), party.evidence
        for issue_id, it in party.interests.items():
            ib = f"{base}.interests.{issue_id}"
            outer = it.evidence or party.evidence
            yield f"{ib}.weight", it.weight, outer
            for label, u in (it.values or {}).items():
                yield f"{ib}.values.{label}", u, outer
            for k, (_, u) in enumerate(it.points or ()):
                yield f"{ib}.points[{k}]", u, outer
            if it.tolerance is not None:
                yield f"{ib}.tolerance", it.tolerance, outer
        for k, term in enumerate(party.terms):
            yield f"{base}.terms[{k}].value", term.value, term.evidence or party.evidence
        if party.time_preference is not None:
            tp = party.time_preference
            yield f"{base}.time_preference.discount", tp.discount, tp.evidence or party.evidence


def _number(path: str, u: Uncertain, outer: tuple[Evidence, ...]) -> Number:
    evidence = u.evidence or outer
    sources = tuple(dict.fromkeys(e.source for e in evidence if e.source is not None))
    judgements = tuple(e.judgement for e in evidence if e.judgement is not None)
    status = "sourced" if sources else "judgement" if judgements else "unsourced"
    return Number(
        path, u.low, u.point, u.high, status, not u.evidence and bool(outer), sources, judgements
    )


def evidence_date(s: Scenario, e: Evidence) -> dt.date | None:
    """The evidence item's own date, else its source's."""
    if e.date is not None:
        return e.date
    src = s.sources.get(e.source) if e.source else None
    return src.date if src is not None else None


def audit(
    s: Scenario, *, draws: int = params.AUDIT_DRAWS, seed: int = 0, hinges: int = 10
) -> Audit:
    """The provenance audit of ``s`` (``draws`` draws for the outlook's hinges; 0: none)."""
    seen: dict[int, Number] = {}
    for path, u, outer in _numbers(s):
        if id(u) not in seen:
            seen[id(u)] = _number(path, u, outer)
    numbers = tuple(seen.values())
    late = []
    if s.as_of is not None:
        for where, e in evidence_items(s):
            when = evidence_date(s, e)
            if when is not None and when > s.as_of:
                late.append(Late(dotted(where), e.source, when.isoformat()))
    ranked: tuple[tuple[str, str], ...] = ()
    if draws > 0:
        from zopa.errors import TooLargeError
        from zopa.outlook import outlook

        by_path = {n.path: n.status for n in numbers}
        try:
            o = outlook(s, draws=draws, seed=seed, red_lines=False)
        except TooLargeError:
            o = None
        if o is not None:
            moving = [h for h in o.hinges if h.swing != 0 or h.threshold is not None]
            ranked = tuple((h.path, by_path.get(h.path, "unsourced")) for h in moving[:hinges])
    return Audit(
        s.name, s.as_of.isoformat() if s.as_of else None, numbers, tuple(late), ranked, draws
    )
