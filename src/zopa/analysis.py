"""The main analysis of a scenario, as one JSON-ready report.

Sections: ``diagnosis`` (every named proposal); further sections come from the analysis modules
registered in :data:`SECTIONS` (agreement space, counter-proposals, forecast, simulation). A
section that the space is too large for is replaced by ``{"skipped": reason}``; the others stand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zopa.diagnose import diagnose_proposal
from zopa.errors import TooLargeError
from zopa.model.schema import Scenario

Section = Callable[[Scenario, int, int], Any]


def _agreement_space(scenario: Scenario, draws: int, seed: int) -> Any:
    from zopa.frontier.summary import summary

    return summary(scenario, max_points=25)


def _counters(scenario: Scenario, draws: int, seed: int) -> Any:
    from zopa.counter.takes import summary

    out = {}
    for name in scenario.proposals:
        if diagnose_proposal(scenario, name).rejecting:
            out[name] = summary(scenario, name, top=3, seed=seed)
    return out


def _forecast(scenario: Scenario, draws: int, seed: int) -> Any:
    from zopa.forecast.runs.overview import summary

    return summary(scenario, draws=draws, seed=seed)


def _simulation(scenario: Scenario, draws: int, seed: int) -> Any:
    from zopa.negotiate.summary import summary

    return summary(scenario, seed=seed)


#: name -> function(scenario, draws, seed) returning a JSON-ready section, in report order.
SECTIONS: dict[str, Section] = {
    "agreement_space": _agreement_space,
    "counters": _counters,
    "forecast": _forecast,
    "simulation": _simulation,
}


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
        try:
            report[name] = section(scenario, draws, seed)
        except TooLargeError as err:
            report[name] = {"skipped": str(err)}
    return report
