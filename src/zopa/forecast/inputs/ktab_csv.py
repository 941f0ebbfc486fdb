"""Readers for KTAB's Spatial Model of Politics CSV input and its position log.

KTAB (github.com/KAPSARC/KTAB, MIT licence) documents these formats in its SMP tutorial and
``smpSchema.xsd``; in our words:

**CSV** (one scenario, default model parameters)::

    <scenario name>,<description>,<number of actors>,<number of dimensions>
    Actor,Description,<Influence|Power>,<Dim 1 position>,<Dim 1 salience>,...
    <id>,<description>,<capability>,<position 1>,<salience 1>,...

Positions and saliences are on 0-100; an actor's saliences sum to at most 100; capability is
non-negative. Fields are trimmed, quotes removed and trailing empty fields ignored.

The XML reader is :mod:`zopa.forecast.inputs.ktab_xml`.

**posLog** (written by ``smpc --savehist``): a header line, then per actor its name and its
positions for dimension 1 at every state, then dimension 2 at every state, and so on.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from zopa._types import FloatArray
from zopa.errors import InputError
from zopa.forecast.actors import Actors
from zopa.forecast.inputs.ktab import KTABScenario, Problems
from zopa.model.guarded import csv_rows, read_prefix, read_text


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """Non-blank CSV rows with their 1-based line numbers, fields trimmed, trailing blanks cut."""
    text = read_text(path, what="a KTAB CSV scenario")
    return csv_rows(text, str(path), skipinitialspace=True)


def read_ktab_table(path: str | Path) -> KTABScenario:
    """Read a KTAB SMP CSV scenario; any malformed field is an :class:`InputError` with its line."""
    p = Path(path)
    rows = _rows(p)
    probs = Problems(str(p))
    if len(rows) < 2:
        raise InputError.single(
            "expected a scenario line, a header line and actor lines", file=str(p)
        )
    (line1, head), (line2, header) = rows[0], rows[1]
    if len(head) < 4:
        raise InputError.single(
            "first line needs: scenario name, description, number of actors, number of dimensions",
            file=str(p),
            line=line1,
        )
    counts = []
    for text, what in ((head[2], "number of actors"), (head[3], "number of dimensions")):
        try:
            counts.append(int(text))
        except ValueError:
            raise InputError.single(
                f"{what} must be a whole number, got {text!r}", file=str(p), line=line1
            ) from None
    n, dims = counts
    if n < 1 or dims < 1:
        raise InputError.single(
            "need at least one actor and one dimension", file=str(p), line=line1
        )
    width = 3 + 2 * dims
    if len(header) < width:
        raise InputError.single(
            f"header needs {width} columns (Actor, Description, capability and a position and "
            f"salience column per dimension), found {len(header)}",
            file=str(p),
            line=line2,
        )
    dim_names = tuple(header[3 + 2 * k] or f"Dim{k + 1}" for k in range(dims))
    if len(set(dim_names)) != dims:
        probs.add(line2, "header", f"dimension names must be unique, got {list(dim_names)}")
    actor_rows = rows[2:]
    if len(actor_rows) != n:
        where = (
            actor_rows[n][0]
            if len(actor_rows) > n
            else (actor_rows[-1][0] if actor_rows else line2)
        )
        probs.add(where, "", f"the first line declares {n} actors, the file has {len(actor_rows)}")
        probs.raise_any()  # before sizing any array by the declared count
    names, descs, cap = [], [], np.zeros(n)
    pos, sal = np.zeros((n, dims)), np.zeros((n, dims))
    for a, (line, cells) in enumerate(actor_rows[:n]):
        name = cells[0] if cells else ""
        if len(cells) > width:
            probs.add(line, name, f"expected {width} fields, found {len(cells)}")
        if len(cells) < width:
            probs.add(line, name, f"expected {width} fields, found {len(cells)}")
            names.append(name or f"#{a + 1}")
            descs.append("")
            continue
        if not name:
            probs.add(line, "Actor", "actor id is empty")
        names.append(name or f"#{a + 1}")
        descs.append(cells[1])
        _actor_values(probs, line, name, cells, a, cap, pos, sal, dim_names)
    seen: dict[str, int] = {}
    for (line, _), name in zip(actor_rows, names, strict=False):
        if name in seen:
            probs.add(line, name, f"actor id repeats the one on line {seen[name]}")
        seen.setdefault(name, line)
    if np.isfinite(cap).all() and not cap.max() > 0:
        probs.add(line2, "capability", "at least one actor needs positive capability")
    probs.raise_any()
    return KTABScenario(head[0], head[1], tuple(names), tuple(descs), dim_names, cap, pos, sal)


def _actor_values(
    probs: Problems,
    line: int,
    name: str,
    cells: list[str],
    a: int,
    cap: FloatArray,
    pos: FloatArray,
    sal: FloatArray,
    dim_names: tuple[str, ...],
) -> None:
    cap[a] = probs.number(cells[2], line, f"{name}.capability")
    if cap[a] < 0:
        probs.add(line, f"{name}.capability", "capability must be non-negative")
    for k, dim in enumerate(dim_names):
        pos[a, k] = probs.number(cells[3 + 2 * k], line, f"{name}.{dim}.position")
        sal[a, k] = probs.number(cells[4 + 2 * k], line, f"{name}.{dim}.salience")
        if not 0.0 <= pos[a, k] <= 100.0:
            probs.add(line, f"{name}.{dim}.position", "position must lie in [0, 100]")
        if not 0.0 <= sal[a, k] <= 100.0:
            probs.add(line, f"{name}.{dim}.salience", "salience must lie in [0, 100]")
    if np.all(np.isfinite(sal[a])) and sal[a].sum() > 100.0 + 1e-9:
        probs.add(line, f"{name}.salience", f"saliences sum to {sal[a].sum():g}, more than 100")


def read_ktab_csv(path: str | Path) -> Actors:
    """Actors of a KTAB SMP CSV scenario (0-100 scale, saliences divided by 100)."""
    return read_ktab_table(path).to_actors()


def looks_like_ktab_csv(path: str | Path) -> bool:
    """Whether a file's first two lines have the shape of a KTAB SMP CSV scenario; reads at
    most the first few kilobytes of a regular file (see :mod:`zopa.model.guarded`)."""
    head = read_prefix(Path(path))
    if head is None:
        return False
    try:
        text = head.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as err:
        text = head[: err.start].decode("utf-8-sig", errors="ignore")
    lines = text.splitlines()[:2]
    if len(lines) < 2:
        return False
    try:
        first, second = (next(csv.reader([line]), []) for line in lines)
    except csv.Error:
        return False
    head_cells = [f.strip() for f in first]
    try:
        dims = int(head_cells[3])
        int(head_cells[2])
    except (IndexError, ValueError):
        return False
    return len([f for f in second if f.strip()]) >= 3 + 2 * dims


__all__ = [
    "looks_like_ktab_csv",
    "read_ktab_csv",
    "read_ktab_table",
]
