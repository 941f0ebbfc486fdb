"""Simulation commands: negotiate, tournament, strategies."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import Table, console, print_json, show_json, to_jsonable
from zopa.cli._console import make_console
from zopa.cli._files import check_plot_path, check_writable, save_figures, write_files
from zopa.cli.options import JsonOpt, PlotOpt, complete_scenario, seed_option
from zopa.cli.progress import progress_bar
from zopa.errors import InputError

if TYPE_CHECKING:
    from zopa.negotiate.report import Move
    from zopa.negotiate.session import Session
    from zopa.negotiate.sources import Source
DiscountOpt = Annotated[
    float | None,
    typer.Option(
        help="Discount factor d in (0, 1] for every party: payoff u * d^t. Default: the GENIUS "
        "profiles' factors for a GENIUS folder, else 1."
    ),
]
DEFAULT_STRATEGY = "boulware"
TOURNAMENT_DEFAULTS = (
    "boulware", "linear", "conceder", "hardliner", "aspiration", "random", "tit-for-tat",
    "relative-tit-for-tat", "micro",
)  # fmt: skip
MARKS = {"red line": "✗", "below reservation": "↓"}


@app.command("negotiate")
def negotiate_cmd(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Bundled scenario, scenario file or GENIUS folder.",
            autocompletion=complete_scenario,
        ),
    ],
    strategy: Annotated[
        list[str] | None,
        typer.Option(
            "--strategy", "-s", help="PARTY=SPEC, e.g. us=boulware or b=time-dependent:e=0.5."
        ),
    ] = None,
    protocol: Annotated[str, typer.Option(help="alternating, stacked or mediated.")] = "",
    rounds: Annotated[
        int | None,
        typer.Option(help="Deadline in rounds (default: the scenario's deadline, else 100)."),
    ] = None,
    seed: Annotated[int, seed_option("Random seed (the session is replayable from it).")] = 0,
    discount: DiscountOpt = None,
    last: Annotated[int, typer.Option(help="Show the last N moves (0 = all).")] = 20,
    plot: PlotOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Simulate one negotiation between the signatories and show its trace and outcome."""
    from zopa.negotiate import negotiate
    from zopa.negotiate.report import distances, moves, outcome, session_document
    from zopa.negotiate.sources import load_source

    if plot is not None:
        check_plot_path(plot)
    src = load_source(scenario)
    game = src.negotiators
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
    session = negotiate(
        game,
        chosen,
        protocol=protocol or None,
        rounds=rounds if rounds is not None else (src.rounds or 100),
        seed=seed,
        discount=src.discount(discount),
    )
    if plot is not None:
        from zopa.negotiate.dance import plot_dance
        from zopa.negotiate.plot import plot_session

        dance_path = plot.with_name(f"{plot.stem}-dance{plot.suffix}")
        save_figures(
            {
                plot: plot_session(session, game),
                dance_path: plot_dance(session, names=game.party_names),
            }
        )
    if as_json:
        show_json(session_document(session, game, src.game, src.label), as_json)
        return
    trace = moves(session, game)
    report = {"outcome": outcome(session, game, src.game), **distances(session, game)}
    _show_session(src, session, trace, report, last)
    if plot is not None:
        console.print(f"plot written to {plot}, the negotiation dance to {dance_path}")


def _show_session(
    src: Source, s: Session, trace: list[Move], report: dict[str, Any], last: int
) -> None:
    rows = report["outcome"]
    who = ", ".join(f"{r['party']} ({r['strategy']})" for r in rows if r["strategy"])
    scored = [r["party"] for r in rows if r["role"] == "scored only"]
    console.print(
        Text.assemble(
            (src.label, "bold"),
            f": {s.protocol} protocol, deadline {s.rounds} rounds, seed {s.seed}",
        )
    )
    console.print(f"Negotiating: {who}.")
    if scored:
        console.print(f"Scored only (stakeholders; they do not negotiate): {', '.join(scored)}.")
    if any(d != 1.0 for d in s.discount):
        factors = ", ".join(f"{p} {d:g}" for p, d in zip(s.parties, s.discount, strict=True))
        console.print(f"Discount factors: {factors} (payoff = utility × d^t).")
    _show_trace(s, trace, last)
    console.print(_ending(s))
    _show_outcome(rows)
    if s.terms:
        terms = Table("issue", "agreed", title="Terms")
        for k, v in s.terms.items():
            terms.add_row(k, _value(v))
        console.print(terms)
    console.print(_nash_line(report))


