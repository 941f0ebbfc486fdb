"""Conformance with the BDM-1994 emission-standards case (``shared/reference/bdm1994_emission``).

Known answers: the closed-form compromise and weighted median of ``expected.json``; the gate other
replications of the challenge model pass (converged median within ±1.0 of Scholz et al.'s steady
9.9 and of BDM's stabilised 9.05); the per-round positions measured from the public Python
replication, which our default preset reproduces; and Scholz et al.'s (2011) Table 2 per-round
medians/means, of which our ``scholz`` preset reaches round 1 at the printed precision.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from zopa.forecast import Actors, get_model, monte_carlo, read_actor_table


def test_actor_table_matches_fixture(reference_dir: Any, emission: Actors) -> None:
    table = read_actor_table(
        reference_dir / "bdm1994_emission" / "actors.csv", issue="emission", scale=(4, 10)
    )
    assert table == emission


def test_compromise_and_weighted_median(emission: Actors, bdm_expected: dict[str, Any]) -> None:
    closed = bdm_expected["closed_form_checks_computed_here"]
    assert get_model("compromise")(emission).outcome[0] == pytest.approx(
        closed["compromise_weighted_mean"], abs=1e-12
    )
    assert get_model("compromise")(emission).outcome[0] == pytest.approx(7.389956, abs=5e-7)
    assert get_model("median")(emission).outcome[0] == closed["weighted_median_lower"] == 7.0
    capability_only = get_model("compromise")(emission, weighting="capability").outcome[0]
    assert capability_only == pytest.approx(closed["capability_only_weighted_mean"], abs=1e-12)


def test_challenge_passes_the_replication_gate(emission: Actors) -> None:
    fc = get_model("challenge")(emission)
    med = fc.outcome[0]
    assert abs(med - 9.9) <= 1.0 and abs(med - 9.05) <= 1.0
    per = fc.details["dimensions"]["emission"]
    assert per["median_by_round"][0] == 7.0
    assert med >= 9.0 and per["median_by_round"][1] >= 8.5
    assert 7.0 <= per["mean_by_round"][1] <= 8.0
    assert per["converged"] and per["rounds"] < 20
    assert fc.trajectory is not None
    final = fc.trajectory[-1, :, 0]
    assert final.max() - final.min() > 3.0
    again = get_model("challenge")(emission)
    assert again.to_dict() == fc.to_dict()


def test_default_preset_reproduces_measured_replication(
    emission: Actors, bdm_expected: dict[str, Any]
) -> None:
    measured = bdm_expected["schelling_measured_here"]
    fc = get_model("challenge")(emission)
    assert fc.trajectory is not None and fc.rounds == measured["rounds_executed"]
    for r, positions in enumerate(measured["per_round_positions"], start=1):
        expected = [positions[name.lower()] for name in emission.names]
        np.testing.assert_allclose(fc.trajectory[r, :, 0], expected, rtol=0, atol=1e-9)
    per = fc.details["dimensions"]["emission"]
    np.testing.assert_allclose(per["median_by_round"][1:], measured["per_round_weighted_median"])
    np.testing.assert_allclose(per["mean_by_round"][1:], measured["per_round_weighted_mean"])
    assert fc.outcome[0] == pytest.approx(measured["forecast_median"], abs=1e-9)


def _rung(fc_details: dict[str, Any], table2: dict[str, Any]) -> int:
    """Rounds of Scholz's Table 2 matched at his printed precision (median and mean, ±0.05)."""
    med = fc_details["median_by_round"][1:]
    mean = fc_details["mean_by_round"][1:]
    matched = 0
    for m, a, tm, ta in zip(
        med, mean, table2["median_voter_position"], table2["mean_voter_position"], strict=False
    ):
        if abs(m - tm) > 0.05 + 1e-9 or abs(a - ta) > 0.05 + 1e-9:
            break
        matched += 1
    return matched


def test_ladder_rungs_of_the_presets(emission: Actors, bdm_expected: dict[str, Any]) -> None:
    table2 = bdm_expected["published_targets"]["scholz2011_table2"]
    standard = get_model("challenge")(emission, preset="standard", stop="rounds", max_rounds=8)
    scholz = get_model("challenge")(emission, preset="scholz")
    assert _rung(standard.details["dimensions"]["emission"], table2) == 0
    scholz_path = scholz.details["dimensions"]["emission"]
    assert _rung(scholz_path, table2) == 1
    assert round(scholz_path["median_by_round"][1], 1) == 8.4
    assert round(scholz_path["mean_by_round"][1], 1) == 7.4
    assert scholz.rounds == 8


def test_widened_fixture_distribution_is_close_to_measured(
    widened: Actors, bdm_expected: dict[str, Any]
) -> None:
    measured = bdm_expected["monte_carlo_scenario"]
    mc = monte_carlo(widened, ["challenge", "compromise"], draws=4000, seed=42)
    ch, co = mc.distributions["challenge"], mc.distributions["compromise"]
    ref_ch = measured["schelling_challenge_measured_here"]
    ref_co = measured["schelling_compromise_measured_here"]
    # Different random streams: a loose behavioural check, as expected.json advises.
    assert ch.median[0] == pytest.approx(ref_ch["median_of_medians"], abs=0.3)
    np.testing.assert_allclose(ch.interval80[0], ref_ch["ci80"], atol=0.4)
    assert co.median[0] == pytest.approx(ref_co["median"], abs=0.05)
    np.testing.assert_allclose(co.interval80[0], ref_co["ci80"], atol=0.05)
