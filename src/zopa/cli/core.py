"""Core commands: scenarios, show, check, schema, diagnose, analyze."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from zopa.cli._app import app
from zopa.cli._common import Table, console, print_json, show_json
from zopa.cli._console import scenario_text
from zopa.cli.arguments import STDIN, read_stdin
from zopa.cli.options import JsonOpt, ScenarioArg
from zopa.errors import InputError, Problem

if TYPE_CHECKING:
    from zopa.diagnose import Diagnosis
    from zopa.model.schema import Scenario


@app.command("scenarios")
def scenarios_cmd(as_json: JsonOpt = False) -> None:
    """List the bundled scenarios."""
    from zopa.model.summary import bundled_rows

    rows = bundled_rows()
    if as_json:
        print_json({"scenarios": rows})
        return
    table = Table("name", "title", "issues", "parties", "outcomes", title="Bundled scenarios")
    for r in rows:
        table.add_row(
            str(r["name"]),
            str(r["title"]),
            str(r["issues"]),
            str(r["parties"]),
            f"{r['outcomes']:,}",
        )
    console.print(table)


@app.command("show")
def show_cmd(
    scenario: ScenarioArg,
    as_json: JsonOpt = False,
    yaml_out: Annotated[
        bool, typer.Option("--yaml", help="Print the scenario as canonical YAML.")
    ] = False,
) -> None:
    """Show a scenario: issues, parties with their weights and red lines, ratifiers, table
    variants and time, proposals."""
    from zopa.model import load_scenario
    from zopa.model.summary import scenario_summary

    s = load_scenario(scenario)
    if yaml_out:
        print(scenario_text(s), end="")
        return
    summary = scenario_summary(s)
    if as_json:
        print_json(summary)
        return
    console.print(
        Text.assemble(
            (s.title or s.name, "bold"),
            f"  ({s.name}" + (f", as of {s.as_of}" if s.as_of else "") + ")",
        )
    )
    issues = Table("issue", "label", "values", title="Issues")
    for i, issue in s.issues.items():
        issues.add_row(i, s.issue_label(i), _values_text(issue.values, issue.unit))
    console.print(issues)
    party_ids = list(s.parties)
    weights = Table(
        "issue", *[s.party_name(p) for p in party_ids], title="Weights (normalised per party)"
    )
    for i in s.issues:
        cells = []
        for p in party_ids:
            party = s.parties[p]
            total = sum(it.weight.point for it in party.interests.values()) or 1.0
            it = party.interests.get(i)
            cells.append("-" if it is None else f"{it.weight.point / total:.2f}")
        weights.add_row(s.issue_label(i), *cells)
    weights.add_section()
    weights.add_row(
        "role", *["signatory" if s.parties[p].signatory else "stakeholder" for p in party_ids]
    )
    weights.add_row("walk-away", *[f"{s.parties[p].reservation.point:.2f}" for p in party_ids])
    weights.add_row("capability", *[f"{s.parties[p].capability.point:.2f}" for p in party_ids])
    console.print(weights)
    for p, party in s.parties.items():
        for red in party.red_lines:
            console.print(
                Text.assemble(
                    f"  red line of {s.party_name(p)}: {red.label or red.rule}  ",
                    (f"({red.rule})", "dim"),
                )
            )
    from zopa.cli.ratify import render_who_and_when

    render_who_and_when(s)
    if s.proposals:
        props = Table("proposal", "by", "date", "title", title="Proposals")
        for name, prop in s.proposals.items():
            props.add_row(name, prop.by or "", str(prop.date or ""), prop.title or "")
        console.print(props)
    console.print(
        f"{summary['outcomes']:,} outcomes; {summary['sources_cited']} of {len(s.sources)} "
        "sources cited in evidence."
    )


def _values_text(values: tuple[str | float, ...], unit: str | None) -> str:
    if values and not isinstance(values[0], str):
        nums = [float(v) for v in values]
        step = f", {len(nums)} points" if len(nums) > 2 else ""
        return f"{nums[0]:g}–{nums[-1]:g}{' ' + unit if unit else ''}{step}"
    return ", ".join(str(v) for v in values)


@app.command("check")
def check_cmd(
    file: Annotated[
        Path, typer.Argument(help="A scenario file (YAML or JSON); - reads standard input.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Validate a scenario file: a summary and exit 0, or every problem and exit 2."""
    from zopa.model import load_scenario, scenario_from_text
    from zopa.model.grids import check_sizes
    from zopa.model.summary import scenario_summary

    if str(file) == "-":
        text = read_stdin()
        file = Path(STDIN)
        s = scenario_from_text(text, STDIN, json_syntax=text.lstrip().startswith("{"))
    else:
        s = load_scenario(file)
    outcomes = check_sizes(s)  # what compiling refuses before building anything
    if s.derived:  # derived quantities are tabulated over the compiled grids: compile
        s.compile()
    if as_json:
        print_json({"valid": True, **scenario_summary(s)})
        return
    console.print(
        f"{file}: valid scenario '{s.name}': {len(s.issues)} issues, {len(s.parties)} parties "
        f"({len(s.signatories)} signatories), {len(s.proposals)} proposals, "
        f"{outcomes:,} outcomes."
    )


