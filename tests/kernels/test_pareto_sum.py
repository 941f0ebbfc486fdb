"""One merge of the issue-by-issue frontier: the compiled k-d tree search over the copies of a
Minkowski sum against the skyline of the materialised sums and an O(N^2) brute force, on
generated sets with ties, duplicates and near-ties on the comparison grid."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tests.frontier.strategies import brute_nondominated
from tests.frontier.strategies import compiled_merges as compiled
from zopa.game import TOL
from zopa.kernels.pareto_sum import pareto_sum_mask
from zopa.kernels.skyline import skyline_mask

MARGIN = TOL + 1e-12  # the pruning margin of the issue-by-issue merges


def sums(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a[:, :, None] + b[:, None, :]).reshape(a.shape[0], -1)


@st.composite
def summands(draw: st.DrawFn, min_k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Two point sets with the same number of parties. ``a`` is either arbitrary or the margin
    skyline of its draw (as a merge's input is); values lie on a coarse grid (ties and
    duplicates), optionally moved by a few multiples of TOL (near-ties), or are sums of thirds
    (values off the dyadic grid, so that rounding of the sums matters)."""
    k = draw(st.integers(min_k, 6))
    n_a, n_b = draw(st.integers(1, 90)), draw(st.integers(1, 14))
    if draw(st.booleans()):
        n_a, n_b = n_b, n_a
    kind = draw(st.sampled_from(["grid", "near", "thirds"]))
    a = draw(arrays(np.int64, (k, n_a), elements=st.integers(0, 6))) / 6
    b = draw(arrays(np.int64, (k, n_b), elements=st.integers(0, 6))) / 6
    if kind == "near":
        a = a + draw(arrays(np.int64, (k, n_a), elements=st.integers(-2, 2))) * TOL
        b = b + draw(arrays(np.int64, (k, n_b), elements=st.integers(-2, 2))) * TOL
    elif kind == "thirds":
        a, b = a * 2 / 3 + 0.1, b / 3 + 0.7
    if draw(st.booleans()):
        a = a[:, skyline_mask(a, MARGIN)]
    return np.asarray(a), np.asarray(b)


@settings(max_examples=300, deadline=None)
@given(summands(), st.sampled_from([0.0, MARGIN, 0.2]))
def test_compiled_merge_equals_the_skyline_of_the_sums_and_brute_force(ab, margin):
    a, b = ab
    want = brute_nondominated(sums(a, b), margin)
    assert np.array_equal(skyline_mask(sums(a, b), margin), want)
    with compiled(True):
        assert np.array_equal(pareto_sum_mask(a, b, margin), want)
        # either set may be the larger one, whose tree is searched
        swapped = pareto_sum_mask(b, a, margin).reshape(b.shape[1], a.shape[1]).T.ravel()
        assert np.array_equal(swapped, want)


@settings(max_examples=100, deadline=None)
@given(summands(min_k=1), st.sampled_from([0.0, MARGIN]), st.booleans())
def test_both_paths_give_the_same_mask_for_any_number_of_parties(ab, margin, on):
    a, b = ab
    with compiled(on):
        assert np.array_equal(pareto_sum_mask(a, b, margin), brute_nondominated(sums(a, b), margin))


@pytest.mark.parametrize(("k", "seed"), [(3, 0), (4, 1), (5, 2), (6, 3)])
def test_large_opposed_merge_through_deep_trees(k, seed):
    """A merge of a 2,000-point antichain (opposed preferences: most sums non-dominated) with
    seven options, many leaves deep, against the numpy skyline of the 14,000 sums."""
    rng = np.random.default_rng(seed)
    raw = rng.dirichlet(np.ones(k), size=6000).T
    a = raw[:, skyline_mask(raw, MARGIN)][:, :2000]
    b = rng.dirichlet(np.ones(k), size=7).T / 5
    b[:, 3] = b[:, 2]  # a duplicate option
    b[:, 4] = b[:, 2] - 0.01  # an option the previous one dominates
    with compiled(True):
        got = pareto_sum_mask(a, b, MARGIN)
    assert np.array_equal(got, skyline_mask(sums(a, b), MARGIN))
    assert 0 < got.sum() < got.size


def test_identical_points_stay_together_in_one_leaf():
    """More identical points than a leaf holds: the tree stops splitting, nothing is lost."""
    a = np.tile(np.array([[0.5], [0.2], [0.3]]), 100)
    a = np.concatenate([a, np.array([[0.6], [0.2], [0.3]])], axis=1)
    b = np.array([[0.0, 0.1], [0.1, 0.0], [0.0, 0.0]])
    with compiled(True):
        got = pareto_sum_mask(a, b, 0.0)
    assert np.array_equal(got, brute_nondominated(sums(a, b)))
    assert got.sum() == 2  # the two sums of the last point, which dominates the others


def test_empty_sets_give_an_empty_mask():
    with compiled(True):
        assert pareto_sum_mask(np.zeros((4, 0)), np.ones((4, 3)), MARGIN).shape == (0,)
        assert pareto_sum_mask(np.ones((4, 2)), np.zeros((4, 0)), MARGIN).shape == (0,)
