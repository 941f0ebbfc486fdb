"""A scenario's summary as plain data: issues with their values, parties with their weights and
red lines, proposals, the number of outcomes and of sources (the document ``zopa show --json``
prints)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
