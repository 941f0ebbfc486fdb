"""Margins and Monte Carlo robustness of counter-proposals."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.counter.examples import load
from zopa.counter import counter_proposals
from zopa.counter.robust import drawn_games, robustness

# The buyer's walk-away value is uniform on [0.1, 0.3] (point estimate 0.2): a price p gives it
# 1 − p/100, accepted in a share P(r ≤ 1 − p/100) of the draws — 0.5 at 80, 0.75 at 75, 1 at 70.
KNIFE = """
name: knife
issues:
  price: {range: [0, 100], step: 5}
parties:
  seller:
    reservation: 0.3
    interests:
      price: {weight: 1, prefers: high}
  buyer:
    reservation: {low: 0.1, high: 0.3}
    interests:
      price: {weight: 1, prefers: low}
proposals:
  ask: {by: seller, terms: {price: 95}}
"""

# Two uncertain weights: a drawn game is consistent only if both issues' tables come from the
# same draw of each weight (normalised weights then sum to 1, so the best package is worth 1).
WEIGHTS = """
name: weights
issues:
  a: {options: [lo, hi], ordered: true}
  b: {options: [lo, hi], ordered: true}
parties:
  p:
    reservation: 0.5
    interests:
      a: {weight: {low: 0.1, high: 0.9}, prefers: high}
      b: {weight: {low: 0.1, high: 0.9}, prefers: high}
  q:
    reservation: 0.2
    interests:
      a: {weight: 1, prefers: low}
proposals:
  start: {terms: {a: lo, b: lo}}
"""


def _code(game, price: float) -> int:
    return game.encode({"price": price})


def test_robustness_matches_the_walk_away_distribution() -> None:
    s = load(KNIFE)
    game = s.compile()
    buyer, seller = game.party_index("buyer"), game.party_index("seller")
    codes = [_code(game, p) for p in (80.0, 75.0, 70.0)]
    found = robustness(s, game, codes, [seller, buyer], draws=2000, seed=3)
    shares = [found[c].share for c in codes]
    # binomial standard error at 2000 draws is at most 0.011
    assert shares[0] == pytest.approx(0.5, abs=0.04)
    assert shares[1] == pytest.approx(0.75, abs=0.04)
    assert shares[2] == 1.0
    assert dict(found[codes[0]].by_party) == {"seller": 1.0, "buyer": shares[0]}


def test_counter_reports_margins_and_robustness() -> None:
    report = counter_proposals(load(KNIFE), "ask", draws=400, seed=1, rank="changes")
    first = report.packages[0]
    assert dict(first.terms) == {"price": 80.0}
    assert first.margins == {"seller": pytest.approx(0.5), "buyer": pytest.approx(0.0)}
    assert first.robustness is not None and 0.4 < first.robustness.share < 0.6
    data = first.to_dict()
    assert data["margins"]["buyer"] == pytest.approx(0.0)
    assert data["robustness"]["draws"] == 400
    assert data["parties"]["seller"]["margin"] == pytest.approx(0.5)
    assert "Margin over walk-away: seller +0.500, buyer +0.000" in first.explanation
    assert "both sign in" in first.explanation


def test_a_margin_moves_the_counter_and_raises_robustness() -> None:
    """With a margin of 0.1 the buyer needs 1 − p/100 ≥ 0.3: price 70, accepted in every draw."""
    report = counter_proposals(load(KNIFE), "ask", margin=0.1, draws=200, rank="changes")
    first = report.packages[0]
    assert dict(first.terms) == {"price": 70.0}
    for pkg in report.packages:
        assert min(pkg.margins.values()) >= 0.1 - 1e-9
    assert first.robustness is not None and first.robustness.share == 1.0
    assert "with a margin of at least 0.1" in report.summary


@pytest.mark.parametrize("method", ["enumerate", "milp"])
def test_an_impossible_margin_is_a_conflict_not_a_crash(method: str) -> None:
    """A margin of 0.8 puts the seller's bar at 1.1, above any utility."""
    report = counter_proposals(load(KNIFE), "ask", margin=0.8, method=method, draws=0)
    assert report.packages == ()
    texts = " ".join(c.explanation for c in report.conflicts)
    assert "seller's walk-away value (0.30) plus the margin 0.8" in texts


