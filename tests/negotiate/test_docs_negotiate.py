"""docs/negotiate.md runs: its Python examples and its zopa commands."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from zopa.negotiate import registry

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "negotiate.md").read_text()


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, re.S)


@pytest.fixture
def clean_registry() -> Iterator[None]:
    """The examples register a strategy; leave the registry as it was."""
    with registry.STRATEGIES.restored():
        yield


def test_python_examples_run(clean_registry: None, capsys: pytest.CaptureFixture[str]) -> None:
    python = blocks("python")
    assert len(python) == 3
    for block in python:
        exec(compile(block, "docs/negotiate.md", "exec"), {})
    out = capsys.readouterr().out
    assert "agreement" in out and "boulware" in out


COMMANDS = [shlex.split(line)[1:] for b in blocks("bash") for line in b.strip().splitlines()]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_commands_run(
    args: list[str],
    cli: Callable[..., object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if any(a.startswith("../shared/reference") for a in args):
        ref = request.getfixturevalue("reference_dir")
        args = [str(ref / a.removeprefix("../shared/reference/")) if a.startswith("..") else a
                for a in args]  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.code == 0, result.err  # type: ignore[attr-defined]
