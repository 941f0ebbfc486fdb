"""``zopa analyze``: the main analysis of a scenario, section by section."""

from __future__ import annotations

from typing import Annotated, Any

from rich.text import Text

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import console, folded, show_json
from zopa.cli.core import render_diagnosis
from zopa.cli.options import JsonOpt, ScenarioArg, draws_option, seed_option
from zopa.cli.progress import progress_bar


@app.command("analyze")
def analyze_cmd(
    scenario: ScenarioArg = "minerals-2025",
    draws: Annotated[
        int, draws_option("Monte Carlo draws for the outlook and the forecast (1 to 1,000,000).")
    ] = params.FORECAST_DRAWS,
    seed: Annotated[int, seed_option("Seed for every random step (>= 0).")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """The main analysis: the outlook first, then diagnosis, agreement space, counters,
    forecast and simulation."""
    from zopa.analysis import FIRST, SECTIONS, analyze
    from zopa.diagnose import diagnose_proposal
    from zopa.model import load_scenario

    s = load_scenario(scenario)
    with progress_bar("analysis: parts done", as_json=as_json) as progress:
        report: dict[str, Any] = analyze(s, draws=draws, seed=seed, progress=progress)
    if show_json(report, as_json):
        return
    console.rule(Text(s.title or s.name, style="bold"))
    sections = dict(SECTIONS.items())
    first = sections.pop(FIRST, None)
    if first is not None and FIRST in report:
        _render(s, first, report[FIRST])
    for name in s.proposals:
        render_diagnosis(s, diagnose_proposal(s, name))
    for key, section in sections.items():
        if key in report:
            _render(s, section, report[key])


def _render(s: Any, section: Any, data: Any) -> None:
    if isinstance(data, dict) and "skipped" in data:
        console.rule(section.title)
        console.print(f"skipped: {data['skipped']}")
        return
    for part in section.render(s, data):
        console.print(folded(part))
