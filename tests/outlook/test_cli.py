"""``zopa outlook`` in-process: JSON shape, the summary first, located errors with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_json_leads_with_the_summary(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("outlook", "price-split", "--draws", "20", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert list(data)[:3] == ["zopa_version", "schema_version", "summary"]  # after the versions
    assert data["p_deal"] == 1.0
    assert data["settlements"][0]["rule"] == "nash"
    assert data["settlements"][0]["packages"][0]["terms"] == {"price": 55.0}


def test_text_output_names_the_probability_and_the_settlement(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("outlook", "logrolling", "--draws", "20")
    assert result.code == 0, result.err
    assert "exists in 100% of 20 draws" in result.out
    assert "Likely settlement" in result.out


def test_headline_rule_can_be_chosen(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("outlook", "price-split", "--draws", "5", "--rule", "utilitarian", "--json")
    data = json.loads(result.out)
    assert [s["rule"] for s in data["settlements"]] == ["utilitarian"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--rule", "nsh"], "unknown settlement rule 'nsh'"),
        (["--draws", "0"], "--draws"),
        (["--seed", "-1"], "--seed"),
    ],
)
def test_bad_options_exit_2(cli, args: list[str], fragment: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("outlook", "price-split", *args)
    assert result.code == 2
    assert fragment in result.err
    assert "Traceback" not in result.err


def test_bad_scenario_is_located(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: b\nissues:\n  p: {range: [0, 10]}\nparties:\n  a:\n    interests:\n"
        "      p: {weight: 1, prefers: high}\nconstraints: ['q <= 3']\n"
    )
    result = cli("outlook", str(bad))
    assert result.code == 2
    assert "bad.yaml" in result.err and "constraints[0]" in result.err
    assert "unknown issue 'q'" in result.err


def test_a_deadline_that_moves_no_walk_away_value_is_said_to_change_nothing(cli) -> None:
    r = cli("outlook", "peace-talks-2025", "--draws", "20", "--no-record")
    assert r.code == 0, r.err
    assert "does not change as it approaches" in " ".join(r.out.split())
    assert "100 days after the inauguration" in " ".join(r.out.split())
