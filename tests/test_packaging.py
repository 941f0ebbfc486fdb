"""Packaging: the licence as an SPDX expression, the version written in one place."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import zopa

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_license_is_an_spdx_expression_with_a_backend_that_reads_it() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"] and (ROOT / "LICENSE").is_file()
    # PEP 639 expressions need setuptools 77 or later.
    (requirement,) = [r for r in PYPROJECT["build-system"]["requires"] if "setuptools" in r]
    match = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", requirement)
    assert match is not None and int(match.group(1)) >= 77


def test_the_version_is_written_once_in_the_package() -> None:
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "zopa.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", zopa.__version__)
    assert metadata.version("zopa") == zopa.__version__


def test_no_module_is_over_400_lines() -> None:
    # Small modules: a module that grows past this is split by role.
    src = Path(__file__).resolve().parents[1] / "src" / "zopa"
    long = {
        str(p.relative_to(src)): n
        for p in src.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
