"""Actors derived from scenarios: what lies on a line, and saliences as stakes.

Known answers: salience = normalised weight × (max v − min v) recomputed here by hand from the
interests' value tables (docs/forecast.md, "From a scenario"); a flat value function has no
stake; unordered options have no line to lie on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from zopa.errors import InputError
from zopa.forecast import actors_from_scenario, get_model
from zopa.forecast.inputs.scenario import on_issue, scenario_input
from zopa.model import load_scenario
from zopa.model.schema import Scenario


def _scenario(doc: dict[str, Any]) -> Scenario:
    return Scenario.model_validate({"name": "t", **doc})


MIXED = {
    "issues": {
        "share": {"range": [0, 100]},
        "venue": {"options": ["geneva", "vienna", "oslo"]},
        "speed": {"options": ["slow", "medium", "fast"], "ordered": True},
    },
    "parties": {
        "a": {
            "capability": 1,
            "interests": {
                "share": {"weight": 2, "prefers": "high"},
                "venue": {"weight": 1, "values": {"geneva": 0, "vienna": 0, "oslo": 1}},
                "speed": {"weight": 1, "values": {"slow": 0.2, "medium": 0.6, "fast": 0.7}},
            },
        },
        "b": {
            "capability": 2,
            "interests": {
                "share": {"weight": 1, "points": [[0, 0.5], [100, 0.5]]},
                "speed": {"weight": 3, "values": {"slow": 1, "medium": 0.5, "fast": 0}},
            },
        },
    },
}


def test_unordered_issues_are_left_out_with_a_note() -> None:
    scenario = _scenario(MIXED)
    given = scenario_input(scenario)
    assert given.actors.dimensions == ("share", "speed")
    assert len(given.notes) == 1 and given.notes[0].startswith("venue: its options have no order")
    with pytest.raises(InputError) as err:
        actors_from_scenario(scenario, {"a": {"position": {"venue": 50}}})
    assert "no order" in str(err.value)


def test_only_unordered_issues_is_an_input_error() -> None:
    only = {
        "issues": {"venue": MIXED["issues"]["venue"]},
        "parties": {"a": {"interests": {"venue": MIXED["parties"]["a"]["interests"]["venue"]}}},
    }
    with pytest.raises(InputError) as err:
        actors_from_scenario(_scenario(only))
    assert "no issue lies on a line" in str(err.value)


def test_salience_is_the_normalised_stake() -> None:
    actors = actors_from_scenario(_scenario(MIXED))
    # a: weights 2, 1, 1 (total 4; venue counts in the total though it is not forecast);
    # spreads: share 1 (prefers high), speed 0.7 - 0.2 = 0.5.
    # b: weights 1, 3 (total 4); spreads: share 0 (flat), speed 1.
    expected = np.array([[2 / 4 * 1.0, 1 / 4 * 0.5], [1 / 4 * 0.0, 3 / 4 * 1.0]])
    np.testing.assert_allclose(actors.salience, expected, atol=1e-12)
    raw = actors_from_scenario(_scenario(MIXED), salience="raw")
    # Raw stakes 2, 0.5 / 0, 3: the largest (3) exceeds 1, so all are divided by it.
    np.testing.assert_allclose(raw.salience, np.array([[2, 0.5], [0, 3]]) / 3, atol=1e-12)


def test_an_indifferent_party_has_no_salience_and_moves_nothing(tmp_path: Path) -> None:
    """The reviewer's case: a flat value function (0.5 everywhere) with weight 1 used to get
    salience 1; now it gets 0, so with the other party's capability at 0 there is nothing to
    forecast rather than a forecast driven by an indifferent party."""
    doc = {
        "issues": {"share": {"range": [0, 100], "step": 5}},
        "parties": {
            "a": {
                "capability": 1,
                "interests": {"share": {"weight": 1, "points": [[0, 0.5], [100, 0.5]]}},
            },
            "b": {"capability": 0, "interests": {"share": {"weight": 1, "prefers": "high"}}},
        },
    }
    actors = actors_from_scenario(_scenario(doc))
    assert actors.salience[:, 0].tolist() == [0.0, 1.0]
    for model in ("compromise", "median", "nash", "challenge", "smp"):
        with pytest.raises(InputError) as err:
            get_model(model)(actors)
        assert "no actor has positive capability × salience" in str(err.value), model


def test_normalize_weights_false_keeps_weights_as_written() -> None:
    doc = {
        "issues": {"x": {"range": [0, 10]}, "y": {"range": [0, 10]}},
        "parties": {
            "a": {
                "normalize_weights": False,
                "interests": {
                    "x": {"weight": 0.3, "prefers": "low"},
                    "y": {"weight": 0.1, "prefers": "high"},
                },
            },
            "b": {
                "interests": {
                    "x": {"weight": 0.3, "prefers": "high"},
                    "y": {"weight": 0.1, "prefers": "low"},
                }
            },
            "c": {
                "normalize_weights": False,
                "scale": 2.0,
                "interests": {
                    "x": {"weight": 3, "prefers": "high"},
                    "y": {"weight": 1, "prefers": "high"},
                },
            },
        },
    }
    actors = actors_from_scenario(_scenario(doc))
    # a as written (its utility reaches 0.4 at most); b normalised (0.75, 0.25); c's weights sum
    # to 4, more than its scale 2, so they are divided by their sum.
    np.testing.assert_allclose(actors.salience, [[0.3, 0.1], [0.75, 0.25], [0.75, 0.25]])


def test_minerals_saliences_are_weight_times_spread() -> None:
    scenario = load_scenario("minerals-2025")
    actors = actors_from_scenario(scenario)
    us = actors.names.index(scenario.parties["us"].name or "us")
    k = actors.dimensions.index("revenue_base")
    weights = {i: v.weight.point for i, v in scenario.parties["us"].interests.items()}
    # us values revenue_base at 1.0 (existing_and_new) and 0.3: spread 0.7.
    assert actors.salience[us, k] == pytest.approx(
        weights["revenue_base"] / sum(weights.values()) * 0.7
    )


def test_on_issue_names_the_nearest_option() -> None:
    scenario = load_scenario("minerals-2025")
    assert on_issue(scenario, "governance", 0.0) == "us_control"
    assert on_issue(scenario, "governance", 62.0) == "parity"
    assert on_issue(scenario, "governance", 100.0) == "ukraine_majority"
    assert on_issue(scenario, "revenue_share", 50.0) == "50%"


def test_cli_forecast_on_a_scenario_shows_options_and_notes(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text(yaml.safe_dump({"name": "mixed", **MIXED}))
    r = cli("forecast", str(path), "--draws", "0", "-m", "compromise")
    assert r.code == 0, r.err
    assert "venue: its options have no order" in r.out
    assert "nearest" in r.out and ("medium" in r.out or "slow" in r.out or "fast" in r.out)
    fc = get_model("compromise")(scenario_input(_scenario(MIXED)).actors).outcome
    shown = on_issue(_scenario(MIXED), "speed", float(fc[1]))
    assert f"{fc[1]:.4g}" in r.out and shown in r.out
