"""Shared fixtures: the reference-data folder and an in-process CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Machines are noisy: no per-example deadline. In CI the examples are derived from the test
# names (derandomize) so a run is reproducible; locally they are fresh each run.
settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session", autouse=True)
def _run_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every run the suite records goes to a temporary SQLite store, never the user's."""
    path = tmp_path_factory.mktemp("store") / "runs.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ZOPA_STORE", f"sqlite:///{path}")
        yield path


@pytest.fixture
def reference_dir() -> Path:
    """``../shared/reference`` beside the checkout; skips the test where it is absent."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE}")
    return REFERENCE


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``zopa`` in-process: ``cli("check", "file.yaml")`` -> Result(code, out, err)."""
    from zopa.cli import main

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
