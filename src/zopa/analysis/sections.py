"""The sections of the main analysis: how each is computed and how a terminal shows it.

Every section registers its compute function with its renderer (:func:`register_section`);
renderers return rich renderables and print nothing themselves.

The modules the sections compute with are imported here, at the top, not inside the functions:
:func:`zopa.analysis.analyze` runs the sections side by side in threads, and two threads that
each import a module of a package importing the other can deadlock. This module is imported
only when the registry is first read (the main analysis, the workbench), never at start-up.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.rule import Rule
from rich.table import Table

from zopa.analysis.registry import register_section
from zopa.counter.takes import counter_overview
from zopa.diagnose import diagnose_proposal
from zopa.forecast.inputs.scenario import on_issue
from zopa.forecast.runs.overview import forecast_summary
from zopa.frontier.summary import frontier_summary
from zopa.model.schema import Scenario
from zopa.negotiate.summary import simulation_summary
from zopa.outlook import outlook as run_outlook
from zopa.outlook.forecasts import check_forecasts


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _value(value: Any) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def _changes(scenario: Scenario, base: dict[str, Any], terms: dict[str, Any]) -> str:
    out = []
    for issue, value in terms.items():
        if base.get(issue) != value:
            shown = value if isinstance(value, str) else f"{value:g}"
            out.append(f"{scenario.issue_label(issue)}: {shown}")
    return "; ".join(out) or "(as proposed)"


# -- outlook (first: the report leads with it) ---------------------------------------------------


def render_outlook(scenario: Scenario, data: dict[str, Any]) -> list[RenderableType]:
    """The outlook's summary and the likely settlement, issue by issue."""
    out: list[RenderableType] = [Rule("Outlook"), data["summary"]]
    settled = data["settlements"][0] if data["settlements"] else None
    if not settled or not settled["issues"]:
        return out
    table = Table("issue", "settled term (share of draws with a deal)", title=settled["label"])
    for spread in settled["issues"]:
        if "options" in spread:
            cell = ", ".join(f"{k} {v:.0%}" for k, v in spread["options"].items() if v >= 0.005)
        else:
            lo, hi = spread["interval_80"]
            cell = f"median {spread['median']:g}, 80% interval {lo:g}-{hi:g}"
        table.add_row(scenario.issue_label(spread["issue"]), cell)
    out.append(table)
    return out


@register_section("outlook", title="Outlook", render=render_outlook)
def outlook(scenario: Scenario, draws: int, seed: int) -> Any:
    return run_outlook(scenario, draws=draws, seed=seed).to_dict()


# -- agreement space ---------------------------------------------------------------------------


def render_agreement_space(scenario: Scenario, data: dict[str, Any]) -> list[RenderableType]:
    out: list[RenderableType] = [Rule("Agreement space")]
    z = data["zopa"]
    names = [scenario.party_name(p) for p in data["signatories"]]
    if z["exists"]:
        out.append(
            f"ZOPA: {z['size']:,} of {z['n_outcomes']:,} outcomes ({z['share']:.1%}) are "
            f"accepted by every signatory ({', '.join(names)}); Pareto frontier: "
            f"{data['frontier']['size']} points, {data['frontier']['in_zopa']} inside the ZOPA."
        )
    else:
        out.append(f"No ZOPA: no outcome is accepted by every signatory ({', '.join(names)}).")
    first = next(iter(scenario.proposals.values()), None)
    base = dict(first.terms) if first else {}
    table = Table(
        "solution", *names, "terms (changes from the first proposal)", title="Bargaining solutions"
    )
    for name, deal in data["solutions"].items():
        if deal is None:
            table.add_row(name, *["-"] * len(names), "no individually rational outcome")
            continue
        u = [_fmt(deal["utilities"][p]) for p in data["signatories"]]
        table.add_row(name, *u, _changes(scenario, base, deal["terms"]))
    out.append(table)
    return out


@register_section("agreement_space", title="Agreement space", render=render_agreement_space)
def agreement_space(scenario: Scenario, draws: int, seed: int) -> Any:
    return frontier_summary(scenario, max_points=25).to_dict()


# -- counter-proposals -------------------------------------------------------------------------


