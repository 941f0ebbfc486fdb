"""Run store commands: ``zopa runs list|show|diff|export|rm|resume|save|versions``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from zopa.cli._app import ZopaGroup, app
from zopa.cli._common import console, print_json
from zopa.cli._files import write_file
from zopa.cli._record import StoreOpt

if TYPE_CHECKING:
    from zopa.runs import Run, Store

runs_app = typer.Typer(
    name="runs",
    cls=ZopaGroup,
    help="Recorded runs: list, show, compare, export, remove and resume them.",
    no_args_is_help=True,
)
app.add_typer(runs_app, name="runs")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
IdArg = Annotated[int, typer.Argument(help="Run number (see zopa runs list).")]


def _open(url: str | None) -> Store:
    from zopa.runs import Store

    return Store.open(url)


@runs_app.command("list")
def list_cmd(
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Only runs reading this scenario.")
    ] = None,
    command: Annotated[str | None, typer.Option("--command", help="Only this command.")] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List recorded runs, newest first."""
    with _open(store) as s:
        found = s.list(scenario=scenario, command=command)
        label = s.label
    if as_json:
        print_json({"store": label, "runs": [r.to_dict() for r in found]})
        return
    t = Table("id", "command", "status", "scenario", "seed", "started (UTC)", "seconds", "chunks")
    for r in found:
        t.add_row(
            str(r.id),
            r.command,
            r.status,
            ", ".join(_short(v.name, v.version) for v in r.inputs) or "—",
            "—" if r.seed is None else str(r.seed),
            r.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            "—" if r.seconds is None else f"{r.seconds:.2f}",
            "—" if r.n_chunks is None else f"{r.chunks_done}/{r.n_chunks}",
        )
    console.print(t)
    console.print(f"{len(found)} runs in {label}", markup=False)


@runs_app.command("show")
def show_cmd(run_id: IdArg, store: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """Show one run: command line, parameters, inputs, status, timings and result size."""
    with _open(store) as s:
        run = s.get(run_id)
    if as_json:
        print_json(run.to_dict(full=True))
        return
    for line in _describe(run):
        console.print(line, markup=False, highlight=False)


def _describe(run: Run) -> list[str]:
    lines = [
        f"run {run.id}: zopa {' '.join(run.argv)}",
        f"  status:   {run.status}" + (f" ({run.error})" if run.error else ""),
        f"  seed:     {'—' if run.seed is None else run.seed}",
        f"  zopa:     {run.zopa_version}",
        f"  started:  {run.started_at.isoformat(timespec='seconds')} on {run.host} (pid {run.pid})",
    ]
    if run.seconds is not None:
        lines.append(f"  seconds:  {run.seconds:.3f}")
    if run.n_chunks is not None:
        lines.append(f"  chunks:   {run.chunks_done} of {run.n_chunks} done")
    for v in run.inputs:
        lines.append(f"  input:    {v.name} version {v.version} (sha256 {v.sha256[:12]})")
    size = 0 if run.result is None else len(run.result.encode("utf-8"))
    lines.append(
        f"  result:   {size:,} bytes of JSON (--json shows it)" if size else "  result:   none"
    )
    return lines


@runs_app.command("diff")
def diff_cmd(
    a: Annotated[int, typer.Argument(help="First run.")],
    b: Annotated[int, typer.Argument(help="Second run.")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What changed between two runs, in their inputs and in their results."""
    from zopa.runs.diff import diff_runs

    with _open(store) as s:
        d = diff_runs(s.get(a), s.get(b))
    if as_json:
        print_json(d.to_dict())
        return
    for line in d.lines():
        console.print(line, markup=False, highlight=False)
    for text in d.scenario_diffs:
        console.print(text.rstrip("\n"), markup=False, highlight=False)


@runs_app.command("export")
def export_cmd(
    run_id: IdArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the run here (default: stdout).")
    ] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Export one run (inputs with their texts, parameters, result) as JSON."""
    import json

    from zopa.cli._common import to_jsonable
    from zopa.cli._files import check_writable

    if output is not None:
        check_writable(output, "--output")
    with _open(store) as s:
        run = s.get(run_id)
    text = json.dumps(to_jsonable(run.to_dict(full=True)), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        print(text, end="")
        return
    write_file(output, text)
    if as_json:
        print_json({"run": run_id, "output": str(output), "bytes": len(text.encode("utf-8"))})
    else:
        console.print(f"wrote run {run_id} to {output}", markup=False)


@runs_app.command("rm")
def rm_cmd(run_id: IdArg, store: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """Remove one run and its checkpoints (the scenario versions it read stay)."""
    with _open(store) as s:
        s.remove(run_id)
    if as_json:
        print_json({"removed": run_id})
    else:
        console.print(f"removed run {run_id}", markup=False)


@runs_app.command("resume")
def resume_cmd(run_id: IdArg, store: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """Finish an interrupted run: its command runs again with the same arguments and seed,
    reusing every checkpointed chunk."""
    from zopa.cli._record import resuming
    from zopa.runs import StoreError

    with _open(store) as s:
        run = s.get(run_id)
    if run.status == "done":
        raise StoreError(f"run {run_id} is already done")
    if run.status == "running":
        raise StoreError(f"run {run_id} is still running (pid {run.pid} on {run.host})")
    argv = [a for a in run.argv if a != "--resume"]
    if as_json and "--json" not in argv:
        argv.append("--json")
    with resuming(run_id, store):
        app(args=argv, prog_name="zopa", standalone_mode=False)


@runs_app.command("save")
def save_cmd(
    scenario: Annotated[Path, typer.Argument(help="A scenario file to keep a version of.")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Save a scenario file's text as a new version (if it changed since the last one)."""
    from zopa.model.yamlsafe import read_text

    text = read_text(scenario)
    with _open(store) as s:
        v = s.save_scenario(str(scenario.resolve()), text)
    if as_json:
        print_json(v.to_dict(full=True))
    else:
        console.print(f"{v.name}: version {v.version} ({v.saved_at:%Y-%m-%d %H:%M})", markup=False)


@runs_app.command("versions")
def versions_cmd(
    scenario: Annotated[str, typer.Argument(help="Scenario: bundled name or file path.")],
    diffs: Annotated[bool, typer.Option("--diff", help="Show each version's diff.")] = False,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Every saved version of a scenario, with its date and a diff from the one before."""
    name = str(Path(scenario).resolve()) if Path(scenario).exists() else scenario
    with _open(store) as s:
        found = s.versions(name)
    if as_json:
        print_json({"scenario": name, "versions": [v.to_dict(full=True) for v in found]})
        return
    if not found:
        console.print(f"no saved versions of {name}", markup=False)
    for v in found:
        console.print(
            f"version {v.version}  {v.saved_at:%Y-%m-%d %H:%M:%S}  sha256 {v.sha256[:12]}",
            markup=False,
        )
        if diffs:
            console.print(v.diff.rstrip("\n"), markup=False, highlight=False)


def _short(name: str, version: int) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{base} v{version}"
