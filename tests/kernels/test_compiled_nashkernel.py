"""The compiled Nash bisection gives the numpy code's bits (``forecast/models/_nash_kernels``).

Each test computes the same thing with the compiled kernel and with ``ZOPA_COMPILED=0`` (the
numpy code) and compares the bytes: random batches of every size of the sum over actors (in
index order below 8 actors, numpy's pairwise sum from 8, its halves beyond 128), ties, actors
without weight, the three disagreement points, and the bundled scenarios' batches.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.kernels.compiled_support import both, require, same_bits
from zopa.forecast.models import nash as nash_module
from zopa.forecast.models.nash import nash, nash_batch, nash_outcome

NASH = nash_module.KERNELS

#: Actor counts around every change of the summation's order.
ACTORS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 127, 128, 129, 140, 260]


def _batch(seed: int, draws: int, n: int, ties: bool, zeros: float) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-5.0, 15.0, (draws, n))
    w = rng.uniform(0.0, 3.0, (draws, n))
    if ties:  # positions on a coarse grid (bisection points hit them exactly), equal weights
        x = np.round(x / 2.5) * 2.5
        w = np.round(w)
    w[rng.uniform(size=(draws, n)) < zeros] = 0.0
    if n and rng.uniform() < 0.5:  # weights over many orders of magnitude
        w *= np.exp(rng.uniform(-20, 20, (draws, n)))
    return x, w


@settings(max_examples=120, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    draws=st.integers(1, 40),
    n=st.sampled_from(ACTORS),
    power=st.sampled_from([2.0, 1.0]),
    disagreement=st.sampled_from(["worst", "status_quo", "median"]),
    ties=st.booleans(),
    zeros=st.sampled_from([0.0, 0.3, 1.0]),
)
def test_nash_outcomes_are_numpys_bits(
    seed: int, draws: int, n: int, power: float, disagreement: str, ties: bool, zeros: float
) -> None:
    require(NASH)
    x, w = _batch(seed, draws, n, ties, zeros)
    if disagreement != "worst" and n == 0:
        return  # a status quo's feasible interval needs an actor
    status_quo = np.round(np.random.default_rng(seed).uniform(-5.0, 15.0, draws), 1)

    def solve() -> list[np.ndarray]:
        y, degenerate = nash_outcome(
            x,
            w,
            -5.0,
            15.0,
            disagreement=disagreement,  # type: ignore[arg-type]
            status_quo=status_quo if disagreement == "status_quo" else None,
            power=power,
        )
        return [y, degenerate]

    fast, slow = both(solve)
    assert all(same_bits(a, b) for a, b in zip(fast, slow, strict=True))


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    draws=st.integers(1, 30),
    n=st.sampled_from(ACTORS),
    power=st.sampled_from([2.0, 1.0]),
    iterations=st.sampled_from([0, 1, 5, 54, 80]),
)
def test_the_bisection_alone_is_numpys_bits(
    seed: int, draws: int, n: int, power: float, iterations: int
) -> None:
    """Any interval, any number of halvings, positions outside it, NaN where no weight."""
    require(NASH)
    from zopa.forecast.models.nash import _bisect

    rng = np.random.default_rng(seed)
    xs = rng.uniform(-0.5, 1.5, (draws, n))
    w = rng.uniform(0.0, 2.0, (draws, n)) * (rng.uniform(size=(draws, n)) < 0.7)
    reach = rng.uniform(-0.2, 2.0, (draws, n))
    xs[(w == 0) & (rng.uniform(size=(draws, n)) < 0.3)] = np.nan
    left = rng.uniform(-0.1, 0.5, draws)
    right = left + rng.uniform(0.0, 1.0, draws)
    kernel = nash_module.kernel(NASH)
    assert kernel is not None
    got = np.empty(draws)
    kernel.bisect(xs, w, reach, left, right, power, iterations, got)
    assert same_bits(got, _bisect(xs, w, reach, left, right, power, iterations))


@pytest.mark.parametrize("n", [n for n in ACTORS if n])
@pytest.mark.parametrize("power", [2.0, 1.0])
def test_many_draws_are_numpys_bits(n: int, power: float) -> None:
    """2,000 draws: in 1-3% of them, adding the actors' terms in another order than numpy's
    changes a halving's direction (and the outcome's last bits)."""
    require(NASH)
    x, w = _batch(n, 2000, n, n % 2 == 1, 0.2)
    fast, slow = both(lambda: nash_outcome(x, w, -5.0, 15.0, power=power)[0])
    assert same_bits(fast, slow)


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    draws=st.integers(1, 40),
    n=st.sampled_from(ACTORS),
    dims=st.integers(0, 4),
    power=st.sampled_from([2.0, 1.0]),
    ties=st.booleans(),
    zeros=st.sampled_from([0.0, 0.3, 1.0]),
)
def test_every_issue_at_once_is_numpys_bits(
    seed: int, draws: int, n: int, dims: int, power: float, ties: bool, zeros: float
) -> None:
    """``outcomes_worst`` (the batch's every issue in one call) gives each issue's
    ``nash_outcome`` of the numpy code; positions of actors without weight may be NaN."""
    require(NASH)
    rng = np.random.default_rng(seed)
    lo = np.round(rng.uniform(-10.0, 10.0, dims), 1)
    hi = lo + np.round(rng.uniform(0.5, 100.0, dims), 1)
    x, w = _batch(seed, draws, n * dims, ties, zeros)
    position = lo + (x.reshape(draws, n, dims) + 5.0) / 20.0 * (hi - lo)
    w = w.reshape(draws, n, dims)
    position[(w == 0) & (rng.uniform(size=w.shape) < 0.3)] = np.nan
    got = np.empty((draws, dims))
    kernel = nash_module.kernel(NASH)
    assert kernel is not None
    kernel.outcomes_worst(position, w, lo, hi, power, 54, got)

    def by_issue() -> np.ndarray:
        out = np.empty((draws, dims))
        for k in range(dims):
            out[:, k] = nash_outcome(
                position[:, :, k], w[:, :, k], float(lo[k]), float(hi[k]), power=power
            )[0]
        return out

    _, numpy_code = both(by_issue)
    assert same_bits(got, numpy_code)


def test_symmetric_actors_tie_at_the_middle() -> None:
    # Two equal actors at 0.25 and 0.75: the sum over actors is exactly 0 at the middle, which
    # is not rising (the interval's upper end moves), in both codes.
    require(NASH)
    x = np.array([[2.5, 7.5], [2.5, 7.5]])
    w = np.ones((2, 2))
    for power in (1.0, 2.0):
        fast, slow = both(lambda p=power: nash_outcome(x, w, 0.0, 10.0, power=p)[0])
        assert same_bits(fast, slow)


@pytest.mark.parametrize("power", [1.5, 3.0])
def test_other_powers_use_the_numpy_code(power: float) -> None:
    x, w = _batch(3, 20, 5, False, 0.2)
    fast, slow = both(lambda: nash_outcome(x, w, -5.0, 15.0, power=power)[0])
    assert same_bits(fast, slow)


@pytest.mark.parametrize(
    "scenario", ["minerals-2025", "peace-talks-2025", "logrolling", "price-split"]
)
@pytest.mark.parametrize("power", [2.0, 1.0])
def test_bundled_scenarios_batches_are_the_same_bytes(scenario: str, power: float) -> None:
    require(NASH)
    from zopa.forecast.inputs.sources import load_source

    src = load_source(scenario, salience_max=100, scale=None, salience="party")
    sample = src.actors.sample_many(0, 500)
    fast, slow = both(lambda: nash_batch(sample, 0, power=power))
    assert same_bits(fast, slow)
    fast, slow = both(lambda: nash(src.actors, 0, power=power).outcome)
    assert same_bits(np.asarray(fast), np.asarray(slow))
