"""Compiled loops of :mod:`zopa.kernels.pareto_sum` (numba; imported only when first needed).

Points are the *rows* of C-contiguous float64 arrays here (one column per party), so that one
point's coordinates are adjacent in memory. Every comparison is the one of
:func:`zopa.kernels.skyline.skyline_mask` on the candidate sums: ``c`` dominates ``q`` when
``c >= q`` in every coordinate and ``c > fl(q + margin)`` in one, with every sum rounded as
numpy rounds ``t + s``.
"""

from __future__ import annotations

import numba
import numpy as np

_LEAF = 16  # most points in a leaf of the tree
_STACK = 256  # depth-first stack of a query: the tree is balanced, depth <= log2(N) + 1


@numba.njit(cache=True, nogil=True)
def kd_tree(p: np.ndarray) -> tuple[np.ndarray, ...]:
    """A k-d tree over the rows of ``p`` (Bentley, CACM 18(9):509-517, 1975): each node is
    split at the median of its widest coordinate, down to ``_LEAF`` points.

    Returns ``(rows, perm, lo, hi, child, top, bottom)``: the rows in tree order and their
    original positions; for each node its range ``[lo, hi)`` of tree-order rows, its first
    child (the second is ``child + 1``; -1 for a leaf), and the coordinate-wise maximum and
    minimum of its rows.
    """
    n, k = p.shape
    perm = np.arange(n)
    cap = 4 * (n // _LEAF + 1) + 3
    lo = np.empty(cap, np.int64)
    hi = np.empty(cap, np.int64)
    child = np.full(cap, -1, np.int64)
    visit = np.empty(cap, np.int64)  # nodes in pre-order: parents before children
    lo[0], hi[0] = 0, n
    nodes, seen = 1, 0
    stack = np.empty(_STACK, np.int64)
    stack[0], sp = 0, 1
    while sp > 0:
        sp -= 1
        nd = stack[sp]
        visit[seen] = nd
        seen += 1
        a, b = lo[nd], hi[nd]
        if b - a <= _LEAF:
            continue
        axis, width = 0, -1.0
        for d in range(k):
            most, least = -np.inf, np.inf
            for t in range(a, b):
                x = p[perm[t], d]
                most = max(most, x)
                least = min(least, x)
            if most - least > width:
                axis, width = d, most - least
        if width <= 0.0:
            continue  # identical rows: one leaf
        mid = (a + b) // 2
        left, right = a, b - 1
        while left < right:  # quickselect (Hoare): rows before mid <= rows from mid on
            x1, x2 = p[perm[left], axis], p[perm[(left + right) // 2], axis]
            x3 = p[perm[right], axis]
            pivot = max(min(x1, x2), min(max(x1, x2), x3))
            i, j = left, right
            while i <= j:
                while p[perm[i], axis] < pivot:
                    i += 1
                while p[perm[j], axis] > pivot:
                    j -= 1
                if i <= j:
                    perm[i], perm[j] = perm[j], perm[i]
                    i += 1
                    j -= 1
            if mid <= j:
                right = j
            elif mid >= i:
                left = i
            else:
                break
        c = nodes
        nodes += 2
        lo[c], hi[c], lo[c + 1], hi[c + 1] = a, mid, mid, b
        child[nd] = c
        stack[sp], stack[sp + 1] = c, c + 1
        sp += 2
    rows = np.empty((n, k))
    for t in range(n):
        for d in range(k):
            rows[t, d] = p[perm[t], d]
    top = np.empty((nodes, k))
    bottom = np.empty((nodes, k))
    for u in range(seen - 1, -1, -1):  # children before parents
        nd = visit[u]
        c = child[nd]
        for d in range(k):
            if c < 0:
                top[nd, d] = rows[lo[nd] : hi[nd], d].max()
                bottom[nd, d] = rows[lo[nd] : hi[nd], d].min()
            else:
                top[nd, d] = max(top[c, d], top[c + 1, d])
                bottom[nd, d] = min(bottom[c, d], bottom[c + 1, d])
    return rows, perm, lo[:nodes], hi[:nodes], child[:nodes], top, bottom


@numba.njit(cache=True, nogil=True)
def sum_mask(t_pts: np.ndarray, s_pts: np.ndarray, copies: np.ndarray, margin: float,
             t_major: bool) -> np.ndarray:  # fmt: skip
    """Mask of the sums ``t + s`` (``t`` a row of ``t_pts``, ``s`` of ``s_pts``) that no other
    such sum dominates; position ``it * len(s_pts) + is_`` when ``t_major``, else
    ``is_ * len(t_pts) + it``.

    Each sum ``q`` is tested against the copies ``t_pts + s_pts[c]`` for ``c`` in ``copies``
    by a depth-first search of one k-d tree over ``t_pts``: a node is entered only if the
    maximum of its copy (``top + s``, rounded up by monotone rounding) is ``>= q`` everywhere
    and ``> q + margin`` somewhere, and a node whose copied minimum already dominates ``q``
    settles it. The last dominator found for each ``s`` is tried first.
    """
    n_t, k = t_pts.shape
    n_s = s_pts.shape[0]
    rows, perm, lo, hi, child, top, bottom = kd_tree(t_pts)
    keep = np.ones(n_t * n_s, np.bool_)
    stack = np.empty(_STACK, np.int64)
    q = np.empty(k)
    qm = np.empty(k)
    last_t = np.full(n_s, -1, np.int64)
    last_s = np.zeros(n_s, np.int64)
    for tt in range(n_t):
        for js in range(n_s):
            for d in range(k):
                q[d] = rows[tt, d] + s_pts[js, d]
                qm[d] = q[d] + margin
            hit = False
            if last_t[js] >= 0:
                hit = _beats(rows[last_t[js]], s_pts[last_s[js]], q, qm)
            u = 0
            while not hit and u < copies.shape[0]:
                shift = s_pts[copies[u]]
                stack[0], sp = 0, 1
                while sp > 0 and not hit:
                    sp -= 1
                    nd = stack[sp]
                    if not _beats(top[nd], shift, q, qm):
                        continue
                    if _beats(bottom[nd], shift, q, qm):
                        hit = True
                        last_t[js], last_s[js] = lo[nd], copies[u]
                    elif child[nd] < 0:
                        for r in range(lo[nd], hi[nd]):
                            if _beats(rows[r], shift, q, qm):
                                hit = True
                                last_t[js], last_s[js] = r, copies[u]
                                break
                    else:  # the upper half (larger split coordinate) first
                        stack[sp], stack[sp + 1] = child[nd], child[nd] + 1
                        sp += 2
                u += 1
            if hit:
                it = perm[tt]
                keep[it * n_s + js if t_major else js * n_t + it] = False
    return keep


@numba.njit(cache=True, nogil=True, inline="always")
def _beats(a: np.ndarray, s: np.ndarray, q: np.ndarray, qm: np.ndarray) -> bool:
    """Whether ``a + s`` (rounded) is ``>= q`` everywhere and ``> qm`` somewhere."""
    strict = False
    for d in range(q.shape[0]):
        x = a[d] + s[d]
        if x < q[d]:
            return False
        if x > qm[d]:
            strict = True
    return strict
