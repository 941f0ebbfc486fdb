"""Known answers: the probability of a deal in a one-issue price split, computed independently."""

from __future__ import annotations

import math

import numpy as np

from zopa.frontier.solutions import solve
from zopa.model import load_scenario, scenario_from_text
from zopa.outlook import outlook

UNIFORM = """\
name: uncertain-price
issues:
  price: {range: [0, 100], step: 1}
parties:
  seller:
    reservation: {low: 0.3, high: 0.9}
    interests: {price: {weight: 1, prefers: high}}
  buyer:
    reservation: {low: 0.1, high: 0.5}
    interests: {price: {weight: 1, prefers: low}}
"""


def p_deal_uniform() -> float:
    """Seller accepts p >= X = 100 r_s, X ~ U(30, 90); buyer accepts p <= Y = 100 (1 - r_b),
    Y ~ U(50, 90). A deal exists iff some integer price lies in [X, Y], i.e. ceil(X) <= Y
    (X is continuous, so ceil(X) = m with probability P(m - 1 < X <= m)), hence
    P = sum over m of P(ceil X = m) * P(Y >= m)."""

    def p_x(m: int) -> float:  # P(m - 1 < X <= m) for X ~ U(30, 90)
        lo, hi = max(m - 1, 30), min(m, 90)
        return max(hi - lo, 0) / 60

    def p_y_at_least(m: int) -> float:  # P(Y >= m) for Y ~ U(50, 90)
        return min(max((90 - m) / 40, 0.0), 1.0)

    return sum(p_x(m) * p_y_at_least(m) for m in range(30, 91))


def test_probability_of_a_deal_matches_the_closed_form() -> None:
    """The sum above is 0.6583...: a little under the continuous limit P(X <= Y) =
    1 - (1/40) * integral_0^40 t/60 dt = 2/3, the integer grid losing the draws with
    X <= Y < ceil(X). The Monte Carlo estimate lies within four binomial standard errors."""
    exact = p_deal_uniform()
    assert 2 / 3 - 0.02 < exact < 2 / 3
    n = 20_000
    o = outlook(scenario_from_text(UNIFORM), draws=n, seed=3, red_lines=False)
    assert o.method == "exact"
    se = math.sqrt(exact * (1 - exact) / n)
    assert abs(o.p_deal - exact) <= 4 * se


def test_nash_settlement_median_matches_the_split_of_the_surplus() -> None:
    """With r_s, r_b drawn and a deal, Nash (1950) sets p/100 = (1 + r_s - r_b) / 2 (rounded to
    the grid, ties to the lower code): the reported median is the median of that over the
    draws with a deal, recomputed here from the same draws."""
    o = outlook(scenario_from_text(UNIFORM), draws=4000, seed=5, red_lines=False)
    from zopa.outlook import engine as en

    st = en.setup(scenario_from_text(UNIFORM), seed=5)
    run = en.run_chunk(st, 5, 0, 1000, ("nash",))
    rs, rb = run.z[0], run.z[2]
    ok = run.deal
    p = np.array([st.codes[c] for c in run.choice["nash"][ok]], dtype=float)
    target = 100 * (1 + rs[ok] - rb[ok]) / 2
    assert np.all(np.abs(p - target) <= 1.0 + 1e-9)
    spread = o.settlement.issues[0]
    assert spread.median is not None and 50 <= spread.median <= 70


def test_fixed_price_split_is_the_textbook_answer() -> None:
    """No uncertainty: a deal in every draw, settled at 55 by Nash (the scenario's own known
    answer), as the point analysis says."""
    s = load_scenario("price-split")
    o = outlook(s, draws=50)
    assert o.p_deal == 1.0
    assert o.settlement.packages[0].terms == {"price": 55.0}
    assert o.settlement.packages[0].share == 1.0
    deal = solve(s.compile(), "nash")
    assert deal is not None and deal.code == o.settlement.packages[0].code
