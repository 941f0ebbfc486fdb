"""Reader of KTAB's ``_posLog.csv`` output (reference runs only, not a zopa input)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np


def read_ktab_poslog(path: str | Path, dimensions: int) -> tuple[tuple[str, ...], np.ndarray]:
    """Actor names and positions ``(states, n, D)`` (0-100) of a KTAB ``_posLog.csv``: a header
    row, then per actor its name and ``D`` blocks of one position per state."""
    with open(path, newline="") as fh:
        rows = [[c.strip() for c in r] for r in csv.reader(fh, skipinitialspace=True)]
    names, values = [], []
    for cells in rows[1:]:
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        nums = [float(c) for c in cells[1:]]
        assert nums and len(nums) % dimensions == 0, f"{path}: bad row for {cells[0]!r}"
        names.append(cells[0])
        values.append(np.array(nums).reshape(dimensions, -1).T)
    assert values and len({v.shape for v in values}) == 1, f"{path}: uneven actor rows"
    return tuple(names), np.stack(values, axis=1)
