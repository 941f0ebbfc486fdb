"""Simulation commands: negotiate, tournament, strategies."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from zopa.cli._app import app
from zopa.cli._common import console, print_json
from zopa.errors import InputError, ZopaError
from zopa.game import Game
from zopa.negotiate import negotiate, protocols, run_tournament, strategies
from zopa.negotiate.scoring import landmarks
from zopa.negotiate.session import MEDIATOR, Session

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
DEFAULT_STRATEGY = "boulware"
TOURNAMENT_DEFAULTS = (
    "boulware", "linear", "conceder", "hardliner", "aspiration", "random", "tit-for-tat",
    "relative-tit-for-tat", "micro",
)  # fmt: skip


def load_game(source: str) -> tuple[str, Game]:
    """A bundled scenario, a scenario file, or a GENIUS domain folder, compiled."""
    path = Path(source)
    if path.is_dir():
        from zopa.io.genius import import_genius

        return path.name, import_genius(path).compile()
    from zopa.model import load_scenario

    scenario = load_scenario(source)
    return scenario.name, scenario.compile()


def _negotiators(game: Game) -> Game:
    sig = list(game.signatories)
    return game.restrict(sig) if len(sig) >= 2 else game


@app.command("negotiate")
def negotiate_cmd(
    scenario: Annotated[
        str, typer.Argument(help="Bundled scenario, scenario file or GENIUS folder.")
    ],
    strategy: Annotated[
        list[str] | None,
        typer.Option(
            "--strategy", "-s", help="PARTY=SPEC, e.g. us=boulware or b=time-dependent:e=0.5."
        ),
    ] = None,
    protocol: Annotated[str, typer.Option(help="alternating, stacked or mediated.")] = "",
    rounds: Annotated[int, typer.Option(help="Deadline in rounds.")] = 100,
    seed: Annotated[int, typer.Option(help="Random seed (the session is replayable from it).")] = 0,
    discount: Annotated[
        float, typer.Option(help="Discount factor d in (0, 1]: payoff u * d^t.")
    ] = 1.0,
    last: Annotated[int, typer.Option(help="Show the last N moves (0 = all).")] = 20,
    plot: Annotated[
        Path | None, typer.Option(help="Write a plot of the session to this file.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Simulate one negotiation between the signatories and show its trace and outcome."""
    _, full = load_game(scenario)
    game = _negotiators(full)
    chosen = {p: DEFAULT_STRATEGY for p in game.party_ids}
    for item in strategy or []:
        party, eq, spec = item.partition("=")
        if not eq or party not in chosen:
            raise InputError.single(
                f"--strategy {item!r}: write PARTY=SPEC with PARTY one of "
                f"{', '.join(game.party_ids)}",
                path="strategy",
            )
        chosen[party] = spec
    proto = protocol or ("alternating" if game.n_parties == 2 else "stacked")
    session = negotiate(game, chosen, protocol=proto, rounds=rounds, rng=seed, discount=discount)
    if plot is not None:
        _plot(session, game, plot)
    if as_json:
        print_json(session.to_dict())
        return
    _show_session(session, last)
    if plot is not None:
        console.print(f"plot written to {plot}")


def _show_session(s: Session, last: int) -> None:
    who = ", ".join(f"{p}={st}" for p, st in zip(s.parties, s.strategies, strict=True))
    console.print(f"[bold]{s.protocol}[/bold], {s.rounds} rounds, seed {s.seed}: {who}")
    events = s.events if last <= 0 else s.events[-last:]
    table = Table("round", "party", "move", "outcome", *s.parties, title="Trace")
    if len(events) < len(s.events):
        table.caption = f"last {len(events)} of {len(s.events)} moves (--last 0 shows all)"
    for e in events:
        name = "mediator" if e.party == MEDIATOR else s.parties[e.party]
        utils = [f"{u:.3f}" for u in e.utilities] or [""] * len(s.parties)
        table.add_row(
            str(e.round), name, e.action, "" if e.outcome is None else str(e.outcome), *utils
        )
    console.print(table)
    if s.failure is not None:
        console.print(f"[red]failed[/red]: {s.parties[s.failure.party]} ({s.failure.strategy}) "
                      f"raised {s.failure.error}")  # fmt: skip
    head = {"agreement": "[green]agreement[/green]", "timeout": "[yellow]no agreement by the "
            "deadline[/yellow]", "ended": "[yellow]a party walked away[/yellow]",
            "failed": "[red]failed[/red]"}[s.status]  # fmt: skip
    console.print(f"{head} after {s.rounds_played} rounds")
    result = Table("party", "strategy", "utility", title="Outcome")
    for p, st, u in zip(s.parties, s.strategies, s.utilities, strict=True):
        result.add_row(p, st, f"{u:.4f}")
    console.print(result)
    if s.terms:
        terms = Table("issue", "agreed", title="Terms")
        for k, v in s.terms.items():
            terms.add_row(k, f"{v:g}" if isinstance(v, float) else str(v))
        console.print(terms)


