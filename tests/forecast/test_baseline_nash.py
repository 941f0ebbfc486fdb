"""Compromise, weighted median and Nash bargaining against brute-force recomputations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.errors import InputError
from zopa.forecast import Actors, get_model, point_actors
from zopa.forecast.models.spatial import condorcet_position, weighted_median

one_d = st.integers(1, 9).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 100).map(float), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 5.0), min_size=n, max_size=n),
    )
)


def _actors(data: tuple[list[float], list[float], list[float]]) -> Actors:
    x, s, c = data
    return point_actors([f"a{i}" for i in range(len(x))], ["d"], c, x, s)


@given(one_d)
def test_weighted_median_minimises_weighted_distance(
    data: tuple[list[float], list[float], list[float]],
) -> None:
    x, s, c = (np.array(v) for v in data)
    w = s * c
    med = get_model("median")(_actors(data)).outcome[0]
    cost = lambda y: float(np.sum(w * np.abs(x - y)))  # noqa: E731
    best = min(cost(y) for y in x)
    assert cost(med) <= best * (1 + 1e-9) + 1e-12
    assert med in x
    # The lower median: no smaller actor position is also optimal.
    assert all(cost(y) > best * (1 + 1e-9) + 1e-12 for y in x if y < med)
    assert condorcet_position(x, w) == pytest.approx(med)


def test_median_tie_rules() -> None:
    x, w = np.array([1.0, 5.0]), np.array([1.0, 1.0])
    assert weighted_median(x, w, "lower") == 1.0
    assert weighted_median(x, w, "upper") == 5.0
    assert weighted_median(x, w, "midpoint") == 3.0


@given(one_d)
def test_compromise_is_the_weighted_mean(
    data: tuple[list[float], list[float], list[float]],
) -> None:
    x, s, c = (np.array(v) for v in data)
    assert get_model("compromise")(_actors(data)).outcome[0] == pytest.approx(
        float(np.dot(s * c, x) / np.sum(s * c))
    )


def test_zero_weight_issue_is_an_input_error() -> None:
    a = point_actors(["a", "b"], ["d"], [1, 1], [10, 20], [0, 0])
    for name in ("compromise", "median"):
        with pytest.raises(InputError):
            get_model(name)(a)


def _nash_brute(x: np.ndarray, w: np.ndarray, power: float) -> float:
    y = np.linspace(0, 100, 200_001)[1:-1]
    reach = np.maximum(x, 100 - x) ** power
    gains = reach[:, None] - np.abs(y[None, :] - x[:, None]) ** power
    with np.errstate(divide="ignore"):
        obj = (w[:, None] * np.log(gains)).sum(axis=0)
    return float(y[np.argmax(obj)])


@settings(max_examples=30)
@given(one_d, st.sampled_from([1.0, 2.0]))
def test_nash_matches_grid_search(
    data: tuple[list[float], list[float], list[float]], power: float
) -> None:
    x, s, c = (np.array(v) for v in data)
    got = get_model("nash")(_actors(data), power=power).outcome[0]
    if power == 2.0:
        assert got == pytest.approx(_nash_brute(x, s * c, power), abs=2e-3)
    else:  # piecewise-linear objective: compare objective values, not arg-maxima
        reach = np.maximum(x, 100 - x)
        obj = lambda y: float(np.sum(s * c * np.log(reach - np.abs(y - x))))  # noqa: E731
        assert obj(got) >= obj(_nash_brute(x, s * c, power)) - 1e-6
    assert x.min() - 1e-9 <= got <= x.max() + 1e-9


@given(one_d, st.floats(0.5, 3.0), st.floats(-50, 50))
def test_nash_is_equivariant_to_rescaling_the_issue(
    data: tuple[list[float], list[float], list[float]], a: float, b: float
) -> None:
    actors = _actors(data)
    moved = actors.replace(
        position=actors.position * a + b,
        scale_low=actors.scale_low * a + b,
        scale_high=actors.scale_high * a + b,
    )
    y = get_model("nash")(actors).outcome[0]
    assert get_model("nash")(moved).outcome[0] == pytest.approx(a * y + b, abs=1e-6 * a)


def test_nash_status_quo_disagreement(emission: Actors) -> None:
    nash = get_model("nash")
    # Actors sit at the weighted median 7: no outcome but 7 is acceptable to all of them.
    deg = nash(emission, disagreement="median")
    assert deg.outcome[0] == 7.0 and deg.details["degenerate"] == {"emission": True}
    # A status quo at 4 leaves [4, 4] feasible for the actors sitting at 4.
    assert nash(emission, disagreement="status_quo", status_quo=4).outcome[0] == 4.0
    two = point_actors(["a", "b"], ["d"], [1, 1], [20, 80], [1, 1])
    # Between the actors, a status quo is the only point both weakly prefer.
    assert nash(two, disagreement="status_quo", status_quo=50).details["degenerate"]["d"]
    free = nash(two, disagreement="status_quo", status_quo=10)
    y = np.linspace(10, 30, 400_001)[1:-1]
    grid = y[np.argmax(np.log(100 - (y - 20) ** 2) + np.log(4900 - (y - 80) ** 2))]
    assert free.outcome[0] == pytest.approx(grid, abs=1e-4)
    assert not free.details["degenerate"]["d"]
    with pytest.raises(InputError):
        nash(two, disagreement="status_quo")


def test_batch_kernels_equal_point_runs(widened: Actors) -> None:
    sample = widened.sample_many(3, 25)
    for name in ("compromise", "median", "nash"):
        spec = get_model(name)
        batch = spec.outcomes(sample)
        single = np.array([spec(sample.draw(i)).outcome for i in range(sample.draws)])
        np.testing.assert_allclose(batch, single, rtol=0, atol=1e-12)


def _bisect_by_rows(xs, w, reach, left, right, power, iterations):  # type: ignore[no-untyped-def]
    """The bisection written plainly, summing each draw's row of actors with numpy's sum."""
    a, b = left.copy(), right.copy()
    reach = np.where(w > 0, reach, -np.inf)
    for _ in range(iterations):
        mid = (a + b) * 0.5
        diff = mid[:, None] - xs
        if power == 2.0:
            gain, slope = diff * diff, (-2.0 * w) * diff
        else:
            gain = np.abs(diff)
            slope = (
                -np.sign(diff) if power == 1.0 else -power * gain ** (power - 1.0) * np.sign(diff)
            )
            gain = gain**power
            slope = w * slope
        gain = reach - gain
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = slope / gain
        slope = np.where(gain > 0.0, slope, 0.0)
        rising = slope.sum(axis=1) > 0
        a, b = np.where(rising, mid, a), np.where(rising, b, mid)
    return 0.5 * (a + b)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 10), st.sampled_from([1.0, 1.5, 2.0]), st.integers(0, 2**32 - 1))
def test_nash_bisection_gives_the_bits_of_the_plain_one(n: int, power: float, seed: int) -> None:
    """Laid out actor by actor (fewer than 8 actors) or draw by draw, the bisection finds the
    same bits as the plain formula summed by numpy."""
    from zopa.forecast.models.nash import _bisect

    rng = np.random.default_rng(seed)
    xs = rng.uniform(0, 1, (300, n))
    w = rng.uniform(0, 3, (300, n)) * (rng.uniform(size=(300, n)) < 0.8)
    reach = np.maximum(xs, 1.0 - xs) ** power
    left, right = np.zeros(300), np.ones(300)
    got = _bisect(xs, w, reach, left, right, power, 54)
    assert np.array_equal(got, _bisect_by_rows(xs, w, reach, left, right, power, 54))


def test_nash_outcome_without_actors_gives_a_point_of_the_scale() -> None:
    from zopa.forecast.models.nash import nash_outcome

    y, degenerate = nash_outcome(np.empty((3, 0)), np.empty((3, 0)), 0.0, 10.0)
    assert y.shape == (3,) and np.all((y >= 0.0) & (y <= 10.0)) and not degenerate.any()
