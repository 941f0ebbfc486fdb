"""BDM-style actor tables: one CSV row per actor with capability, position and salience.

Format (lines starting with ``#`` are comments; the first other line is the header)::

    actor,capability,position,salience                 # one issue
    actor,capability,position:tax,salience:tax,position:gas,salience:gas   # several issues

* ``capability``: any non-negative number (only ratios matter to the models);
* ``position``: on the issue's own scale (years, percent, 0–100, ...);
* ``salience``: 0–``salience_max`` (default 100, as in Bueno de Mesquita 1994 and KTAB);
* optional uncertainty: a ``<column>_low`` and ``<column>_high`` column for any of the above
  (e.g. ``position:tax_low``) makes that cell Triangular(low, value, high); empty cells are
  certain.

The issue scale is ``scale=(low, high)`` when given, else the observed range of positions
including uncertainty bounds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors, FloatArray, Triangular

BASE = ("capability", "position", "salience")


def read_actor_table(
    path: str | Path,
    *,
    issue: str | None = None,
    salience_max: float = 100.0,
    scale: tuple[float, float] | None = None,
) -> Actors:
    """Read a BDM-style actor CSV into :class:`Actors` (see module docstring)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError.single(f"cannot read: {err.strerror}", file=str(p)) from None
    return parse_actor_table(
        text, file=str(p), issue=issue or p.stem, salience_max=salience_max, scale=scale
    )


def parse_actor_table(
    text: str,
    *,
    file: str | None = None,
    issue: str = "issue",
    salience_max: float = 100.0,
    scale: tuple[float, float] | None = None,
) -> Actors:
    """Parse actor-table text; ``issue`` names the single issue of a ``position`` column."""
    rows = [
        (num, row)
        for num, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if row and not row[0].lstrip().startswith("#") and any(c.strip() for c in row)
    ]
    if not rows:
        raise InputError.single("no header line", file=file)
    header_line, header = rows[0]
    cols = [h.strip() for h in header]
    dims = _dimensions(cols, issue, file, header_line)
    body = rows[1:]
    if not body:
        raise InputError.single("no actor rows", file=file)
    values, problems = _read_cells(cols, body, dims, issue, file)
    if problems:
        raise InputError(problems)
    names = tuple(row[cols.index("actor")].strip() for _, row in body)
    return _build(names, dims, values, salience_max, scale, file)


def _dimensions(cols: list[str], issue: str, file: str | None, line: int) -> tuple[str, ...]:
    if "actor" not in cols or "capability" not in cols:
        raise InputError.single(
            "header needs 'actor' and 'capability' columns", file=file, line=line
        )
    if "position" in cols:
        return (issue,)
    dims = tuple(
        c.split(":", 1)[1]
        for c in cols
        if c.startswith("position:") and not c.endswith(("_low", "_high"))
    )
    missing = [d for d in dims if f"salience:{d}" not in cols]
    if not dims or missing:
        raise InputError.single(
            "header needs 'position' and 'salience', or 'position:<issue>' and "
            "'salience:<issue>' pairs" + (f" (no salience for {missing})" if missing else ""),
            file=file,
            line=line,
        )
    return dims


def _column(base: str, dim: str, issue: str) -> str:
    return base if base == "capability" or dim == issue else f"{base}:{dim}"


def _read_cells(
    cols: list[str],
    body: Sequence[tuple[int, list[str]]],
    dims: tuple[str, ...],
    issue: str,
    file: str | None,
) -> tuple[dict[str, FloatArray], list[Problem]]:
    """Every needed column as a float array (NaN for empty optional cells)."""
    wanted = {_column(b, d, issue) for b in BASE for d in dims}
    wanted |= {
        f"{c}{sfx}" for c in list(wanted) for sfx in ("_low", "_high") if f"{c}{sfx}" in cols
    }
    problems: list[Problem] = []
    values: dict[str, FloatArray] = {}
    for col in sorted(wanted):
        arr = np.full(len(body), np.nan)
        j = cols.index(col)
        for r, (num, row) in enumerate(body):
            cell = row[j].strip() if j < len(row) else ""
            if cell == "":
                if not col.endswith(("_low", "_high")):
                    problems.append(Problem(file, num, col, "missing value"))
                continue
            try:
                arr[r] = float(cell)
            except ValueError:
                problems.append(Problem(file, num, col, f"not a number: {cell!r}"))
        values[col] = arr
    for num, row in body:
        if not row[cols.index("actor")].strip():
            problems.append(Problem(file, num, "actor", "missing actor name"))
    return values, problems


def _build(
    names: tuple[str, ...],
    dims: tuple[str, ...],
    values: dict[str, FloatArray],
    salience_max: float,
    scale: tuple[float, float] | None,
    file: str | None,
) -> Actors:
    issue = dims[0] if len(dims) == 1 and "position" in values else None

    def grid(base: str, suffix: str = "") -> FloatArray:
        if base == "capability":
            return values.get(f"capability{suffix}", np.full(len(names), np.nan))
        cols = [values.get(_column(base, d, issue or "") + suffix) for d in dims]
        return np.stack([c if c is not None else np.full(len(names), np.nan) for c in cols], 1)

    divisor = {"capability": 1.0, "position": 1.0, "salience": salience_max}
    point = {b: grid(b) / divisor[b] for b in BASE}
    unc = {}
    for b in BASE:
        low, high = grid(b, "_low") / divisor[b], grid(b, "_high") / divisor[b]
        if np.isnan(low).all() and np.isnan(high).all():
            continue
        unc[b] = Triangular(
            np.where(np.isnan(low), point[b], low),
            point[b],
            np.where(np.isnan(high), point[b], high),
        )
    if scale is None:
        lows = [point["position"]] + ([unc["position"].low] if "position" in unc else [])
        highs = [point["position"]] + ([unc["position"].high] if "position" in unc else [])
        lo, hi = np.min(np.stack(lows), axis=(0, 1)), np.max(np.stack(highs), axis=(0, 1))
        hi = np.where(hi > lo, hi, lo + 1.0)
    else:
        lo = np.full(len(dims), float(scale[0]))
        hi = np.full(len(dims), float(scale[1]))
    try:
        return Actors(
            names, dims, point["capability"], point["position"], point["salience"], lo, hi, unc
        )
    except InputError as err:
        raise InputError(Problem(file, p.line, p.path, p.message) for p in err.problems) from None


__all__ = ["parse_actor_table", "read_actor_table"]
