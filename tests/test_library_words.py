"""The library speaks its own words: no message of the library names a command-line flag.

Messages name parameters (``draws``, ``seed``); the command line maps them to its flags
(``zopa.cli._flags``). Checked over every string literal of the library outside ``zopa.cli``,
docstrings aside (they may describe the command line).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import zopa

SRC = Path(zopa.__file__).parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def test_no_library_string_names_a_flag() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "cli" in path.relative_to(SRC).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in skip and FLAG.search(text):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: {text!r}")
    assert not found, "\n".join(found)
