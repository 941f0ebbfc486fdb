"""docs/frontier.md runs: its commands exit 0 and its Python examples print what they say."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

DOC = (Path(__file__).resolve().parents[2] / "docs" / "frontier.md").read_text()


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, re.S)


def _commands() -> list[list[str]]:
    lines = _blocks("bash")[0].strip().splitlines()
    return [shlex.split(line.split("#")[0])[1:] for line in lines]


@pytest.mark.parametrize("args", _commands(), ids=lambda a: " ".join(a))
def test_documented_commands_run(args, cli, tmp_path):
    args = [str(tmp_path / a) if a.endswith(".png") else a for a in args]
    result = cli(*args)
    assert result.code == 0, result.err


def test_documented_python_runs_and_prints_what_it_claims(capsys):
    for block in _blocks("python"):
        exec(compile(block, "docs/frontier.md", "exec"), {})
    out = capsys.readouterr().out
    assert "[ True  True False  True  True False]" in out
    assert "[0 1 3 4] [1 1 1 1]" in out
    assert "frontier points," in out and "deals in the ZOPA" in out


def test_documented_chart_exists():
    assert "img/frontier-minerals-2025.png" in DOC
    assert (
        Path(__file__).resolve().parents[2] / "docs" / "img" / "frontier-minerals-2025.png"
    ).is_file()
