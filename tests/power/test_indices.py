"""Voting-power indices against published and hand-computed values, and brute force."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.errors import InputError
from zopa.power import body_from_data, power

UNSC = {
    "name": "UN Security Council",
    "members": {"permanent": {"weight": 7, "count": 5}, "elected": {"weight": 1, "count": 10}},
    "quota": 39,
}


@pytest.mark.parametrize("method", ["enumeration", "dp"])
def test_security_council_shapley_shubik(method: str) -> None:
    # Published: about 0.1963 per permanent member and 0.00186 per elected member (the
    # 15-member council; Shapley & Shubik 1954 give the method and the 11-member values,
    # Felsenthal & Machover 1998 the 15-member figures). By hand: an elected member is pivotal
    # when it arrives ninth after all five permanent members and three of the other nine
    # elected ones: C(9,3) * 8! * 6! / 15! = 4/2145; the rest is split among the five.
    r = power(body_from_data(UNSC), method)
    elected = Fraction(math.comb(9, 3) * math.factorial(8) * math.factorial(6), math.factorial(15))
    assert elected == Fraction(4, 2145)
    assert r.shapley_shubik[5:] == pytest.approx([float(elected)] * 10, abs=1e-15)
    assert r.shapley_shubik[:5] == pytest.approx([float((1 - 10 * elected) / 5)] * 5, abs=1e-15)
    assert round(r.shapley_shubik[0], 4) == 0.1963
    assert round(r.shapley_shubik[5], 5) == 0.00186


@pytest.mark.parametrize("method", ["enumeration", "dp"])
def test_security_council_banzhaf(method: str) -> None:
    # By hand: a permanent member swings when the other four permanent members and at least
    # four of the ten elected ones vote yes: sum_{k>=4} C(10,k) = 848 coalitions; an elected
    # member swings with all five permanent members and exactly three of the other nine:
    # C(9,3) = 84. Normalised: 848/5080 ≈ 0.1669 and 84/5080 ≈ 0.0165 (Felsenthal & Machover
    # 1998 report 0.167 and 0.017 to three places).
    r = power(body_from_data(UNSC), method)
    permanent = sum(math.comb(10, k) for k in range(4, 11))
    assert r.swings == (permanent,) * 5 + (math.comb(9, 3),) * 10
    assert r.banzhaf_absolute[0] == permanent / 2**14
    assert r.banzhaf[0] == pytest.approx(848 / 5080) and r.banzhaf[5] == pytest.approx(84 / 5080)


def test_weight_is_not_power() -> None:
    # [51; 49, 48, 3]: any two members win, so all three have power 1/3 (a standard
    # illustration, e.g. Felsenthal & Machover 1998, ch. 1).
    r = power(body_from_data({"members": {"a": 49, "b": 48, "c": 3}, "quota": 51}))
    assert r.shapley_shubik == pytest.approx((1 / 3,) * 3)
    assert r.banzhaf == pytest.approx((1 / 3,) * 3)


def test_six_four_three_two_one() -> None:
    # [6; 4, 3, 2, 1]. By hand (24 orders): a is pivotal in 10, b and c in 6 each, d in 2:
    # φ = (5/12, 1/4, 1/4, 1/12). Swings: a 5 ({b}, {c}, {b,c}, {b,d}, {c,d}), b 3 ({a},
    # {a,d}, {c,d}), c 3, d 1 ({b,c}): normalised Banzhaf (5, 3, 3, 1)/12.
    body = body_from_data({"members": {"a": 4, "b": 3, "c": 2, "d": 1}, "quota": 6})
    for method in ("enumeration", "dp"):
        r = power(body, method)  # type: ignore[arg-type]
        assert r.shapley_shubik == pytest.approx((5 / 12, 1 / 4, 1 / 4, 1 / 12))
        assert r.swings == (5, 3, 3, 1)


def test_three_two_one_one() -> None:
    # [3; 2, 1, 1]: the textbook φ = (2/3, 1/6, 1/6) and normalised Banzhaf (3/5, 1/5, 1/5).
    r = power(body_from_data({"members": {"a": 2, "b": 1, "c": 1}, "quota": 3}))
    assert r.shapley_shubik == pytest.approx((2 / 3, 1 / 6, 1 / 6))
    assert r.banzhaf == pytest.approx((3 / 5, 1 / 5, 1 / 5))


def _brute(weights: list[list[int]], clauses: list[list[tuple[int, float]]], veto: list[int]):
    """Independent oracle: every order (Shapley–Shubik) and every coalition (Banzhaf)."""
    n = len(weights[0]) if weights else 0

    def wins(members: set[int]) -> bool:
        if not all(v in members for v in veto):
            return False
        for clause in clauses:
            ok = True
            for vec, q in clause:
                have = len(members) if vec < 0 else sum(weights[vec][m] for m in members)
                ok &= have >= q - 1e-9
            if ok:
                return True
        return False

    ss = [0] * n
    for order in itertools.permutations(range(n)):
        seen: set[int] = set()
        for m in order:
            seen.add(m)
            if wins(seen):
                ss[m] += 1
                break
    swings = [0] * n
    for k in range(n):
        for coalition in itertools.combinations(range(n), k):
            s = set(coalition)
            for i in range(n):
                if i not in s and not wins(s) and wins(s | {i}):
                    swings[i] += 1
    fact = math.factorial(n)
    return [x / fact for x in ss], swings


@st.composite
def games(draw: st.DrawFn):
    n = draw(st.integers(1, 6))
    vectors = draw(st.integers(1, 2))
    weights = [[draw(st.integers(0, 9)) for _ in range(n)] for _ in range(vectors)]
    clauses = []
    for _ in range(draw(st.integers(1, 2))):
        clause = []
        for v in range(vectors):
            total = sum(weights[v])
            if total and draw(st.booleans()):
                clause.append((v, draw(st.integers(1, total))))
        if draw(st.booleans()) or not clause:
            clause.append((-1, draw(st.integers(1, n))))
        clauses.append(clause)
    veto = draw(st.lists(st.integers(0, n - 1), unique=True, max_size=2))
    return n, weights, clauses, veto


def _data(n, weights, clauses, veto):
    names = [f"m{i}" for i in range(n)]
    members = {
        m: {f"v{v}": weights[v][i] for v in range(len(weights))} for i, m in enumerate(names)
    }
    rule = [{("members" if v < 0 else f"v{v}"): q for v, q in c} for c in clauses]
    return {"members": members, "rule": rule, "veto": [names[i] for i in veto]}


@settings(max_examples=60, deadline=None)
@given(games())
def test_exact_methods_agree_with_brute_force(game) -> None:
    n, weights, clauses, veto = game
    body = body_from_data(_data(n, weights, clauses, veto))
    grand = body.wins(np.array(n), body.weight_matrix().sum(axis=0))
    if not grand:
        with pytest.raises(InputError, match="not even the coalition of all members"):
            power(body)
        return
    ss, swings = _brute(weights, clauses, veto)
    for method in ("enumeration", "dp"):
        r = power(body, method)  # type: ignore[arg-type]
        assert r.swings == tuple(swings)
        assert r.shapley_shubik == pytest.approx(ss, abs=1e-12)
        assert sum(r.shapley_shubik) == pytest.approx(1.0)  # efficiency


def test_double_majority_with_a_head_count_clause() -> None:
    # A small body under an EU-style rule: 55% of members holding 65% of the population, or
    # all but one member. Checked against brute force over every order and coalition.
    pops = [50, 30, 10, 6, 4]
    data = {
        "members": {f"s{i}": {"population": p} for i, p in enumerate(pops)},
        "rule": [{"members": "55%", "population": "65%"}, {"members": 4}],
    }
    ss, swings = _brute([pops], [[(-1, 2.75), (0, 65.0)], [(-1, 4)]], [])
    for method in ("enumeration", "dp"):
        r = power(body_from_data(data), method)  # type: ignore[arg-type]
        assert r.swings == tuple(swings)
        assert r.shapley_shubik == pytest.approx(ss)


def test_sampling_is_seeded_and_within_its_stated_error() -> None:
    body = body_from_data(UNSC)
    exact = power(body, "dp")
    a = power(body, "sample", samples=40_000, seed=3)
    b = power(body, "sample", samples=40_000, seed=3)
    assert a == b and a.samples == 40_000 and a.seed == 3
    assert a.shapley_shubik_se is not None and a.banzhaf_absolute_se is not None
    for i in (0, 5):
        assert abs(a.shapley_shubik[i] - exact.shapley_shubik[i]) <= 5 * a.shapley_shubik_se[i]
        assert (
            abs(a.banzhaf_absolute[i] - exact.banzhaf_absolute[i]) <= 5 * a.banzhaf_absolute_se[i]
        )
    assert power(body, "sample", samples=40_000, seed=4) != a


def test_auto_samples_large_bodies_with_fractional_weights() -> None:
    members = {f"m{i}": 1.5 + (i % 3) for i in range(30)}
    r = power(body_from_data({"members": members, "quota": "50%"}), samples=2000)
    assert r.method == "sample" and r.swings is None


@pytest.mark.parametrize(
    ("data", "where", "what"),
    [
        ({"members": {"a": 1}}, "", "exactly one of 'quota'"),
        ({"members": {"a": -1}, "quota": 1}, "members.a.weight", "finite weight >= 0"),
        ({"members": {"a": 1}, "quota": 3}, "quota", "exceeds the total"),
        ({"members": {"a": 1}, "quota": "150%"}, "quota", "percentage"),
        ({"members": {"a": 1}, "rule": [{"pop": 1}]}, "rule[0].pop", "no member has a weight"),
        ({"members": {"a": 1}, "quota": 1, "veto": ["b"]}, "veto[0]", "unknown member"),
        ({"members": {"a": {"weight": 1, "count": 0}}, "quota": 1}, "members.a.count", "whole"),
        ({"members": [], "quota": 1}, "members", "mapping"),
        ({"members": {"a": 1}, "quota": 1, "size": 3}, "size", "unknown key"),
    ],
)
def test_bad_bodies_are_located(data, where: str, what: str) -> None:
    with pytest.raises(InputError) as err:
        body_from_data(data)
    assert any(p.path == where and what in p.message for p in err.value.problems), err.value


def test_method_limits_are_errors() -> None:
    big = body_from_data({"members": {f"m{i}": 1.5 for i in range(25)}, "quota": 10})
    with pytest.raises(InputError, match="limited to 20 members"):
        power(big, "enumeration")
    with pytest.raises(InputError, match="not whole numbers"):
        power(big, "dp")
    with pytest.raises(InputError, match="samples"):
        power(big, "sample", samples=0)
