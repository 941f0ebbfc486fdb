"""docs/importers.md runs: its Python example prints what the page says it prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "importers.md"


def test_python_example_prints_what_the_comments_say(capsys: pytest.CaptureFixture[str]) -> None:
    (block,) = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    exec(compile(block, str(DOC), "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    promised = [c.strip() for c in re.findall(r"# (.*)$", block, re.M) if c.startswith(("[", "{"))]
    assert printed == promised == ["[0.5 0.8 1. ]", "{'buyer': 0.9}"]


def test_cli_examples_name_real_commands(cli) -> None:
    (block,) = re.findall(r"```bash\n(.*?)```", DOC.read_text(), re.S)
    for line in block.strip().splitlines():
        command = line.split()[1:3]
        if command[0] == "import":
            assert cli(*command, "--help").code == 0
