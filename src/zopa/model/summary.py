"""A scenario's summary as plain data: issues with their values, parties with their weights and
red lines, proposals, the number of outcomes and of sources (the document ``zopa show --json``
prints)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zopa.model.grids import check_sizes

if TYPE_CHECKING:
    from zopa.model.schema import Scenario


def scenario_row(name: str, s: Scenario) -> dict[str, object]:
    """One row of the list of scenarios (``zopa scenarios --json``)."""
    return {
        "name": name,
        "title": s.title or "",
        "issues": len(s.issues),
        "parties": len(s.parties),
        "outcomes": check_sizes(s),
    }


@dataclass(frozen=True)
class _Issue:
    """The fields of an issue the grid sizes depend on, read from a scenario file."""

    options: tuple[str, ...] | None
    range: tuple[float, float] | None
    step: float | None
    grid: tuple[float, ...] | None

    @property
    def bounds(self) -> tuple[float, float]:
        assert self.range is not None
        return self.range

    @property
    def size(self) -> int | float:
        from zopa.model.grids import DEFAULT_POINTS, step_count

        if self.options is not None:
            return len(self.options)
        if self.grid is not None:
            return len(self.grid)
        return DEFAULT_POINTS if self.step is None else step_count(*self.bounds, self.step)


@dataclass(frozen=True)
class _Proposal:
    terms: Mapping[str, Any]


@dataclass(frozen=True)
class _Plain:
    """What :func:`zopa.model.grids.check_sizes` reads of a scenario, from its file's data."""

    issues: dict[str, _Issue]
    proposals: dict[str, _Proposal]
    parties: dict[str, Any] = field(default_factory=dict)
    constraints: tuple[Any, ...] = ()


def _number(x: Any) -> float:
    return float(x["value"] if isinstance(x, Mapping) else x)


def _plain(data: Mapping[str, Any]) -> _Plain:
    issues = {}
    for name, raw in data["issues"].items():
        rng = raw.get("range")
        issues[name] = _Issue(
            options=tuple(str(o) for o in raw["options"]) if "options" in raw else None,
            range=(float(rng[0]), float(rng[1])) if rng is not None else None,
            step=float(raw["step"]) if raw.get("step") is not None else None,
            grid=tuple(float(g) for g in raw["grid"]) if raw.get("grid") is not None else None,
        )
    proposals = {
        name: _Proposal(
            {
                k: float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
                for k, v in (p.get("terms") or {}).items()
            }
        )
        for name, p in (data.get("proposals") or {}).items()
    }
    return _Plain(issues, proposals)


def bundled_rows() -> list[dict[str, object]]:
    """The rows of ``zopa scenarios``, read from the bundled files without validating them again
    (the tests keep every bundled scenario valid and these rows equal to :func:`scenario_row`'s):
    the listing starts without building the scenario models."""
    from zopa.model.io import bundled_scenarios
    from zopa.model.yamlsafe import load_document

    rows = []
    for name, path in bundled_scenarios().items():
        data = load_document(path, label=f"{name} (bundled)").data
        rows.append(
            {
                "name": name,
                "title": data.get("title") or "",
                "issues": len(data["issues"]),
                "parties": len(data["parties"]),
                "outcomes": check_sizes(_plain(data)),  # type: ignore[arg-type]
            }
        )
    return rows


def scenario_summary(s: Scenario) -> dict[str, object]:
    """The scenario as ``zopa show --json`` prints it. The number of outcomes is the compiled
    game's, computed from the issues (:func:`zopa.model.grids.check_sizes`)."""
    outcomes = check_sizes(s)
    return {
        "name": s.name,
        "title": s.title,
        "as_of": s.as_of.isoformat() if s.as_of else None,
        "issues": {
            i: {"label": s.issue_label(i), "values": list(issue.values), "unit": issue.unit}
            for i, issue in s.issues.items()
        },
        "parties": {
            p: {
                "name": s.party_name(p),
                "signatory": party.signatory,
                "reservation": party.reservation.point,
                "capability": party.capability.point,
                "interests": {i: it.weight.point for i, it in party.interests.items()},
                "red_lines": [r.label or r.rule for r in party.red_lines],
            }
            for p, party in s.parties.items()
        },
        "proposals": list(s.proposals),
        "outcomes": outcomes,
        "sources": len(s.sources),
        "sources_cited": len(cited_sources(s)),
    }


def cited_sources(s: Scenario) -> set[str]:
    """The ids of the sources some evidence item of the scenario cites."""
    from zopa.model.validate import evidence_items

    return {ev.source for _, ev in evidence_items(s) if ev.source is not None}
