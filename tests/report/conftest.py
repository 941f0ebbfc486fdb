"""Shared fixtures of the brief's tests: one report on minerals-2025, and Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from zopa.model import Scenario, load_scenario
from zopa.report import Report, build_report

CHROMIUM = "/usr/bin/chromium"
PROPOSAL = "us-draft-2025-02-12"


@pytest.fixture(scope="session")
def minerals() -> Scenario:
    return load_scenario("minerals-2025")


@pytest.fixture(scope="session")
def brief(minerals: Scenario) -> Report:
    """The brief on the US draft with fewer draws than the command's default (same code)."""
    return build_report(minerals, PROPOSAL, draws=400, counter_draws=50, seed=3)


def need(tool: str) -> str:
    """The path of a system tool the browser tests need: a skip with the reason where it is
    missing, a failure on CI (which installs it: see .ci/run)."""
    path = CHROMIUM if tool == "chromium" else shutil.which(tool)
    if path is None or not Path(path).exists():
        message = f"{tool} is not installed (Debian: apt-get install chromium poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install it")
        pytest.skip(message)
    return str(path)


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots and rendered pages are kept for a person to look at."""
    return tmp_path_factory.mktemp("brief-artefacts")
