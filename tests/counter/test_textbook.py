"""The bundled textbook scenarios, whose answers are known in closed form (cited in the files)."""

from __future__ import annotations

import pytest

from zopa.counter import counter_proposals, local_frontier, what_it_takes
from zopa.model import bundled_scenarios, load_scenario


def _load(name: str):
    if name not in bundled_scenarios():
        pytest.skip(f"{name} is not bundled")
    return load_scenario(name)


def test_price_split_closest_counter_is_the_buyers_walk_away_price() -> None:
    """The buyer rejects the ask of 95 (u = 0.05 < 0.2); it accepts any price up to 80, so the
    smallest change moves the price to 80, at distance 15/100. Both accept 30..80 (seller's
    walk-away 0.3). One issue means one route; the list is filled by the spread rule: the
    farthest price from 80 is 30 (D = 0.5), so the next is the highest price at least 25 from
    80, i.e. 55; then D = 0.25 (30 is 25 from 55), and the highest price at least 12.5 from both
    80 and 55 is 42 (67 and 68 are only 12 from one of them)."""
    report = counter_proposals(_load("price-split"), "opening-ask", rank="changes")
    assert report.rejecting == ("buyer",)
    assert [dict(p.terms)["price"] for p in report.packages] == [80.0, 55.0, 42.0]
    assert report.n_routes == 1
    pkg = report.packages[0]
    assert pkg.distance == pytest.approx(0.15)
    assert pkg.effect("seller").delta == pytest.approx(-0.15)
    assert pkg.margins == {"buyer": pytest.approx(0.0), "seller": pytest.approx(0.5)}


def test_price_split_nash_counter_is_55() -> None:
    """Nash (1950): u_s = p/100, u_b = 1 − p/100, d = (0.3, 0.2) → p = 55. The spread rule then
    wants 12.5 from 55 (the farthest, 30 or 80, is 25 away): 42 and 68 tie on the Nash product
    (0.12 · 0.12); 68 is closer to the ask of 95. Then 42 (25 from 30 is the new maximum)."""
    report = counter_proposals(_load("price-split"), "opening-ask", rank="nash")
    assert [dict(p.terms)["price"] for p in report.packages] == [55.0, 68.0, 42.0]
    assert report.packages[0].nash == pytest.approx(0.25 * 0.25)


def test_price_split_what_it_takes_for_the_buyer() -> None:
    result = what_it_takes(_load("price-split"), "opening-ask", "buyer")
    [only] = result.sets
    assert only.issues == ("price",)
    assert dict(only.allowed)["price"] == tuple(float(p) for p in range(81))


def test_price_split_every_price_is_on_the_frontier() -> None:
    """With linear, opposed utilities every one of the 101 prices is Pareto-optimal."""
    result = local_frontier(_load("price-split"), "opening-ask", "seller", "buyer")
    assert len(result.points) == 101
    assert all(p.u_a + p.u_b == pytest.approx(1.0) for p in result.points)


def test_logrolling_nash_counter_is_the_logroll() -> None:
    """Pruitt (1981), Raiffa (1982): trading the issues gives both 0.8, the Nash solution;
    both partners already accept the even split, and the logroll improves on it for both."""
    report = counter_proposals(_load("logrolling"), "split-both", rank="nash")
    assert report.rejecting == ()
    assert "already accept" in report.summary
    pkg = report.packages[0]
    assert dict(pkg.terms) == {"first": "a_all", "second": "b_all"}
    assert pkg.effect("a").after == pytest.approx(0.8)
    assert pkg.effect("b").after == pytest.approx(0.8)


def test_price_split_wording_is_singular_where_it_should_be() -> None:
    s = _load("price-split")
    takes = what_it_takes(s, "opening-ask", "buyer", draws=0)
    assert "after one set of changes: price to 0–80" in takes.summary
    assert "1 minimal sets" not in takes.summary
    one = counter_proposals(s, "opening-ask", top=1, draws=0)
    assert one.summary.startswith("1 package that Seller and Buyer would both accept.")
    three = counter_proposals(s, "opening-ask", draws=0)
    assert three.summary.startswith(
        "3 different packages that Seller and Buyer would both accept (1 changing different "
        "issues, 2 with different values)."
    )
    seller = counter_proposals(s, "opening-ask", for_party="seller", draws=0)
    assert seller.summary == "Seller already accepts opening-ask."
