"""An in-process client of the workbench application."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the test client names its preferred successor of httpx
    from fastapi.testclient import TestClient

from zopa.web import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())
