"""Writing a set of packages compactly and exactly.

A set of packages over a few issues (rows of value indices) is written as a *disjoint union of
blocks*: each block is one set of values per issue, and every combination of a block's values is
in the set. Start from one block per package; merge two blocks when they agree on every issue
but one (their values on that issue are then disjoint, so the union is again a block); repeat,
issue by issue, until no merge applies. The result is exact — every package of the set is in
exactly one block and every combination a block allows is in the set — though not necessarily the
fewest blocks possible (finding those is a set-cover problem). Merging along the issue with the
most values first lets runs of a fine range grid collapse before anything else.

:func:`runs` splits sorted grid positions into contiguous runs, so a range issue's values can be
shown as intervals ("30–80").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Box = tuple[frozenset[int], ...]


def blocks(rows: np.ndarray) -> list[tuple[tuple[int, ...], ...]]:
    """The rows ``(n, m)`` of value indices as disjoint blocks (per column, sorted indices),
    the blocks with the most packages first."""
    if len(rows) == 0:
        return []
    rows = np.unique(np.asarray(rows, dtype=np.int64).reshape(len(rows), -1), axis=0)
    m = rows.shape[1]
    if m == 0:
        return [()]
    order = sorted(range(m), key=lambda c: -len(np.unique(rows[:, c])))
    boxes = _first_merge(rows, order[0])
    changed = True
    while changed:
        changed = False
        for c in order:
            merged = _merge(boxes, c)
            changed |= len(merged) < len(boxes)
            boxes = merged
    out = [tuple(tuple(sorted(col)) for col in box) for box in boxes]
    return sorted(out, key=lambda b: (-_size(b), b))


def _first_merge(rows: np.ndarray, c: int) -> list[Box]:
    """Group the rows that agree on every column but ``c`` (vectorised first pass)."""
    others = np.delete(rows, c, axis=1)
    _, inverse = np.unique(others, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(inverse, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(inverse[order]) != 0])
    out: list[Box] = []
    for group in np.split(order, starts[1:]):
        first = rows[group[0]]
        box = [frozenset([int(v)]) for v in first]
        box[c] = frozenset(int(v) for v in rows[group, c])
        out.append(tuple(box))
    return out


def _merge(boxes: list[Box], c: int) -> list[Box]:
    groups: dict[Box, set[int]] = {}
    for box in boxes:
        key = box[:c] + box[c + 1 :]
        groups.setdefault(key, set()).update(box[c])
    return [(*key[:c], frozenset(vals), *key[c:]) for key, vals in groups.items()]


def _size(box: tuple[tuple[int, ...], ...]) -> int:
    return int(np.prod([len(col) for col in box]))


def runs(positions: Sequence[int]) -> list[tuple[int, int]]:
    """Contiguous runs ``(first, last)`` of sorted, distinct grid positions."""
    out: list[tuple[int, int]] = []
    for p in positions:
        if out and p == out[-1][1] + 1:
            out[-1] = (out[-1][0], int(p))
        else:
            out.append((int(p), int(p)))
    return out
