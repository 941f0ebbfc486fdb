"""``zopa import genius|negolog``: negotiation domains from other tools as scenario files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zopa import params
from zopa.cli._app import ZopaGroup, app
from zopa.cli._common import Table, console, print_json
from zopa.cli._console import scenario_text
from zopa.cli._files import check_writable, write_file
from zopa.cli.options import output_option

if TYPE_CHECKING:
    from zopa.model import Scenario

import_app = typer.Typer(
    name="import",
    cls=ZopaGroup,
    help="Import negotiation domains from other tools (GENIUS, NegoLog) as zopa scenarios.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

DomainArg = Annotated[Path, typer.Argument(help="The domain folder (or GENIUS domain file).")]
OutOpt = Annotated[
    Path | None, output_option("Write the scenario here (.yaml, or .json); else print.")
]
ProfilesOpt = Annotated[
    list[Path] | None,
    typer.Option("--profiles", help="Profile files to use, in party order (default: all)."),
]
MoreProfiles = Annotated[
    list[Path] | None, typer.Argument(help="More profile files (after --profiles).")
]
NameOpt = Annotated[str | None, typer.Option("--name", help="Scenario name (default: folder).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of YAML / tables.")]


@import_app.command("genius")
def genius_cmd(
    domain_dir: DomainArg,
    more: MoreProfiles = None,
    output: OutOpt = None,
    profiles: ProfilesOpt = None,
    real_steps: Annotated[
        int, typer.Option("--real-steps", help="Grid intervals of a real-valued issue.")
    ] = params.GENIUS_REAL_STEPS,
    name: NameOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a GENIUS XML domain and its utility spaces (GENIUS semantics)."""
    from zopa.io import load_genius

    if output is not None:
        check_writable(output, "--output")
    chosen = [*(profiles or []), *(more or [])] or None
    domain = load_genius(domain_dir, chosen, real_steps=real_steps)
    scenario = domain.to_scenario(name)
    extra = {
        pid: {"file": Path(p.path).name, "kind": p.kind, "discount": p.discount}
        for pid, p in zip(domain.party_ids, domain.profiles, strict=True)
    }
    _finish(scenario, output, as_json, extra)


@import_app.command("negolog")
def negolog_cmd(
    domain_dir: DomainArg,
    more: MoreProfiles = None,
    output: OutOpt = None,
    profiles: ProfilesOpt = None,
    name: NameOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a NegoLog JSON domain (profileA.json, profileB.json, ...)."""
    from zopa.io import import_negolog

    if output is not None:
        check_writable(output, "--output")
    chosen = [*(profiles or []), *(more or [])] or None
    scenario = import_negolog(domain_dir, chosen, name=name)
    _finish(scenario, output, as_json, {})


def _finish(
    scenario: Scenario, output: Path | None, as_json: bool, extra: dict[str, dict[str, Any]]
) -> None:
    if output is None:
        print(scenario_text(scenario, "json" if as_json else "yaml"), end="")
        return
    from zopa.model import dump_scenario

    fmt = "json" if output.suffix.lower() == ".json" else "yaml"
    write_file(output, dump_scenario(scenario, fmt))
    summary = _summary(scenario, output, extra)
    if as_json:
        print_json(summary)
        return
    table = Table("party", "name", "reservation", *sorted({k for e in extra.values() for k in e}))
    for pid, info in summary["parties"].items():
        more = [str(info.get(k, "")) for k in sorted({k for e in extra.values() for k in e})]
        table.add_row(pid, info["name"], f"{info['reservation']:g}", *more)
    table.title = (
        f"{scenario.name}: {len(scenario.issues)} issues, {summary['outcomes']:,} outcomes "
        f"-> {output}"
    )
    console.print(table)
    for note in scenario.notes:
        console.print(f"note: {note}")


def _summary(scenario: Scenario, output: Path, extra: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "file": str(output),
        "name": scenario.name,
        "issues": list(scenario.issues),
        "outcomes": scenario.compile().n_outcomes,
        "parties": {
            pid: {
                "name": scenario.party_name(pid),
                "reservation": p.reservation.point,
                **extra.get(pid, {}),
            }
            for pid, p in scenario.parties.items()
        },
        "notes": list(scenario.notes),
    }
