"""Core commands in-process: scenarios, show, check, diagnose, schema, analyze."""

from __future__ import annotations

import json


def test_scenarios_lists_the_bundled_ones(cli) -> None:
    r = cli("scenarios", "--json")
    assert r.code == 0
    rows = {row["name"]: row for row in json.loads(r.out)["scenarios"]}
    assert rows["minerals-2025"]["outcomes"] == 734_832
    assert {"price-split", "logrolling"} <= set(rows)


def test_show_human_and_json(cli) -> None:
    r = cli("show", "minerals-2025")
    assert r.code == 0 and "Security guarantee" in r.out and "red line of Ukraine" in r.out
    data = json.loads(cli("show", "minerals-2025", "--json").out)
    assert data["parties"]["eu"]["signatory"] is False
    assert list(data["issues"]) == [
        "revenue_share",
        "revenue_base",
        "past_aid",
        "governance",
        "resources",
        "offtake",
        "legal_basis",
        "security",
        "site_protection",
        "future_aid",
        "ratification",
    ]


def test_show_yaml_is_loadable(cli, tmp_path) -> None:
    out = cli("show", "logrolling", "--yaml").out
    path = tmp_path / "copy.yaml"
    path.write_text(out)
    assert cli("check", str(path)).code == 0


def test_diagnose_json_shape(cli) -> None:
    r = cli("diagnose", "minerals-2025", "us-draft-2025-02-12", "--json")
    assert r.code == 0
    data = json.loads(r.out)
    ua = data["parties"]["ukraine"]
    assert ua["accepts"] is False and isinstance(ua["utility"], float)
    assert isinstance(ua["reservation"], float)
    assert any("security" in x["rule"] for x in ua["red_lines_crossed"])
    assert data["parties"]["us"]["accepts"] is True


def test_diagnose_with_changed_terms(cli) -> None:
    r = cli("diagnose", "price-split", "opening-ask", "--terms", "price=60", "--json")
    data = json.loads(r.out)
    assert data["terms"]["price"] == 60.0 and data["signatories_accept"] is True
    r = cli("diagnose", "price-split", "--terms", "price=abc")
    assert r.code == 2 and "expected a number" in r.err
    r = cli("diagnose", "price-split")
    assert r.code == 2 and "PROPOSAL" in r.err


def test_diagnose_human_output_has_the_verdict(cli) -> None:
    r = cli("diagnose", "minerals-2025", "us-draft-2025-02-12")
    assert "Ukraine would not sign" in r.out


def test_schema_prints_json(cli) -> None:
    data = json.loads(cli("schema").out)
    assert data["title"] == "Scenario"


def test_analyze_json_has_the_diagnosis(cli) -> None:
    r = cli("analyze", "price-split", "--json", "--draws", "50")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["diagnosis"]["opening-ask"]["rejecting"] == ["buyer"]


def test_analyze_minerals_has_every_section(cli) -> None:
    r = cli("analyze", "minerals-2025", "--draws", "100", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert list(data) == [
        "zopa_version",
        "schema_version",
        "scenario",
        "title",
        "as_of",
        "outlook",
        "diagnosis",
        "agreement_space",
        "counters",
        "forecast",
        "simulation",
    ]
    assert data["diagnosis"]["us-draft-2025-02-12"]["rejecting"] == ["ukraine"]
    assert data["agreement_space"]["zopa"]["exists"] is True
    for pkg in data["counters"]["us-draft-2025-02-12"]["counters"]:
        assert pkg["parties"]["us"]["accepts_after"] and pkg["parties"]["ukraine"]["accepts_after"]
    assert set(data["forecast"]["issues"]) == set(data["diagnosis"]["us-draft-2025-02-12"]["terms"])
    human = cli("analyze", "minerals-2025", "--draws", "100").out
    for heading in (
        "Agreement space",
        "Counter-proposals to us-draft-2025-02-12",
        "Forecast",
        "Simulated negotiation",
    ):
        assert heading in human
    assert "Ukraine would not sign" in human
