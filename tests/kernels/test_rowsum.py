"""Sums in index order, and the row length below which numpy's own row sums take that order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.kernels.rowsum import SEQUENTIAL_TERMS, sum_in_order


@settings(max_examples=60, deadline=None)
@given(st.integers(1, SEQUENTIAL_TERMS - 1), st.integers(0, 2**32 - 1))
def test_numpy_sums_short_rows_in_index_order(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    # magnitudes spread over many orders, so that a different order would round differently
    a = rng.standard_normal((500, n)) * np.exp(rng.uniform(-30, 30, (500, n)))
    want = a.sum(axis=1)
    assert np.array_equal(sum_in_order(a, axis=1), want)
    assert np.array_equal(sum_in_order(np.ascontiguousarray(a.T), axis=0), want)
    out = np.empty(500)
    assert sum_in_order(a.T.copy(), 0, out=out) is out and np.array_equal(out, want)


def test_numpy_sums_a_row_of_the_threshold_length_otherwise() -> None:
    # 1e16 absorbs each 1 added to it alone (its spacing is 2); grouped, the ones add up first
    row = np.array([[1e16] + [1.0] * (SEQUENTIAL_TERMS - 1)])
    assert sum_in_order(row, axis=1)[0] == 1e16
    assert row.sum(axis=1)[0] != 1e16
    shorter = row[:, :-1]
    assert shorter.sum(axis=1)[0] == sum_in_order(shorter, axis=1)[0] == 1e16
