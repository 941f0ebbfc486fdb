"""A generated cases file for backtests large enough to run in several chunks."""

from __future__ import annotations

from pathlib import Path

import numpy as np

ACTORS = ("A", "B", "C", "D", "E", "F")


def write_cases(path: Path, n: int, seed: int = 0) -> Path:
    """``n`` resolved cases of six actors with random positions, saliences and capabilities
    (the outcome is the positions' mean: any point on the scale will do)."""
    rng = np.random.default_rng(seed)
    head = ["case", "issue", "outcome"] + [
        f"{k}:{a}" for a in ACTORS for k in ("position", "salience", "capability")
    ]
    lines = [",".join(head)]
    for i in range(n):
        pos = rng.uniform(0, 100, len(ACTORS)).round(1)
        sal = rng.uniform(10, 100, len(ACTORS)).round(1)
        cap = rng.uniform(0.1, 1, len(ACTORS)).round(2)
        cells = [f"c{i}", "x", f"{pos.mean():.2f}"]
        cells += [f"{v}" for t in zip(pos, sal, cap, strict=True) for v in t]
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
