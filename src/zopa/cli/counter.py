"""Counter-proposal commands: ``zopa counter``, ``zopa what-it-takes``, ``zopa tradeoff``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Column
from rich.text import Text

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import Table, console, show_json
from zopa.cli._files import check_plot_path, check_writable, save_csv, save_figure
from zopa.cli.options import (
    CsvOpt,
    JsonOpt,
    PlotOpt,
    ScenarioArg,
    draws_option,
    ratified_option,
    seed_option,
)
from zopa.cli.progress import progress_bar

if TYPE_CHECKING:
    from zopa.counter import (
        ConcessionSet,
        Conflict,
        CounterReport,
        Essential,
        Package,
        TradeOff,
        WhatItTakes,
    )

ProposalArg = Annotated[str, typer.Argument(help="The name of a proposal in the scenario.")]
#: The rankings of ``zopa.counter.RANKINGS`` (written out so that ``--help`` needs no import;
#: a test keeps the two the same).
RANKING_NAMES = ("robust", "changes", "proposer", "nash")
#: The default of ``--draws``, the library's (``zopa.counter.robust.DRAWS``).
DRAWS = params.COUNTER_DRAWS
MethodOpt = Annotated[
    str,
    typer.Option(
        help="auto (enumerate small spaces, integer programming above), enumerate or milp."
    ),
]
MarginOpt = Annotated[
    float,
    typer.Option(help="Require at least this utility above walk-away for each required party."),
]
DrawsOpt = Annotated[
    int,
    draws_option("Monte Carlo draws of the scenario's uncertain numbers for robustness (0: none)."),
]
SeedOpt = Annotated[int, seed_option("Seed of the robustness draws.")]


@app.command("counter")
def counter_cmd(
    scenario: ScenarioArg,
    proposal: ProposalArg,
    for_party: Annotated[
        str | None,
        typer.Option("--for", help="Bring this party on board while the proposer still accepts."),
    ] = None,
    rank: Annotated[
        str,
        typer.Option(
            help=f"Ranking: {', '.join(RANKING_NAMES)} (robust: accepted in the most draws, then "
            "fewest changes, then the most balanced margins; changes: the former default)."
        ),
    ] = "robust",
    top: Annotated[
        int, typer.Option(help="How many different packages to list.")
    ] = params.COUNTER_TOP,
    method: MethodOpt = "auto",
    margin: MarginOpt = 0.0,
    draws: DrawsOpt = DRAWS,
    seed: SeedOpt = 0,
    ratified: Annotated[
        bool,
        ratified_option(
            "A party accepts only what its ratifiers would pass (robustness draws "
            "redraw the parties' numbers, not the ratifiers')."
        ),
    ] = False,
    csv_path: CsvOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Counter-proposals to a rejected proposal: few changes, every party required accepts."""
    from zopa.counter import counter_proposals
    from zopa.model import load_scenario

    if csv_path is not None:
        check_writable(csv_path, "--csv")
    s = load_scenario(scenario)
    game = None
    if ratified:
        from zopa.ratify import ratified_game

        game = ratified_game(s)
    with progress_bar("search, then robustness draws", as_json=as_json) as progress:
        report = counter_proposals(
            s,
            proposal,
            game=game,
            for_party=for_party,
            rank=rank,
            top=top,
            method=method,
            margin=margin,
            draws=draws,
            seed=seed,
            progress=progress,
        )
    if csv_path is not None:
        save_csv(csv_path, report.records())
    if show_json(report.to_dict(), as_json):
        return
    render_counters(report)
    if csv_path is not None:
        console.print(f"counter-proposals written to {csv_path}")


