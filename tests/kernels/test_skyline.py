"""The array-level skyline against an O(N^2) brute force, and its documented tie rules."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.frontier.strategies import brute_nondominated, point_sets
from zopa.kernels import skyline
from zopa.kernels.skyline import (
    TOL,
    dominates,
    group_ties,
    keys,
    near_antichain_mask,
    nondominated,
    pareto_front,
    skyline_mask,
)


@given(point_sets())
def test_nondominated_matches_brute_force(v):
    assert np.array_equal(nondominated(v), brute_nondominated(keys(v)))


@given(point_sets(), st.sampled_from([0.1, 0.2, 0.5]))
def test_margin_relation_matches_brute_force(v, margin):
    assert np.array_equal(skyline_mask(v, margin), brute_nondominated(v, margin))


@pytest.mark.parametrize(("k", "seed"), [(2, 0), (3, 1), (4, 2)])
def test_large_sets_through_the_reduction_pass(k, seed):
    # More than 2048 points, so the weighted-sum reduction and blocked sort-filter run.
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.ones(4), size=k)
    options = rng.integers(0, 9, size=(k, 4, 6)) / 8
    grid = np.indices((6, 6, 6, 6)).reshape(4, -1)  # 1296 additive outcomes, and a copy
    v = sum(weights[:, [i]] * options[:, i, grid[i]] for i in range(4))
    v = np.concatenate([v, 0.97 * v[:, ::-1] + 0.02], axis=1)
    assert np.array_equal(nondominated(v), brute_nondominated(keys(v)))
    assert np.array_equal(skyline_mask(v, 0.01), brute_nondominated(v, 0.01))


@given(point_sets())
def test_front_is_mutually_non_dominated_and_covers_every_point(v):
    idx, ties = pareto_front(v)
    front = v[:, idx]
    for a in range(front.shape[1]):
        for b in range(front.shape[1]):
            assert not dominates(front[:, a], front[:, b])
    for j in range(v.shape[1]):
        assert any(
            dominates(front[:, a], v[:, j]) or np.array_equal(keys(front[:, a]), keys(v[:, j]))
            for a in range(front.shape[1])
        )
    assert ties.sum() == brute_nondominated(keys(v)).sum()


@given(point_sets(max_k=3))
def test_ties_are_grouped_with_the_lowest_code_as_representative(v):
    codes = np.random.default_rng(0).permutation(v.shape[1]) + 100
    idx, ties = pareto_front(v, codes=codes)
    on = np.flatnonzero(brute_nondominated(keys(v)))
    for i, n in zip(idx, ties, strict=True):
        same = [j for j in on if np.array_equal(v[:, j], v[:, i])]
        assert len(same) == n
        assert codes[i] == min(codes[j] for j in same)


@given(point_sets(min_k=2))
def test_points_are_ordered_by_first_party_then_second(v):
    idx, _ = pareto_front(v)
    rows = [tuple(-v[:, i]) for i in idx]
    assert rows == sorted(rows)


@given(point_sets(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_column_order(v, rnd):
    perm = np.array(rnd.sample(range(v.shape[1]), v.shape[1]))
    codes = np.arange(v.shape[1])
    idx, ties = pareto_front(v, codes=codes)
    idx2, ties2 = pareto_front(v[:, perm], codes=codes[perm])
    assert np.array_equal(codes[idx], codes[perm][idx2])
    assert np.array_equal(ties, ties2)


def test_differences_below_the_tolerance_are_ties():
    v = np.array([[0.5, 0.5 + TOL / 10, 0.5 + 10 * TOL], [0.5, 0.5, 0.5]])
    assert nondominated(v).tolist() == [False, False, True]
    close = v[:, :2]
    assert nondominated(close).tolist() == [True, True]
    idx, ties = pareto_front(close)
    assert idx.tolist() == [0] and ties.tolist() == [2]
    assert dominates(v[:, 2], v[:, 0]) and not dominates(v[:, 1], v[:, 0])


def test_exact_comparison_with_zero_tolerance():
    v = np.array([[0.5, 0.5 + 1e-12], [0.5, 0.5]])
    assert nondominated(v, tol=0.0).tolist() == [False, True]


def test_one_party_keeps_every_maximiser():
    v = np.array([[0.2, 0.7, 0.7, 0.1]])
    assert nondominated(v).tolist() == [False, True, True, False]
    idx, ties = pareto_front(v)
    assert idx.tolist() == [1] and ties.tolist() == [2]


def test_two_party_staircase_known_answer():
    # (1,0) (0.8,0.5) (0.5,0.5) (0.5,0.8) (0,1) (0.4,0.4): the staircase is 1,2,4,5.
    v = np.array([[1, 0.8, 0.5, 0.5, 0, 0.4], [0, 0.5, 0.5, 0.8, 1, 0.4]])
    idx, ties = pareto_front(v)
    assert idx.tolist() == [0, 1, 3, 4] and ties.tolist() == [1, 1, 1, 1]


def test_group_ties_weights_by_counts():
    k = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    rep, n = group_ties(k, np.array([7, 3, 5]), np.array([2, 4, 1]))
    assert rep.tolist() == [1, 2] and n.tolist() == [6, 1]


def test_empty_and_malformed_input():
    assert nondominated(np.zeros((3, 0))).shape == (0,)
    idx, ties = pareto_front(np.zeros((2, 0)))
    assert idx.size == 0 and ties.size == 0
    with pytest.raises(ValueError):
        nondominated(np.zeros(4))
    with pytest.raises(ValueError):
        keys(np.zeros(3), tol=-1.0)


@given(point_sets(min_k=2, max_n=300), st.sampled_from([0.0, 0.2]))
def test_small_blocks_and_chunks_give_the_same_answer(v, margin):
    # Exercise multi-block sort-filter, chunked comparisons and the reduction on small inputs.
    saved = skyline._BLOCK, skyline._CHUNK, skyline._REDUCE_STOP
    skyline._BLOCK, skyline._CHUNK, skyline._REDUCE_STOP = 16, 4, 20
    try:
        assert np.array_equal(skyline_mask(v, margin), brute_nondominated(v, margin))
    finally:
        skyline._BLOCK, skyline._CHUNK, skyline._REDUCE_STOP = saved


def test_dominance_hidden_by_rounded_sums_is_still_found():
    # 1e20 + 1 == 1e20 in floating point: a sum-based strictness test would miss this.
    v = np.array([[1e20, 1e20, 5.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    assert nondominated(v, tol=0.0).tolist() == [False, True, False]
    assert nondominated(v).tolist() == [False, True, False]


@given(point_sets(min_k=2), st.integers(0, 2**32 - 1), st.sampled_from([0.0, 1e-10, 3e-9]))
def test_near_antichain_mask_equals_the_skyline(v, seed, wobble):
    """A margin-antichain (the issue-by-issue merge's output), moved by at most ``wobble``
    in each utility: the near-coincidence test gives the plain skyline of its keys."""
    margin = TOL + 1e-12
    sums = v[:, skyline_mask(v, margin)]
    sums = np.unique(sums, axis=1)
    rng = np.random.default_rng(seed)
    util = sums + rng.uniform(-wobble, wobble, size=sums.shape)
    k = keys(util)
    e = float(np.abs(util - sums).max())
    spread = TOL + margin + 2 * e + 1e-11
    assert np.array_equal(near_antichain_mask(util, k, spread), skyline_mask(k, 0.0))
    assert np.array_equal(near_antichain_mask(util, k, spread), brute_nondominated(k))