def _show_trace(s: Session, rows: list[Move], last: int) -> None:
    shown = rows if last <= 0 else rows[-last:]
    table = Table("round", "party", "move", "terms", *s.parties, title="Trace")
    table.columns[3].overflow = "fold"
    caption = []
    if len(shown) < len(rows):
        caption.append(f"last {len(shown)} of {len(rows)} moves (--last 0 shows all)")
    caption.append("✗ crosses that party's red lines, ↓ below its reservation value")
    table.caption = "; ".join(caption)
    for m in shown:
        utils = [
            f"{u:.3f}" + (f" {MARKS[f]}" if f else "")
            for u, f in zip(m.utilities, m.flags, strict=True)
        ] or [""] * len(s.parties)
        table.add_row(
            "end" if m.round is None else str(m.round), m.party, m.action, _changes(m), *utils
        )
    console.print(table)


def _changes(m: Move) -> str:
    if m.changes is None:
        return ""
    if m.changes and m.changes[0][1] is None:
        return "opening: " + "; ".join(f"{i}={_value(v)}" for i, _, v in m.changes)
    if not m.changes:
        return "(repeats the offer)"
    return "; ".join(f"{i}: {_value(a)}→{_value(b)}" for i, a, b in m.changes)


def _ending(s: Session) -> Text:
    if s.status == "agreement":
        return Text.assemble(("Agreement", "green"), f" in round {s.rounds_played} of {s.rounds}.")
    if s.status == "timeout":
        return Text.assemble(("No agreement", "yellow"), f" by the deadline ({s.rounds} rounds).")
    if s.status == "ended":
        quit_ = [e for e in s.events if e.action == "end"]
        who = s.parties[quit_[-1].party] if quit_ else "a party"
        return Text.assemble((f"{who} walked away", "yellow"), f" in round {s.rounds_played}.")
    assert s.failure is not None
    return Text.assemble(
        ("Failed", "red"),
        f" in round {s.rounds_played}: {s.parties[s.failure.party]} "
        f"({s.failure.strategy}) raised {s.failure.error}",
    )


def _show_outcome(rows: list[dict[str, Any]]) -> None:
    t = Table("party", "role", "strategy", "utility", "payoff", "reservation", title="Outcome")
    for r in rows:
        t.add_row(
            r["party"], r["role"], r["strategy"] or "-", f"{r['utility']:.4f}",
            f"{r['payoff']:.4f}", f"{r['reservation']:.4f}",
        )  # fmt: skip
    t.caption = "payoff: utility discounted to the time of the result (u·d^t)"
    console.print(t)


def _nash_line(report: dict[str, Any]) -> str:
    front = f"to the Pareto frontier: {report['frontier_distance']:.3f}"
    if report["nash"] is None:
        return f"No Nash point (no outcome is acceptable to every negotiating party); {front}."
    point = ", ".join(f"{p} {u:.3f}" for p, u in report["nash"].items())
    return f"Distance to the Nash point ({point}): {report['nash_distance']:.3f}; {front}."


