"""The non-dominated points of a Minkowski sum ``{a + b}``: one merge of the issue-by-issue
frontier (:mod:`zopa.frontier.additive`).

Points are the columns of ``(k, N)`` arrays as in :mod:`zopa.kernels.skyline`, and the relation
is the one of :func:`zopa.kernels.skyline.skyline_mask` on the rounded sums ``fl(a + b)``: the
answer is the same mask, computed without comparing sums that cannot dominate each other.

**Method.** Write ``T`` for the larger of the two sets and ``S`` for the smaller; the sums are
the copies ``T + s``, one for each ``s`` in ``S``. Two facts cut the work:

* Floating-point addition is monotone, so if ``s' >= s`` in every coordinate, ``t + s'`` is at
  least ``t + s`` everywhere, by at least as much: whatever a sum from the copy of ``s``
  dominates, the same ``t`` in the copy of ``s'`` dominates too. Only the copies of the
  *maximal* points of ``S`` (each distinct point once) can be needed as dominators.
* All copies share one k-d tree over ``T`` (Bentley, "Multidimensional binary search trees used
  for associative searching", CACM 18(9):509-517, 1975), each node with its coordinate-wise
  maximum and minimum. A node of the copy of ``s`` holds no dominator of ``q`` unless
  ``fl(max + s) >= q`` everywhere and ``> q + margin`` somewhere (monotone rounding makes this
  exact), and every point of it dominates ``q`` if ``fl(min + s)`` does: the bounding-box tests
  of branch-and-bound skylines (Papadias, Tao, Fu & Seeger, "Progressive skyline computation
  in database systems", ACM TODS 30(1):41-82, 2005).

Each sum is then a depth-first search with early exit in each maximal copy; the last dominator
found is tried first, and sums are visited in the tree's order so that neighbours share it.
Filtering unions and Minkowski sums of Pareto sets with trees that index non-dominated vectors
is also the subject of Karathanasis, Kontogiannis & Zaroliagis, "Improved dominance filtering
for unions and Minkowski sums of Pareto sets", ESA 2025, LIPIcs 351:59.

The loops are compiled with numba (:mod:`zopa.kernels.pareto_sum_jit`). Loading the compiler
costs about half a second of CPU once per process, so it is loaded only for a merge of at least
:data:`COMPILED_MIN` sums; once it is loaded every merge of three or more parties uses it. Smaller
merges in a process that has not loaded it, and merges of one or two parties, take
:func:`zopa.kernels.skyline.skyline_mask` of the sums, which gives the same mask.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from zopa.kernels.skyline import skyline_mask

__all__ = ["COMPILED_MIN", "pareto_sum_mask"]

#: Fewest sums for which a merge loads the compiled loops (if no merge has loaded them yet).
COMPILED_MIN = 40_000

_jit: ModuleType | None = None


def pareto_sum_mask(a: np.ndarray, b: np.ndarray, margin: float) -> np.ndarray:
    """Mask of the sums ``a[:, i] + b[:, j]`` (position ``i * b.shape[1] + j``) that no other
    such sum dominates under "``>=`` everywhere and ``> + margin`` somewhere"."""
    k, n_a = a.shape
    n_b = b.shape[1]
    if n_a == 0 or n_b == 0:
        return np.zeros(n_a * n_b, dtype=bool)
    if k < 3 or (_jit is None and n_a * n_b < COMPILED_MIN):
        return skyline_mask((a[:, :, None] + b[:, None, :]).reshape(k, -1), margin)
    jit = _compiled()
    t_major = n_a >= n_b
    t, s = (a, b) if t_major else (b, a)
    copies = _maximal(s)
    return np.asarray(
        jit.sum_mask(
            np.ascontiguousarray(t.T), np.ascontiguousarray(s.T), copies, float(margin), t_major
        )
    )


def _maximal(s: np.ndarray) -> np.ndarray:
    """Positions of the maximal columns of ``s`` (no column is ``>=`` in every coordinate and
    different; of equal columns, the first), largest coordinate sum first."""
    on = np.flatnonzero(skyline_mask(s, 0.0))
    _, first = np.unique(s[:, on], axis=1, return_index=True)
    top = np.sort(on[first])
    return top[np.argsort(-s[:, top].sum(axis=0), kind="stable")].astype(np.int64)


def _compiled() -> ModuleType:
    global _jit
    if _jit is None:
        from zopa.kernels import pareto_sum_jit

        _jit = pareto_sum_jit
    return _jit
