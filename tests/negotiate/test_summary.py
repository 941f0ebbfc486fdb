"""``zopa.negotiate.simulation_summary``: the short simulation ``zopa analyze`` shows."""

from __future__ import annotations

import json

import pytest

from zopa.model import load_scenario
from zopa.negotiate import negotiate, simulation_summary
from zopa.negotiate.summary import DEFAULT_PROFILES


@pytest.mark.parametrize("name", ["price-split", "minerals-2025"])
def test_summary_is_consistent_with_direct_sessions(name: str) -> None:
    scenario = load_scenario(name)
    game = scenario.compile()
    out = simulation_summary(scenario, seed=2).to_dict()
    json.dumps(out)  # JSON-ready
    signatories = [game.party_ids[i] for i in game.signatories]
    assert out["parties"] == signatories
    assert [r["strategies"] for r in out["runs"]] == list(DEFAULT_PROFILES)
    sub = game.restrict(list(game.signatories))
    for run in out["runs"]:
        direct = negotiate(sub, [run["strategies"]] * len(signatories), seed=2, trace=False)
        assert run["status"] == direct.status and run["rounds"] == direct.rounds_played
        if run["terms"] is not None:
            code = game.encode(run["terms"])
            full = game.utilities_of([code])[:, 0]
            assert run["utilities"] == dict(zip(game.party_ids, full.tolist(), strict=True))
            assert set(run["utilities"]) == set(game.party_ids)  # stakeholders included


def test_summary_accepts_a_name_and_is_seeded() -> None:
    assert simulation_summary("price-split", seed=1) == simulation_summary("price-split", seed=1)
