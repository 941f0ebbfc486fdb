"""Provisions over time: schedules of terms, weighed by each party's time preference."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.diagnose import diagnose
from zopa.errors import InputError
from zopa.model import scenario_from_text
from zopa.model.provisions import share
from zopa.outlook import draws as dr

CAP = """
name: sunset
issues:
  cap: {range: [0, 100], step: 10, schedule: [[0, agreed], [15, 100]]}
  relief:
    options: [none, phased, full]
    schedule: {phased: [[0, none], [2, full]]}
parties:
  west:
    time_preference: {discount: 0.9}
    interests:
      cap: {weight: 1, prefers: low}
  east:
    time_preference: {discount: 0.8}
    interests:
      relief: {weight: 1, values: {none: 0, phased: 0.3, full: 1}}
"""


def test_shares_by_hand() -> None:
    # Discounted: the first 15 years of an endless future weigh 1 - 0.9^15; what follows, 0.9^15.
    assert float(share(0, 15, 0.9, None)) == pytest.approx(1 - 0.9**15)
    assert float(share(15, math.inf, 0.9, None)) == pytest.approx(0.9**15)
    # Undiscounted over a 30-year horizon: 15 years are half of it; beyond the horizon, nothing.
    assert float(share(0, 15, 1.0, 30)) == pytest.approx(0.5)
    assert float(share(40, 50, 1.0, 30)) == 0.0
    # Discounted within a horizon: renormalised to the horizon.
    assert float(share(0, 15, 0.9, 30)) == pytest.approx((1 - 0.9**15) / (1 - 0.9**30))


def test_a_sunset_and_a_phased_option_valued_by_hand() -> None:
    s = scenario_from_text(CAP)
    terms = {"cap": 20.0, "relief": "phased"}
    d = {p.party: p for p in diagnose(s, terms).parties}
    # West wants a low cap: 0.8 while the cap of 20 holds (15 years), then 0 once it lapses to 100.
    assert d["west"].utility == pytest.approx((1 - 0.9**15) * 0.8)
    # East values phased relief as no relief for two years, then full relief: 0.8^2 (its own
    # value of the label "phased" is never used: the schedule says what is in force).
    assert d["east"].utility == pytest.approx(0.8**2)
    # The compiled game computes the same values.
    g = s.compile()
    u = g.utilities_of([g.encode(terms)])[:, 0]
    assert u[g.party_index("west")] == pytest.approx(d["west"].utility)
    assert u[g.party_index("east")] == pytest.approx(d["east"].utility)
    # Options without a schedule hold from signature on.
    full = {p.party: p for p in diagnose(s, {"cap": 20.0, "relief": "full"}).parties}
    assert full["east"].utility == pytest.approx(1.0)


def test_the_outlook_draws_match_the_compiled_game_with_an_uncertain_discount() -> None:
    s = scenario_from_text(
        CAP.replace("discount: 0.9", "discount: {low: 0.8, mode: 0.9, high: 0.95}")
    )
    js = dr.judgements(s)
    assert any(j.kind == "discount" for j in js)
    z = dr.sample(js, np.random.default_rng(3), 5)
    g = s.compile()
    tabs = dr.tables(s, g.party_ids, dr.coords(s, g.values), dr.Drawn(js, z))
    west = g.party_index("west")
    for d in range(5):
        delta = z[[j.kind for j in js].index("discount"), d]
        cap = np.asarray(g.values[g.issue_ids.index("cap")], dtype=float)
        expected = (1 - delta**15) * (1 - cap / 100)
        assert tabs[0][d, west] == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(
    starts=st.lists(st.floats(0.01, 50), min_size=0, max_size=4, unique=True),
    discount=st.floats(0.05, 1.0),
    horizon=st.one_of(st.none(), st.floats(0.5, 80)),
)
def test_shares_of_a_schedule_sum_to_one(
    starts: list[float], discount: float, horizon: float | None
) -> None:
    if horizon is None and discount >= 1.0:
        horizon = 10.0
    times = [0.0, *sorted(starts), math.inf]
    total = sum(float(share(a, b, discount, horizon)) for a, b in itertools.pairwise(times))
    assert total == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("change", "where", "what"),
    [
        ("[[0, agreed], [15, 100]]", "[[1, agreed], [15, 100]]", "first phase must start at 0"),
        ("[[0, agreed], [15, 100]]", "[[0, agreed], [15, 100], [10, 0]]", "increasing times"),
        ("[[0, agreed], [15, 100]]", "[[0, agreed], [15, 120]]", "outside the range"),
        ("[[0, agreed], [15, 100]]", "[[0, agreed], [15, lapsed]]", "nor a number"),
        ("{phased: [[0, none], [2, full]]}", "{phased: [[0, none], [2, total]]}", "nor an option"),
        ("{phased: [[0, none], [2, full]]}", "{gradual: [[0, none]]}", "not an option"),
        (
            "time_preference: {discount: 0.9}",
            "time_preference: {discount: 1}",
            "'horizon' is needed",
        ),
        ("time_preference: {discount: 0.9}", "time_preference: {discount: 1.2}", "(0, 1]"),
        ("    time_preference: {discount: 0.9}\n", "", "give the party a 'time_preference'"),
    ],
)
def test_schedule_mistakes_are_located(change: str, where: str, what: str) -> None:
    text = CAP.replace(change, where, 1)
    assert text != CAP
    with pytest.raises(InputError) as err:
        scenario_from_text(text)
    assert what in str(err.value)


def test_a_schedule_round_trips_through_the_canonical_yaml(cli, tmp_path) -> None:
    path = tmp_path / "sunset.yaml"
    path.write_text(CAP)
    shown = cli("show", str(path), "--yaml")
    assert shown.code == 0, shown.err
    assert scenario_from_text(shown.out) == scenario_from_text(CAP)
    bad = tmp_path / "bad.yaml"
    bad.write_text(CAP.replace("[15, 100]", "[15, 120]"))
    checked = cli("check", str(bad))
    assert checked.code == 2
    assert "bad.yaml:4: issues.cap: schedule: phase term 120" in checked.err


@pytest.mark.parametrize(
    ("where", "path", "what"),
    [
        ("[[0, agreed], [15]]", "issues.cap.schedule[1]", "too few items"),
        ("[[0, agreed], [.nan, 100]]", "issues.cap.schedule[1][0]", "finite number"),
    ],
)
def test_a_malformed_phase_is_one_precise_problem(where: str, path: str, what: str) -> None:
    # A schedule may be a list or a mapping; a malformed list is reported as such, without
    # also saying that it is not a mapping.
    with pytest.raises(InputError) as err:
        scenario_from_text(CAP.replace("[[0, agreed], [15, 100]]", where, 1))
    problems = err.value.problems
    assert len(problems) == 1
    assert problems[0].path == path and what in problems[0].message
