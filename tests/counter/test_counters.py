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
from zopa.counter.distance import distance_of, weighted_tables
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


def _routes(base, xs: list[tuple[int, ...]]) -> int:
    """Length of the leading run in which no package changes a superset of an earlier one's
    issues (recomputed independently of the engines)."""
    changed = [orc.changed(base, x) for x in xs]
    for i, later in enumerate(changed):
        if any(earlier <= later for earlier in changed[:i]):
            return i
    return len(xs)


def _distance(problem: CounterProblem, x: tuple[int, ...], y: tuple[int, ...]) -> float:
    """Distance between two packages: the proposal distance with ``x`` in the proposal's role."""
    tables = weighted_tables(problem.game, x, problem.ordered)
    return float(distance_of(tables, np.array([y]))[0])


def _check_list(problem: CounterProblem, rank: str, xs, top: int, pool) -> None:
    """The two-phase rule of zopa.counter.rank, by brute force over ``pool`` (accepted
    outcomes): different routes first, best first; then the best-ranked package at least half
    the max–min distance away from everything listed."""
    base = problem.base
    assert len(set(xs)) == len(xs)
    routes = _routes(base, xs)
    changed = [orc.changed(base, x) for x in xs]
    for i in range(routes):
        rest = [y for y in pool if not any(c <= orc.changed(base, y) for c in changed[:i])]
        assert _key(problem, rank, xs[i]) == min(_key(problem, rank, y) for y in rest)
    if xs and (routes < len(xs) or len(xs) < top):  # the routes ran out
        assert all(any(c <= orc.changed(base, y) for c in changed[:routes]) for y in pool)
    for i in range(routes, len(xs) + 1):
        near = {y: min(_distance(problem, x, y) for x in xs[:i]) for y in pool}
        far = max(near.values(), default=0.0)
        if i == len(xs):
            assert len(xs) == top or far <= 1e-7
            break
        assert near[xs[i]] >= far / 2 - 1e-7
        clear = [y for y in pool if near[y] >= far / 2 + 1e-7]
        if clear:
            assert _key(problem, rank, xs[i]) <= min(_key(problem, rank, y) for y in clear)


@settings(max_examples=120)
@given(orc.problems(), st.sampled_from(RANKINGS), st.integers(1, 5))
def test_counters_are_accepted_diverse_and_best_first(case, rank: str, top: int) -> None:
    problem = _problem(case)
    game, base, parties = case
    codes = exhaustive.counters(problem, rank, top)
    accepted = orc.accepted_by(game, parties)
    assert bool(codes) == bool(accepted)
    assert len(codes) <= top
    xs = [orc.index(game, c) for c in codes]
    for x in xs:
        assert all(orc.accepts(game, p, x) for p in parties)
    routes = _routes(base, xs)
    keys = [_key(problem, rank, x) for x in xs[:routes]]
    assert keys == sorted(keys)
    if accepted:
        assert keys[0] == min(_key(problem, rank, x) for x in accepted)
    _check_list(problem, rank, xs, top, accepted)


def test_spread_fills_a_one_issue_list_with_different_values() -> None:
    """One issue, 0..10, the party accepts values 3..10, proposal at 0: the route is {3}; the
    farthest accepted value is 10 (distance 0.7), so the next pick is the closest to the
    proposal at least 0.35 away from 3, i.e. 7 (0.4); then D = 0.3 (value 10), half 0.15 →
    5 (0.2 from both 3 and 7); then D = 0.3 again (value 10, 0.3 from 7), and 9 is the closest
    to the proposal at least 0.15 from 3, 5 and 7."""
    game = Game.from_arrays(
        tables=[np.linspace(0, 1, 11)[None, :]],
        reservations=[0.3],
        party_ids=["p"],
        issue_ids=["x"],
        values=[[float(v) for v in range(11)]],
    )
    problem = CounterProblem.build(game, [0], [0])
    for engine in (exhaustive, milp):
        codes = engine.counters(problem, "changes", 4)
        assert [game.values[0][c] for c in codes] == [3.0, 7.0, 5.0, 9.0]


@settings(max_examples=120)
@given(orc.problems())
def test_changes_ranking_lists_minimal_concession_sets(case) -> None:
    problem = _problem(case)
    game, base, parties = case
    minimal = orc.minimal_issue_sets(game, base, parties)
    xs = [orc.index(game, c) for c in exhaustive.counters(problem, "changes", 10)]
    routes = _routes(base, xs)
    assert {orc.changed(base, x) for x in xs[:routes]} == minimal or routes == 10
    for x in xs[:routes]:
        assert orc.changed(base, x) in minimal


@settings(max_examples=40)
@given(orc.problems(), st.sampled_from(RANKINGS))
def test_integer_programming_gives_the_same_list(case, rank: str) -> None:
    """The same routes (same keys); the spread phase follows the same rule, checked by brute
    force (tied packages may differ in values, so later picks may differ)."""
    problem = _problem(case)
    game, base, parties = case
    a = [orc.index(game, c) for c in exhaustive.counters(problem, rank, 3)]
    b = [orc.index(game, c) for c in milp.counters(problem, rank, 3)]
    assert len(a) == len(b)
    assert _routes(base, a) == _routes(base, b)
    ka = [_key(problem, rank, x) for x in a[: _routes(base, a)]]
    kb = [_key(problem, rank, x) for x in b[: _routes(base, b)]]
    assert np.allclose(np.array(ka, dtype=float), np.array(kb, dtype=float), atol=1e-7)
    _check_list(problem, rank, b, 3, orc.accepted_by(game, parties))


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
    changes price and warranty too, so there is one route; the other two packages differ in
    values."""
    report = counter_proposals(load(TRADE), "opening")
    assert report.rejecting == ("seller",)
    assert report.n_routes == 1 and len(report.packages) == 3
    assert len({p.terms for p in report.packages}) == 3
    assert "1 changing different issues, 2 with different values" in report.summary
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
        "Seller signs if price becomes 18 k (not 10 k) and warranty becomes one_year (not two_years)"
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


def test_nash_ranking_of_packages_with_no_gain_is_the_same_in_both_engines() -> None:
    """Every accepted package leaves both parties exactly at walk-away (Nash product 0): both
    engines fall back to the fewest changes."""
    game = Game.from_arrays(
        tables=[np.array([[0.0, 0.0], [0.0, 0.0]])],
        reservations=[0.0, 0.0],
        party_ids=["a", "b"],
        issue_ids=["x"],
        values=[["u", "v"]],
    )
    problem = CounterProblem.build(game, [1], [0, 1])
    assert exhaustive.counters(problem, "nash", 2) == milp.counters(problem, "nash", 2) == [1, 0]