def test_negative_margin_and_draws_are_refused() -> None:
    from zopa.errors import InputError

    with pytest.raises(InputError, match="margin: expected a number at least 0") as e:
        counter_proposals(load(KNIFE), "ask", margin=-0.1)
    assert e.value.problems[0].path == "margin"
    with pytest.raises(InputError, match="draws: expected a whole number from 0") as e:
        counter_proposals(load(KNIFE), "ask", draws=-1)
    assert e.value.problems[0].path == "draws"


def test_draws_are_seeded_and_prefix_stable() -> None:
    s = load(KNIFE)
    short = [g.reservations.tolist() for g in drawn_games(s, 5, seed=9)]
    long = [g.reservations.tolist() for g in drawn_games(s, 12, seed=9)]
    assert short == long[:5]
    assert short != [g.reservations.tolist() for g in drawn_games(s, 5, seed=10)]
    a = json.dumps(counter_proposals(s, "ask", seed=4).to_dict(), sort_keys=True)
    b = json.dumps(counter_proposals(s, "ask", seed=4).to_dict(), sort_keys=True)
    assert a == b


def test_each_uncertain_number_is_drawn_once_per_game() -> None:
    s = load(WEIGHTS)
    for game in drawn_games(s, 30, seed=0):
        p = game.party_index("p")
        best = sum(float(t[p].max()) for t in game.tables)
        assert best == pytest.approx(1.0, abs=1e-12)
    weights = {round(float(g.tables[0][0].max()), 12) for g in drawn_games(s, 30, seed=0)}
    assert len(weights) > 20  # the weights really vary between draws
    assert np.isfinite(list(weights)).all()


def test_default_ranking_leads_with_the_package_that_holds() -> None:
    """The buyer accepts p when its walk-away r ~ U(0.1, 0.3) is at most 1 - p/100, so every
    price up to 70 holds in all draws and 80 (the fewest-changes answer) in about half. Among
    prices that always hold, all change one issue; the most balanced margins (seller
    p/100 - 0.3, buyer 0.8 - p/100 at the point estimate) are at 55."""
    report = counter_proposals(load(KNIFE), "ask", draws=300, seed=2)
    assert report.rank == "robust"
    first = report.packages[0]
    assert dict(first.terms) == {"price": 55.0}
    assert first.robustness is not None and first.robustness.share == 1.0
    assert not first.knife_edge and "Knife-edge" not in first.explanation
    shares = [p.robustness.share for p in report.packages if p.robustness is not None]
    assert shares == sorted(shares, reverse=True)
    old = counter_proposals(load(KNIFE), "ask", draws=300, seed=2, rank="changes")
    assert dict(old.packages[0].terms) == {"price": 80.0} and old.packages[0].knife_edge


def test_the_same_draws_are_compiled_once_and_other_draws_anew() -> None:
    from zopa.model import load_scenario

    scenario = load_scenario("minerals-2025")
    first = drawn_games(scenario, 5, 3)
    told: list[tuple[int, int]] = []
    again = drawn_games(scenario, 5, 3, lambda done, total: told.append((done, total)))
    assert all(a is b for a, b in zip(first, again, strict=True)) and told == [(5, 5)]
    other = drawn_games(scenario, 5, 4)
    assert not any(a is b for a, b in zip(first, other, strict=True))
    differ = [
        not np.array_equal(np.concatenate(a.tables, axis=1), np.concatenate(b.tables, axis=1))
        for a, b in zip(first, other, strict=True)
    ]
    assert any(differ)
    fresh = drawn_games(scenario.model_copy(), 5, 3)
    assert not any(a is b for a, b in zip(first, fresh, strict=True))
    for a, b in zip(first, fresh, strict=True):
        assert all(np.array_equal(x, y) for x, y in zip(a.tables, b.tables, strict=True))
