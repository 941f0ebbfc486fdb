"""The outlook with ratification: a two-level known answer and properties (Hypothesis)."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ratify.test_winset import TWO_LEVEL, ratified_scenarios
from zopa.compiler import compile_scenario
from zopa.game import TOL
from zopa.model import Scenario, scenario_from_text
from zopa.model.validate import scenario_from_document
from zopa.model.yamlsafe import Document
from zopa.outlook import engine as en
from zopa.outlook import outlook
from zopa.outlook import ratifying as rt
from zopa.outlook.draws import Drawn
from zopa.ratify.winset import body_mask

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_a_hawkish_majority_with_an_uncertain_walk_away() -> None:
    # TWO_LEVEL (Putnam's example, tests/ratify): A's share s in 0..100 by 10; both parties
    # sign s in 20..80. A's parliament passes s only when its hawks (60 of 100 seats) do:
    # s/100 >= r_h. With r_h triangular on [0.6, 0.9], mode 0.7, some signed package passes
    # exactly when r_h <= 0.8, so P(signed and ratified) = F(0.8) = 1 - 0.1^2 / (0.3 * 0.2)
    # = 5/6, while P(signed) = 1. The ratified Nash settlement is the lowest ratified share:
    # 60 when r_h <= 0.6 (never), 70 when r_h in (0.6, 0.7], 80 when r_h in (0.7, 0.8], with
    # probabilities F(0.7) = 1/3 and F(0.8) - F(0.7) = 1/2.
    text = TWO_LEVEL.replace(
        "hawks: {seats: 60, reservation: 0.6,",
        "hawks: {seats: 60, reservation: {low: 0.6, mode: 0.7, high: 0.9},",
    )
    s = scenario_from_text(text)
    draws = 6000
    o = outlook(s, draws=draws, seed=3, ratified=True, rules=("nash",), red_lines=False)
    se = np.sqrt((5 / 6) * (1 / 6) / draws)
    assert o.ratified and o.p_signed == 1.0
    assert abs(o.p_deal - 5 / 6) < 4 * se
    (party,) = o.ratification
    assert party.party == "a" and party.p_deal == o.p_deal
    shares = {p.terms["share"]: p.share for p in o.settlement.packages}
    assert set(shares) == {70.0, 80.0}
    assert abs(shares[70.0] - 1 / 3) < 4 * np.sqrt(2 / 9 / draws)
    assert abs(shares[80.0] - 1 / 2) < 4 * np.sqrt(1 / 4 / draws)
    plain = outlook(s, draws=draws, seed=3, rules=("nash",), red_lines=False)
    assert not plain.ratified and plain.p_deal == 1.0 and plain.ratification == ()
    assert plain.settlement.packages[0].terms["share"] == 50.0


def _uncertain_factions(data: dict[str, Any], spread: float) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for party in out["parties"].values():
        for body in party.get("ratifiers", {}).values():
            for faction in body["factions"].values():
                r = faction["reservation"]
                lo, hi = max(0.0, r - spread), min(1.0, r + spread)
                faction["reservation"] = {"low": lo, "mode": r, "high": hi}
    return out


def _load(data: dict[str, Any]) -> Scenario:
    return scenario_from_document(Document(data, "generated.yaml"))


@SETTINGS
@given(ratified_scenarios(), st.floats(0, 0.3), st.integers(0, 2**32 - 1))
def test_votes_equal_each_drawn_bodys_compiled_mask(data: Any, spread: float, seed: int) -> None:
    s = _load(_uncertain_factions(data, spread))
    st_ = en.setup(s, seed=seed, ratified=True)
    if not len(st_.codes):
        return
    z = en.dr.sample(st_.judgements, np.random.default_rng(seed), 3)
    drawn = Drawn(st_.judgements, z)
    idx = st_.game.indices(st_.codes)
    for b in st_.bodies:
        got = rt.votes(b, s, st_.game, st_.onehot, st_.derived, drawn)
        body = next(
            r for rid, r in s.parties[b.party].ratifiers.items() if (r.name or rid) == b.name
        )
        for d in range(3):
            mask = body_mask(s, body, lambda u, d=d: float(drawn(u)[d]))
            want = mask.table[tuple(idx[:, a] for a in mask.axes)]
            np.testing.assert_array_equal(got[d], want)


@SETTINGS
@given(ratified_scenarios(), st.floats(0, 0.3), st.integers(0, 2**32 - 1))
def test_ratified_settlements_pass_every_body_in_their_draw(
    data: Any, spread: float, seed: int
) -> None:
    s = _load(_uncertain_factions(data, spread))
    st_ = en.setup(s, seed=seed, ratified=True)
    rules = ("nash", "utilitarian", "egalitarian")
    run = en.run_chunk(st_, seed, 0, 8, rules)
    assert (run.deal <= run.signed).all()
    assert (run.deal[:, None] <= run.alone).all() and (run.alone <= run.signed[:, None]).all()
    drawn = Drawn(st_.judgements, run.z)
    sig = list(st_.signatories)
    for d in range(run.z.shape[1]):
        pick = lambda u, d=d: float(drawn(u)[d])  # noqa: E731
        game = compile_scenario(s, pick)
        for r in rules:
            col = int(run.choice[r][d])
            assert (col >= 0) == bool(run.deal[d])
            if col < 0:
                continue
            code = int(st_.codes[col])
            assert game.acceptable_of([code])[sig, 0].all()
            idx = game.indices([code])[0]
            for pid in s.signatories:
                for body in s.parties[pid].ratifiers.values():
                    mask = body_mask(s, body, pick)
                    assert mask.table[tuple(idx[a] for a in mask.axes)]


@SETTINGS
@given(ratified_scenarios(), st.floats(0, 0.3), st.integers(0, 2**32 - 1))
def test_p_ratified_never_exceeds_p_signed(data: Any, spread: float, seed: int) -> None:
    s = _load(_uncertain_factions(data, spread))
    o = outlook(s, draws=40, seed=seed, ratified=True, rules=("nash",), red_lines=False)
    plain = outlook(s, draws=40, seed=seed, rules=("nash",), red_lines=False)
    assert o.p_deal <= o.p_signed + TOL
    assert o.p_signed == plain.p_deal  # the same draws of the parties' judgements
    for party in o.ratification:
        assert o.p_deal - TOL <= party.p_deal <= o.p_signed + TOL


def test_compare_with_the_ratified_outlook(cli: Any, tmp_path: Any) -> None:
    # Hawks holding 60 of 100 seats pass only s >= 90 (walk-away 0.85), while B signs only
    # s <= 80: every draw has a signed deal and none a ratified one.
    path = tmp_path / "two.yaml"
    text = TWO_LEVEL.replace("reservation: 0.6,", "reservation: 0.85,")
    path.write_text(text + "variants:\n  both: {signatories: [a, b]}\n")
    r = cli("compare", str(path), "--outlook", "30", "--ratified", "--json")
    assert r.code == 0, r.err
    (v,) = json.loads(r.out)["variants"]
    assert v["outlook"]["p_signed"] == 1.0 and v["outlook"]["p_deal"] == 0.0
    r = cli("outlook", str(path), "--draws", "30", "--ratified")
    assert r.code == 0 and "P(signed and ratified) = 0.000" in r.out


def test_without_ratifiers_ratification_changes_nothing() -> None:
    from zopa.model import load_scenario

    s = load_scenario("price-split")
    o = outlook(s, draws=200, seed=2, ratified=True, rules=("nash",), red_lines=False)
    plain = outlook(s, draws=200, seed=2, rules=("nash",), red_lines=False)
    assert o.p_deal == o.p_signed == plain.p_deal and o.ratification == ()
    assert "no signatory has ratifiers" in o.summary
