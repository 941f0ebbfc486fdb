"""Strategy behaviour as transcripts against scripted opponents on the pie (u_a = k/1000)."""

from __future__ import annotations

import numpy as np
import pytest

from zopa.negotiate import Arena, Scripted, make_strategy, negotiate, strategies
from zopa.negotiate.registry import format_spec, parse_spec

from .games import pie, random_game


def offers_by(s: object, party: int) -> list[int]:
    return [e.outcome for e in s.events if e.party == party and e.action == "offer"]  # type: ignore[attr-defined]


def test_absolute_tit_for_tat_mirrors_each_concession() -> None:
    """Demand starts at 1; the second proposal concedes one step (0.999, must_concede); then
    each opponent move of +0.1 (to a) lowers a's demand by 0.1: 0.899, 0.799."""
    opp = Scripted(offers=[100, 200, 300], accepts=[])
    s = negotiate(pie(), ["tit-for-tat", opp], rounds=4)
    assert offers_by(s, 0) == [1000, 999, 899, 799]


def test_relative_tit_for_tat_mirrors_proportionally() -> None:
    """Zero-sum proxy: b's demand 1 - g falls from 0.9 to 0.8 (by 1/9), so a's demand falls
    from 0.999 by the same proportion: 0.999 * 0.8 / 0.9 = 0.888, then * 0.7 / 0.8."""
    opp = Scripted(offers=[100, 200, 300], accepts=[])
    s = negotiate(pie(), ["relative-tit-for-tat", opp], rounds=4)
    d2 = 0.999 * 0.8 / 0.9
    d3 = d2 * 0.7 / 0.8
    assert offers_by(s, 0) == [1000, 999, int(np.ceil(d2 * 1000 - 1e-6)),
                               int(np.ceil(d3 * 1000 - 1e-6))]  # fmt: skip


def test_tit_for_tat_hardens_when_the_opponent_does() -> None:
    opp = Scripted(offers=[300, 100, 100], accepts=[])
    s = negotiate(pie(), ["tit-for-tat", opp], rounds=4)
    assert offers_by(s, 0) == [1000, 999, 1000, 1000]  # 0.999 + 0.2, capped at Pmax


def test_tit_for_tat_accepts_by_ac_next() -> None:
    opp = Scripted(offers=[100, 200, 950], accepts=[])
    s = negotiate(pie(), ["tit-for-tat", opp], rounds=4)
    # round 3: the offer 950 is worth 0.95 >= a's next offer after imitating +0.75
    assert s.status == "agreement" and s.agreement == 950


def test_micro_concedes_only_after_new_distinct_offers() -> None:
    """de Jonge 2022: one new proposal per new distinct opponent offer, else a repeat."""
    opp = Scripted(offers=[100, 100, 100, 200, 300], accepts=[])
    s = negotiate(pie(), ["micro", opp], rounds=6, seed=1)
    mine = offers_by(s, 0)
    assert mine[:2] == [1000, 999]
    assert mine[2] in (1000, 999) and mine[3] in (1000, 999)  # opponent repeated itself
    assert mine[4:] == [998, 997]  # 200 and 300 are new: MiCRO concedes again


def test_micro_accepts_what_it_would_concede_to_next() -> None:
    opp = Scripted(offers=[999], accepts=[])
    s = negotiate(pie(), ["micro", opp], rounds=3, seed=1)
    assert s.status == "agreement" and s.agreement == 999 and s.rounds_played == 2


def test_micro_never_goes_below_its_reservation() -> None:
    opp = Scripted(offers=list(range(0, 1000, 5)), accepts=[])
    s = negotiate(pie(rv=(0.95, 0.0)), ["micro", opp], rounds=200, seed=1)
    assert min(offers_by(s, 0)) >= 950


def test_random_accepts_with_its_probability() -> None:
    game = pie()
    always = negotiate(game, [Scripted([500]), "random:p_accept=1"], rounds=3, seed=0)
    never = negotiate(game, [Scripted([500]), "random:p_accept=0"], rounds=3, seed=0)
    assert always.status == "agreement" and never.status == "timeout"
    half = [negotiate(game, [Scripted([500]), "random"], rounds=1, seed=i).agreed
            for i in range(400)]  # fmt: skip
    assert 0.4 < np.mean(half) < 0.6


def test_random_offers_cover_its_acceptable_outcomes() -> None:
    game = pie(20, rv=(0.0, 0.5))
    s = negotiate(game, [Scripted([20]), "random:p_accept=0"], rounds=300, seed=3)
    assert set(offers_by(s, 1)) == set(range(11))  # b accepts k <= 10 only


def test_aspiration_is_time_dependent_with_e_one_over_exponent() -> None:
    game = random_game(12, shape=(6, 6, 6))
    for x in (4.0, 1.0, 0.25):
        a = negotiate(game, [f"aspiration:exponent={x},tolerance=0", "linear"], rounds=60, seed=0)
        t = negotiate(game, [f"time-dependent:e={1 / x}", "linear"], rounds=60, seed=0)
        assert (a.agreement, a.rounds_played) == (t.agreement, t.rounds_played)
    named = negotiate(game, ["aspiration:exponent=conceder", "linear"], rounds=60, seed=0)
    assert named.strategies[0] == "aspiration:exponent=conceder"


def test_hopeless_party_walks_away() -> None:
    s = negotiate(pie(rv=(1.5, 0.0)), ["linear", "linear"], rounds=5)
    assert s.status == "ended" and s.events[0].action == "end"


def test_specs_parse_and_format() -> None:
    assert parse_spec("time-dependent:e=0.5,pick=nearest") == (
        "time-dependent",
        {"e": 0.5, "pick": "nearest"},
    )
    assert format_spec("tit-for-tat", {"delta": 2, "must_concede": False}) == (
        "tit-for-tat:delta=2,must_concede=false"
    )
    s = make_strategy("tit-for-tat:must_concede=false,delta=2")
    assert s.spec == "tit-for-tat:delta=2,must_concede=false"
    assert make_strategy(s.spec).spec == s.spec


def test_registry_metadata() -> None:
    reg = strategies()
    assert reg["boulware"].parameters()["e"] == 0.2 and reg["conceder"].parameters()["e"] == 2.0
    assert reg["micro"].bilateral_only and reg["micro"].stochastic
    assert reg["random"].stochastic and not reg["boulware"].stochastic
    assert all(spec.citation for spec in reg.values())
    assert all(spec.summary for spec in reg.values())


@pytest.mark.parametrize("name", sorted(strategies()))
def test_every_strategy_plays_a_session_on_a_large_space(name: str) -> None:
    game = random_game(21, shape=(10, 10, 10))
    arena = Arena.of(game)
    s = negotiate(arena, [name, "conceder"], rounds=100, seed=0)
    assert s.status in ("agreement", "timeout")
