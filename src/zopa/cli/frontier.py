"""Agreement-space commands: ``zopa frontier`` and ``zopa solutions``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from zopa.cli._app import app
from zopa.cli._common import Table, console, print_json, show_json
from zopa.cli._files import check_plot_path, check_writable, save_csv, save_figure
from zopa.cli.options import (
    JsonOpt,
    PlotOpt,
    RatifiedOpt,
    ScenarioArg,
    complete_scenario,
)
from zopa.cli.progress import progress_bar
from zopa.errors import InputError

if TYPE_CHECKING:
    import numpy as np

    from zopa._types import Value
    from zopa.frontier import Deal, Frontier, Zopa
    from zopa.frontier.front import Method
    from zopa.game import Game
    from zopa.model import Scenario


@app.command("frontier")
def frontier_cmd(
    scenario: ScenarioArg,
    plot: PlotOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="List frontier points outside the ZOPA too.")
    ] = False,
    limit: Annotated[int, typer.Option(help="List at most this many points (0: all).")] = 25,
    method: Annotated[str, typer.Option(help="auto, additive, enumerate or milp.")] = "auto",
    ratified: RatifiedOpt = False,
    csv_path: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="FILE",
            help="Write every frontier point (utilities, ZOPA, terms) to this file as CSV.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The ZOPA (deals every signatory prefers to walking away) and the Pareto frontier."""
    from zopa.frontier import frontier, solve_all, zopa
    from zopa.frontier.front import METHODS
    from zopa.frontier.plot import plot_frontier

    if plot is not None:
        check_plot_path(plot)
    if csv_path is not None:
        check_writable(csv_path, "--csv")
    if limit < 0:
        raise InputError.single(f"--limit must be 0 or more, got {limit}")
    if method not in METHODS:
        raise InputError.single(f"--method must be one of {', '.join(METHODS)}, got {method!r}")
    s, game = _load(scenario, ratified)
    with progress_bar("integer programmes", as_json=as_json) as progress:
        front = frontier(game, method=_method(method), progress=progress)
    zone = zopa(game, front)
    if plot is not None:
        deals = solve_all(game, front=front)
        proposals = {n: game.encode(p.terms) for n, p in s.proposals.items()}
        fig = plot_frontier(game, front, deals=deals, proposals=proposals, title=_title(s, zone))
        save_figure(fig, plot, dpi=130)
    if csv_path is not None:
        save_csv(csv_path, front.records(game))
    if show_json(
        {"scenario": s.name, "zopa": zone.to_dict(), "frontier": front.to_dict(game)}, as_json
    ):
        return
    render_zopa(s, zone)
    render_frontier(game, front if show_all else front.in_zopa(), len(front), limit)
    if plot is not None:
        console.print(f"chart written to {plot}")
    if csv_path is not None:
        console.print(f"frontier points written to {csv_path}")


