"""docs/forecast.md runs: its commands and its Python examples."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "forecast.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(), re.S)


def _commands() -> list[list[str]]:
    lines = [ln.split("#")[0].strip() for b in _blocks("bash") for ln in b.splitlines()]
    return [shlex.split(ln)[1:] for ln in lines if ln.startswith("zopa ")]


@pytest.mark.parametrize("args", _commands(), ids=lambda a: " ".join(a[:3]))
def test_doc_commands_run(args: list[str], cli: Callable[..., Any]) -> None:
    result = cli(*args)
    assert result.code == 0, result.err


def test_doc_python_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    for block in _blocks("python"):
        exec(compile(block, str(DOC), "exec"), {})
    out = capsys.readouterr().out
    assert "[7.38995569]" in out and "[9.52995217]" in out and "Germany" not in out
    assert "\nDE\n" in out  # Germany's judgements drive the challenge forecast most
