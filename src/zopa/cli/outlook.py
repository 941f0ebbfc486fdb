"""``zopa outlook``: will there be a deal, which one, and how sure are we?"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import Table, console, show_json
from zopa.cli.options import JsonOpt, ScenarioArg, draws_option, ratified_option, seed_option

if TYPE_CHECKING:
    from zopa.model import Scenario
    from zopa.outlook import Outlook


@app.command("outlook")
def outlook_cmd(
    scenario: ScenarioArg = "minerals-2025",
    draws: Annotated[
        int, draws_option("Monte Carlo draws of the judgements (1 to 1,000,000).")
    ] = params.OUTLOOK_DRAWS,
    seed: Annotated[int, seed_option("Seed for every random step (>= 0).")] = 0,
    rule: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            help="Settlement rules to report (repeat; default: every bargaining solution). "
            "The first is the headline rule.",
        ),
    ] = None,
    ratified: Annotated[
        bool,
        ratified_option(
            "A deal also needs every signatory's ratifiers (their factions drawn too); "
            "P(signed) and P(signed and ratified) are reported apart."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The probability of a deal among the signatories, the likely settlement, and what it
    hinges on."""
    from zopa.cli._record import chunking
    from zopa.cli.progress import progress_bar
    from zopa.model import load_scenario
    from zopa.outlook import DEFAULT_RULE, outlook
    from zopa.runs.outlook import chunked

    s = load_scenario(scenario)
    rules = tuple(rule or ())
    with (
        progress_bar("outlook: chunks of draws done", as_json=as_json) as progress,
        chunking(bar=False) as c,
    ):
        result = outlook(
            s,
            draws=draws,
            seed=seed,
            rules=rules or None,
            default=rules[0] if rules else DEFAULT_RULE,
            runner=chunked(c.checkpoint, c.executor, progress or c.progress),
            ratified=ratified,
        )
    doc = result.to_dict()
    over = None
    if any(p.reservation_at_deadline is not None for p in s.parties.values()):
        from zopa.ratify import ratified_game
        from zopa.ratify.deadline import approach

        over = approach(s, game=ratified_game(s) if ratified else None)
        doc["deadline"] = over.to_dict()
    if show_json(doc, as_json):
        return
    render_outlook(s, result)
    if over is None and s.deadline is not None:
        when = (
            f" ({s.deadline.label or s.deadline.date})"
            if s.deadline.label or s.deadline.date
            else ""
        )
        console.print(
            f"The deadline{when} moves no walk-away value (no party gives "
            "reservation_at_deadline), so this answer does not change as it approaches."
        )
    if over is not None:
        sizes = ", ".join(
            f"t={t:.2f} {z:,}" for t, z in zip(over.times, over.zopa, strict=True) if z is not None
        )
        console.print(
            "As the deadline approaches (t=0 now, 1 the deadline), the ZOPA at the point "
            f"estimates{' with ratification' if ratified else ''}: {sizes} packages."
        )


def render_outlook(s: Scenario, o: Outlook) -> None:
    """The outlook as text: the summary first, then the details."""
    from zopa.outlook.text import hinge_words, pct, possessive

    console.rule("Outlook")
    console.print(o.summary)
    console.print(
        f"\nP(deal) = {o.p_deal:.3f} (standard error {o.p_deal_se:.3f}; {o.draws} draws, seed "
        f"{o.seed}). Best package's smallest margin over walk-away: median {o.slack[1]:+.3f} "
        f"(10th-90th percentile {o.slack[0]:+.3f} to {o.slack[2]:+.3f})."
    )
    if o.ratified:
        console.print(
            f"P(signed by every signatory) = {o.p_signed:.3f} (standard error "
            f"{o.p_signed_se:.3f}); P(signed and ratified) = {o.p_deal:.3f}."
        )
        for pr in o.ratification:
            console.print(
                f"  with only {possessive(s.party_name(pr.party))} ratifiers "
                f"({', '.join(pr.bodies)}): P(deal) = {pr.p_deal:.3f}"
            )
    s0 = o.settlement
    if s0.packages:
        table = Table(title=f"Likely settlement: {s0.label}", title_justify="left")
        table.add_column("issue")
        table.add_column("settled term (share of draws with a deal)")
        for spread in s0.issues:
            if spread.options:
                cell = ", ".join(f"{k} {pct(v)}" for k, v in spread.options if v >= 0.005)
            else:
                lo, hi = spread.interval or (0.0, 0.0)
                cell = f"median {spread.median:g}, 80% interval {lo:g}-{hi:g}"
            table.add_row(s.issue_label(spread.issue), cell)
        console.print(table)
        rules = Table(title="Settlement rules", title_justify="left")
        for col in (
            "rule",
            "commonest package",
            "same as headline",
            "largest utility gap",
            "knife-edge",
        ):
            rules.add_column(col)
        for x in o.settlements:
            top = f"{pct(x.packages[0].share)} of draws" if x.packages else "-"
            rules.add_row(
                x.label, top, pct(x.same_as_default), f"{x.utility_gap:.3f}", pct(x.knife_edge)
            )
        console.print(rules)
    table = Table(title="What decides whether a deal exists", title_justify="left")
    table.add_column("judgement")
    shown = [h for h in o.hinges if h.swing != 0 or h.threshold is not None][:8]
    for h in shown:
        table.add_row(hinge_words(h, s))
    for r in o.red_lines:
        table.add_row(
            f"{possessive(s.party_name(r.party))} red line '{r.rule}': P(deal) "
            f"{pct(r.p_with)} with it, {pct(r.p_without)} without ({r.draws} draws)"
        )
    console.print(table)
    for f in o.forecasts:
        if not f.acceptable:
            console.print(f.words)
    if o.method == "pool":
        console.print(
            f"Candidates: {o.candidates} packages from the frontiers of the point estimates and "
            f"{o.pilots} drawn games. Re-checked against the exact per-draw analysis, "
            f"{o.checked} draws agree on whether a deal exists in {o.deal_agreed} and on the "
            f"settlement in {o.agreed}"
            + (f" (largest utility gap {o.check_gap:.4f})." if o.agreed < o.checked else ".")
        )
    else:
        console.print(f"Exact: all {o.candidates} feasible packages are candidates in every draw.")
