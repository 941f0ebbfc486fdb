"""Human renderers for the sections of ``zopa analyze`` (``--json`` has the full data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.table import Table

from zopa.cli._common import console
from zopa.forecast.inputs.scenario import on_issue as _on_issue
from zopa.model.schema import Scenario

Renderer = Callable[[Scenario, Any], None]


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


def agreement_space(scenario: Scenario, data: dict[str, Any]) -> None:
    console.rule("Agreement space")
    z = data["zopa"]
    names = [scenario.party_name(p) for p in data["signatories"]]
    if z["exists"]:
        console.print(
            f"ZOPA: {z['size']:,} of {z['n_outcomes']:,} outcomes ({z['share']:.1%}) are "
            f"accepted by every signatory ({', '.join(names)}); Pareto frontier: "
            f"{data['frontier']['size']} points, {data['frontier']['in_zopa']} inside the ZOPA."
        )
    else:
        console.print(f"No ZOPA: no outcome is accepted by every signatory ({', '.join(names)}).")
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
    console.print(table)


def counters(scenario: Scenario, data: dict[str, Any]) -> None:
    for proposal, report in data.items():
        console.rule(f"Counter-proposals to {proposal}")
        console.print(report["summary"])
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
        console.print(table)
        for k, pkg in enumerate(report["counters"], 1):
            console.print(f"  {k}. {pkg['explanation']}")
        for party, takes in report.get("what_it_takes", {}).items():
            console.print(
                f"  What it would take for {scenario.party_name(party)}: {takes['summary']}"
            )
        for conflict in report.get("conflicts", []):
            console.print(f"  Conflict: {conflict['explanation']}")


def forecast(scenario: Scenario, data: dict[str, Any]) -> None:
    console.rule("Forecast")
    console.print(
        "Positions on 0–100: 0 is an issue's first option (or the low end of its range), "
        "100 its last (or the high end)."
    )
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
                else f"{_on_issue(scenario, issue, f['point'])}\n{f['point']:.0f} "
                f"[{f['interval80'][0]:.0f}, {f['interval80'][1]:.0f}]"
            )
        table.add_row(scenario.issue_label(issue), *cells)
    console.print(table)


def simulation(scenario: Scenario, data: dict[str, Any]) -> None:
    console.rule("Simulated negotiation between the signatories")
    if not data.get("runs"):
        console.print(data.get("note", "nothing to simulate"))
        return
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
    console.print(table)


RENDERERS: dict[str, Renderer] = {
    "agreement_space": agreement_space,
    "counters": counters,
    "forecast": forecast,
    "simulation": simulation,
}
