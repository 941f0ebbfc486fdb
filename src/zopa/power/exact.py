"""Exact Shapley–Shubik and Banzhaf indices.

Two exact methods, both counting for each member *i* the coalitions *S* of the other members
for which *i* is a swing (``S`` loses, ``S ∪ {i}`` wins):

- ``enumeration``: every one of the 2^n coalitions, for any non-negative weights (n <= 20);
- ``dp``: generating functions (Bilbao et al. 2000) for integer weights: a dynamic programme over
  the other members gives the number of coalitions of each size and weight sums, so a body of
  n members and total weight W costs about n^2 · n · W steps instead of 2^n.

Shapley–Shubik (1954): ``φ_i = Σ_swings |S|! (n-1-|S|)! / n!``. Banzhaf (1965): the absolute
index (Penrose's measure) is ``swings_i / 2^(n-1)``, the normalised index
``swings_i / Σ_j swings_j``.
"""

from __future__ import annotations

import math

import numpy as np

from zopa.power.body import Body

#: Enumerate all coalitions up to this many members.
MAX_ENUMERATE = 20
#: The most cells a dynamic-programming table may have.
MAX_DP_CELLS = 20_000_000
#: The most cell updates the dynamic programme may do in all (members x members x cells).
MAX_DP_WORK = 3_000_000_000


def shapley_weights(n: int) -> np.ndarray:
    """``k! (n-1-k)! / n!`` for k = 0..n-1 (coalitions of the other members of size k)."""
    out: np.ndarray = np.array([1 / (n * math.comb(n - 1, k)) for k in range(n)], dtype=float)
    return out


def by_enumeration(body: Body) -> tuple[np.ndarray, np.ndarray]:
    """``(swings, shapley_shubik)`` by listing every coalition (n <= MAX_ENUMERATE)."""
    n = body.n
    w = body.weight_matrix()
    codes = np.arange(2**n, dtype=np.int64)
    bits = ((codes[:, None] >> np.arange(n)) & 1).astype(bool)
    size = bits.sum(axis=1)
    win = body.wins(size, bits.astype(float) @ w)
    sw = shapley_weights(n)
    swings = np.zeros(n, dtype=np.int64)
    ss = np.zeros(n)
    for i in range(n):
        without = codes[~bits[:, i]]
        swing = ~win[without] & win[without | (1 << i)]
        swings[i] = int(swing.sum())
        ss[i] = float(sw[size[without][swing]].sum())
    return swings, ss


def dp_cells(body: Body) -> int | None:
    """Cells of the dynamic-programming table, or None when a weight is not a whole number."""
    w = body.weight_matrix()
    if not np.all(w == np.round(w)):
        return None
    return (body.n + 1) * math.prod(int(t) + 1 for t in w.sum(axis=0))


def dp_feasible(body: Body) -> bool:
    cells = dp_cells(body)
    return cells is not None and cells <= MAX_DP_CELLS and body.n**2 * cells <= MAX_DP_WORK


def by_generating_functions(body: Body) -> tuple[np.ndarray, np.ndarray]:
    """``(swings, shapley_shubik)`` by counting coalitions per size and weight sum."""
    n = body.n
    w = np.round(body.weight_matrix()).astype(np.int64)
    shape = (n + 1, *(int(t) + 1 for t in w.sum(axis=0)))
    grids = np.meshgrid(*(np.arange(s) for s in shape), indexing="ij")
    size = grids[0]
    sums = np.stack(grids[1:], axis=-1).astype(float) if w.shape[1] else np.zeros((*shape, 0))
    win = body.wins(size, sums)
    sw = shapley_weights(n)
    dtype = np.int64 if n <= 62 else np.float64
    swings = np.zeros(n, dtype=np.float64 if n > 62 else np.int64)
    ss = np.zeros(n)
    for i in range(n):
        counts = np.zeros(shape, dtype=dtype)
        counts[(0,) * len(shape)] = 1
        for j in range(n):
            if j != i:
                _add_member(counts, w[j])
        plus = _shifted(win, w[i])
        swing = ~win & plus
        swings[i] = counts[swing].sum()
        per_size = np.where(swing, counts, 0).reshape(n + 1, -1).sum(axis=1)[:n]
        ss[i] = float((per_size.astype(float) * sw).sum())
    return swings, ss


def _add_member(counts: np.ndarray, weights: np.ndarray) -> None:
    """Fold one member into the counts: coalitions with it are shifted by (1, weights)."""
    src = [slice(0, counts.shape[0] - 1)]
    dst = [slice(1, None)]
    for d, wd in enumerate(weights):
        size = counts.shape[d + 1]
        src.append(slice(0, size - int(wd)))
        dst.append(slice(int(wd), None))
    counts[tuple(dst)] += counts[tuple(src)].copy()


def _shifted(win: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``out[k, s] = win[k + 1, s + weights]`` (coalitions beyond the table cannot occur)."""
    out = np.zeros_like(win)
    src = [slice(1, None)]
    dst = [slice(0, win.shape[0] - 1)]
    for d, wd in enumerate(weights):
        size = win.shape[d + 1]
        src.append(slice(int(wd), None))
        dst.append(slice(0, size - int(wd)))
    out[tuple(dst)] = win[tuple(src)]
    return out
