"""Deal-level rules (``constraints:``): every package must satisfy them, whoever signs."""

from __future__ import annotations

import pytest

from zopa.counter import counter_proposals, what_it_takes
from zopa.diagnose import diagnose_proposal
from zopa.errors import InputError
from zopa.frontier import frontier
from zopa.frontier.solutions import solve
from zopa.model import load_scenario, scenario_from_text
from zopa.model.io import scenario_to_data

PRICE = """\
name: capped
issues:
  price: {range: [0, 100], step: 1}
  warranty: {options: [none, one_year], ordered: true}
parties:
  seller:
    reservation: 0.3
    interests:
      price: {weight: 1, prefers: high}
  buyer:
    reservation: 0.2
    interests:
      price: {weight: 1, prefers: low}
constraints:
  - {rule: "price <= 50", label: price cap}
  - "if warranty == one_year then price >= 40"
proposals:
  ask: {by: seller, terms: {price: 95, warranty: none}}
  split: {by: buyer, terms: {price: 55, warranty: none}}
"""


def _capped():
    return scenario_from_text(PRICE)


def test_the_cap_removes_the_unconstrained_nash_point() -> None:
    """u_s = p/100, u_b = 1 - p/100, d = (0.3, 0.2): the Nash product (p/100 - 0.3)(0.8 - p/100)
    peaks at p = 55 (Nash 1950) and rises on [30, 55], so under the cap p <= 50 it is at 50."""
    free = load_scenario("price-split")
    assert solve(free.compile(), "nash").terms["price"] == 55.0  # type: ignore[union-attr]
    deal = solve(_capped().compile(), "nash")
    assert deal is not None and deal.terms["price"] == 50.0


def test_every_frontier_point_keeps_the_rules() -> None:
    game = _capped().compile()
    front = frontier(game)
    prices = sorted({float(game.decode(int(c))["price"]) for c in front.in_zopa().codes})
    assert prices[0] == 30.0 and prices[-1] == 50.0
    for c in front.codes:
        t = game.decode(int(c))
        assert float(t["price"]) <= 50.0
        assert t["warranty"] == "none" or float(t["price"]) >= 40.0


def test_diagnose_names_the_broken_rule_for_every_party() -> None:
    d = diagnose_proposal(_capped(), "split")
    for p in d.parties:
        assert not p.accepts
        assert [h.label for h in p.red_lines_crossed] == ["deal-level rule: price cap"]


@pytest.mark.parametrize("method", ["enumerate", "milp"])
def test_counters_in_both_engines_keep_the_rules(method: str) -> None:
    report = counter_proposals(_capped(), "ask", rank="nash", method=method, draws=0)
    assert report.packages
    assert dict(report.packages[0].terms)["price"] == 50.0
    for pkg in report.packages:
        assert float(dict(pkg.terms)["price"]) <= 50.0


def test_what_it_takes_keeps_the_rules() -> None:
    result = what_it_takes(_capped(), "ask", "buyer")
    allowed = [p for s in result.sets for p in dict(s.allowed).get("price", ())]
    assert allowed and max(float(p) for p in allowed) <= 50.0


def test_rules_round_trip() -> None:
    data = scenario_to_data(_capped())
    assert data["constraints"][0] == {"rule": "price <= 50", "label": "price cap"}


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("prise <= 50", "unknown issue 'prise'"),
        ("price <=", "expected a value"),
        ("warranty == two_years", "'two_years' is not an option of 'warranty'"),
    ],
)
def test_bad_rules_are_located(rule: str, fragment: str) -> None:
    text = PRICE.replace('"if warranty == one_year then price >= 40"', f'"{rule}"')
    with pytest.raises(InputError) as err:
        scenario_from_text(text, "capped.yaml")
    msg = str(err.value)
    assert "constraints[1]" in msg and fragment in msg and "capped.yaml" in msg
