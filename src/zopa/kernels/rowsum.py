"""Sums over a short axis, term by term in index order.

numpy adds the terms of a row one after the other while the row has fewer than
:data:`SEQUENTIAL_TERMS` of them, and pairwise from there up (its pairwise summation, whose
grouping also depends on the memory layout). Two kinds of kernel rely on that:

* kernels that lay a batch out another way for speed (actors first, runs last) and must give
  the bits numpy gives in the usual layout: they add in index order, which is numpy's order
  only below :data:`SEQUENTIAL_TERMS` terms, and keep the usual layout from there up;
* kernels whose every draw must give the same bits whatever the batch size or layout: they
  always add in index order (:func:`sum_in_order`).

``tests/kernels/test_rowsum.py`` checks the threshold against the installed numpy.
"""

from __future__ import annotations

import numpy as np

from zopa._types import FloatArray

__all__ = ["SEQUENTIAL_TERMS", "sum_in_order"]

#: Rows shorter than this are summed by numpy one term after the other.
SEQUENTIAL_TERMS = 8


def sum_in_order(a: FloatArray, axis: int = 0, out: FloatArray | None = None) -> FloatArray:
    """The sum over ``axis`` of ``a``, adding its slices in index order (into ``out`` when
    given: an array of the result's shape, reused)."""
    moved = np.moveaxis(a, axis, 0)
    total: FloatArray = moved[0].copy() if out is None else out
    if out is not None:
        np.copyto(out, moved[0])
    for k in range(1, moved.shape[0]):
        total += moved[k]
    return total