def render_counters(scenario: Scenario, data: dict[str, Any]) -> list[RenderableType]:
    out: list[RenderableType] = []
    for proposal, report in data.items():
        out.append(Rule(f"Counter-proposals to {proposal}"))
        out.append(report["summary"])
        parties = list(scenario.parties)
        table = Table(
            "#",
            "changes",
            *[scenario.party_name(p) for p in parties],
            title="Packages every signatory accepts (utility after; change)",
        )
        for k, pkg in enumerate(report["counters"], 1):
            changes = "; ".join(f"{c['label']}: {_value(c['after'])}" for c in pkg["changes"])
            cells = [
                f"{pkg['parties'][p]['after']:.2f} ({pkg['parties'][p]['delta']:+.2f})"
                for p in parties
            ]
            table.add_row(str(k), changes, *cells)
        out.append(table)
        for k, pkg in enumerate(report["counters"], 1):
            out.append(f"  {k}. {pkg['explanation']}")
        for party, takes in report.get("what_it_takes", {}).items():
            out.append(f"  What it would take for {scenario.party_name(party)}: {takes['summary']}")
        for conflict in report.get("conflicts", []):
            out.append(f"  Conflict: {conflict['explanation']}")
    return out


@register_section("counters", title="Counters", render=render_counters)
def counters(scenario: Scenario, draws: int, seed: int) -> Any:
    out = {}
    for name in scenario.proposals:
        if diagnose_proposal(scenario, name).rejecting:
            out[name] = counter_overview(scenario, name, top=3, seed=seed).to_dict()
    return out


# -- forecast ----------------------------------------------------------------------------------


def render_forecast(scenario: Scenario, data: dict[str, Any]) -> list[RenderableType]:
    out: list[RenderableType] = [
        Rule("Forecast"),
        "Positions on 0–100: 0 is an issue's first option (or the low end of its range), "
        "100 its last (or the high end).",
    ]
    models = data["models"]
    table = Table(
        "issue",
        *models.values(),
        title=f"Forecast: nearest value, position [80% interval over {data['draws']:,} draws]",
    )
    for issue, per_model in data["issues"].items():
        cells = []
        for m in models:
            f = per_model.get(m)
            cells.append(
                "-"
                if f is None
                else f"{on_issue(scenario, issue, f['point'])}\n{f['point']:.0f} "
                f"[{f['interval80'][0]:.0f}, {f['interval80'][1]:.0f}]"
            )
        table.add_row(scenario.issue_label(issue), *cells)
    out.append(table)
    out += [c["text"] for c in data.get("coherence", ()) if not c["acceptable"]]
    return out


@register_section("forecast", title="Forecast", render=render_forecast)
def forecast(scenario: Scenario, draws: int, seed: int) -> Any:
    """The forecast of every model, and each model's point forecast as a package checked
    against who must sign (``coherence``: see :mod:`zopa.outlook.forecasts`)."""
    data = forecast_summary(scenario, draws=draws, seed=seed).to_dict()
    data["coherence"] = [c.to_dict() for c in check_forecasts(scenario)]
    return data


# -- simulation --------------------------------------------------------------------------------


def render_simulation(scenario: Scenario, data: dict[str, Any]) -> list[RenderableType]:
    out: list[RenderableType] = [Rule("Simulated negotiation between the signatories")]
    if not data.get("runs"):
        out.append(data.get("note", "nothing to simulate"))
        return out
    parties = list(data["runs"][0]["utilities"])
    table = Table(
        "strategies",
        "outcome",
        "rounds",
        *[scenario.party_name(p) for p in parties],
        "distance to Nash",
        title=f"{data['protocol']} offers, {data['rounds']} rounds",
    )
    for run in data["runs"]:
        table.add_row(
            run["strategies"],
            run["status"],
            str(run["rounds"]),
            *[_fmt(run["utilities"][p]) for p in parties],
            _fmt(run["nash_distance"]),
        )
    out.append(table)
    return out


@register_section("simulation", title="Simulation", render=render_simulation)
def simulation(scenario: Scenario, draws: int, seed: int) -> Any:
    return simulation_summary(scenario, seed=seed).to_dict()
