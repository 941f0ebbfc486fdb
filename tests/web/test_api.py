"""The JSON API answers with the command line's --json documents, and bad requests with 4xx."""

from __future__ import annotations

import json

import pytest

US_DRAFT = "us-draft-2025-02-12"
# Every issue at the value Ukraine's interests in minerals-2025 rank best; the scenario's red
# line "no deal without some security guarantee" makes security the hinge.
UKRAINE_BEST = {
    "revenue_share": 0,
    "revenue_base": "new_licences_only",
    "past_aid": "not_counted",
    "governance": "ukraine_majority",
    "resources": "minerals_only",
    "offtake": "none",
    "legal_basis": "ukrainian_law_eu_compatible",
    "security": "explicit_guarantee",
    "site_protection": "us_backed_protection",
    "future_aid": "committed",
    "ratification": "parliamentary_ratification",
}


def test_scenarios_list_is_the_command_lines(client, cli) -> None:
    r = client.get("/api/scenarios")
    assert r.status_code == 200
    doc = r.json()
    # the store's scenarios follow the bundled ones, marked as such
    doc["scenarios"] = [row for row in doc["scenarios"] if row.get("source") != "store"]
    assert doc == json.loads(cli("scenarios", "--json").out)


def test_scenario_is_shown_as_the_command_line_shows_it(client, cli) -> None:
    r = client.get("/api/scenarios/minerals-2025")
    assert r.status_code == 200
    assert r.json() == json.loads(cli("show", "minerals-2025", "--json").out)


def test_diagnose_equals_the_command_line_json(client, cli) -> None:
    r = client.post("/api/diagnose", json={"scenario": "minerals-2025", "proposal": US_DRAFT})
    assert r.status_code == 200
    expected = json.loads(cli("diagnose", "minerals-2025", US_DRAFT, "--json").out)
    assert r.json() == expected
    assert expected["rejecting"] == ["ukraine"]


def test_diagnose_with_changed_terms_equals_the_command_line(client, cli) -> None:
    body = {"scenario": "minerals-2025", "proposal": US_DRAFT, "terms": {"revenue_share": 30}}
    r = client.post("/api/diagnose", json=body)
    out = cli("diagnose", "minerals-2025", US_DRAFT, "--terms", "revenue_share=30", "--json").out
    assert r.status_code == 200 and r.json() == json.loads(out)
    assert r.json()["proposal"] == f"{US_DRAFT} with revenue_share=30"


def test_the_security_term_decides_ukraines_verdict(client) -> None:
    def ukraine(security: str) -> dict:
        terms = UKRAINE_BEST | {"security": security}
        r = client.post("/api/diagnose", json={"scenario": "minerals-2025", "terms": terms})
        assert r.status_code == 200
        return r.json()["parties"]["ukraine"]

    with_guarantee, without = ukraine("explicit_guarantee"), ukraine("none")
    assert with_guarantee["accepts"] and not with_guarantee["red_lines_crossed"]
    assert not without["accepts"]
    assert [h["label"] for h in without["red_lines_crossed"]] == [
        "no deal without some security guarantee"
    ]


def test_outlook_equals_the_command_line_json(client, cli) -> None:
    r = client.post("/api/outlook", json={"scenario": "logrolling", "draws": 50, "seed": 3})
    out = cli("outlook", "logrolling", "--draws", "50", "--seed", "3", "--json").out
    assert r.status_code == 200 and r.json() == json.loads(out)


