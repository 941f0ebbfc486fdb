"""Tables of the forecast commands: forecasts with intervals, sensitivity, backtest scores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zopa.cli._common import Table, console
from zopa.forecast.runs.backtest_values import BacktestReport
from zopa.forecast.runs.reports import ForecastReport
from zopa.forecast.runs.sensitivity import MIN_CHANGES
from zopa.forecast.runs.sensitivity_values import SobolIndices, Tornado


def fmt(v: float) -> str:
    """A number in four significant digits, a dash for NaN."""
    return "—" if v != v else f"{v:.4g}"


def forecast_table(report: ForecastReport) -> None:
    """Each issue's forecasts per model, with intervals when Monte Carlo ran."""
    actors, scenario, thresholds = report.actors, report.given.scenario, report.thresholds
    mc = report.monte_carlo if report.monte_carlo and report.monte_carlo.draws else None
    title = f"Forecasts ({actors.n} actors" + (
        f", {mc.draws} draws)" if mc else ", no uncertainty run)"
    )
    cols = ["issue", "model", "point"] + (["nearest"] if scenario is not None else [])
    if mc:
        cols += ["median", "80% interval", "95% interval"] + (["P(> t)"] if thresholds else [])
    table = Table(*cols, title=title)
    point = report.forecasts
    for k, dim in enumerate(actors.dimensions):
        for j, (name, fc) in enumerate(point.items()):
            row = [dim if j == 0 else "", name, fmt(float(fc.outcome[k]))]
            if scenario is not None:
                from zopa.forecast.inputs.scenario import on_issue

                row.append(on_issue(scenario, dim, float(fc.outcome[k])))
            if mc:
                row += _interval_cells(mc.distributions[name], k, dim, bool(thresholds))
            table.add_row(*row, end_section=j == len(point) - 1)
    console.print(table)
    scales = zip(actors.dimensions, actors.scale_low, actors.scale_high, strict=True)
    console.print("scale: " + ", ".join(f"{d} [{a:g}, {b:g}]" for d, a, b in scales))
    check_table(report)


def check_table(report: ForecastReport) -> None:
    """Each model's point forecast as a package of the scenario's terms, and whether every
    signatory would sign it (who would refuse it, and why)."""
    if not report.checks:
        return
    issues = list(report.checks[0].terms)
    scenario = report.given.scenario
    table = Table(
        "issue",
        *[c.model for c in report.checks],
        title="Forecast packages, checked against who must sign (at the point estimates)",
    )
    for i in issues:
        table.add_row(scenario.issue_label(i), *[_term(c.terms[i]) for c in report.checks])
    table.add_row(
        "all sign?",
        *[
            "yes"
            if c.acceptable
            else "NO: " + ", ".join(scenario.party_name(p) for p in c.rejected_by)
            for c in report.checks
        ],
        end_section=True,
    )
    console.print(table)
    for c in report.checks:
        if not c.acceptable:
            console.print(c.words)


def _term(v: object) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _interval_cells(d: Any, k: int, dim: str, with_thresholds: bool) -> list[str]:
    i80, i95 = d.interval80[k], d.interval95[k]
    cells = [
        fmt(float(d.median[k])),
        f"[{fmt(i80[0])}, {fmt(i80[1])}]",
        f"[{fmt(i95[0])}, {fmt(i95[1])}]",
    ]
    if with_thresholds:
        cells.append(
            ", ".join(f">{t:g}: {d.exceedance(t, k):.0%}" for t in d.thresholds.get(dim, []))
        )
    return cells


def tornado_table(dim: str, tor: Tornado, top: int) -> None:
    """The ``top`` largest swings on ``dim``."""
    issue = tor.issues[dim]
    t = Table(
        "input",
        "range",
        "forecast at low",
        "at high",
        "swing",
        title=f"{dim}: one at a time (base {issue.base:.4g})",
    )
    for b in issue.bars[:top]:
        t.add_row(
            b.label,
            f"{b.low:.3g}–{b.high:.3g}",
            fmt(b.outcome_low),
            fmt(b.outcome_high),
            fmt(b.swing),
        )
    console.print(t)


