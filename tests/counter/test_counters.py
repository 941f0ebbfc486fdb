"""Counter-proposals: accepted, diverse, best first, the same from both engines, deterministic."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.counter import oracle as orc
from tests.counter.examples import TRADE, load
from zopa.counter import RANKINGS, counter_proposals, exhaustive, milp
from zopa.counter.distance import distance_of
from zopa.counter.problem import CounterProblem, nash_log
from zopa.game import Game


def _key(problem: CounterProblem, rank: str, x: tuple[int, ...]) -> tuple[float, ...]:
    """The ranking key of an outcome, recomputed from the oracle's utilities."""
    game = problem.game
    n = len(orc.changed(problem.base, x))
    d = round(float(distance_of(problem.distance_tables, np.array([x]))[0]), 9)
    if rank == "changes":
        return (n, d)
    if rank == "proposer":
        return (-round(orc.utility(game, 0, x), 9), n, d)
    req = list(problem.required)
    u = np.array([[orc.utility(game, p, x)] for p in req])
    v = float(nash_log(u, game.reservations[req])[0])
    return (-round(v, 9) if np.isfinite(v) else np.inf, n, d)


def _problem(case: tuple[Game, tuple[int, ...], tuple[int, ...]]) -> CounterProblem:
    game, base, parties = case
    return CounterProblem.build(game, base, parties, proposer=0)


@settings(max_examples=120)
@given(orc.problems(), st.sampled_from(RANKINGS))
def test_counters_are_accepted_diverse_and_best_first(case, rank: str) -> None:
    problem = _problem(case)
    game, base, parties = case
    codes = exhaustive.counters(problem, rank, 4)
    accepted = orc.accepted_by(game, parties)
    assert bool(codes) == bool(accepted)
    xs = [orc.index(game, c) for c in codes]
    for x in xs:
        assert all(orc.accepts(game, p, x) for p in parties)
    changed = [orc.changed(base, x) for x in xs]
    for i, later in enumerate(changed):
        assert not any(earlier <= later for earlier in changed[:i])
    keys = [_key(problem, rank, x) for x in xs]
    assert keys == sorted(keys)
    if accepted:
        assert keys[0] == min(_key(problem, rank, x) for x in accepted)
    # each pick is the best package not changing a superset of an earlier pick's issues
    for i, x in enumerate(xs):
        pool = [y for y in accepted if not any(c <= orc.changed(base, y) for c in changed[:i])]
        assert _key(problem, rank, x) == min(_key(problem, rank, y) for y in pool)


@settings(max_examples=120)
@given(orc.problems())
def test_changes_ranking_lists_minimal_concession_sets(case) -> None:
    problem = _problem(case)
    game, base, parties = case
    minimal = orc.minimal_issue_sets(game, base, parties)
    for c in exhaustive.counters(problem, "changes", 10):
        assert orc.changed(base, orc.index(game, c)) in minimal


@settings(max_examples=40)
@given(orc.problems(), st.sampled_from(RANKINGS))
def test_integer_programming_gives_the_same_list(case, rank: str) -> None:
    problem = _problem(case)
    a = exhaustive.counters(problem, rank, 3)
    b = milp.counters(problem, rank, 3)
    game = problem.game
    ka = [_key(problem, rank, orc.index(game, c)) for c in a]
    kb = [_key(problem, rank, orc.index(game, c)) for c in b]
    assert len(ka) == len(kb)
    assert np.allclose(np.array(ka, dtype=float), np.array(kb, dtype=float), atol=1e-7)


@settings(max_examples=40)
@given(orc.problems(), st.sampled_from(RANKINGS))
def test_counters_are_deterministic(case, rank: str) -> None:
    assert exhaustive.counters(_problem(case), rank, 3) == exhaustive.counters(
        _problem(case), rank, 3
    )
    assert milp.counters(_problem(case), rank, 3) == milp.counters(_problem(case), rank, 3)


def test_trade_counter_worked_by_hand() -> None:
    """Seller = 0.6·price + 0.2·(no warranty) + 0.2·(slow delivery) on [0, 1] scales, walk-away
    0.5, no two-year warranty; buyer walk-away 0.4. Two changes are needed (warranty and price):
    (16, none) gives the buyer 0.4 at distance 0.55·0.6 + 0.25·1 = 0.58; (18, one_year) gives it
    0.45 at distance 0.55·0.8 + 0.25·0.5 = 0.565 — the closer one. Every other accepted package
    changes price and warranty too, so the diverse list has one entry."""
    report = counter_proposals(load(TRADE), "opening")
    assert report.rejecting == ("seller",)
    assert len(report.packages) == 1
    pkg = report.packages[0]
    assert dict(pkg.terms) == {"price": 18.0, "warranty": "one_year", "delivery": "fast"}
    assert pkg.distance == pytest.approx(0.565)
    buyer = pkg.effect("buyer")
    assert (buyer.before, buyer.after) == (pytest.approx(1.0), pytest.approx(0.45))
    assert dict(buyer.by_issue) == {"price": pytest.approx(-0.4), "warranty": pytest.approx(-0.15)}
    seller = pkg.effect("seller")
    assert seller.after == pytest.approx(0.58) and seller.accepts_after
    assert pkg.effect("broker").delta == pytest.approx(0.8)
    assert pkg.explanation.startswith(
        "Seller signs if price becomes 18 k (not 10 k) and warranty becomes one year"
    )
    assert "costs buyer 0.55 of utility, mostly on price" in pkg.explanation
    assert "broker gains 0.80" in pkg.explanation


def test_trade_rankings_by_proposer_and_nash() -> None:
    s = load(TRADE)
    by_proposer = counter_proposals(s, "opening", rank="proposer").packages[0]
    # best for the buyer among packages the seller accepts: (16, none, fast) = 0.4 vs
    # (18, one_year, fast) = 0.45 vs (18, one_year, standard) ...: the buyer's maximum is 0.45
    assert by_proposer.effect("buyer").after == pytest.approx(0.45)
    nash = counter_proposals(s, "opening", rank="nash").packages[0]
    brute = max(
        (u_b - 0.4) * (u_s - 0.5)
        for u_b, u_s in _trade_utilities()
        if u_b >= 0.4 - 1e-9 and u_s >= 0.5 - 1e-9
    )
    assert nash.nash == pytest.approx(brute)


def _trade_utilities() -> list[tuple[float, float]]:
    out = []
    for price in (10, 12, 14, 16, 18, 20):
        for w in (0, 1):  # two-year warranty is the seller's red line
            for d in (0, 1, 2):
                buyer = 0.5 * (20 - price) / 10 + 0.3 * w / 2 + 0.2 * d / 2
                seller = 0.6 * (price - 10) / 10 + 0.2 * (2 - w) / 2 + 0.2 * (2 - d) / 2
                out.append((buyer, seller))
    return out


def test_for_party_requires_that_party_and_the_proposer() -> None:
    report = counter_proposals(load(TRADE), "opening", for_party="seller")
    assert report.required == ("buyer", "seller")


def test_reports_are_reproducible_to_the_byte() -> None:
    s = load(TRADE)
    a = json.dumps(counter_proposals(s, "opening", rank="nash").to_dict(), sort_keys=True)
    b = json.dumps(counter_proposals(s, "opening", rank="nash").to_dict(), sort_keys=True)
    assert a == b
