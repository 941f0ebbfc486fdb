"""Who must say yes: ``zopa power`` (voting power) and ``zopa winset`` (ratification)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from zopa import params
from zopa.cli._app import app
from zopa.cli._common import Table, console, show_json
from zopa.cli.options import JsonOpt, RatifiedOpt, ScenarioArg, seed_option

if TYPE_CHECKING:
    from zopa.model import Scenario
    from zopa.power import Body, Power
    from zopa.ratify import Ratification


@app.command("power")
def power_cmd(
    source: Annotated[
        str,
        typer.Argument(
            help="A voting-body file (YAML/JSON), or a scenario whose parties have ratifiers."
        ),
    ],
    method: Annotated[str, typer.Option(help="auto, enumeration, dp or sample.")] = "auto",
    samples: Annotated[
        int, typer.Option(help="Draws for the sampling method.")
    ] = params.POWER_SAMPLES,
    seed: Annotated[int, seed_option("Seed of the sampling method.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Shapley-Shubik and Banzhaf voting power of the members of weighted voting bodies."""
    from zopa.power import power
    from zopa.power.indices import METHODS

    if method not in METHODS:
        from zopa.errors import InputError

        raise InputError.single(f"--method must be one of {', '.join(METHODS)}, got {method!r}")
    results = [
        (party, power(body, method, samples, seed))  # type: ignore[arg-type]
        for party, body in _bodies(source)
    ]
    if show_json({"bodies": [{"party": party, **r.to_dict()} for party, r in results]}, as_json):
        return
    for party, r in results:
        render_power(r, party)


def _bodies(source: str) -> list[tuple[str | None, Body]]:
    from zopa.errors import InputError
    from zopa.model import bundled_scenarios, load_scenario
    from zopa.model.yamlsafe import load_document
    from zopa.power import body_from_data
    from zopa.ratify.bodies import scenario_bodies

    path = Path(source)
    if not path.exists() and source in bundled_scenarios():
        doc_is_scenario = True
    else:
        doc = load_document(path)
        doc_is_scenario = isinstance(doc.data, dict) and ("issues" in doc.data)
        if not doc_is_scenario:
            return [(None, body_from_data(doc.data, doc))]
    scenario = load_scenario(source)
    found: list[tuple[str | None, Body]] = list(scenario_bodies(scenario))
    if not found:
        raise InputError.single(
            "the scenario declares no ratifiers (parties.<id>.ratifiers), so there is no body "
            "to measure",
            file=source,
        )
    return found


def render_power(r: Power, party: str | None = None) -> None:
    console.print(
        Text.assemble(
            (r.body, "bold"),
            (f" (ratifies for {party})" if party else "") + f": wins with {r.rule}",
        )
    )
    sampled = r.shapley_shubik_se is not None
    cols = ["member", "Shapley-Shubik", "Banzhaf", "Banzhaf (absolute)"]
    cols += ["s.e. SS", "s.e. Bz abs"] if sampled else ["swings"]
    table = Table(*cols)
    for i, m in enumerate(r.members):
        row = [
            m,
            f"{r.shapley_shubik[i]:.4f}",
            f"{r.banzhaf[i]:.4f}",
            f"{r.banzhaf_absolute[i]:.4f}",
        ]
        if r.shapley_shubik_se is not None and r.banzhaf_absolute_se is not None:
            row += [f"{r.shapley_shubik_se[i]:.4f}", f"{r.banzhaf_absolute_se[i]:.4f}"]
        elif r.swings is not None:
            row.append(str(r.swings[i]))
        table.add_row(*row)
    console.print(table)
    if sampled:
        console.print(
            f"  estimated from {r.samples:,} random orders and {r.samples:,} random coalitions "
            f"(seed {r.seed}); s.e. = standard error of each estimate"
        )
    else:
        console.print(f"  exact ({r.method})")


@app.command("winset")
def winset_cmd(
    scenario: ScenarioArg,
    as_json: JsonOpt = False,
) -> None:
    """Each party's win-set (the packages its ratifiers would pass) and the ZOPA with and
    without ratification."""
    from zopa.frontier import zopa
    from zopa.model import load_scenario
    from zopa.ratify import ratified_game, win_set

    s = load_scenario(scenario)
    sets = [win_set(s, p) for p, party in s.parties.items() if party.ratifiers]
    plain, ratified = zopa(s.compile()), zopa(ratified_game(s))
    data: dict[str, Any] = {
        "scenario": s.name,
        "win_sets": [w.to_dict() for w in sets],
        "zopa": plain.size,
        "zopa_ratified": ratified.size,
        "zopa_exists": plain.exists,
        "zopa_ratified_exists": ratified.exists,
        "n_outcomes": plain.n_outcomes,
    }
    if show_json(data, as_json):
        return
    if not sets:
        console.print(f"{s.name}: no party declares ratifiers.")
    for w in sets:
        console.print(
            f"{s.party_name(w.party)}: win-set of {w.size:,} of {w.n_outcomes:,} packages "
            f"({100 * w.share:.1f}%), passed by {', '.join(w.bodies)}"
        )
    console.print(
        f"ZOPA: {_size(plain.size, plain.exists)}; "
        f"with ratification: {_size(ratified.size, ratified.exists)}"
    )


def _size(size: int | None, exists: bool) -> str:
    if size is None:
        return "exists (too many outcomes to count)" if exists else "none"
    return f"{size:,} packages"