@app.command("what-it-takes")
def what_it_takes_cmd(
    scenario: ScenarioArg,
    proposal: ProposalArg,
    for_party: Annotated[str, typer.Option("--for", help="The party to bring on board.")],
    keep: Annotated[
        list[str] | None,
        typer.Option("--keep", help="A party that must still accept (repeatable)."),
    ] = None,
    limit: Annotated[
        int, typer.Option(help="List at most this many minimal sets.")
    ] = params.TAKES_LIMIT,
    method: MethodOpt = "auto",
    margin: MarginOpt = 0.0,
    draws: DrawsOpt = DRAWS,
    seed: SeedOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """The minimal sets of changes that make a party accept a proposal."""
    from zopa.counter import what_it_takes
    from zopa.model import load_scenario

    s = load_scenario(scenario)
    with progress_bar("robustness draws", as_json=as_json) as progress:
        result = what_it_takes(
            s,
            proposal,
            for_party,
            keep=keep or (),
            limit=limit,
            method=method,
            margin=margin,
            draws=draws,
            seed=seed,
            progress=progress,
        )
    if show_json(result.to_dict(), as_json):
        return
    render_what_it_takes(result)


@app.command("tradeoff")
def tradeoff_cmd(
    scenario: ScenarioArg,
    proposal: ProposalArg,
    a: Annotated[str, typer.Argument(help="First party (x axis).")],
    b: Annotated[str, typer.Argument(help="Second party (y axis).")],
    within: Annotated[
        int | None, typer.Option(help="Change at most this many issues (default: any).")
    ] = None,
    levels: Annotated[
        int, typer.Option(help="Levels for the integer-programming path.")
    ] = params.TRADEOFF_LEVELS,
    plot: PlotOpt = None,
    method: MethodOpt = "auto",
    as_json: JsonOpt = False,
) -> None:
    """How much one party gives up for the other to gain, around a proposal."""
    from zopa.counter import local_frontier
    from zopa.counter.plot import plot_tradeoff
    from zopa.model import load_scenario

    if plot is not None:
        check_plot_path(plot)
    s = load_scenario(scenario)
    result = local_frontier(s, proposal, a, b, within=within, levels=levels, method=method)
    if plot is not None:
        save_figure(plot_tradeoff(result, (s.party_name(a), s.party_name(b))), plot)
    if show_json(result.to_dict(), as_json):
        return
    render_tradeoff(result, s.party_name(a), s.party_name(b))
    if plot is not None:
        console.print(f"chart written to {plot}")


# -- rendering -----------------------------------------------------------------------------------


def render_counters(report: CounterReport) -> None:
    console.print(
        Text.assemble(
            (f"Counter-proposals to {report.proposal}", "bold"), f" (ranked by {report.rank})"
        )
    )
    console.print(report.summary)
    if report.budget:
        console.print(Text("Budget: " + report.budget, style="yellow"))
    for n, pkg in enumerate(report.packages, start=1):
        kind = "" if n <= report.n_routes else " (different values)"
        render_package(pkg, f"Counter {n}{kind}")
    render_conflicts(report.conflicts, report.conflicts_complete)


def render_package(pkg: Package, title: str) -> None:
    from zopa.counter.explain import signed, value_text

    if not pkg.changes:
        console.print(
            Text.assemble((f"{title}:", "bold"), " the proposal as it stands (no change).")
        )
        return
    n = len(pkg.changes)
    head = f"{title}: {n} issue{'s' if n != 1 else ''} changed, distance {pkg.distance:.3f}"
    if pkg.robustness is not None:
        r = pkg.robustness
        head += f"; signed by every required party in {r.share:.0%} of {r.draws} draws"
    changes = Table("issue", "proposal", "counter", title=head, title_justify="left")
    for c in pkg.changes:
        changes.add_row(c.label, value_text(c.before), value_text(c.after))
    console.print(changes)
    shares = dict(pkg.robustness.by_party) if pkg.robustness is not None else {}
    parties = Table(
        "party", "before", "after", "change", "walk-away", "margin", "accepts", "signs in draws"
    )
    for e in pkg.effects:
        role = "" if e.signatory else " (stakeholder)"
        signs = f"{_yes(e.accepts_before)} → {_yes(e.accepts_after)}"
        required = e.party in pkg.required
        parties.add_row(
            e.name + role + (" *" if required else ""),
            f"{e.before:.2f}",
            f"{e.after:.2f}",
            f"{e.delta:+.2f}",
            f"{e.reservation:.2f}",
            signed(e.margin),
            signs,
            f"{shares[e.party]:.0%}" if e.party in shares else "",
        )
    console.print(parties)
    console.print("(* must accept)")
    console.print(pkg.explanation)


def render_essential(items: tuple[Essential, ...]) -> None:
    if items:
        console.print(
            Text.assemble(("Essential:", "bold"), " ", "; ".join(e.text for e in items), ".")
        )


def render_conflicts(conflicts: tuple[Conflict, ...], complete: bool) -> None:
    for c in conflicts:
        console.print(Text.assemble(("Conflict:", "bold red"), " ", c.explanation))
    if conflicts and not complete:
        console.print("(more conflict sets may exist)")


#: Blocks of working packages shown per concession set (``--json`` lists all).
MAX_BLOCKS = 4


def render_what_it_takes(result: WhatItTakes) -> None:
    from zopa.counter.explain import value_text

    console.print(
        Text(f"What it takes for {result.party} to accept {result.proposal}", style="bold")
    )
    console.print(result.summary)
    if result.budget:
        console.print(Text("Budget: " + result.budget, style="yellow"))
    if result.accepts_already:
        return
    table = Table(
        "#",
        "issues to change",
        Column("packages that work (•: every combination of its values works)", overflow="fold"),
        "packages",
        Column("closest package", overflow="fold"),
        "signs in draws",
    )
    for n, cs in enumerate(result.sets, start=1):
        closest = ", ".join(f"{c.issue}={value_text(c.after)}" for c in cs.closest.changes)
        count = "" if cs.n_packages is None else str(cs.n_packages)
        r = cs.closest.robustness
        table.add_row(
            str(n),
            ", ".join(cs.issues) or "(none)",
            _working(cs),
            count,
            closest,
            "" if r is None else f"{r.share:.0%}",
        )
    if result.sets:
        console.print(table)
    if any(cs.blocks is None for cs in result.sets):
        console.print(
            "† values seen in accepted packages (not every combination works): too many "
            "packages to list; --json has the closest one"
        )
    if not result.complete:
        console.print("(more minimal sets exist; raise --limit to list them)")
    render_essential(result.essential)
    render_conflicts(result.conflicts, result.conflicts_complete)


def _working(cs: ConcessionSet) -> str:
    if cs.blocks is None:
        seen = "; ".join(f"{issue}: {text}" for issue, text in cs.allowed_text)
        return f"values seen†: {seen}"
    lines = ["• " + b.text for b in cs.blocks[:MAX_BLOCKS]]
    if len(cs.blocks) > MAX_BLOCKS:
        lines.append(f"… and {len(cs.blocks) - MAX_BLOCKS} more groups (--json lists all)")
    return "\n".join(lines)


def render_tradeoff(result: TradeOff, a_name: str, b_name: str) -> None:
    from zopa.counter.explain import value_text

    ua0, ub0 = result.base
    title = (
        f"Trade-off {a_name} ↔ {b_name} around {result.proposal} "
        f"(up to {result.within} issues changed; proposal at {ua0:.2f}, {ub0:.2f})"
    )
    table = Table(a_name, f"Δ {a_name}", b_name, f"Δ {b_name}", "both sign", "changes", title=title)
    shown = _thin(len(result.points), MAX_ROWS)
    for p in (result.points[i] for i in shown):
        changes = ", ".join(f"{c.issue}={value_text(c.after)}" for c in p.changes) or "(none)"
        table.add_row(
            f"{p.u_a:.2f}",
            f"{p.u_a - ua0:+.2f}",
            f"{p.u_b:.2f}",
            f"{p.u_b - ub0:+.2f}",
            _yes(p.accepts_a and p.accepts_b),
            changes,
        )
    console.print(table)
    if len(shown) < len(result.points):
        console.print(f"({len(shown)} of {len(result.points)} frontier points; --json lists all)")
    if not result.exact:
        console.print("(integer-programming path: points at evenly spaced levels of the y party)")
    if result.budget:
        console.print(Text("Budget: " + result.budget, style="yellow"))


MAX_ROWS = 30


def _thin(n: int, most: int) -> list[int]:
    """At most ``most`` evenly spread positions of ``n`` rows, keeping the first and last."""
    if n <= most:
        return list(range(n))
    return sorted({round(i * (n - 1) / (most - 1)) for i in range(most)})


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
