"""Settlement rules over many draws at once.

Each registered bargaining solution (:data:`zopa.frontier.solutions.SOLUTIONS`) picks, in each
draw, one package of the acceptable set (every signatory accepts it in that draw). The kernels
here compute the same scores and the same tie rules as the registered solutions (scores within
``SCORE_TOL`` of the best tie, then the stated second score, then the lowest outcome code), as
arrays over draws: ``U (draws, S, C)`` signatory utilities at ``C`` candidate packages (sorted
by outcome code), ``R (draws, S)`` walk-away values and ``A (draws, C)`` the acceptable set. A
solution registered without a kernel is applied draw by draw through its own rule.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from zopa.frontier.solutions import SCORE_TOL, SOLUTIONS, BargainingProblem
from zopa.game import TOL
from zopa.kernels.skyline import keys, skyline_mask

Scores = Callable[["Prepared"], list[np.ndarray]]


#: Draws whose two-signatory frontiers are found together: the work arrays of a block stay in
#: the processor's cache (about 1.8 times faster than one block of 1,000 draws of minerals-2025).
FRONTIER_BLOCK = 64


def frontier_mask(u: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``(draws, C)``: acceptable candidates on the draw's Pareto frontier among the
    acceptable ones, with utilities compared on the ``TOL`` grid as in
    :mod:`zopa.kernels.skyline` (equal keys tie, both stay)."""
    n = u.shape[0]
    if n <= FRONTIER_BLOCK:
        return _frontier_mask(u, a)
    out = np.empty(a.shape, dtype=bool)
    for start in range(0, n, FRONTIER_BLOCK):
        rows = slice(start, start + FRONTIER_BLOCK)
        out[rows] = _frontier_mask(u[rows], a[rows])
    return out


def _frontier_mask(u: np.ndarray, a: np.ndarray) -> np.ndarray:
    n, s_count, c = u.shape
    if c == 0:
        return a.copy()
    k = keys(u, TOL)
    if s_count == 1:
        top = np.where(a, k[:, 0, :], -np.inf).max(axis=1, keepdims=True)
        return np.asarray(a & (k[:, 0, :] == top))
    if s_count > 2:
        out = np.zeros_like(a)
        for d in range(n):
            cols = np.flatnonzero(a[d])
            out[d, cols] = skyline_mask(k[d][:, cols], 0.0)
        return out
    # keys are integers rint(u / TOL) in [0, 1e9] < 2**30; shifted by one (0 marks
    # unacceptable), one int64 sort key orders by the first signatory's key, then the second's,
    # both descending, and holds both
    k0 = np.where(a, k[:, 0, :], -1.0).astype(np.int64) + 1
    k1 = np.where(a, k[:, 1, :], -1.0).astype(np.int64) + 1
    both = k0 << 31 | k1
    order = np.argsort(-both, axis=1)
    s = np.take_along_axis(both, order, axis=1)
    s1 = s & ((1 << 31) - 1)
    prev = np.empty_like(s1)
    prev[:, 0] = -1
    np.maximum.accumulate(s1[:, :-1], axis=1, out=prev[:, 1:])
    dup = np.zeros_like(a)
    dup[:, 1:] = (s[:, 1:] == s[:, :-1]) & (s[:, 1:] != 0)  # the unacceptable (0) share nothing
    dominated = (prev > s1) | ((prev == s1) & ~dup)
    if dup.any():  # a run of equal points shares the verdict of its first
        head = np.maximum.accumulate(np.where(dup, 0, np.arange(c)[None, :]), axis=1)
        dominated = np.take_along_axis(dominated, head, axis=1)
    out = np.zeros_like(a)
    np.put_along_axis(out, order, ~dominated, axis=1)
    return np.asarray(out & a)


