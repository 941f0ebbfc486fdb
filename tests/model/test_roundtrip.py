"""load -> dump -> load is the identity, for YAML and JSON, on generated and bundled scenarios."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from tests.strategies import scenarios
from zopa.model import (
    bundled_scenarios,
    dump_scenario,
    load_scenario,
    scenario_from_text,
    schema,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_dump_load_identity(data: dict) -> None:
    s = scenario_from_text(yaml.safe_dump(data), "gen.yaml")
    for fmt in ("yaml", "json"):
        text = dump_scenario(s, fmt)
        again = scenario_from_text(text, f"again.{fmt}", json_syntax=fmt == "json")
        assert again == s
        assert dump_scenario(again, fmt) == text


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_bundled_scenarios_round_trip(name: str) -> None:
    s = load_scenario(name)
    assert scenario_from_text(dump_scenario(s)) == s


def test_uncertain_numbers_keep_their_form() -> None:
    s = load_scenario("minerals-2025")
    text = dump_scenario(s)
    data = yaml.safe_load(text)
    ukraine = data["parties"]["ukraine"]
    assert ukraine["reservation"]["low"] == 0.3 and ukraine["reservation"]["mode"] == 0.4
    assert data["issues"]["revenue_share"]["range"] == [0, 100]  # whole numbers stay whole


def test_schema_is_json_schema_of_the_language() -> None:
    sch = schema()
    json.dumps(sch)
    assert set(sch["required"]) == {"name", "issues", "parties"}
    assert "Party" in sch["$defs"] and "Interest" in sch["$defs"]
