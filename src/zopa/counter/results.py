"""Result values of the counter-proposal analyses: frozen, comparable, JSON-ready."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zopa._types import Value

if TYPE_CHECKING:
    import pandas


@dataclass(frozen=True)
class Change:
    """One issue moved away from the proposal."""

    issue: str
    label: str
    before: Value
    after: Value

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "label": self.label,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Effect:
    """What a package does to one party, against the proposal."""

    party: str
    name: str
    signatory: bool
    reservation: float
    before: float
    after: float
    accepts_before: bool
    accepts_after: bool
    by_issue: tuple[tuple[str, float], ...]  # utility change per changed issue, then "terms"

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def margin(self) -> float:
        """Utility after the change above the walk-away value (negative: it walks away)."""
        return self.after - self.reservation

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "name": self.name,
            "signatory": self.signatory,
            "reservation": self.reservation,
            "before": self.before,
            "after": self.after,
            "delta": self.delta,
            "margin": self.margin,
            "accepts_before": self.accepts_before,
            "accepts_after": self.accepts_after,
            "by_issue": dict(self.by_issue),
        }


@dataclass(frozen=True)
class Robustness:
    """How often a package stays acceptable when the scenario's uncertain numbers are drawn."""

    draws: int
    seed: int
    share: float  # of draws in which every required party accepts
    by_party: tuple[tuple[str, float], ...]  # share of draws in which each required party does

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "share": self.share,
            "by_party": dict(self.by_party),
        }


@dataclass(frozen=True)
class Package:
    """An outcome offered as a counter-proposal, with its changes, effects and explanation."""

    terms: tuple[tuple[str, Value], ...]
    changes: tuple[Change, ...]
    distance: float
    effects: tuple[Effect, ...]
    nash: float | None
    explanation: str
    required: tuple[str, ...] = ()
    robustness: Robustness | None = None

    def effect(self, party: str) -> Effect:
        return next(e for e in self.effects if e.party == party)

    @property
    def margins(self) -> dict[str, float]:
        """Each required party's utility above its walk-away value."""
        return {e.party: e.margin for e in self.effects if e.party in self.required}

    @property
    def knife_edge(self) -> bool:
        """Accepted in under 60% of draws, or with a margin under 0.02 for a required party."""
        from zopa.counter.explain import is_knife_edge

        return is_knife_edge(tuple(self.margins.items()), self.robustness)

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": dict(self.terms),
            "changes": [c.to_dict() for c in self.changes],
            "issues_changed": len(self.changes),
            "distance": self.distance,
            "parties": {e.party: e.to_dict() for e in self.effects},
            "nash_product": self.nash,
            "required": list(self.required),
            "margins": self.margins,
            "robustness": self.robustness.to_dict() if self.robustness else None,
            "knife_edge": self.knife_edge,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Essential:
    """An issue every acceptable package changes, and the values it may take."""

    issue: str
    label: str
    before: Value
    allowed: tuple[Value, ...]
    text: str
    allowed_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "label": self.label,
            "before": self.before,
            "allowed": list(self.allowed),
            "allowed_text": self.allowed_text,
            "text": self.text,
        }


@dataclass(frozen=True)
class Limit:
    """One constraint of a conflict set: a red line or a walk-away value."""

    party: str
    kind: str  # "red_line" | "reservation"
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Conflict:
    """A minimal set of red lines and walk-away values that cannot all be met."""

    limits: tuple[Limit, ...]
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {"limits": [c.to_dict() for c in self.limits], "explanation": self.explanation}


@dataclass(frozen=True)
class CounterReport:
    """Counter-proposals to one proposal (``zopa counter``)."""

    scenario: str
    proposal: str
    rank: str
    required: tuple[str, ...]
    rejecting: tuple[str, ...]
    packages: tuple[Package, ...]
    essential: tuple[Essential, ...]
    conflicts: tuple[Conflict, ...]
    conflicts_complete: bool
    method: str
    summary: str
    margin: float = 0.0
    n_routes: int = 0  # the first n_routes packages change different issue sets; the rest spread
    #: None: the search was complete; else how it was limited by its budget, in plain words
    budget: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "proposal": self.proposal,
            "rank": self.rank,
            "margin": self.margin,
            "n_routes": self.n_routes,
            "required": list(self.required),
            "rejecting": list(self.rejecting),
            "counters": [p.to_dict() for p in self.packages],
            "essential": [e.to_dict() for e in self.essential],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "conflicts_complete": self.conflicts_complete,
            "method": self.method,
            "summary": self.summary,
            "budget": self.budget,
        }

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        keep = ("counter", "issues_changed", "changes", "robustness", "knife_edge")
        rows = [{k: r[k] for k in keep} for r in self.records()]
        return view(f"Counter-proposals to {self.proposal}", [self.summary], rows)

    def records(self) -> list[dict[str, Any]]:
        """One row per counter-proposal, in rank order: ``counter`` (from 1),
        ``issues_changed``, ``changes`` (``issue: before -> after; ...``), ``distance``,
        ``nash_product``, ``robustness`` (share of draws every required party accepts; None
        without draws), ``knife_edge``, ``utility_<party>`` and ``accepts_<party>`` for every
        party, ``margin_<party>`` for each required party, then one column per issue."""
        rows = []
        for n, pkg in enumerate(self.packages, start=1):
            row: dict[str, Any] = {
                "counter": n,
                "issues_changed": len(pkg.changes),
                "changes": "; ".join(f"{c.issue}: {c.before} -> {c.after}" for c in pkg.changes),
                "distance": pkg.distance,
                "nash_product": pkg.nash,
                "robustness": pkg.robustness.share if pkg.robustness else None,
                "knife_edge": pkg.knife_edge,
            }
            for e in pkg.effects:
                row[f"utility_{e.party}"] = e.after
                row[f"accepts_{e.party}"] = e.accepts_after
            row.update({f"margin_{p}": m for p, m in pkg.margins.items()})
            row.update(pkg.terms)
            rows.append(row)
        return rows

    def to_frame(self) -> pandas.DataFrame:
        """:meth:`records` as a pandas DataFrame (pandas is the optional extra ``frames``)."""
        from zopa.frames import data_frame

        return data_frame(self.records())