@app.command("schema")
def schema_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="The same (the schema is JSON).")] = False,
) -> None:
    """Print the JSON Schema of the scenario language (with zopa_version and schema_version,
    like every JSON output)."""
    from zopa.model import schema

    document = schema()
    print_json({k: document[k] for k in sorted(document)})


def split_terms(items: list[str], issues: Collection[str]) -> list[str]:
    """``["a=1,b=x"]`` -> ``["a=1", "b=x"]``: a comma starts a new term only where an issue
    of the scenario and ``=`` follow it, so that an option with a comma in it stays whole."""
    names = "|".join(re.escape(i) for i in sorted(issues, key=len, reverse=True))
    if not names:
        return list(items)
    split = re.compile(rf",(?=\s*(?:{names})\s*=)")
    return [part for item in items for part in split.split(item)]


def parse_terms(items: list[str], s: Scenario) -> dict[str, str | float]:
    """``issue=value`` strings (several in one, separated by commas) into terms (numbers for
    range issues)."""
    terms: dict[str, str | float] = {}
    problems = []
    for item in split_terms(items, s.issues):
        if "=" not in item:
            problems.append(Problem(None, None, "--terms", f"expected issue=value, got {item!r}"))
            continue
        key, _, raw = item.partition("=")
        key, raw = key.strip(), raw.strip()
        issue = s.issues.get(key)
        if issue is not None and issue.range is not None:
            try:
                terms[key] = float(raw)
            except ValueError:
                problems.append(
                    Problem(None, None, f"--terms {key}", f"expected a number, got {raw!r}")
                )
        else:
            terms[key] = raw
    if problems:
        raise InputError(problems)
    return terms


def resolve_outcome(
    s: Scenario, proposal: str | None, terms: list[str] | None
) -> tuple[str | None, dict[str, str | float]]:
    """The outcome named by a proposal, optionally with ``issue=value`` changes applied; the
    name says when the proposal was changed."""
    if proposal is None and not terms:
        raise InputError.single("give a PROPOSAL name or --terms issue=value ...")
    from zopa.diagnose import proposal_outcome

    return proposal_outcome(s, proposal, parse_terms(terms or [], s))


def render_diagnosis(s: Scenario, d: Diagnosis) -> None:
    title = f"Diagnosis of {d.proposal}" if d.proposal else "Diagnosis"
    table = Table(
        "party",
        "role",
        "utility",
        "walk-away",
        "margin",
        "signs?",
        "red lines crossed",
        title=title,
    )
    for p in d.parties:
        signs = Text("yes", style="green") if p.accepts else Text("no", style="red")
        table.add_row(
            p.name,
            "signatory" if p.signatory else "stakeholder",
            f"{p.utility:.2f}",
            f"{p.reservation:.2f}",
            f"{p.margin:+.2f}",
            signs,
            "; ".join(h.label or h.rule for h in p.red_lines_crossed) or "-",
        )
    console.print(table)
    issue_ids = list(s.issues)
    effects = Table(
        "issue", "value", *[p.name for p in d.parties], title="Per issue: contribution (vs best)"
    )
    for i in issue_ids:
        cells = []
        for p in d.parties:
            e = next((e for e in p.issues if e.issue == i), None)
            cells.append("-" if e is None else f"{e.contribution:.2f} ({e.vs_best:+.2f})")
        v = d.terms[i]
        effects.add_row(s.issue_label(i), v if isinstance(v, str) else f"{v:g}", *cells)
    console.print(effects)
    for line in d.verdicts:
        console.print(f"  {line}")


@app.command("diagnose")
def diagnose_cmd(
    scenario: ScenarioArg,
    proposal: Annotated[
        str | None, typer.Argument(help="A named proposal of the scenario.")
    ] = None,
    terms: Annotated[
        list[str] | None,
        typer.Option(
            "--terms",
            help="issue=value (repeat the flag, or issue=value,issue=value); changes the "
            "proposal's terms, or gives them all.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """What each party gets from a proposal, whether it would sign, and why not."""
    from zopa.diagnose import diagnose
    from zopa.model import load_scenario

    s = load_scenario(scenario)
    name, outcome = resolve_outcome(s, proposal, terms)
    from zopa.diagnose import diagnosis_document

    if show_json(diagnosis_document(s, outcome, name), as_json):
        return
    d = diagnose(s, outcome, name)
    vote = None
    if any(p.ratifiers for p in s.parties.values()):
        from zopa.ratify import ratification

        vote = ratification(s, outcome)
    over = None
    if any(p.reservation_at_deadline is not None for p in s.parties.values()):
        from zopa.ratify.deadline import approach

        over = approach(s, outcome, name=name, count_zopa=False)
    show_json(diagnosis_document(s, outcome, name), False)  # recorded as with --json
    render_diagnosis(s, d)
    if vote is not None:
        from zopa.cli.ratify import render_ratification

        render_ratification(vote)
    if over is not None:
        signed = ", ".join(
            f"t={t:.2f} {'yes' if ok else 'no'}"
            for t, ok in zip(over.times, over.signed_at(), strict=True)
        )
        console.print(f"  signed as the deadline approaches (t=0 now, 1 the deadline): {signed}")
