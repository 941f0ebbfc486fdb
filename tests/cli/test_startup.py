"""The command line starts without the heavy libraries: they are imported by the commands that
use them. Each case runs in a fresh interpreter and reads ``sys.modules`` after the command."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest

from zopa.cli._commands import COMMANDS

HEAVY = ("scipy", "matplotlib", "highspy", "numba")

_PROBE = """
import json, sys
from zopa.cli import main
try:
    main({args!r})
except SystemExit:
    pass
tops = sorted(sys.modules)
sys.stderr.write("\\nMODULES " + json.dumps(tops) + "\\n")
"""

_IMPORT_ONLY = """
import json, sys
import zopa.cli
tops = sorted({name.split(".")[0] for name in sys.modules})
sys.stderr.write("\\nMODULES " + json.dumps(tops) + "\\n")
"""


def _modules_after(args: list[str] | None, *, full: bool = False) -> set[str]:
    """Top-level names of the modules loaded (``full``: every module's whole name)."""
    code = (
        "import json, sys, zopa.cli\nsys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')"
        if args is None
        else _PROBE.format(args=args)
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    names = set(json.loads(line.removeprefix("MODULES ")))
    return names if full else {n.split(".")[0] for n in names}


def test_importing_the_cli_imports_no_heavy_library_nor_numpy() -> None:
    loaded = _modules_after(None)
    assert "typer" in loaded  # the probe does see what was imported
    assert not loaded & {*HEAVY, "numpy", "pydantic"}


@pytest.mark.parametrize(
    "args",
    [["--help"], ["-h"], ["--version"], ["forecast", "--help"], ["counter", "-h"]],
    ids=" ".join,
)
def test_help_and_version_import_no_heavy_library(args: list[str]) -> None:
    loaded = _modules_after(args)
    assert "typer" in loaded
    assert not loaded & {*HEAVY, "numpy"}


@pytest.mark.parametrize(
    "args", [["scenarios"], ["check", "minerals-2025"], ["show", "price-split"]], ids=" ".join
)
def test_scenario_commands_import_no_heavy_library(args: list[str]) -> None:
    if args[0] == "check":
        from zopa.model import bundled_scenarios

        args = ["check", str(bundled_scenarios()["minerals-2025"])]
    loaded = _modules_after(args, full=True)
    assert "zopa.model.grids" in loaded  # the command did its work (it counts the outcomes)
    assert not {m.split(".")[0] for m in loaded} & set(HEAVY)


@pytest.mark.parametrize("args", [["scenarios"], ["check", "minerals-2025"]], ids=" ".join)
def test_listing_and_checking_need_no_numpy(args: list[str]) -> None:
    """The outcome counts are arithmetic over the issues' sizes: no grid is built."""
    if args[0] == "check":
        from zopa.model import bundled_scenarios

        args = ["check", str(bundled_scenarios()["minerals-2025"])]
    loaded = _modules_after(args, full=True)
    assert "zopa.model.grids" in loaded
    assert "numpy" not in loaded


def test_listing_builds_no_scenario_model() -> None:
    """``zopa scenarios`` reads the bundled files and counts their outcomes from the issues."""
    loaded = _modules_after(["scenarios"], full=True)
    assert "zopa.model.grids" in loaded
    assert "zopa.model.schema" not in loaded


def test_checking_a_scenario_with_derived_quantities_compiles_it(tmp_path) -> None:
    """Derived quantities are tabulated over the compiled grids, so ``check`` compiles them
    (and so imports numpy): the probe above can tell."""
    from tests.model.test_derived import TEXT

    path = tmp_path / "derived.yaml"
    path.write_text(TEXT, encoding="utf-8")
    loaded = _modules_after(["check", str(path)], full=True)
    assert "zopa.compiler" in loaded and "numpy" in loaded


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["scenarios"]], ids=" ".join)
def test_commands_given_no_values_import_no_pydantic(args: list[str]) -> None:
    """typer would build a pydantic validator for every option, given or not (``--help`` among
    them); ``zopa.cli._coercion`` builds one only for a value."""
    loaded = _modules_after(args)
    assert "typer" in loaded and "pydantic" not in loaded


def test_a_value_given_is_coerced_as_typer_coerces_it(cli) -> None:
    r = cli("frontier", "minerals-2025", "--limit", "x", "--no-record")
    assert r.code == 2
    assert "--limit: Input should be a valid integer" in r.err


def test_help_imports_no_command_module() -> None:
    """``zopa --help`` lists the commands from the table in ``zopa.cli._commands``."""
    loaded = _modules_after(["--help"], full=True)
    assert "zopa.cli._commands" in loaded
    assert not loaded & {f"zopa.cli.{module}" for _, module, _ in COMMANDS}


def test_a_command_imports_only_its_own_module() -> None:
    loaded = _modules_after(["scenarios"], full=True)
    commands = {f"zopa.cli.{module}" for _, module, _ in COMMANDS}
    assert loaded & commands == {"zopa.cli.core"}


