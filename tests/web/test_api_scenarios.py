"""Scenarios in the run store over the API: validate with located problems, create, save
versions, read and compare them, and analyse a stored scenario like a bundled one."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from zopa.model import bundled_scenarios
from zopa.web import create_app

LOGROLL = bundled_scenarios()["logrolling"].read_text(encoding="utf-8")


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'web.sqlite'}"


@pytest.fixture
def client(store_url: str) -> TestClient:
    return TestClient(create_app(store=store_url))


def _renamed(text: str, name: str) -> str:
    return text.replace("name: logrolling", f"name: {name}", 1)


def test_validate_locates_a_problem_at_its_line(client) -> None:
    bad = LOGROLL.replace("reservation: 0.3", "reservation: lots", 1)
    line = bad.splitlines().index("    reservation: lots") + 1
    r = client.post("/api/scenarios/validate", json={"text": bad})
    assert r.status_code == 200
    doc = r.json()
    assert doc["valid"] is False
    assert any(p["line"] == line and "reservation" in p["path"] for p in doc["problems"])


def test_validate_accepts_a_good_text_with_its_summary(client) -> None:
    r = client.post("/api/scenarios/validate", json={"text": LOGROLL})
    doc = r.json()
    assert doc["valid"] is True and doc["problems"] == []
    assert set(doc["summary"]["parties"]) == {"a", "b"}


def test_validate_reads_json_text(client) -> None:
    import yaml

    text = json.dumps(yaml.safe_load(LOGROLL))
    assert client.post("/api/scenarios/validate", json={"text": text, "format": "json"}).json()[
        "valid"
    ]
    r = client.post("/api/scenarios/validate", json={"text": "{", "format": "json"})
    assert r.json()["valid"] is False


def test_create_save_versions_and_compare(client, cli, store_url) -> None:
    r = client.post("/api/scenarios", json={"name": "deal", "text": _renamed(LOGROLL, "deal")})
    assert r.status_code == 201, r.text
    assert r.json()["version"]["version"] == 1 and r.json()["saved"] is True
    edited = _renamed(LOGROLL, "deal").replace("reservation: 0.3", "reservation: 0.45", 1)
    r = client.put("/api/scenarios/deal", json={"text": edited, "base": 1})
    assert r.status_code == 200 and r.json()["version"]["version"] == 2
    # the same text again adds no version
    r = client.put("/api/scenarios/deal", json={"text": edited})
    assert r.json()["saved"] is False and r.json()["version"]["version"] == 2
    # an edit of version 1 after version 2 was saved is a conflict
    assert client.put("/api/scenarios/deal", json={"text": LOGROLL, "base": 1}).status_code == 409
    listed = client.get("/api/scenarios/deal/versions").json()["versions"]
    assert [v["version"] for v in listed] == [1, 2]
    full = client.get("/api/scenarios/deal/versions/2").json()
    assert full["text"] == edited and "+    reservation: 0.45" in full["diff"]
    diff = client.get("/api/scenarios/deal/compare", params={"a": 1, "b": 2}).json()
    assert diff["words"] == ["parties.a.reservation: 0.3 → 0.45"]
    assert "-    reservation: 0.3\n" in diff["diff"]
    # the store the command line reads holds the same versions
    out = cli("runs", "versions", "deal", "--store", store_url, "--json").out
    assert [v["version"] for v in json.loads(out)["versions"]] == [1, 2]


def test_a_stored_scenario_is_listed_and_analysed(client, cli) -> None:
    text = _renamed(LOGROLL, "mine")
    assert client.post("/api/scenarios", json={"name": "mine", "text": text}).status_code == 201
    rows = client.get("/api/scenarios").json()["scenarios"]
    mine = [row for row in rows if row["name"] == "mine"]
    assert mine and mine[0]["source"] == "store" and mine[0]["version"] == 1
    body = {"scenario": "mine", "proposal": "logroll"}
    r = client.post("/api/diagnose", json=body)
    assert r.status_code == 200
    expected = json.loads(cli("diagnose", "logrolling", "logroll", "--json", "--no-record").out)
    assert r.json()["parties"] == expected["parties"]
    assert client.get("/api/scenarios/mine").json()["name"] == "mine"
    # version 1 by name@1, after a change that moves A's walk-away above the logroll
    moved = text.replace("reservation: 0.3", "reservation: 0.9", 1)
    client.put("/api/scenarios/mine", json={"text": moved})
    now = client.post("/api/diagnose", json=body).json()["parties"]["a"]
    then = client.post("/api/diagnose", json={**body, "scenario": "mine@1"}).json()["parties"]["a"]
    assert then["accepts"] and not now["accepts"]


def test_an_invalid_text_is_not_saved(client) -> None:
    bad = _renamed(LOGROLL, "bad").replace("weight: 0.8", "weight: -1", 1)
    r = client.post("/api/scenarios", json={"name": "bad", "text": bad})
    assert r.status_code == 422 and r.json()["error"] == "input"
    assert r.json()["problems"][0]["line"] is not None
    assert client.get("/api/scenarios/bad/versions").status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [("logrolling", 409), ("../etc/passwd", 422), ("", 422), ("x" * 101, 422), ("a b", 422)],
)
def test_names_are_checked(client, name, status) -> None:
    r = client.post("/api/scenarios", json={"name": name, "text": LOGROLL})
    assert r.status_code == status


def test_bundled_scenarios_are_read_only(client) -> None:
    assert client.put("/api/scenarios/logrolling", json={"text": LOGROLL}).status_code == 409
    assert client.put("/api/scenarios/nothing", json={"text": LOGROLL}).status_code == 404


def test_a_taken_name_is_a_conflict(client) -> None:
    text = _renamed(LOGROLL, "twice")
    assert client.post("/api/scenarios", json={"name": "twice", "text": text}).status_code == 201
    assert client.post("/api/scenarios", json={"name": "twice", "text": text}).status_code == 409


def test_a_missing_version_is_404(client) -> None:
    client.post("/api/scenarios", json={"name": "one", "text": _renamed(LOGROLL, "one")})
    assert client.get("/api/scenarios/one/versions/7").status_code == 404
    r = client.get("/api/scenarios/one/compare", params={"a": 1, "b": 3})
    assert r.status_code == 404 and r.json()["problems"][0]["path"] == "version"
    assert client.post("/api/diagnose", json={"scenario": "one@9"}).status_code == 404


def test_a_store_that_cannot_be_opened_is_503_not_a_traceback(tmp_path) -> None:
    folder = tmp_path / "not-a-db"
    folder.mkdir()
    app = create_app(store=f"sqlite:///{folder}")
    r = TestClient(app).post("/api/scenarios", json={"name": "x", "text": LOGROLL})
    assert r.status_code == 503 and r.json()["error"] == "store"
    assert "Retry-After" in r.headers