class Prepared:
    """Gains and normalised gains of one block of draws, shared by every kernel. ``front``
    is where the rules choose: the acceptable candidates on the draw's frontier (so the
    choice is the registered solution's, which chooses among the frontier's points).

    The kernels see only the frontier: ``cols`` ``(draws, F)`` holds each draw's frontier
    columns in increasing order, padded (``valid`` marks the real ones), and ``u``, ``g`` and
    ``norm`` are ``(draws, S, F)`` at those columns; every value is the one the same operation
    gives over all candidates (the ideal point still comes from the whole acceptable set)."""

    def __init__(self, u: np.ndarray, r: np.ndarray, a: np.ndarray) -> None:
        self.r, self.a = r, a
        self.full_u = u
        self.front = front = frontier_mask(u, a)
        width = max(1, int(front.sum(axis=1).max(initial=0)))
        order = np.argsort(~front, axis=1, kind="stable")[:, :width]
        self.cols = order
        self.valid = np.take_along_axis(front, order, axis=1)
        self.u = u = np.take_along_axis(u, order[:, None, :], axis=2)
        self.g = g = np.maximum(u - r[:, :, None], 0.0)
        ideal = np.where(a[:, None, :], self.full_u, -np.inf).max(axis=2)
        self.room = room = ideal - r > TOL
        span = np.where(room, ideal - r, 1.0)
        self.norm = np.where(room[:, :, None], g / span[:, :, None], 1.0)


def _nash(p: Prepared) -> list[np.ndarray]:
    with np.errstate(divide="ignore"):
        logs = np.where(p.room[:, :, None], np.log(p.g), 0.0).sum(axis=1)
    return [logs, p.norm.sum(axis=1)]


def _ks(p: Prepared) -> list[np.ndarray]:
    return [p.norm.min(axis=1), p.norm.sum(axis=1)]


def _egalitarian(p: Prepared) -> list[np.ndarray]:
    return [p.g.min(axis=1), p.g.sum(axis=1)]


def _utilitarian(p: Prepared) -> list[np.ndarray]:
    return [p.u.sum(axis=1), p.g.min(axis=1)]


def _smallest_difference(p: Prepared) -> list[np.ndarray]:
    s_count = p.u.shape[1]
    spread = np.zeros((p.u.shape[0], p.u.shape[2]))
    for i in range(s_count):
        for j in range(i + 1, s_count):
            spread += np.abs(p.u[:, i, :] - p.u[:, j, :])
    return [-spread, p.u.sum(axis=1)]


#: Vectorised scores of the registered solutions, by name.
KERNELS: dict[str, Scores] = {
    "nash": _nash,
    "kalai-smorodinsky": _ks,
    "egalitarian": _egalitarian,
    "utilitarian": _utilitarian,
    "smallest-difference": _smallest_difference,
}


def rule_names() -> tuple[str, ...]:
    """Every registered solution that needs no proposal, in registry order."""
    return tuple(n for n, s in SOLUTIONS.items() if not s.needs_target)


def best(scores: list[np.ndarray], a: np.ndarray) -> np.ndarray:
    """Per draw, the first column (lowest code) maximising ``scores`` lexicographically within
    ``SCORE_TOL`` among the acceptable columns; -1 where none is acceptable."""
    cand = a.copy()
    for s in scores:
        masked = np.where(cand, s, -np.inf)
        top = masked.max(axis=1, keepdims=True)
        cand &= masked >= top - SCORE_TOL
    out = np.argmax(cand, axis=1)
    return np.where(a.any(axis=1), out, -1)


def settle(
    name: str, p: Prepared, codes: np.ndarray, distance: np.ndarray | None = None
) -> np.ndarray:
    """The column each draw settles on under the solution ``name`` (-1: no deal); with a
    ``distance`` per candidate, the nearest acceptable frontier candidate (a constrained
    forecast)."""
    kernel = KERNELS.get(name)
    scores = [-distance[p.cols]] if distance is not None else None if kernel is None else kernel(p)
    if scores is not None:
        at = best(scores, p.valid)
        picked = np.take_along_axis(p.cols, np.maximum(at, 0)[:, None], 1)[:, 0]
        return np.where(at >= 0, picked, -1)
    rule = SOLUTIONS[name].rule
    u, r, a = p.full_u, p.r, p.front
    out = np.full(u.shape[0], -1)
    for d in range(u.shape[0]):
        cols = np.flatnonzero(a[d])
        if cols.size:
            j, _ = rule(BargainingProblem(u[d][:, cols], codes[cols], r[d]))
            out[d] = cols[j]
    return out
