"""Pareto skyline: the non-dominated points of a finite set, for any number of parties.

Points are the *columns* of a ``(k, N)`` array, one row per party exactly as
:meth:`zopa.game.Game.utilities` returns them; larger is better for every party.

**Tolerance.** Utilities are compared on a grid of step ``tol`` (default :data:`zopa.game.TOL`
= 1e-9): each value ``u`` is replaced by its *key* ``rint(u / tol)``. Point ``a`` dominates
``b`` when ``key(a) >= key(b)`` in every coordinate and the keys differ in at least one. This
relation is a strict partial order (transitive), so "every point is dominated by or tied with a
skyline point" holds exactly. Two points with equal keys are *tied*: neither dominates the other
and both are non-dominated or neither is. Utilities that differ only by floating-point rounding
(1e-16) get the same key unless they straddle a half-step of the grid, an event of probability
about 1e-7 per comparison.

Internally every routine works with the general relation "``a >= b`` in every coordinate and
``a > b + margin`` in at least one": ``margin = 0`` on keys is the relation above, ``margin > 0``
on raw utilities is the conservative relation used to prune partial sums in
:mod:`zopa.frontier.additive`. It is transitive for every ``margin >= 0``, and a dominating point
has a strictly larger coordinate sum, which the algorithms exploit.

**Algorithms.**

* ``k = 1``: the maximum.
* ``k = 2``: sort by the first coordinate and scan with a running maximum of the second,
  O(N log N) (Kung, Luccio & Preparata, "On finding the maxima of a set of vectors", J. ACM
  22(4):469-476, 1975).
* ``k >= 3``: a reduction pass deletes every point dominated by one of a few maximisers of
  positive weighted sums (such maximisers are themselves non-dominated, and in negotiation
  spaces a handful of them removes almost all points), then sort-filter-skyline (Chomicki,
  Godfrey, Gryz & Liang, "Skyline with presorting", ICDE 2003) in vectorised blocks: sorted by
  coordinate sum, a point can only be dominated by points before it, so each block is compared
  with the skyline found so far and with itself. When the dominators number at least
  ``_TILE_MIN``, they are reordered into spatially compact chunks (slabs by the first
  coordinate, each sorted by the second: the leaf order of a k-d tree, Bentley, "Multidimensional
  binary search trees used for associative searching", CACM 18(9):509-517, 1975), and a point
  is compared with a chunk only if it lies inside the chunk's bounding box (``<=`` its
  coordinate-wise maximum), the box test of branch-and-bound skylines (Papadias, Tao, Fu &
  Seeger, "Progressive skyline computation in database systems", ACM TODS 30(1):41-82, 2005).
  A chunk whose box excludes a point has no point ``>=`` it everywhere, so the answer is the
  same as comparing every pair; only the work shrinks.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from zopa.game import TOL

__all__ = [
    "TOL",
    "dominates",
    "group_ties",
    "keys",
    "near_antichain_mask",
    "nondominated",
    "pareto_front",
    "skyline_mask",
]

_BLOCK = 2048  # points per sort-filter-skyline block
_CHUNK = 128  # skyline points compared with a block at once
_REDUCE_STOP = 2048  # below this many points the reduction pass is not worth it
_MAX_KILLERS = 256  # most weighted-sum maximisers tried by the reduction pass
_TILE_MIN = 1024  # fewest dominators worth reordering into compact chunks
_TILE_LEVELS = 1  # levels of slabs cut before chunking a set of dominators


def keys(values: np.ndarray, tol: float = TOL) -> np.ndarray:
    """The comparison keys ``rint(values / tol)`` as float64 (exact integers up to 2**53);
    ``tol = 0`` compares the raw floats."""
    v = np.asarray(values, dtype=float)
    if tol < 0:
        raise ValueError("tol must be >= 0")
    return np.rint(v / tol) if tol > 0 else v.copy()


def dominates(a: np.ndarray, b: np.ndarray, tol: float = TOL) -> bool:
    """Whether point ``a`` dominates point ``b`` (1-D arrays, one entry per party)."""
    ka, kb = keys(np.asarray(a), tol), keys(np.asarray(b), tol)
    return bool(np.all(ka >= kb) and np.any(ka > kb))


def nondominated(values: np.ndarray, tol: float = TOL) -> np.ndarray:
    """Boolean mask ``(N,)`` of the columns of ``values`` ``(k, N)`` that no column dominates.

    Tied columns (equal keys) are all kept; :func:`pareto_front` groups them.
    """
    v = _as_points(values)
    return skyline_mask(keys(v, tol), margin=0.0)


def pareto_front(
    values: np.ndarray, tol: float = TOL, codes: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct non-dominated points of ``values`` ``(k, N)``.

    Returns ``(index, ties)``: for every distinct non-dominated key vector, the column index of
    its representative (the column with the lowest ``codes`` value, by default the lowest
    index) and the number of columns tied with it. Points are ordered by the first party's
    utility, best first, then by the second party's, and so on.
    """
    v = _as_points(values)
    k = keys(v, tol)
    cols = np.flatnonzero(skyline_mask(k, margin=0.0))
    order_codes = np.arange(v.shape[1]) if codes is None else np.asarray(codes)
    rep, ties = group_ties(k[:, cols], order_codes[cols])
    return cols[rep], ties