def sobol_table(dim: str, sob: SobolIndices, top: int) -> None:
    """Each actor's share of the variance on ``dim``, then the ``top`` inputs'."""
    info = sob.issues[dim]
    if not info.variance > 0:
        console.print(f"{dim}: the forecast does not vary over the draws; no variance to share.")
        return
    t = Table(
        "actor / input",
        "total index [95%]",
        "first-order [95%]",
        "changes",
        title=f"{dim}: share of forecast variance (Sobol, N={sob.samples}; "
        f"forecast moves in {info.moving_draws} of {sob.base_draws} draws)",
    )
    rows = [*info.actors, *info.factors[:top]]
    for j, r in enumerate(rows):
        mark = "" if r.reliable else " ?"
        t.add_row(
            r.label,
            f"{r.total:.3f} [{r.total_ci95[0]:.2f}, {r.total_ci95[1]:.2f}]{mark}",
            f"{r.first:.3f} [{r.first_ci95[0]:.2f}, {r.first_ci95[1]:.2f}]{mark}",
            str(r.changes),
            end_section=j == len(info.actors) - 1,
        )
    console.print(t)
    if not info.reliable or any(not r.reliable for r in rows):
        console.print(
            f"? rests on fewer than {MIN_CHANGES} draws in which the forecast changed: "
            "unreliable (raise --samples)."
        )


def _short(label: str, dim: str) -> str:
    """An input's label without the issue it is about (the row names the issue)."""
    return label.removesuffix(f" ({dim})")


def sensitivity_overview(
    model: str, dims: Sequence[str], tor: Tornado | None, sob: SobolIndices | None
) -> None:
    """One row per issue: the input whose swing is largest, the input and the actor with the
    largest total Sobol index."""
    columns = ["issue"]
    if tor is not None:
        columns += ["base", "largest swing"]
    if sob is not None:
        columns += ["largest Sobol total", "actor"]
    title = f"What moves each forecast ({model}): swing one at a time, Sobol share of variance"
    t = Table(*columns, title=title, title_justify="left")
    for dim in dims:
        row = [dim]
        if tor is not None:
            issue = tor.issues[dim]
            bar = issue.bars[0] if issue.bars else None
            row += [
                fmt(issue.base),
                f"{_short(bar.label, dim)}: {fmt(bar.swing)}" if bar and bar.swing > 0 else "–",
            ]
        if sob is not None:
            info = sob.issues[dim]
            if not info.variance > 0:
                row += ["does not vary", ""]
            else:
                f, a = info.factors[:1], info.actors[:1]
                row += [
                    f"{_short(f[0].label, dim)}: {f[0].total:.2f}{'' if f[0].reliable else ' ?'}"
                    if f
                    else "–",
                    f"{a[0].label}: {a[0].total:.2f}{'' if a[0].reliable else ' ?'}" if a else "–",
                ]
        t.add_row(*row)
    console.print(t)


def backtest_tables(result: BacktestReport, path: Path) -> None:
    """The scores per model, then each case's forecasts and errors."""
    t = Table(
        "model",
        "MAE",
        "MAE % of scale",
        "vs compromise [95%]",
        "wins / cases",
        title=f"Backtest on {result.cases} case(s) from {path}",
    )
    for name, r in result.models.items():
        ci = r.vs_baseline_ci95
        shown = f"{r.vs_baseline:+.3g}" + ("" if ci is None else f" [{ci[0]:+.3g}, {ci[1]:+.3g}]")
        t.add_row(
            name,
            f"{r.mae:.4g}",
            f"{r.mae_percent_of_scale:.1f}",
            shown,
            f"{r.wins} / {result.cases}",
        )
    console.print(t)
    per = Table("case", "issue", "outcome", *result.models, title="Per-case forecasts (error)")
    for row in result.per_case:
        per.add_row(
            row.case,
            row.issue,
            fmt(row.outcome),
            *(f"{fmt(row.forecast[m])} ({fmt(row.error[m])})" for m in result.models),
        )
    console.print(per)
    if result.note:
        console.print(f"Note: {result.note}.")


__all__ = [
    "backtest_tables",
    "check_table",
    "fmt",
    "forecast_table",
    "sobol_table",
    "tornado_table",
]
