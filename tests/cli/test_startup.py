"""The command line starts without the heavy libraries: they are imported by the commands that
use them. Each case runs in a fresh interpreter and reads ``sys.modules`` after the command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("scipy", "matplotlib", "highspy")

_PROBE = """
import json, sys
from zopa.cli import main
try:
    main({args!r})
except SystemExit:
    pass
tops = sorted({{name.split(".")[0] for name in sys.modules}})
sys.stderr.write("\\nMODULES " + json.dumps(tops) + "\\n")
"""

_IMPORT_ONLY = """
import json, sys
import zopa.cli
tops = sorted({name.split(".")[0] for name in sys.modules})
sys.stderr.write("\\nMODULES " + json.dumps(tops) + "\\n")
"""


def _modules_after(args: list[str] | None) -> set[str]:
    code = (
        "import json, sys, zopa.cli\nsys.stderr.write('\\nMODULES ' + json.dumps(sorted({n.split('.')[0] for n in sys.modules})) + '\\n')"
        if args is None
        else _PROBE.format(args=args)
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


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
    loaded = _modules_after(args)
    assert "numpy" in loaded  # the command did its work (it compiles the scenario)
    assert not loaded & set(HEAVY)


def test_names_written_out_for_help_match_the_library() -> None:
    from zopa.cli.counter import DRAWS, RANKING_NAMES
    from zopa.cli.options import bundled_names
    from zopa.counter import REPORT_RANKINGS
    from zopa.counter.robust import DRAWS as LIBRARY_DRAWS
    from zopa.model import bundled_scenarios

    assert RANKING_NAMES == REPORT_RANKINGS
    assert DRAWS == LIBRARY_DRAWS
    assert bundled_names() == list(bundled_scenarios())