@app.command("solutions")
def solutions_cmd(
    scenario: Annotated[
        str | None,
        typer.Argument(
            help="A bundled scenario name or a YAML/JSON file.", autocompletion=complete_scenario
        ),
    ] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="List the registered solutions and exit.")
    ] = False,
    ratified: RatifiedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Nash, Kalai-Smorodinsky, egalitarian, utilitarian, ... deals, and the closest Pareto
    improvement of each tabled proposal."""
    from zopa.frontier import SOLUTIONS, frontier, solve_all

    if list_only:
        render_registry(as_json)
        return
    if scenario is None:
        raise InputError.single("give a scenario (a bundled name or a file), or --list")
    s, game = _load(scenario, ratified)
    front = frontier(game)
    deals = solve_all(game, front=front)
    closest = {
        n: SOLUTIONS["closest"](game, front=front, proposal=game.encode(p.terms))
        for n, p in s.proposals.items()
    }
    if show_json(
        {
            "scenario": s.name,
            "signatories": list(front.party_ids),
            "solutions": {n: d.to_dict() if d else None for n, d in deals.items()},
            "closest": {n: d.to_dict() if d else None for n, d in closest.items()},
        },
        as_json,
    ):
        return
    render_solutions(game, front, deals, closest)


NO_ZOPA = Text.assemble(("No ZOPA:", "bold red"), " no deal is acceptable to every signatory.")

# -- rendering -----------------------------------------------------------------------------------


def render_zopa(s: Scenario, zone: Zopa) -> None:
    console.print(
        Text.assemble((s.title or s.name, "bold"), f": {zone.n_outcomes:,} possible deals")
    )
    if not zone.exists:
        console.print(NO_ZOPA)
    elif zone.size is None:
        console.print(
            Text.assemble(("ZOPA exists", "bold green"), " (too many outcomes to count it).")
        )
    else:
        share = 100.0 * zone.size / zone.n_outcomes
        console.print(
            Text.assemble(
                ("ZOPA:", "bold green"),
                f" {zone.size:,} deals ({share:.1f}%) are acceptable to every "
                f"signatory ({', '.join(zone.parties)}).",
            )
        )
    table = Table("signatory", "walks away below", "best in ZOPA", "worst in ZOPA")
    for k, party in enumerate(zone.parties):
        table.add_row(
            party,
            f"{zone.reservations[k]:.3f}",
            _num(zone.best[k] if zone.best else None),
            _num(zone.worst[k] if zone.worst else None),
        )
    console.print(table)


def render_frontier(game: Game, front: Frontier, total: int, limit: int) -> None:
    rows = _spread(len(front), limit)
    shown = front.codes[rows]
    fixed, varying = _split_terms(game, shown)
    title = f"Pareto frontier: {total:,} points, {int(front.acceptable.sum()):,} in the ZOPA"
    table = Table("#", *front.party_ids, "ZOPA", "ties", "terms", title=title, title_justify="left")
    for j in rows:
        table.add_row(
            str(j + 1),
            *(f"{v:.3f}" for v in front.utilities[:, j]),
            "yes" if front.acceptable[j] else "no",
            "–" if front.method == "milp" else str(int(front.ties[j])),
            _terms_text(game, int(front.codes[j]), varying),
        )
    console.print(table)
    if front.method == "milp":
        console.print(
            "(found by integer programming without enumerating; tied outcomes are not counted"
            + (f"; exact to within {front.resolution:g})" if front.resolution else ")")
        )
    if front.budget:
        console.print(Text("Budget: " + front.budget, style="yellow"))
    if len(rows) < len(front):
        console.print(
            f"({len(rows)} of {len(front)} points, evenly spread along the frontier; "
            "--limit 0 lists all)"
        )
    if fixed and len(shown) > 1:
        console.print("Same on every listed point: " + _terms_text(game, int(shown[0]), fixed))


def render_solutions(
    game: Game,
    front: Frontier,
    deals: dict[str, Deal | None],
    closest: dict[str, Deal | None],
) -> None:
    import numpy as np

    from zopa.frontier import SOLUTIONS

    rows = [(SOLUTIONS[n].label, d, SOLUTIONS[n].score) for n, d in deals.items()]
    rows += [(f"closest to {n}", d, SOLUTIONS["closest"].score) for n, d in closest.items()]
    if all(d is None for _, d, _ in rows):
        console.print(NO_ZOPA)
        return
    codes = np.array([d.code for _, d, _ in rows if d is not None])
    fixed, varying = _split_terms(game, codes)
    table = Table("solution", *front.party_ids, "score", "terms", title_justify="left")
    for label, d, score in rows:
        if d is None:
            table.add_row(label, *("-" for _ in front.party_ids), "-", "no ZOPA")
            continue
        table.add_row(
            label,
            *(f"{d.utilities[p]:.3f}" for p in front.party_ids),
            f"{d.score:.4g} ({score})",
            _terms_text(game, d.code, varying),
        )
    console.print(table)
    if fixed and len(codes) > 1:
        console.print("Same in every solution: " + _terms_text(game, int(codes[0]), fixed))


def render_registry(as_json: bool) -> None:
    from zopa.frontier import SOLUTIONS

    rows = [
        {"name": s.name, "label": s.label, "definition": s.definition, "source": s.source}
        for s in SOLUTIONS.values()
    ]
    if as_json:
        print_json({"solutions": rows})
        return
    table = Table("name", "solution", "definition", "source")
    for r in rows:
        table.add_row(r["name"], r["label"], r["definition"], r["source"])
    console.print(table)


# -- helpers -----------------------------------------------------------------------------------


def _load(name_or_path: str, ratified: bool = False) -> tuple[Scenario, Game]:
    from zopa.model import load_scenario

    s = load_scenario(name_or_path)
    if ratified:
        from zopa.ratify import ratified_game

        return s, ratified_game(s)
    return s, s.compile()


def _method(name: str) -> Method:
    from zopa.frontier.front import METHODS

    return next(m for m in METHODS if m == name)


def _title(s: Scenario, zone: Zopa) -> str:
    head = s.title or s.name
    if not zone.exists:
        return f"{head}: no ZOPA"
    if zone.size is None:
        return f"{head}: a ZOPA exists"
    return f"{head}: ZOPA of {zone.size:,} of {zone.n_outcomes:,} deals"


def _spread(n: int, most: int) -> list[int]:
    """At most ``most`` (0: all) evenly spread positions of ``n``, keeping the first and last."""
    if most == 0 or n <= most:
        return list(range(n))
    if most == 1:
        return [0]
    return sorted({round(i * (n - 1) / (most - 1)) for i in range(most)})


def _split_terms(game: Game, codes: np.ndarray) -> tuple[list[int], list[int]]:
    """Issues with the same value at every listed code, and those that vary."""
    import numpy as np

    if codes.size == 0:
        return [], list(range(len(game.issue_ids)))
    idx = game.indices(codes)
    same = np.all(idx == idx[:1], axis=0)
    return [int(k) for k in np.flatnonzero(same)], [int(k) for k in np.flatnonzero(~same)]


def _terms_text(game: Game, code: int, issues: list[int]) -> str:
    terms = game.decode(code)
    return ", ".join(f"{game.issue_ids[k]}={_value(terms[game.issue_ids[k]])}" for k in issues)


def _value(v: Value) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _num(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}"