def _plot(s: Session, game: Game, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    marks = landmarks(game)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.5))
    front = marks.frontier[np.argsort(marks.frontier[:, 0])]
    ax.plot(front[:, 0], front[:, 1], "k.-", lw=0.8, ms=3, label="Pareto frontier")
    if marks.nash is not None:
        ax.plot(*marks.nash[:2], "k*", ms=12, label="Nash point")
    movers = sorted({e.party for e in s.events if e.action in ("offer", "propose")})
    for m in movers:
        moves = [e for e in s.events if e.party == m and e.action in ("offer", "propose")]
        who = "mediator" if m == MEDIATOR else s.parties[m]
        pts = np.array([e.utilities[:2] for e in moves])
        ax.plot(pts[:, 0], pts[:, 1], ".-", lw=0.8, alpha=0.7, label=f"offers by {who}")
    for i, p in enumerate(s.parties):
        own = [(e.round, e.utilities[i]) for e in s.events if e.party == i and e.action == "offer"]
        other = [
            (e.round, e.utilities[i])
            for e in s.events
            if e.party != i and e.action in ("offer", "propose")
        ]
        for rows, style, what in ((own, "-", "own offers"), (other, ":", "offers received")):
            if rows:
                r, u = zip(*rows, strict=True)
                bx.plot(r, u, style, color=f"C{i}", label=f"{p}: {what}")
    if s.agreement is not None:
        ax.plot(*s.utilities[:2], "ro", ms=9, mfc="none", label="agreement")
    ax.set_xlabel(f"utility of {s.parties[0]}")
    ax.set_ylabel(f"utility of {s.parties[1]}")
    ax.legend(fontsize=7)
    bx.set_xlabel("round")
    bx.set_ylabel("utility to the party")
    bx.legend(fontsize=7)
    fig.suptitle(f"{s.protocol}: " + " vs ".join(s.strategies) + f" — {s.status}")
    fig.tight_layout()
    try:
        fig.savefig(path)
    except (OSError, ValueError) as err:
        raise InputError.single(f"cannot write the plot: {err}", file=str(path)) from None
    finally:
        plt.close(fig)


