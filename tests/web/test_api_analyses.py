"""The agreement space, counters, what it takes and simulated sessions over HTTP: the command
line's --json documents, and 4xx (never 5xx) for bad requests."""

from __future__ import annotations

import json

import pytest

M = "minerals-2025"
US_DRAFT = "us-draft-2025-02-12"


def _same(client, cli, path: str, body: dict, *args: str) -> dict:
    r = client.post(path, json=body)
    assert r.status_code == 200, r.text
    out = cli(*args, "--json")
    assert out.code == 0, out.err
    assert r.json() == json.loads(out.out)
    return r.json()


def test_frontier_is_the_command_lines(client, cli) -> None:
    doc = _same(client, cli, "/api/frontier", {"scenario": M}, "frontier", M)
    assert doc["zopa"]["exists"] and doc["frontier"]["points"]


def test_solutions_are_the_command_lines(client, cli) -> None:
    doc = _same(client, cli, "/api/solutions", {"scenario": M}, "solutions", M)
    assert doc["solutions"]["nash"]["terms"]


def test_counter_is_the_command_lines(client, cli) -> None:
    body = {"scenario": M, "proposal": US_DRAFT, "party": "ukraine", "draws": 10, "seed": 3}
    args = ("counter", M, US_DRAFT, "--for", "ukraine", "--draws", "10", "--seed", "3")
    doc = _same(client, cli, "/api/counter", body, *args)
    assert doc["rejecting"] == ["ukraine"] and doc["counters"]


def test_what_it_takes_is_the_command_lines(client, cli) -> None:
    body = {"scenario": M, "proposal": US_DRAFT, "party": "ukraine", "draws": 0, "limit": 5}
    args = ("what-it-takes", M, US_DRAFT, "--for", "ukraine", "--draws", "0", "--limit", "5")
    doc = _same(client, cli, "/api/what-it-takes", body, *args)
    assert not doc["accepts_already"] and doc["minimal_sets"]


def test_negotiate_is_the_command_lines(client, cli) -> None:
    body = {"scenario": M, "strategies": {"us": "linear"}, "rounds": 40, "seed": 2}
    args = ("negotiate", M, "-s", "us=linear", "--rounds", "40", "--seed", "2")
    doc = _same(client, cli, "/api/negotiate", body, *args)
    assert doc["strategies"] == ["linear", "boulware"]
    # every offer of the trace is a step of the dance; a party's first offer has no move
    steps = doc["report"]["steps"]
    offers = [m for m in doc["report"]["moves"] if m["action"] == "offer"]
    assert len(steps) == len(offers) > 2
    assert [s["move"] for s in steps[:2]] == [None, None]
    moves = {"concession", "unfortunate", "selfish", "fortunate", "nice", "silent"}
    assert {s["move"] for s in steps[2:]} <= moves


def test_audit_is_the_command_lines(client, cli) -> None:
    _same(client, cli, "/api/audit", {"scenario": M, "draws": 0}, "audit", M, "--draws", "0")


def test_a_changed_package_is_countered_as_a_named_proposal(client) -> None:
    """A value off the compiled grid joins it when the package is a proposal, as in a file."""
    terms = {"revenue_share": 33.3}
    body = {"scenario": M, "proposal": US_DRAFT, "terms": terms, "draws": 0, "party": "ukraine"}
    r = client.post("/api/counter", json=body)
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["proposal"] == f"{US_DRAFT} with revenue_share=33.3"
    # every counter is accepted by Ukraine and the United States (the drafter)
    for c in doc["counters"]:
        assert c["parties"]["ukraine"]["accepts_after"] and c["parties"]["us"]["accepts_after"]
        changed = {ch["issue"] for ch in c["changes"]}
        assert "revenue_share" in changed or c["terms"]["revenue_share"] == 33.3


def test_a_counter_loaded_back_is_accepted(client) -> None:
    """The terms of a counter, diagnosed again, are signed by the parties it was made for."""
    body = {"scenario": M, "proposal": US_DRAFT, "party": "ukraine", "draws": 0}
    counter = client.post("/api/counter", json=body).json()["counters"][0]
    d = client.post("/api/diagnose", json={"scenario": M, "terms": counter["terms"]}).json()
    assert d["parties"]["ukraine"]["accepts"] and d["parties"]["us"]["accepts"]


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/api/counter", {"scenario": M, "proposal": US_DRAFT, "party": "nobody"}, None),
        ("/api/counter", {"scenario": M, "proposal": "nope"}, None),
        ("/api/counter", {"scenario": M, "proposal": US_DRAFT, "rank": "best"}, None),
        ("/api/counter", {"scenario": M, "proposal": US_DRAFT, "draws": 10**6}, "draws"),
        ("/api/counter", {"scenario": M, "proposal": US_DRAFT, "top": 0}, "top"),
        ("/api/counter", {"scenario": M, "terms": {"security": "none"}}, "terms"),
        ("/api/what-it-takes", {"scenario": M, "proposal": US_DRAFT}, "party"),
        ("/api/what-it-takes", {"scenario": M, "proposal": US_DRAFT, "party": "x"}, None),
        ("/api/what-it-takes", {"scenario": M, "proposal": US_DRAFT, "party": "ukraine",
                                "terms": {"revenue_share": 1e9}}, None),
        ("/api/negotiate", {"scenario": M, "strategies": {"us": "bogus"}}, "strategy"),
        ("/api/negotiate", {"scenario": M, "strategies": {"eu": "linear"}}, "strategies.eu"),
        ("/api/negotiate", {"scenario": M, "protocol": "bogus"}, "protocol"),
        ("/api/negotiate", {"scenario": M, "rounds": 0}, "rounds"),
        ("/api/negotiate", {"scenario": M, "discount": 1.5}, "discount"),
        ("/api/frontier", {"scenario": M, "method": "guess"}, "method"),
        ("/api/frontier", {"scenario": M, "extra": 1}, "extra"),
        ("/api/audit", {"scenario": M, "draws": -1}, "draws"),
    ],
)  # fmt: skip
def test_bad_requests_are_located_4xx(client, path, body, where) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 422, r.text
    doc = r.json()
    assert doc["error"] == "input" and doc["problems"]
    if where is not None:
        assert any((p["path"] or "").startswith(where) for p in doc["problems"]), doc


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/api/frontier", {}),
        ("/api/solutions", {}),
        ("/api/counter", {"proposal": "x"}),
        ("/api/what-it-takes", {"proposal": "x", "party": "x"}),
        ("/api/negotiate", {}),
        ("/api/audit", {}),
        ("/api/odds", {"proposal": "x"}),
        ("/api/report", {"proposal": "x"}),
    ],
)
def test_unknown_scenarios_are_404(client, path, extra) -> None:
    r = client.post(path, json={"scenario": "../../etc/passwd", **extra})
    assert r.status_code == 404, r.text


def test_openapi_lists_the_analyses(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/frontier",
        "/api/solutions",
        "/api/counter",
        "/api/what-it-takes",
        "/api/negotiate",
        "/api/audit",
        "/api/evidence/{scenario_id}",
        "/api/odds",
        "/api/report",
    } <= set(paths)
