"""docs/report.md runs: its commands succeed (with fewer draws), and its picture exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "report.md").read_text()
COMMANDS = [
    shlex.split(line.split("#")[0])[1:]
    for block in re.findall(r"```bash\n(.*?)```", DOC, re.S)
    for line in block.strip().splitlines()
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_doc_commands_run(cli, args: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    k = args.index("-o") + 1
    args = [*args[:k], str(tmp_path / args[k]), *args[k + 1 :]]
    result = cli(*args, "--draws", "100", "--counter-draws", "20")
    assert result.code == 0, result.err
    assert (tmp_path / "brief.html").read_text().startswith("<!DOCTYPE html>")


def test_doc_pictures_exist() -> None:
    for name in re.findall(r"\]\((img/[^)]+)\)", DOC):
        assert (ROOT / "docs" / name).read_bytes().startswith(b"\x89PNG")
