"""docs/counter.md runs: its commands and its Python example."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "counter.md"
TEXT = DOC.read_text()


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", TEXT, re.S)


def _commands() -> list[list[str]]:
    lines = _blocks("bash")[0].strip().splitlines()
    return [shlex.split(line.split("#")[0])[1:] for line in lines]


@pytest.mark.parametrize("args", _commands(), ids=lambda a: " ".join(a[:1] + a[3:]))
def test_doc_commands_run(args: list[str], cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = cli(*args)
    assert r.code == 0, r.err
    assert r.out.strip()


def test_doc_python_example_runs(capsys) -> None:
    exec(compile(_blocks("python")[0], str(DOC), "exec"), {})
    assert "frontier points within four changes" in capsys.readouterr().out
