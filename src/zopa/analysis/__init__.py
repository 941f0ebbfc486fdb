"""The main analysis of a scenario, as one JSON-ready report.

Sections: ``outlook`` first (will there be a deal, which one, how sure: :mod:`zopa.outlook`),
then ``diagnosis`` (every named proposal); further sections come from the analysis modules,
each registered in :data:`SECTIONS` with the function that computes it and the one that renders
it for a terminal (:mod:`zopa.analysis.sections`: agreement space, counter-proposals, forecast,
simulation). A section that the space is too large for is replaced by ``{"skipped": reason}``;
the others stand.

The sections are computed side by side, on as many threads as the process has processors
(numpy works outside the interpreter lock, so on an idle 2-core machine the main analysis takes
about the time of its longest section plus the rest on the other core). Each section is a pure
function of the (frozen) scenario, the draws and the seed, and the report keeps the registry's
order, so the report is the same, byte for byte, whatever the threads' timing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from zopa import params
from zopa._threads import side_by_side
from zopa.analysis.registry import SECTIONS, Section, register_section
from zopa.diagnose import diagnose_proposal
from zopa.errors import TooLargeError
from zopa.model.schema import Scenario
from zopa.seeds import as_seed

__all__ = ["FIRST", "SECTIONS", "Section", "analyze", "register_section"]


#: The section the report leads with, before the diagnosis.
FIRST = "outlook"


def analyze(
    scenario: Scenario,
    *,
    draws: int = params.FORECAST_DRAWS,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Every section of the main analysis for ``scenario``, the outlook first; ``progress(done,
    total)`` is told of each part done (the sections and the diagnosis)."""
    draws = params.count(draws, "draws", low=1, high=params.MAX_FORECAST_DRAWS)
    seed = as_seed(seed)
    total = len(SECTIONS) + 1
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    report: dict[str, Any] = {
        "scenario": scenario.name,
        "title": scenario.title,
        "as_of": scenario.as_of.isoformat() if scenario.as_of else None,
    }
    sections = dict(SECTIONS.items())
    if progress is not None:
        progress(0, total)
    # the diagnosis first, in this thread: what it imports on first use is then imported
    # before the sections' threads start
    diagnosis = {name: diagnose_proposal(scenario, name).to_dict() for name in scenario.proposals}
    step()
    names = list(sections)
    tasks = [partial(_compute, sections[name], scenario, draws, seed) for name in names]
    results: dict[str, Any] = {}
    for i, value in side_by_side(tasks, params.cores(), "zopa-section"):
        results[names[i]] = value
        step()
    if FIRST in results:
        report[FIRST] = results.pop(FIRST)
    report["diagnosis"] = diagnosis
    report.update((name, results[name]) for name in sections if name != FIRST)
    return report


def _compute(section: Section, scenario: Scenario, draws: int, seed: int) -> Any:
    try:
        return section.compute(scenario, draws, seed)
    except TooLargeError as err:
        return {"skipped": str(err)}