def test_the_command_table_is_what_the_modules_register() -> None:
    """Names, defining module and first paragraph of help: what ``zopa --help`` shows (in the
    table's order; modules register in the order they are imported)."""
    from zopa.cli import app

    registered = [
        (info.name, info.callback.__module__, info.help)
        for info in app.registered_commands
        if info.callback is not None
    ]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        first = group.typer_instance.registered_commands[0].callback
        registered.append(
            (group.name, first.__module__ if first else "", group.typer_instance.info.help)
        )
    expected = [(name, f"zopa.cli.{module}", summary) for name, module, summary in COMMANDS]
    shown = [
        (name, module, inspect.cleandoc(str(help)).split("\n\n")[0])
        for name, module, help in registered
    ]
    assert sorted(shown) == sorted(expected), "zopa.cli._commands.COMMANDS is out of date"


def test_commands_listed_from_the_table_look_like_the_commands() -> None:
    """The stand-ins the help lists have what typer's listing reads of the real commands."""
    import typer.main

    from zopa.cli import app

    group = typer.main.get_group(app)
    real = {name: group.get_command(None, name) for name in group.list_commands(None)}  # type: ignore[arg-type]
    assert list(real) == [name for name, _, _ in COMMANDS]
    with group._listing():  # type: ignore[attr-defined]
        listed = {name: group.get_command(None, name) for name in group.list_commands(None)}  # type: ignore[arg-type]
    for name, command in real.items():
        stand_in = listed[name]
        assert command is not None and stand_in is not None and stand_in is not command
        assert inspect.cleandoc(command.help or "").split("\n\n")[0] == stand_in.help
        for attr in ("short_help", "hidden", "deprecated", "rich_help_panel"):
            # typer reads each as ``value or default`` (a panel is a placeholder for None)
            assert (getattr(stand_in, attr) or None) == (getattr(command, attr) or None), attr


def test_names_written_out_for_help_match_the_library() -> None:
    from zopa.cli.counter import DRAWS, RANKING_NAMES
    from zopa.cli.options import bundled_names
    from zopa.counter import REPORT_RANKINGS
    from zopa.counter.robust import DRAWS as LIBRARY_DRAWS
    from zopa.model import bundled_scenarios

    assert RANKING_NAMES == REPORT_RANKINGS
    assert DRAWS == LIBRARY_DRAWS
    assert bundled_names() == list(bundled_scenarios())


#: Options that only change what is shown, or that no library function has: their defaults are
#: the command line's own.
CLI_ONLY_DEFAULTS = {
    ("sensitivity.py", "top"),  # rows shown per issue
    ("frontier.py", "limit"),  # points listed
    ("negotiate.py", "last"),  # moves shown
    ("negotiate.py", "jobs"),  # worker processes of this machine
    ("negotiate.py", "max_outcomes"),  # which domains of a folder are skipped
    ("serve.py", "port"),
}


def test_every_option_default_is_taken_from_the_library() -> None:
    """A number written as an option's default (other than 0) must be a display choice of the
    command line; every other default names the library's constant (``zopa.params``), so the
    two cannot drift apart."""
    import ast
    from pathlib import Path

    import zopa.cli

    literal = []
    for path in sorted(Path(zopa.cli.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            positional = node.args.args[len(node.args.args) - len(node.args.defaults) :]
            pairs = [
                *zip(positional, node.args.defaults, strict=True),
                *zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True),
            ]
            for arg, default in pairs:
                if (
                    isinstance(default, ast.Constant)
                    and type(default.value) in (int, float)
                    and default.value != 0
                    and (path.name, arg.arg) not in CLI_ONLY_DEFAULTS
                ):
                    literal.append(f"{path.name}: {node.name}({arg.arg}={default.value})")
    assert not literal, literal


_BLAS = """
import os, sys
from zopa.cli import main
before = "numpy" in sys.modules
try:
    main(["scenarios"])
except SystemExit:
    pass
sys.stderr.write("\\nBLAS %s %s %s\\n" % (before, os.environ.get("OPENBLAS_NUM_THREADS"),
                                        os.environ.get("MKL_NUM_THREADS")))
"""


@pytest.mark.parametrize(("given", "seen"), [(None, "1"), ("3", "3")])
def test_commands_ask_blas_for_one_thread_unless_told(given: str | None, seen: str) -> None:
    import os

    env = {
        k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    }
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    done = subprocess.run(
        [sys.executable, "-c", _BLAS], capture_output=True, text=True, timeout=600, env=env
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("BLAS "))
    # numpy is not loaded before the command runs, so it reads the setting
    assert line == f"BLAS False {seen} 1"


def test_a_run_without_the_store_imports_no_sqlalchemy() -> None:
    loaded = _modules_after(["forecast", "price-split", "--draws", "20", "--no-record"])
    assert "numpy" in loaded  # the forecast ran
    assert "sqlalchemy" not in loaded