def render_ratification(vote: Ratification) -> None:
    for b in vote.bodies:
        verdict = ("passes", "green") if b.passes else ("fails", "red")
        console.print(
            Text.assemble(
                (b.name, "bold"),
                f" (ratifies for {b.party}; needs {b.rule}): ",
                verdict,
                f", {b.yes_seats} of {b.seats} seats for, {b.needed} needed "
                f"(margin {b.margin:+d})"
                + (f"; vetoed by {', '.join(b.vetoed_by)}" if b.vetoed_by else ""),
            )
        )
        table = Table("faction", "seats", "vote", "utility", "walk-away", "why")
        for f in b.factions:
            table.add_row(
                f.name,
                str(f.seats),
                Text("yes", style="green") if f.yes else Text("no", style="red"),
                f"{f.utility:.2f}",
                f"{f.reservation:.2f}",
                f.reason(),
            )
        console.print(table)


@app.command("deadline")
def deadline_cmd(
    scenario: Annotated[str, typer.Argument(help="A bundled scenario name or a YAML/JSON file.")],
    proposal: Annotated[
        str | None, typer.Argument(help="A named proposal (optional: the ZOPA alone without).")
    ] = None,
    terms: Annotated[
        list[str] | None,
        typer.Option(
            "--terms", help="issue=value; changes the proposal's terms, or gives them all."
        ),
    ] = None,
    steps: Annotated[
        int, typer.Option(help="Times from now to the deadline, both included.")
    ] = params.DEADLINE_STEPS,
    ratified: RatifiedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """How acceptance of a proposal and the ZOPA change as the deadline approaches (with
    --ratified, the ZOPA counts only packages every signatory's ratifiers pass)."""
    from zopa.cli.core import resolve_outcome
    from zopa.model import load_scenario
    from zopa.ratify.deadline import approach

    s = load_scenario(scenario)
    name, outcome = (
        (None, None) if proposal is None and not terms else resolve_outcome(s, proposal, terms)
    )
    from zopa.ratify import ratified_game

    game = ratified_game(s) if ratified else None
    result = approach(s, outcome, name=name, steps=steps, game=game)
    if show_json({**result.to_dict(), "ratified": ratified}, as_json):
        return
    when = f" (deadline: {result.deadline})" if result.deadline else ""
    console.print(
        Text.assemble((s.title or s.name, "bold"), f": from now (t=0) to the deadline (t=1){when}")
    )
    table = Table("", *[f"t={t:.2f}" for t in result.times])
    for p in result.parties:
        cells = [
            Text(
                f"{'yes' if ok else 'no'} "
                + ("(red line)" if p.red_lines_crossed else f"(walk-away {r:.2f})"),
                style="green" if ok else "red",
            )
            for ok, r in zip(p.accepts, p.reservations, strict=True)
        ]
        table.add_row(f"{p.name} ({p.utility:.2f}, d={p.discount:g})", *cells)
    if result.parties:
        table.add_row("signed", *["yes" if x else "no" for x in result.signed_at()])
    label = "ZOPA with ratification" if ratified else "ZOPA"
    table.add_row(label, *[_size(z, z is None or z > 0) for z in result.zopa])
    console.print(table)
    console.print(
        "  a party accepts when it crosses no red line and its utility (in brackets) is at least "
        "its walk-away value at that time; discounting (d) scales both alike (GENIUS)"
    )


def who_and_when_lines(s: Scenario) -> list[str]:
    """What ``zopa show`` says about ratifiers, table variants, the deadline and time."""
    lines = []
    for pid, party in s.parties.items():
        for bid, body in party.ratifiers.items():
            factions = ", ".join(f"{fid} {f.seats}" for fid, f in body.factions.items())
            lines.append(
                f"ratifier of {s.party_name(pid)}: {body.name or bid} "
                f"(needs {body.rule.describe()}; seats: {factions})"
            )
    for vid, variant in s.variants.items():
        lines.append(f"table variant {variant.label or vid}: {', '.join(variant.signatories)} sign")
    if s.deadline is not None:
        d = s.deadline
        parts = [str(x) for x in (d.label, d.date) if x] + (
            [f"{d.rounds} rounds"] if d.rounds else []
        )
        lines.append(f"deadline: {'; '.join(parts) or 'declared'}")
    for pid, party in s.parties.items():
        time = []
        if party.reservation_at_deadline is not None:
            time.append(f"walk-away {party.reservation_at_deadline.point:.2f} at the deadline")
        if party.discount is not None:
            time.append(f"discount {party.discount.point:g} to the deadline")
        if party.time_preference is not None:
            tp = party.time_preference
            horizon = f", horizon {tp.horizon:g}" if tp.horizon is not None else ""
            time.append(f"weighs schedules with discount {tp.discount.point:g}{horizon}")
        if time:
            lines.append(f"time for {s.party_name(pid)}: {'; '.join(time)}")
    for iid, issue in s.issues.items():
        if issue.schedule is not None:
            lines.append(f"schedule of {s.issue_label(iid)}: {_phases(issue.schedule)}")
    return lines


def _phases(schedule: Any) -> str:
    def one(phases: Any) -> str:
        return ", ".join(
            f"{term if isinstance(term, str) else format(float(term), 'g')} from {float(start):g}"
            for start, term in phases
        )

    if isinstance(schedule, dict):
        return "; ".join(f"if {opt}: {one(ph)}" for opt, ph in schedule.items())
    return one(schedule)


def render_who_and_when(s: Scenario) -> None:
    for line in who_and_when_lines(s):
        console.print(f"  {line}")
