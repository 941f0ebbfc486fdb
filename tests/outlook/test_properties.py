"""Invariants of the outlook over random scenarios (Hypothesis)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import scenarios
from zopa.compiler import compile_scenario
from zopa.frontier import frontier
from zopa.frontier.solutions import solve
from zopa.game import TOL
from zopa.model import Scenario, scenario_from_text
from zopa.outlook import engine as en
from zopa.outlook import outlook
from zopa.outlook.draws import Drawn
from zopa.outlook.settle import rule_names

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _scenario(data: dict[str, Any]) -> Scenario:
    return scenario_from_text(yaml.safe_dump(data), "generated.yaml")


def _fixed(data: dict[str, Any]) -> dict[str, Any]:
    """The same scenario with every uncertain weight at its mode."""
    for party in data["parties"].values():
        for it in party["interests"].values():
            if isinstance(it["weight"], dict):
                it["weight"] = it["weight"]["mode"]
    return data


def _drawn_game(s: Scenario, st_: en.Setup, z: np.ndarray, d: int):  # type: ignore[no-untyped-def]
    drawn = Drawn(st_.judgements, z)
    return compile_scenario(s, lambda u: float(drawn(u)[d]))


@SETTINGS
@given(scenarios(max_parties=3), st.integers(0, 2**32 - 1))
def test_vectorised_utilities_equal_compiling_each_draw(data: dict[str, Any], seed: int) -> None:
    s = _scenario(data)
    st_ = en.setup(s, seed=seed)
    z = en.dr.sample(st_.judgements, np.random.default_rng(seed), 4)
    u, r = en.utilities(st_, z)
    for d in range(4):
        g = _drawn_game(s, st_, z, d)
        want = g.utilities_of(st_.codes)[list(st_.signatories)]
        np.testing.assert_allclose(u[d], want, atol=1e-12)
        np.testing.assert_allclose(r[d], g.reservations[list(st_.signatories)], atol=0)


@SETTINGS
@given(scenarios(max_parties=3), st.integers(0, 2**32 - 1))
def test_every_settlement_is_accepted_by_every_signatory_in_its_draw(
    data: dict[str, Any], seed: int
) -> None:
    s = _scenario(data)
    st_ = en.setup(s, seed=seed)
    rules = (*rule_names(), *st_.targets)  # every solution and every constrained forecast
    run = en.run_chunk(st_, seed, 0, 6, rules)
    sig = list(st_.signatories)
    for d in range(6):
        g = _drawn_game(s, st_, run.z, d)
        exists = bool(g.restrict(sig).acceptable().all(axis=0).any())
        assert exists == bool(run.deal[d])
        for rule in rules:
            col = run.choice[rule][d]
            assert (col >= 0) == exists
            if col >= 0:
                code = int(st_.codes[col])
                assert g.acceptable_of([code])[sig].all()


@SETTINGS
@given(scenarios(max_parties=3))
def test_without_uncertainty_the_outlook_is_the_point_analysis(data: dict[str, Any]) -> None:
    s = _scenario(_fixed(data))
    game = compile_scenario(s)
    front = frontier(game)
    o = outlook(s, draws=3, red_lines=False)
    assert o.p_deal == float(front.acceptable.any())
    for x in o.settlements:
        if x.rule.startswith("forecast:"):
            continue
        deal = solve(game, x.rule, front=front)
        if deal is None:
            assert not x.packages
            continue
        assert [p.code for p in x.packages] == [deal.code]
        assert x.packages[0].share == 1.0


def test_same_seed_same_bytes_and_chunks_do_not_depend_on_the_total() -> None:
    from zopa.model import load_scenario

    s = load_scenario("minerals-2025")
    a = json.dumps(outlook(s, draws=300, seed=7, red_lines=False).to_dict())
    b = json.dumps(outlook(s, draws=300, seed=7, red_lines=False).to_dict())
    assert a == b
    c = json.dumps(outlook(s, draws=300, seed=8, red_lines=False).to_dict())
    assert a != c
    st_ = en.setup(s, seed=7)
    small = en.run_chunk(st_, 7, 1, 200, ("nash",))
    large = en.run_chunk(st_, 7, 1, 500, ("nash",))
    np.testing.assert_array_equal(small.z, large.z[:, :200])
    np.testing.assert_array_equal(small.choice["nash"], large.choice["nash"][:200])


def test_pool_answers_agree_with_the_exact_per_draw_analysis() -> None:
    from zopa.model import load_scenario

    o = outlook(load_scenario("minerals-2025"), draws=40, red_lines=False)
    assert o.method == "pool"
    assert o.checked == 32 and o.deal_agreed == o.checked
    assert o.agreed >= o.checked - 2 and o.check_gap < 0.02
    assert TOL > 0


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 6),
    st.integers(1, 30),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1e-3, 0.25, 1.0]),
)
def test_rules_over_the_frontier_columns_equal_the_rules_over_every_candidate(
    s_count: int, draws: int, cands: int, seed: int, grain: float
) -> None:
    """The kernels score only each draw's frontier columns; the choice is the one the same
    scores over every candidate give (coarse utilities make ties)."""
    from types import SimpleNamespace

    from zopa.outlook.settle import KERNELS, Prepared, best, settle

    rng = np.random.default_rng(seed)
    u = np.round(rng.uniform(0, 1, (draws, s_count, cands)) / grain) * grain
    r = rng.uniform(0, 0.5, (draws, s_count))
    acc = np.all(u >= r[:, :, None] - TOL, axis=1)
    p = Prepared(u, r, acc)
    g = np.maximum(u - r[:, :, None], 0.0)
    ideal = np.where(acc[:, None, :], u, -np.inf).max(axis=2)
    room = ideal - r > TOL
    norm = np.where(room[:, :, None], g / np.where(room, ideal - r, 1.0)[:, :, None], 1.0)
    dense = SimpleNamespace(u=u, g=g, room=room, norm=norm)
    codes = np.arange(cands)
    dist = rng.uniform(0, 1, cands)
    for name, kernel in KERNELS.items():
        assert np.array_equal(settle(name, p, codes), best(kernel(dense), p.front))  # type: ignore[arg-type]
    wanted = best([np.broadcast_to(-dist, acc.shape)], p.front)
    assert np.array_equal(settle("nash", p, codes, dist), wanted)


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(st.integers(1, 4), st.sampled_from([65, 130])),  # more than a block of draws too
    st.integers(1, 60),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1e-12, 1e-3, 0.2]),
)
def test_two_party_frontier_mask_equals_the_skyline(
    draws: int, cands: int, seed: int, grain: float
) -> None:
    """The sorted two-signatory frontier of every draw is the exact skyline of its acceptable
    candidates (ties on the TOL grid stay together)."""
    from zopa.kernels.skyline import keys, skyline_mask
    from zopa.outlook.settle import frontier_mask

    rng = np.random.default_rng(seed)
    u = np.round(rng.uniform(0, 1, (draws, 2, cands)) / grain) * grain
    acc = rng.uniform(size=(draws, cands)) < 0.8
    mask = frontier_mask(u, acc)
    k = keys(u, TOL)
    for d in range(draws):
        want = np.zeros(cands, dtype=bool)
        cols = np.flatnonzero(acc[d])
        if cols.size:
            want[cols] = skyline_mask(k[d][:, cols], 0.0)
        assert np.array_equal(mask[d], want)
