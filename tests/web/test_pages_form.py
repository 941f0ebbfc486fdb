"""The scenario form: changed fields written into the scenario, the rest kept as written."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import yaml

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from zopa.model import bundled_scenarios
from zopa.web import create_app
from zopa.web.csrf import FIELD
from zopa.web.pages_form import apply, fields, judged, unjudged

MINERALS = yaml.safe_load(bundled_scenarios()["minerals-2025"].read_text(encoding="utf-8"))


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(store=f"sqlite:///{tmp_path / 'form.sqlite'}"))


def test_a_form_left_as_shown_changes_nothing() -> None:
    assert apply(MINERALS, fields(MINERALS)) == MINERALS


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.4", 0.4),
        ("2", 2),
        ("0.2 0.5", {"low": 0.2, "high": 0.5}),
        ("0.2 0.3 0.5", {"low": 0.2, "mode": 0.3, "high": 0.5}),
        ("lots", "lots"),
    ],
)
def test_judged_numbers_read_back(text, value) -> None:
    assert unjudged(text) == value
    if not isinstance(value, str):
        assert unjudged(judged(value)) == value


def test_changed_fields_are_written_and_evidence_kept() -> None:
    given = fields(MINERALS)
    party = next(iter(MINERALS["parties"]))
    given[f"party.{party}.reservation"] = "0.1 0.2 0.3"
    given["new_issue.id"] = "timing"
    given["new_issue.options"] = "now, later"
    out = apply(MINERALS, given)
    assert out["parties"][party]["reservation"] == {"low": 0.1, "mode": 0.2, "high": 0.3}
    assert out["issues"]["timing"] == {"label": "timing", "options": ["now", "later"]}
    others = {k: v for k, v in out["parties"].items() if k != party}
    assert others == {k: v for k, v in MINERALS["parties"].items() if k != party}


def _shown(html: str) -> dict[str, str]:
    """The fields a browser would send for the form as shown (ticked boxes included)."""
    out = dict(re.findall(r'<input name="([^"]+)"[^>]*value="([^"]*)"', html))
    out |= {k: "on" for k in re.findall(r'type="checkbox" name="([^"]+)" value="on" checked', html)}
    return out


def _token(html: str) -> str:
    found = re.search(rf'name="{FIELD}" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_the_form_saves_a_copy_then_versions(client) -> None:
    html = client.get("/scenarios/logrolling/form").text
    assert 'name="party.a.reservation"' in html and 'value="0.3"' in html
    token = _token(html)
    shown = _shown(html)
    body = {**shown, FIELD: token, "copy_name": "lr", "party.a.reservation": "0.45"}
    r = client.post("/scenarios/logrolling/form", data=body, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/scenarios/lr/edit"
    saved = yaml.safe_load(client.get("/api/scenarios/lr/versions/1").json()["text"])
    assert saved["parties"]["a"]["reservation"] == 0.45
    assert (
        saved["parties"]["b"]
        == yaml.safe_load(bundled_scenarios()["logrolling"].read_text(encoding="utf-8"))["parties"][
            "b"
        ]
    )
    # a bad value comes back with its located problem, nothing saved
    html = client.get("/scenarios/lr/form").text
    shown = _shown(html)
    body = {**shown, FIELD: _token(html), "party.b.reservation": "lots"}
    r = client.post("/scenarios/lr/form", data=body)
    assert r.status_code == 422 and "parties.b.reservation" in r.text
    assert len(client.get("/api/scenarios/lr/versions").json()["versions"]) == 1
    # a red line added from the form is a version that the analyses read
    body = {**shown, FIELD: _token(html), "party.a.red_lines": "first != b_all"}
    assert client.post("/scenarios/lr/form", data=body, follow_redirects=False).status_code == 303
    d = client.post(
        "/api/diagnose", json={"scenario": "lr", "terms": {"first": "b_all", "second": "b_all"}}
    )
    assert d.json()["parties"]["a"]["red_lines_crossed"][0]["rule"] == "first != b_all"


def test_the_form_needs_its_token(client) -> None:
    client.get("/scenarios/logrolling/form")
    r = client.post("/scenarios/logrolling/form", data={"copy_name": "x"})
    assert r.status_code == 403
