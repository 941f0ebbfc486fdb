"""docs/outlook.md runs: its commands succeed (with fewer draws)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

DOC = (Path(__file__).resolve().parents[2] / "docs" / "outlook.md").read_text()
COMMANDS = [
    shlex.split(line.split("#")[0])[1:]
    for block in re.findall(r"```bash\n(.*?)```", DOC, re.S)
    for line in block.strip().splitlines()
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_doc_commands_run(cli, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    if "--draws" in args:
        args[args.index("--draws") + 1] = "100"
    else:
        args = [*args, "--draws", "100"]
    result = cli(*args)
    assert result.code == 0, result.err


def test_doc_names_the_default_rule() -> None:
    from zopa.outlook import DEFAULT_RULE

    assert DEFAULT_RULE == "nash" and "Nash bargaining solution" in DOC
