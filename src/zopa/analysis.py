"""The main analysis of a scenario, as one JSON-ready report.

Sections: ``diagnosis`` (every named proposal); further sections come from the analysis modules
registered in :data:`SECTIONS` (agreement space, counter-proposals, forecast, simulation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zopa.diagnose import diagnose_proposal
from zopa.model.schema import Scenario

Section = Callable[[Scenario, int, int], Any]

#: name -> function(scenario, draws, seed) returning a JSON-ready section.
SECTIONS: dict[str, Section] = {}


def analyze(scenario: Scenario, *, draws: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Every section of the main analysis for ``scenario``."""
    report: dict[str, Any] = {
        "scenario": scenario.name,
        "title": scenario.title,
        "as_of": scenario.as_of.isoformat() if scenario.as_of else None,
        "diagnosis": {
            name: diagnose_proposal(scenario, name).to_dict() for name in scenario.proposals
        },
    }
    for name, section in SECTIONS.items():
        report[name] = section(scenario, draws, seed)
    return report
