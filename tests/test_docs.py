"""Documentation that runs: the README's commands, its YAML and Python examples."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from zopa.model import scenario_from_text

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def test_readme_has_the_two_fresh_machine_commands_and_ci_runs_the_second() -> None:
    top = README.split("## A short tour")[0]
    commands = [b.strip() for b in _blocks(top, "bash")]
    assert len(commands) == 2
    install_and_analyze, install_and_test = commands
    assert "pip install" in install_and_analyze
    assert install_and_analyze.endswith("zopa analyze minerals-2025")
    assert "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text()
    assert install_and_test in ci.splitlines()


def _tour() -> list[list[str]]:
    tour = README.split("## A short tour")[1]
    lines = _blocks(tour, "bash")[0].strip().splitlines()
    return [shlex.split(line.split("#")[0])[1:] for line in lines]


@pytest.mark.parametrize("args", _tour(), ids=lambda a: " ".join(a[:2]))
def test_tour_commands_run(args: list[str], cli, tmp_path: Path) -> None:
    if "my-scenario.yaml" in args:
        example = tmp_path / "my-scenario.yaml"
        example.write_text(_blocks(README, "yaml")[0])
        args = [str(example) if a == "my-scenario.yaml" else a for a in args]
    if args[0] == "analyze":
        args = [*args, "--draws", "50"]
    for flag in ("--plot", "-o"):
        if flag in args:
            k = args.index(flag) + 1
            args = [*args[:k], str(tmp_path / args[k]), *args[k + 1 :]]
    if args[0] == "report":
        args = [*args, "--draws", "100", "--counter-draws", "20"]

    result = cli(*args)
    assert result.code == 0, result.err


def test_readme_yaml_example_is_a_valid_scenario() -> None:
    s = scenario_from_text(_blocks(README, "yaml")[0], "README.md")
    assert s.parties["buyer"].red_lines[0].rule == "price <= 90"


def test_readme_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    for block in _blocks(README, "python"):
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Ukraine would not sign" in out and "734832" in out