@dataclass(frozen=True)
class Block:
    """Packages written as one list of values per issue: every combination of the listed values
    works (with the proposal's values on the issues not listed)."""

    values: tuple[tuple[str, tuple[Value, ...]], ...]
    n_packages: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "values": {k: list(v) for k, v in self.values},
            "n_packages": self.n_packages,
            "text": self.text,
        }


@dataclass(frozen=True)
class ConcessionSet:
    """A minimal set of issues to change: no proper subset of it is enough.

    ``allowed`` lists, per issue, the values seen in *some* accepted package that changes exactly
    these issues; not every combination of them works. ``blocks``, when known, are exactly the
    working packages (None when there are too many to list).
    """

    issues: tuple[str, ...]
    allowed: tuple[tuple[str, tuple[Value, ...]], ...]
    n_packages: int | None
    closest: Package
    text: str
    blocks: tuple[Block, ...] | None = None
    allowed_text: tuple[tuple[str, str], ...] = ()  # per issue, the values seen, in words

    def to_dict(self) -> dict[str, Any]:
        return {
            "issues": list(self.issues),
            "allowed": {k: list(v) for k, v in self.allowed},
            "allowed_text": dict(self.allowed_text),
            "n_packages": self.n_packages,
            "packages": [b.to_dict() for b in self.blocks] if self.blocks is not None else None,
            "closest": self.closest.to_dict(),
            "text": self.text,
        }


@dataclass(frozen=True)
class WhatItTakes:
    """The minimal concession sets that bring a party on board (``zopa what-it-takes``)."""

    scenario: str
    proposal: str
    party: str
    required: tuple[str, ...]
    accepts_already: bool
    sets: tuple[ConcessionSet, ...]
    complete: bool
    essential: tuple[Essential, ...]
    conflicts: tuple[Conflict, ...]
    conflicts_complete: bool
    method: str
    summary: str
    margin: float = 0.0
    #: None: the search was complete; else how it was limited by its budget, in plain words
    budget: str | None = None

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        rows = [
            {"issues to change": ", ".join(s.issues), "packages": s.n_packages} for s in self.sets
        ]
        return view(f"What it takes for {self.party}", [self.summary], rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "proposal": self.proposal,
            "party": self.party,
            "margin": self.margin,
            "required": list(self.required),
            "accepts_already": self.accepts_already,
            "minimal_sets": [s.to_dict() for s in self.sets],
            "complete": self.complete,
            "essential": [e.to_dict() for e in self.essential],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "conflicts_complete": self.conflicts_complete,
            "method": self.method,
            "summary": self.summary,
            "budget": self.budget,
        }


@dataclass(frozen=True)
class TradePoint:
    """One point of a local frontier."""

    u_a: float
    u_b: float
    changes: tuple[Change, ...]
    accepts_a: bool
    accepts_b: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "u_a": self.u_a,
            "u_b": self.u_b,
            "changes": [c.to_dict() for c in self.changes],
            "accepts_a": self.accepts_a,
            "accepts_b": self.accepts_b,
        }


@dataclass(frozen=True)
class TradeOff:
    """The local frontier between two parties around a proposal (``zopa tradeoff``)."""

    scenario: str
    proposal: str
    a: str
    b: str
    within: int
    base: tuple[float, float]
    reservations: tuple[float, float]
    points: tuple[TradePoint, ...]
    method: str
    exact: bool
    budget: str | None = None  #: None: complete; else how its budget limited the search

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "proposal": self.proposal,
            "a": self.a,
            "b": self.b,
            "within": self.within,
            "proposal_point": {"u_a": self.base[0], "u_b": self.base[1]},
            "reservations": {"a": self.reservations[0], "b": self.reservations[1]},
            "frontier": [p.to_dict() for p in self.points],
            "method": self.method,
            "exact": self.exact,
            "budget": self.budget,
        }