@app.command("tournament")
def tournament_cmd(
    scenarios: Annotated[
        list[str],
        typer.Argument(help="Scenarios, GENIUS domain folders, or a folder of GENIUS domains."),
    ],
    strategy: Annotated[
        list[str] | None, typer.Option("--strategy", "-s", help="A strategy spec (repeat).")
    ] = None,
    protocol: Annotated[str, typer.Option(help="alternating, stacked or mediated.")] = "",
    rounds: Annotated[int, typer.Option(help="Deadline in rounds.")] = 100,
    repetitions: Annotated[int, typer.Option(help="Repetitions of every pairing.")] = 1,
    seed: Annotated[int, typer.Option(help="Tournament seed.")] = 0,
    discount: Annotated[
        float, typer.Option(help="Discount factor d in (0, 1]: payoff u * d^t.")
    ] = 1.0,
    jobs: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    max_outcomes: Annotated[
        int, typer.Option(help="Skip domains of a folder with more outcomes than this.")
    ] = 1_000_000,
    out: Annotated[
        Path | None, typer.Option(help="Write OUT.json (settings, table, sessions) and OUT.csv.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Play strategies against each other on scenarios, with role swaps and repetitions."""
    err = Console(stderr=True, highlight=False)
    multilateral = protocols()[protocol].multilateral if protocol in protocols() else False
    games = _collect(scenarios, max_outcomes, multilateral, err)
    names = list(strategy or TOURNAMENT_DEFAULTS)
    proto = protocol or (
        "alternating" if all(g.n_parties == 2 for g in games.values()) else "stacked"
    )
    start = time.perf_counter()
    with Progress(
        TextColumn("sessions"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    ) as bar:  # fmt: skip
        task = bar.add_task("sessions", total=None)
        result = run_tournament(
            games, names, protocol=proto, rounds=rounds, repetitions=repetitions, seed=seed,
            jobs=jobs, discounts={label: [discount] * g.n_parties for label, g in games.items()},
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )  # fmt: skip
    wall = time.perf_counter() - start
    if out is not None:
        _write(out.with_suffix(".json"), _json_text(result.to_dict()))
        _write(out.with_suffix(".csv"), result.to_csv())
    summary = {
        "scenarios": len(games), "sessions": len(result.sessions), "protocol": proto,
        "rounds": rounds, "repetitions": repetitions, "seed": seed, "jobs": jobs,
        "seconds": wall, "table": result.table(),
    }  # fmt: skip
    if as_json:
        print_json(summary)
        return
    _show_table(summary)
    if out is not None:
        console.print(
            f"results written to {out.with_suffix('.json')} and {out.with_suffix('.csv')}"
        )


def _collect(
    sources: list[str], max_outcomes: int, multilateral: bool, err: Console
) -> dict[str, Game]:
    games: dict[str, Game] = {}
    for src in sources:
        path = Path(src)
        folders = sorted(p for p in path.iterdir() if p.is_dir()) if path.is_dir() else []
        if folders and not any(path.glob("*.xml")):
            for folder in folders:
                try:
                    label, game = load_game(str(folder))
                except ZopaError as e:
                    err.print(f"skipped {folder.name}: {e.lines()[0]}")
                    continue
                if game.n_outcomes > max_outcomes or (game.n_parties != 2 and not multilateral):
                    err.print(f"skipped {folder.name}: {game.n_outcomes:,} outcomes, "
                              f"{game.n_parties} parties")  # fmt: skip
                    continue
                games[label] = game
        else:
            label, game = load_game(src)
            games[label] = _negotiators(game)
    if not games:
        raise InputError.single("no scenario could be loaded", path="scenarios")
    return games


def _show_table(summary: dict[str, Any]) -> None:
    t = Table("strategy", "sessions", "utility", "agreement", "to Nash", "to frontier", "welfare",
              "rounds", "failures", title="Tournament results (means per strategy)")  # fmt: skip
    for r in summary["table"]:
        t.add_row(
            r["strategy"], str(r["sessions"]), f"{r['utility']:.3f}", f"{r['agreement']:.1%}",
            _num(r["nash_distance"]), _num(r["frontier_distance"]), f"{r['welfare']:.3f}",
            f"{r['rounds']:.1f}", str(r["failures"]),
        )  # fmt: skip
    console.print(t)
    console.print(
        f"{summary['sessions']:,} sessions on {summary['scenarios']} scenarios in "
        f"{summary['seconds']:.1f} s ({summary['jobs']} processes)"
    )


@app.command("strategies")
def strategies_cmd(as_json: JsonOpt = False) -> None:
    """List the negotiation strategies and protocols."""
    specs = [s.to_dict() for s in strategies().values()]
    protos = [p.to_dict() for p in protocols().values()]
    if as_json:
        print_json({"strategies": specs, "protocols": protos})
        return
    t = Table(title="Strategies")
    t.add_column("strategy", no_wrap=True)
    t.add_column("parameters (defaults)", min_width=30)
    t.add_column("traits", max_width=15)
    t.add_column("source", max_width=36, no_wrap=True, overflow="ellipsis")
    for s in specs:
        params = ", ".join(f"{k}={v}" for k, v in s["parameters"].items())
        traits = [
            label
            for key, label in (
                ("bilateral_only", "bilateral only"),
                ("stochastic", "stochastic"),
                ("opponent_model", "opponent model"),
            )
            if s[key]
        ]
        t.add_row(s["name"], params, ", ".join(traits) or "-", s["citation"])
    console.print(t)
    p = Table("protocol", "parties", "description", "source", title="Protocols")
    for q in protos:
        p.add_row(q["name"], "2+" if q["multilateral"] else "2", q["summary"], q["citation"])
    console.print(p)


def _num(x: float) -> str:
    return "-" if x != x else f"{x:.3f}"


def _json_text(data: Any) -> str:
    import json

    from zopa.cli._common import to_jsonable

    return json.dumps(to_jsonable(data), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise InputError.single(f"cannot write: {err.strerror}", file=str(path)) from None
