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

The issue scale is ``scale=(low, high)`` when given. Otherwise it is assumed to be 0–100 when
every position (uncertainty bounds included) lies in [0, 100], the usual scale of BDM and KTAB
tables (``scale_origin`` "default"), and else the observed range of the positions ("observed").
Both are guesses: the forecasts of scale-dependent models (Nash bargaining's disagreement point,
the SMP's utilities, the challenge model's stop tolerance) change with the scale, so
:func:`~zopa.forecast.inputs.sources.scale_warnings` warns and ``scale`` should be given.

Problems are reported in the file's own terms: file, line, column and the value as written
(salience on 0–``salience_max``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from zopa import params
from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors, FloatArray, Triangular
from zopa.model.guarded import csv_rows, read_text
from zopa.model.uncertain import MAX_MAGNITUDE

BASE = ("capability", "position", "salience")


def read_actor_table(
    path: str | Path,
    *,
    issue: str | None = None,
    salience_max: float = params.SALIENCE_MAX,
    scale: tuple[float, float] | None = None,
) -> Actors:
    """Read a BDM-style actor CSV into :class:`Actors` (see module docstring)."""
    p = Path(path)
    text = read_text(p, what="an actor table (CSV)")
    return parse_actor_table(
        text, file=str(p), issue=issue or p.stem, salience_max=salience_max, scale=scale
    )


def parse_actor_table(
    text: str,
    *,
    file: str | None = None,
    issue: str = "issue",
    salience_max: float = params.SALIENCE_MAX,
    scale: tuple[float, float] | None = None,
) -> Actors:
    """Parse actor-table text; ``issue`` names the single issue of a ``position`` column."""
    check_salience_max(salience_max)
    if scale is not None:
        _check_scale(scale)
    rows = _rows(text, file)
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
    names = tuple(_cell(row, cols.index("actor")) for _, row in body)
    lines = [num for num, _ in body]
    problems = _duplicates(names, lines, file) + _cell_checks(
        values, lines, salience_max, scale, file
    )
    if problems:
        raise InputError(problems)
    return _build(names, dims, values, salience_max, scale, file, lines)


def check_salience_max(salience_max: float, path: str = "salience_max") -> None:
    """:class:`InputError` unless ``salience_max`` is a positive finite number."""
    ok = isinstance(salience_max, int | float) and not isinstance(salience_max, bool)
    if not (ok and np.isfinite(salience_max) and salience_max > 0):
        raise InputError.single(
            f"the salience maximum must be a positive number, got {salience_max!r}", path=path
        )


def _check_scale(scale: tuple[float, float]) -> None:
    lo, hi = (float(v) for v in scale)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise InputError.single(
            f"the scale must be two finite numbers LOW < HIGH, got {lo:g}, {hi:g}", path="scale"
        )


def _rows(text: str, file: str | None = None) -> list[tuple[int, list[str]]]:
    """Non-comment, non-blank CSV records with the line on which each starts."""
    rows = csv_rows(text, file, strip=False)
    return [(num, row) for num, row in rows if row and not row[0].lstrip().startswith("#")]


def _duplicates(names: tuple[str, ...], lines: list[int], file: str | None) -> list[Problem]:
    first: dict[str, int] = {}
    out = []
    for name, line in zip(names, lines, strict=True):
        if name and name in first:
            out.append(Problem(file, line, "actor", f"{name!r} repeats line {first[name]}"))
        first.setdefault(name, line)
    return out


def _cell_checks(
    values: dict[str, FloatArray],
    lines: list[int],
    salience_max: float,
    scale: tuple[float, float] | None,
    file: str | None,
) -> list[Problem]:
    """Each value in the table's own units: finite, inside its bounds, low <= value <= high."""
    problems = []
    for col, arr in values.items():
        base = col.split(":", 1)[0].removesuffix("_low").removesuffix("_high")
        bounds = {
            "capability": (0.0, np.inf),
            "salience": (0.0, salience_max),
            "position": (-np.inf, np.inf) if scale is None else scale,
        }[base]
        for r, v in enumerate(arr):
            if np.isnan(v) and col.endswith(("_low", "_high")):
                continue
            if not np.isfinite(v):
                problems.append(Problem(file, lines[r], col, f"not a finite number: {v:g}"))
            elif abs(v) > MAX_MAGNITUDE:
                problems.append(Problem(file, lines[r], col, f"{v:g} is beyond ±{MAX_MAGNITUDE:g}"))
            elif not bounds[0] <= v <= bounds[1]:
                where = f"[{bounds[0]:g}, {bounds[1]:g}]" if base != "capability" else ">= 0"
                problems.append(Problem(file, lines[r], col, f"{v:g} must lie in {where}"))
    for col, arr in values.items():
        for sfx, ok in (("_low", np.less_equal), ("_high", np.greater_equal)):
            bound = values.get(col + sfx)
            if bound is None:
                continue
            for bad in np.flatnonzero(~np.isnan(bound) & ~ok(bound, arr)).tolist():
                side = "at most" if sfx == "_low" else "at least"
                problems.append(
                    Problem(file, lines[bad], col + sfx, f"must be {side} {col} ({arr[bad]:g})")
                )
    return problems


def _dimensions(cols: list[str], issue: str, file: str | None, line: int) -> tuple[str, ...]:
    if "actor" not in cols or "capability" not in cols:
        raise InputError.single(
            "header needs 'actor' and 'capability' columns", file=file, line=line
        )
    twice = sorted({c for c in cols if c and cols.count(c) > 1})
    if twice:
        raise InputError.single(
            f"column(s) named twice: {', '.join(twice)}", file=file, line=line, path="header"
        )
    if "position" in cols:
        if "salience" not in cols:
            raise InputError.single(
                "header has 'position' but no 'salience' column", file=file, line=line
            )
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


def _cell(row: list[str], j: int) -> str:
    """The trimmed cell ``j`` of a row, empty where the row is shorter."""
    return row[j].strip() if j < len(row) else ""


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
        if not _cell(row, cols.index("actor")):
            problems.append(Problem(file, num, "actor", "missing actor name"))
    return values, problems


def _build(
    names: tuple[str, ...],
    dims: tuple[str, ...],
    values: dict[str, FloatArray],
    salience_max: float,
    scale: tuple[float, float] | None,
    file: str | None,
    lines: list[int],
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
    lo, hi, origin = _scale(point, unc, scale, len(dims))
    try:
        return Actors.create(
            names,
            dims,
            point["capability"],
            point["position"],
            point["salience"],
            lo,
            hi,
            unc,
            scale_origin=origin,
        )
    except InputError as err:
        raise InputError(
            Problem(file, _line_of(p.path, names, lines), _table_path(p.path, dims), p.message)
            for p in err.problems
        ) from None


def _table_path(path: str, dims: tuple[str, ...]) -> str:
    """A problem path of :class:`Actors` in the table's terms (its column names)."""
    if path == "actors.capability":
        return "capability"
    for dim in dims:
        if path == f"actors.scale.{dim}":
            return "position" if len(dims) == 1 else f"position:{dim}"
    return path


def _line_of(path: str, names: tuple[str, ...], lines: list[int]) -> int | None:
    """The line of the actor a problem path ``actors.<name>.…`` names, if any."""
    for name, line in zip(names, lines, strict=True):
        if path.startswith(f"actors.{name}."):
            return line
    return None


def _scale(
    point: dict[str, FloatArray],
    unc: dict[str, Triangular],
    scale: tuple[float, float] | None,
    dims: int,
) -> tuple[FloatArray, FloatArray, tuple[str, ...]]:
    """Scale ends per dimension and where they came from (given, default 0–100, observed)."""
    if scale is not None:
        return np.full(dims, float(scale[0])), np.full(dims, float(scale[1])), ("given",) * dims
    tri = unc.get("position")
    lows = np.min(np.stack([point["position"]] + ([tri.low] if tri else [])), axis=(0, 1))
    highs = np.max(np.stack([point["position"]] + ([tri.high] if tri else [])), axis=(0, 1))
    inside = (lows >= 0) & (highs <= 100)
    lo = np.where(inside, 0.0, lows)
    hi = np.where(inside, 100.0, np.where(highs > lows, highs, lows + 1.0))
    origin = tuple("default" if ok else "observed" for ok in inside.tolist())
    return lo, hi, origin


__all__ = ["check_salience_max", "parse_actor_table", "read_actor_table"]