def group_ties(
    k: np.ndarray, codes: np.ndarray, counts: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Group columns with equal key vectors: ``(representative positions, group sizes)``.

    The representative of a group is its column with the lowest code; groups are ordered by
    descending keys (first row first). ``counts`` weights the columns (default 1 each).
    """
    m = k.shape[1]
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((codes, *(-k[::-1])))
    sk = k[:, order]
    start = np.ones(m, dtype=bool)
    start[1:] = np.any(sk[:, 1:] != sk[:, :-1], axis=0)
    first = np.flatnonzero(start)
    weights = np.ones(m, dtype=np.int64) if counts is None else np.asarray(counts)[order]
    return order[first].astype(np.int64), np.add.reduceat(weights, first).astype(np.int64)


def skyline_mask(v: np.ndarray, margin: float) -> np.ndarray:
    """Mask of columns of ``v`` ``(k, N)`` not dominated under "``>=`` everywhere and
    ``> + margin`` somewhere" (see the module docstring)."""
    k, n = v.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    if k == 1:
        return np.asarray(v[0] >= v[0].max() - margin)
    keep = _reduce(v, margin)
    mask = np.zeros(n, dtype=bool)
    if k == 2:
        mask[keep[_mask_2d(v[0, keep], v[1, keep], margin)]] = True
    else:
        mask[keep[_sort_filter(v[:, keep], margin)]] = True
    return mask


def near_antichain_mask(values: np.ndarray, k: np.ndarray, spread: float) -> np.ndarray:
    """:func:`skyline_mask` of the keys ``k`` (margin 0) for points known to be nearly
    incomparable: whenever the key of a column dominates the key of another, the two columns'
    ``values`` are within ``spread`` of each other in at least one coordinate.

    Sort each coordinate and join neighbours closer than ``spread``: a column that has no such
    neighbour in any coordinate neither dominates nor is dominated, so only the columns with a
    close neighbour somewhere go through the skyline. The answer is that of
    ``skyline_mask(k, 0.0)``; the work follows the number of near coincidences, not the square
    of the number of points.
    """
    n = k.shape[1]
    close = np.zeros(n, dtype=bool)
    for row in np.asarray(values, dtype=float):
        order = np.argsort(row, kind="stable")
        near = np.diff(row[order]) <= spread
        close[order[1:][near]] = True
        close[order[:-1][near]] = True
    mask = ~close
    idx = np.flatnonzero(close)
    if idx.size:
        mask[idx[skyline_mask(k[:, idx], margin=0.0)]] = True
    return mask


def _as_points(values: np.ndarray) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if v.ndim != 2 or v.shape[0] == 0:
        raise ValueError(f"expected a (parties, points) array, got shape {v.shape}")
    return v


def _mask_2d(x: np.ndarray, y: np.ndarray, margin: float) -> np.ndarray:
    """``b`` is dominated iff some ``a`` has (x_a > x_b + margin and y_a >= y_b) or
    (x_a >= x_b and y_a > y_b + margin); both are prefix-maximum queries on x-sorted points."""
    order = np.argsort(-x, kind="stable")
    nx = -x[order]  # ascending
    sy = y[order]
    best_y = np.maximum.accumulate(sy)  # best y among the first i+1 points
    n_ge = np.searchsorted(nx, nx, side="right")  # points with x_a >= x_b (>= 1: b itself)
    n_gt = np.searchsorted(nx, nx - margin, side="left")  # points with x_a > x_b + margin
    dominated = best_y[n_ge - 1] > sy + margin
    has_gt = n_gt > 0
    dominated[has_gt] |= best_y[n_gt[has_gt] - 1] >= sy[has_gt]
    mask = np.zeros(x.shape[0], dtype=bool)
    mask[order[~dominated]] = True
    return mask


def _kill(v: np.ndarray, p: np.ndarray, margin: float) -> np.ndarray:
    """Mask of columns of ``v`` dominated by the single point ``p`` (row by row: contiguous)."""
    below = v[0] <= p[0]
    strict = v[0] < p[0] - margin
    for i in range(1, v.shape[0]):
        below &= v[i] <= p[i]
        strict |= v[i] < p[i] - margin
    return np.asarray(below & strict)


@lru_cache(maxsize=16)
def _weights(k: int, count: int) -> np.ndarray:
    """``count`` deterministic positive weight vectors: equal weights, each party emphasised,
    then a low-discrepancy (Kronecker) sequence over the simplex."""
    rows = [np.ones(k)]
    rows += [np.where(np.arange(k) == j, float(k), 1.0) for j in range(k)]
    alpha = np.mod(np.sqrt(np.arange(2, 2 + k) * 7.0 + 3.0), 1.0) + 0.1
    rows += [0.02 + np.mod(m * alpha, 1.0) for m in range(1, max(1, count - len(rows)) + 1)]
    w = np.array(rows[:count])
    w /= w.sum(axis=1, keepdims=True)
    w.flags.writeable = False
    return w


def _reduce(v: np.ndarray, margin: float) -> np.ndarray:
    """Indices of columns that survive deletion by maximisers of positive weighted sums.

    Stops when few points remain or when several killers in a row delete almost nothing.
    """
    idx = np.arange(v.shape[1])
    if v.shape[1] <= _REDUCE_STOP:
        return idx
    x = v
    idle = 0
    for w in _weights(v.shape[0], _MAX_KILLERS):
        if x.shape[1] <= _REDUCE_STOP or idle >= 8:
            break
        p = x[:, int(np.argmax(w @ x))].copy()
        dead = _kill(x, p, margin)
        n_dead = int(np.count_nonzero(dead))
        idle = idle + 1 if n_dead < x.shape[1] // 1000 else 0
        if n_dead:
            alive = ~dead
            x, idx = x[:, alive], idx[alive]
    return idx


def _dominated_by(
    pts: np.ndarray,
    pts_sum: np.ndarray,
    by: np.ndarray,
    by_sum: np.ndarray,
    margin: float,
    strict_by_sum: bool,
) -> np.ndarray:
    """Mask of columns of ``pts`` dominated by some column of ``by``.

    ``by`` is scanned in chunks and points found dominated are dropped from later chunks, so
    the cost is small when dominators are found early (``by`` sorted by descending sum). With
    ``strict_by_sum`` (margin 0 and exact sums), "better somewhere" is tested as "larger sum".
    """
    out = np.zeros(pts.shape[1], dtype=bool)
    alive = np.arange(pts.shape[1])
    tiled = by.shape[1] >= _TILE_MIN
    if tiled:
        by, by_sum = _tiled(by, by_sum)
    for s in range(0, by.shape[1], _CHUNK):
        if alive.size == 0:
            break
        b, sub = by[:, s : s + _CHUNK], alive
        if tiled:  # only columns in the chunk's bounding box can be dominated by one of its points
            sub = alive[np.all(pts[:, alive] <= b.max(axis=1)[:, None], axis=0)]
        if sub.size == 0:
            continue
        q = pts[:, sub]
        hit = b[0][:, None] >= q[0][None, :]
        tmp = np.empty_like(hit)
        for i in range(1, q.shape[0]):
            hit &= np.greater_equal(b[i][:, None], q[i][None, :], out=tmp)
        # "better somewhere" only where some column of the chunk is >= everywhere (rare)
        cand = np.flatnonzero(hit.any(axis=0))
        if cand.size == 0:
            continue
        h, qc = hit[:, cand], q[:, cand]
        if strict_by_sum:
            h &= by_sum[s : s + _CHUNK][:, None] > pts_sum[sub[cand]][None, :]
        else:
            strict = b[0][:, None] > qc[0][None, :] + margin
            for i in range(1, qc.shape[0]):
                strict |= b[i][:, None] > qc[i][None, :] + margin
            h &= strict
        dead = sub[cand[h.any(axis=0)]]
        if dead.size:
            out[dead] = True
            alive = alive[~out[alive]]
    return out


def _tiled(by: np.ndarray, by_sum: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``by`` and ``by_sum`` reordered so that consecutive chunks are spatially compact (tight
    bounding boxes): slabs by the first coordinate, each cut into slabs by the second, and so
    on, the last level sorted by the next coordinate (the leaf order of a k-d tree)."""
    n = by.shape[1]
    levels = min(by.shape[0] - 1, _TILE_LEVELS)
    parts = max(1.0, (n / _CHUNK) ** (1.0 / (levels + 1)))
    group = np.zeros(n, dtype=np.int64)
    for d in range(levels):
        order = np.lexsort((by[d], group))
        size = np.bincount(group)
        start = np.cumsum(size) - size
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n) - np.repeat(start, size)
        cut = np.maximum(1, np.ceil(size / parts).astype(np.int64))
        group = group * (int(parts) + 2) + rank // cut[group]
        group = np.unique(group, return_inverse=True)[1]
    order = np.lexsort((by[levels], group))
    return by[:, order], by_sum[order]


def _exact_sums(v: np.ndarray) -> bool:
    """Whether sums of integer-valued columns of ``v`` are exact in float64."""
    return bool(v.size == 0 or np.abs(v).max() * v.shape[0] < 2.0**52)


def _sort_filter(v: np.ndarray, margin: float) -> np.ndarray:
    """Positions of the non-dominated columns of ``v`` by blocked sort-filter-skyline.

    Sorted by descending sum, then descending coordinates: a dominating point always comes
    first (rounded float sums are monotone but may tie), and identical columns are adjacent, so
    each distinct point is tested once. The cheap "larger sum" strictness test is used only when
    sums are exact (integer keys well below 2**53).
    """
    sums = v.sum(axis=0)
    order = np.lexsort((*(-v[::-1]), -sums))
    x, xs = v[:, order], sums[order]
    first = np.ones(x.shape[1], dtype=bool)
    first[1:] = np.any(x[:, 1:] != x[:, :-1], axis=0)
    run = np.cumsum(first) - 1  # index of each sorted column's distinct point
    x, xs = x[:, first], xs[first]
    by_sum = margin == 0.0 and bool(np.all(x == np.rint(x))) and _exact_sums(x)
    sky_pos: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    sky, sky_sum = np.zeros((v.shape[0], 0)), np.zeros(0)
    for s in range(0, x.shape[1], _BLOCK):
        blk, bs = x[:, s : s + _BLOCK], xs[s : s + _BLOCK]
        pos = np.arange(s, s + blk.shape[1])
        alive = ~_dominated_by(blk, bs, sky, sky_sum, margin, by_sum)
        blk, bs, pos = blk[:, alive], bs[alive], pos[alive]
        alive = ~_dominated_by(blk, bs, blk, bs, margin, by_sum)
        sky = np.concatenate([sky, blk[:, alive]], axis=1)
        sky_sum = np.concatenate([sky_sum, bs[alive]])
        sky_pos.append(pos[alive])
    on = np.zeros(x.shape[1], dtype=bool)
    on[np.concatenate(sky_pos)] = True
    return np.asarray(order[on[run]])