def _value(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


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
    rounds: Annotated[int, typer.Option(help="Deadline in rounds.")] = params.TOURNAMENT_ROUNDS,
    repetitions: Annotated[
        int, typer.Option(help="Repetitions of every pairing.")
    ] = params.TOURNAMENT_REPETITIONS,
    seed: Annotated[int, seed_option("Tournament seed.")] = 0,
    discount: DiscountOpt = None,
    jobs: Annotated[int, typer.Option(help="Worker processes (>= 1).")] = 2,
    max_outcomes: Annotated[
        int, typer.Option(help="Skip domains of a folder with more outcomes than this.")
    ] = 1_000_000,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "--output",
            "-o",
            help="Write OUT.json (settings, table, sessions) and OUT.csv.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Play strategies against each other on scenarios, with role swaps and repetitions."""
    from zopa.negotiate import protocols, run_tournament, tournament_protocol
    from zopa.negotiate.sources import collect

    err = make_console(stderr=True, soft_wrap=True)
    targets = _targets(out)
    known = protocols()
    multilateral = known[protocol].multilateral if protocol in known else None
    found = collect(scenarios, max_outcomes, multilateral)
    for folder, reason in found.skipped:
        err.print(f"skipped {folder.name}: {reason}")
    games = {label: src.negotiators for label, src in found.sources.items()}
    from zopa.cli._record import chunking
    from zopa.runs.tournament import chunked

    start = time.perf_counter()
    with chunking(jobs, bar=False) as c, progress_bar("sessions", as_json=as_json) as progress:
        result = run_tournament(
            games, list(strategy or TOURNAMENT_DEFAULTS),
            protocol=protocol or tournament_protocol(games), rounds=rounds,
            repetitions=repetitions, seed=seed, jobs=jobs, skip_bilateral=strategy is None,
            discounts={label: src.discount(discount) for label, src in found.sources.items()},
            progress=progress,
            runner=chunked(c.checkpoint, c.executor),
        )  # fmt: skip
    wall = time.perf_counter() - start
    extra = {
        "sources": list(scenarios),
        "max_outcomes": max_outcomes,
        "skipped": [{"scenario": f.name, "reason": r} for f, r in found.skipped],
    }
    if targets:
        full = {**result.to_dict(), **extra}
        write_files({targets[0]: _json_text(full), targets[1]: result.to_csv()})
    timing = (
        f"{len(result.sessions):,} sessions on {len(games)} scenarios in {wall:.1f} s "
        f"({jobs} processes)"
    )
    data = {
        **result.settings(),
        **extra,
        "sessions": len(result.sessions),
        "table": result.table(),
    }
    if show_json(data, as_json):
        err.print(timing)
        return
    _show_standings(result.table(), result.notes)
    discounted = [k for k, v in result.discounts.items() if any(d != 1.0 for d in v)]
    if discounted:
        console.print(
            f"{len(discounted)} of {len(games)} scenarios discount payoffs (u·d^t; the factors "
            "are listed by --json and --out)"
        )
    console.print(timing)
    if targets:
        console.print(f"results written to {targets[0]} and {targets[1]}")


def _targets(out: Path | None) -> tuple[Path, Path] | tuple[()]:
    """The --out files, checked before anything is played."""
    if out is None:
        return ()
    targets = (out.with_suffix(".json"), out.with_suffix(".csv"))
    for path in targets:
        check_writable(path, "--out")
    return targets


def _show_standings(rows: list[dict[str, Any]], notes: tuple[str, ...]) -> None:
    for n in sorted({r["parties"] for r in rows}):
        t = Table(
            "strategy", "plays", "sessions", "utility", "agreement", "to Nash", "to frontier",
            "welfare", "rounds", "failures",
            title=f"Tournament results, {n}-party scenarios (means per strategy)",
        )  # fmt: skip
        for r in (r for r in rows if r["parties"] == n):
            t.add_row(
                r["strategy"], str(r["plays"]), str(r["sessions"]), f"{r['utility']:.3f}",
                f"{r['agreement']:.1%}", _num(r["nash_distance"]),
                _num(r["frontier_distance"]), f"{r['welfare']:.3f}", f"{r['rounds']:.1f}",
                str(r["failures"]),
            )  # fmt: skip
        t.caption = "plays: roles played (a session counts once per role the strategy filled)"
        console.print(t)
    for note in notes:
        console.print(f"note: {note}")


@app.command("strategies")
def strategies_cmd(as_json: JsonOpt = False) -> None:
    """List the negotiation strategies and protocols."""
    from zopa.negotiate import protocols, strategies

    specs = [s.to_dict() for s in strategies().values()]
    protos = [p.to_dict() for p in protocols().values()]
    if as_json:
        print_json({"strategies": specs, "protocols": protos})
        return
    t = Table(title="Strategies")
    t.add_column("strategy", no_wrap=True)
    t.add_column("what it does", ratio=3)
    t.add_column("parameters (defaults)", ratio=2)
    t.add_column("traits", max_width=14)
    t.add_column("source", ratio=3)
    for s in specs:
        params = ", ".join(
            f"{k}={_value(v)}" for k, v in s["parameters"].items() if k not in s["fixed"]
        )
        what = s["summary"]
        if s["variant_of"]:
            fixed = ", ".join(f"{k}={_value(v)}" for k, v in s["fixed"].items())
            what += f" Variant: {s['variant_of']} with {fixed}."
        traits = [
            label
            for key, label in (
                ("bilateral_only", "bilateral only"),
                ("stochastic", "stochastic"),
                ("opponent_model", "opponent model"),
            )
            if s[key]
        ]
        t.add_row(s["name"], what, params or "-", ", ".join(traits) or "-", s["citation"])
    t.caption = (
        "A variant's fixed parameters cannot be changed; set them on the strategy it varies."
    )
    console.print(t)
    p = Table("protocol", "parties", "description", "source", title="Protocols")
    for q in protos:
        p.add_row(q["name"], "2+" if q["multilateral"] else "2", q["summary"], q["citation"])
    console.print(p)


def _num(x: float) -> str:
    return "-" if x != x else f"{x:.3f}"


def _json_text(data: Any) -> str:
    import json

    return json.dumps(to_jsonable(data), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