HOSTILE = [
    ("unknown scenario", {"scenario": "no-such"}, 404, "scenario"),
    ("a path, not an id", {"scenario": "../../../etc/passwd"}, 404, "scenario"),
    ("an absolute path", {"scenario": "/etc/passwd"}, 404, "scenario"),
    ("unknown proposal", {"scenario": "minerals-2025", "proposal": "nope"}, 422, ""),
    ("unknown issue", {"scenario": "minerals-2025", "terms": {"colour": "red"}}, 422, "colour"),
    (
        "unknown option",
        {"scenario": "minerals-2025", "proposal": US_DRAFT, "terms": {"security": "maybe"}},
        422,
        "security",
    ),
    (
        "markup as a value",
        {"scenario": "minerals-2025", "proposal": US_DRAFT, "terms": {"security": "<b>x</b>"}},
        422,
        "security",
    ),
    (
        "text for a range",
        {"scenario": "minerals-2025", "proposal": US_DRAFT, "terms": {"revenue_share": "half"}},
        422,
        "revenue_share",
    ),
    (
        "out of range",
        {"scenario": "minerals-2025", "proposal": US_DRAFT, "terms": {"revenue_share": 1e300}},
        422,
        "revenue_share",
    ),
    (
        "huge integer",
        {"scenario": "minerals-2025", "proposal": US_DRAFT, "terms": {"revenue_share": 10**400}},
        422,
        "revenue_share",
    ),
    (
        "boolean term",
        {"scenario": "minerals-2025", "proposal": US_DRAFT, "terms": {"security": True}},
        422,
        "security",
    ),
    ("terms not an object", {"scenario": "minerals-2025", "terms": [1, 2]}, 422, "terms"),
    ("scenario not a string", {"scenario": ["minerals-2025"]}, 422, "scenario"),
    ("no scenario", {}, 422, "scenario"),
    ("extra field", {"scenario": "minerals-2025", "proposal": US_DRAFT, "file": "/x"}, 422, "file"),
    ("nothing to diagnose", {"scenario": "minerals-2025"}, 422, ""),
    ("id too long", {"scenario": "m" * 100_000}, 422, "scenario"),
]


@pytest.mark.parametrize(
    ("body", "status", "where"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_hostile_diagnose_bodies_get_located_4xx(client, body, status, where) -> None:
    r = client.post("/api/diagnose", json=body)
    assert r.status_code == status, r.text
    problems = r.json()["problems"]
    assert problems and any(where in (p["path"] or "") for p in problems)


RAW = [
    ("not JSON", b"{scenario: minerals"),
    ("empty", b""),
    ("a JSON string", b'"minerals-2025"'),
    ("NaN term", b'{"scenario": "minerals-2025", "terms": {"revenue_share": NaN}}'),
    ("deep nesting", b"[" * 50_000 + b"]" * 50_000),
]


@pytest.mark.parametrize("raw", [r[1] for r in RAW], ids=[r[0] for r in RAW])
def test_malformed_bodies_get_4xx(client, raw) -> None:
    r = client.post("/api/diagnose", content=raw, headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500, r.text


def test_a_huge_body_is_refused_before_it_is_read(client) -> None:
    body = b'{"scenario": "' + b"x" * 2_000_000 + b'"}'
    r = client.post("/api/diagnose", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_a_huge_body_without_a_declared_length_is_refused(client) -> None:
    def chunks():
        for _ in range(40):
            yield b"x" * 50_000

    r = client.post("/api/diagnose", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize("draws", [0, -5, 20_001, "many", 10**30])
def test_outlook_draws_out_of_bounds_are_4xx(client, draws) -> None:
    r = client.post("/api/outlook", json={"scenario": "minerals-2025", "draws": draws})
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "draws"


def test_unknown_settlement_rule_is_4xx(client) -> None:
    r = client.post("/api/outlook", json={"scenario": "logrolling", "draws": 10, "rules": ["x"]})
    assert r.status_code == 422 and r.json()["problems"]


def test_unknown_scenario_to_show_is_404(client) -> None:
    r = client.get("/api/scenarios/..%2F..%2Fetc%2Fpasswd")
    assert r.status_code == 404


def test_openapi_lists_every_endpoint(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/scenarios",
        "/api/scenarios/{scenario_id}",
        "/api/diagnose",
        "/api/outlook",
    } <= set(paths)
