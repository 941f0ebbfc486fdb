"""The challenge model's vectorised kernel against a plain scalar transcription of the formulas.

Known answers: the formulas of Scholz, Calbert & Smith (2011) §4 (win probability, expected
utility with Q and T, BDM-1985 risk exponents), recomputed here with explicit loops over actors.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.errors import InputError
from zopa.forecast import Actors, get_model, point_actors
from zopa.forecast.models.challenge import challenge_options
from zopa.forecast.models.challenge_kernel import (
    ChallengeOptions,
    accept,
    expected_utilities,
    geometry,
    offers,
    risk_exponents,
    win_probabilities,
)


def _p_scalar(x: list[float], w: list[float], i: int, j: int) -> float:
    num = den = 0.0
    for k in range(len(x)):
        delta = abs(x[k] - x[j]) - abs(x[k] - x[i])
        num += w[k] * max(0.0, delta)
        den += w[k] * abs(delta)
    return num / den if den > 0 else 0.5


def _median_scalar(x: list[float], w: list[float]) -> float:
    f = [sum(wk * abs(xk - y) for xk, wk in zip(x, w, strict=True)) for y in x]
    best = min(f)
    return min(y for y, fy in zip(x, f, strict=True) if fy <= best + 1e-12 * max(best, 1))


def _eu_scalar(
    x: list[float],
    s: list[float],
    w: list[float],
    r: list[float],
    q: float,
    span: float,
    responder: bool,
) -> np.ndarray:
    n = len(x)
    mu = _median_scalar(x, w)
    eu = np.zeros((n, n))
    for i in range(n):

        def u(base: float, i: int = i) -> float:
            return 2 - 4 * max(base, 0.0) ** r[i]

        for j in range(n):
            if i == j:
                continue
            d = abs(x[i] - x[j]) / span
            p = _p_scalar(x, w, i, j)
            sig = s[j] if responder else s[i]
            val = sig * (p * u(0.5 - 0.5 * d) + (1 - p) * u(0.5 + 0.5 * d)) + (1 - sig) * u(
                0.5 - 0.5 * d
            )
            val -= q * u(0.5)
            dm = abs(x[i] - mu) / span
            t = 1.0 if dm < d else 0.0
            drift = 0.25 * (dm + d)
            val -= (1 - q) * (t * u(0.5 - drift) + (1 - t) * u(0.5 + drift))
            eu[i, j] = val
    return eu


problems = st.integers(3, 7).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 20).map(lambda v: v / 2), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n),
        st.lists(st.floats(0.1, 2.0), min_size=n, max_size=n),
    )
)


@settings(max_examples=60)
@given(problems, st.sampled_from([1.0, 0.5, 0.0]), st.booleans())
def test_expected_utilities_match_scalar_formula(
    prob: tuple[list[float], list[float], list[float]], q: float, responder: bool
) -> None:
    x, s, c = prob
    w = [ci * si for ci, si in zip(c, s, strict=True)]
    xa, sa, wa = (np.array(v)[:, None] for v in (x, s, w))
    span = max(x) - min(x) or 1.0
    geo = geometry(xa, wa)
    assert geo.mu[0] == _median_scalar(x, w)
    p = win_probabilities(geo, wa)
    for i in range(len(x)):
        for j in range(len(x)):
            if i != j:
                assert p[i, j, 0] == pytest.approx(_p_scalar(x, w, i, j), abs=1e-12)
    r = np.linspace(0.5, 2.0, len(x))
    opts = ChallengeOptions(q=q, contest_salience="responder" if responder else "challenger")
    eu = expected_utilities(geo, xa, sa, p, np.array([span]), r[:, None], opts)
    expected = _eu_scalar(x, s, w, list(r), q, span, responder)
    np.testing.assert_allclose(eu[:, :, 0], expected, atol=1e-12)


@given(st.lists(st.floats(-3, 3), min_size=3, max_size=8))
def test_risk_exponents_lie_in_half_to_two(values: list[float]) -> None:
    n = len(values)
    eu = np.add.outer(np.array(values), np.array(values))[:, :, None]
    r = risk_exponents(eu, "challengers")
    assert np.all(r >= 0.5 - 1e-12) and np.all(r <= 2.0 + 1e-12)
    sec = eu[:, :, 0].sum(axis=0)
    if sec.max() > sec.min():
        assert r[int(np.argmax(sec)), 0] == pytest.approx(0.5)
        assert r[int(np.argmin(sec)), 0] == pytest.approx(2.0)
    assert r.shape == (n, 1)


def test_offers_follow_the_octants() -> None:
    x = np.array([[0.0], [10.0], [4.0]])
    eu = np.zeros((3, 3, 1))
    eu[0, 1], eu[1, 0] = 0.8, -0.2  # 0 has the upper hand over 1: 1 moves 1/4 of the way
    eu[0, 2], eu[2, 0] = 0.3, -0.6  # loser stands to lose more: 2 moves all the way to 0
    eu[1, 2], eu[2, 1] = 0.5, 0.4  # conflict
    pos, peu, valid = offers(x, eu, ChallengeOptions())
    assert valid[1, 0, 0] and pos[1, 0, 0] == pytest.approx(7.5) and peu[1, 0, 0] == 0.8
    assert valid[2, 0, 0] and pos[2, 0, 0] == pytest.approx(0.0)
    assert not valid[2, 1, 0] and not valid[1, 2, 0]
    pos, _, valid = offers(x, eu, ChallengeOptions(conflict="compromise"))
    assert valid[2, 1, 0] and pos[2, 1, 0] == pytest.approx(4 + 6 * 0.4 / 0.5)
    pos, _, valid = offers(x, eu, ChallengeOptions(conflict="concede"))
    assert valid[2, 1, 0] and pos[2, 1, 0] == pytest.approx(10.0)


def test_accept_rules() -> None:
    x = np.array([[5.0]])
    pos = np.array([[[6.0, 9.0, 4.5]]]).transpose(0, 2, 1).reshape(1, 3, 1)
    eu = np.array([0.2, 0.9, 0.9]).reshape(1, 3, 1)
    valid = np.ones((1, 3, 1), bool)
    assert accept(x, pos, eu, valid, "highest_eu")[0, 0] == 4.5  # tie on EU: least move
    assert accept(x, pos, eu, valid, "least_move")[0, 0] == 4.5
    valid[0, 2, 0] = False
    assert accept(x, pos, eu, valid, "highest_eu")[0, 0] == 9.0
    assert accept(x, pos, eu, valid, "least_move")[0, 0] == 6.0
    assert accept(x, pos, eu, np.zeros_like(valid), "least_move")[0, 0] == 5.0


actor_sets = st.integers(2, 8).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 100).map(float), min_size=n, max_size=n),
        st.lists(st.floats(0.0, 1.0), min_size=n - 1, max_size=n - 1).map(lambda s: [0.5, *s]),
        st.lists(st.floats(0.01, 5.0), min_size=n, max_size=n),
    )
)


def _actors(data: tuple[list[float], list[float], list[float]]) -> Actors:
    x, s, c = data
    return point_actors([f"a{i}" for i in range(len(x))], ["d"], c, x, s)


@settings(max_examples=40)
@given(actor_sets, st.sampled_from(["standard", "scholz"]))
def test_positions_stay_in_the_hull_and_batch_equals_single(
    data: tuple[list[float], list[float], list[float]], preset: str
) -> None:
    actors = _actors(data)
    fc = get_model("challenge")(actors, preset=preset)
    assert fc.trajectory is not None
    lo, hi = min(data[0]), max(data[0])
    assert np.all(fc.trajectory >= lo - 1e-9) and np.all(fc.trajectory <= hi + 1e-9)
    assert lo - 1e-9 <= fc.outcome[0] <= hi + 1e-9
    sample = actors.at_quantiles(np.zeros((3, 0)))
    batch = get_model("challenge").outcomes(sample, preset=preset)
    np.testing.assert_array_equal(batch[:, 0], np.repeat(fc.outcome[0], 3))


def test_identical_positions_do_not_move() -> None:
    actors = point_actors(["a", "b", "c"], ["d"], [1, 2, 3], [40, 40, 40], [0.5, 0.5, 0.5])
    fc = get_model("challenge")(actors)
    assert fc.outcome[0] == 40 and fc.details["dimensions"]["d"]["converged"]


def test_absent_actors_are_left_out() -> None:
    base = point_actors(["a", "b", "c"], ["d"], [1, 2, 3], [10, 60, 90], [0.5, 0.7, 0.2])
    alone = point_actors(["a", "b"], ["d"], [1, 2], [10, 60], [0.5, 0.7])
    masked = base.replace(present=np.array([[True], [True], [False]]))
    fc = get_model("challenge")(masked)
    assert fc.outcome[0] == get_model("challenge")(alone).outcome[0]
    assert fc.trajectory is not None and np.isnan(fc.trajectory[:, 2, 0]).all()


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"preset": "nope"}, "challenge.preset"),
        ({"accept": "random"}, "challenge.accept"),
        ({"q": 2.0}, "challenge.q"),
        ({"speed": 1}, "challenge.speed"),
        ({"max_rounds": 0}, "challenge.max_rounds"),
    ],
)
def test_bad_options_are_input_errors(options: dict[str, Any], path: str) -> None:
    with pytest.raises(InputError) as err:
        challenge_options(**options)
    assert err.value.problems[0].path == path


def test_fixed_range_divides_distances_by_the_scale_width(emission: Actors) -> None:
    """With range_mode=fixed the first round's distances are divided by the scale width, so on
    a scale equal to the positions' spread (4-10) the first round equals the dynamic one, and on
    a wider scale (0-14) the expected utilities, hence the first-round positions, change; with
    the dynamic range the scale does not enter the first round at all."""
    wide = emission.replace(scale_low=np.array([0.0]), scale_high=np.array([14.0]))
    one = {"stop": "rounds", "max_rounds": 1}
    dynamic = get_model("challenge")(emission, **one).trajectory
    fixed = get_model("challenge")(emission, range_mode="fixed", **one).trajectory
    fixed_wide = get_model("challenge")(wide, range_mode="fixed", **one).trajectory
    dynamic_wide = get_model("challenge")(wide, **one).trajectory
    assert dynamic is not None and fixed is not None and fixed_wide is not None
    assert dynamic_wide is not None
    np.testing.assert_allclose(fixed[1], dynamic[1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(dynamic_wide[1], dynamic[1], rtol=0, atol=1e-12)
    assert np.abs(fixed_wide[1] - fixed[1]).max() > 0.1
    # The same, from the kernel: E with span 14 equals E with span 6 on positions scaled 6/14.
    x = emission.position
    w = emission.capability[:, None] * emission.salience
    geo = geometry(x, w)
    p = win_probabilities(geo, w)
    opts = ChallengeOptions()
    eu14 = expected_utilities(geo, x, emission.salience, p, np.array([14.0]), None, opts)
    xs = x * 6 / 14
    geo_s = geometry(xs, w)
    eu_s = expected_utilities(geo_s, xs, emission.salience, p, np.array([6.0]), None, opts)
    np.testing.assert_allclose(eu14, eu_s, atol=1e-12)


def test_text_reading_stays_on_scale(emission: Actors) -> None:
    text = get_model("challenge")(emission, upper_hand="text", stop="rounds", max_rounds=6)
    assert text.trajectory is not None
    assert np.all(text.trajectory >= 4) and np.all(text.trajectory <= 10)
    figure = get_model("challenge")(emission, stop="rounds", max_rounds=6)
    assert not np.array_equal(text.trajectory, figure.trajectory)
