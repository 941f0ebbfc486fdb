"""Readers for KTAB's Spatial Model of Politics inputs (CSV and XML) and its position log.

KTAB (github.com/KAPSARC/KTAB, MIT licence) documents these formats in its SMP tutorial and
``smpSchema.xsd``; in our words:

**CSV** (one scenario, default model parameters)::

    <scenario name>,<description>,<number of actors>,<number of dimensions>
    Actor,Description,<Influence|Power>,<Dim 1 position>,<Dim 1 salience>,...
    <id>,<description>,<capability>,<position 1>,<salience 1>,...

Positions and saliences are on 0-100; an actor's saliences sum to at most 100; capability is
non-negative. Fields are trimmed, quotes removed and trailing empty fields ignored.

**XML**: ``<Scenario>`` with ``<name>``, ``<desc>``, ``<prngSeed>``, optional
``<ModelParameters>`` (the nine parameters by KTAB name), ``<Dimensions>`` of ``<dName>``,
``<Actors>`` of ``<Actor>`` (``name``, ``description``, ``capability``, ``<Position>`` of
``<dCoord>``, ``<Salience>`` of ``<dSal>``) and optional ``<IdealAdjustment>`` of ``<iaPair>``
(``adjustingIdeal``, ``referencePos``, ``adjust``): the accommodation matrix, identity elsewhere.

**posLog** (written by ``smpc --savehist``): a header line, then per actor its name and its
positions for dimension 1 at every state, then dimension 2 at every state, and so on.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

import numpy as np
import numpy.typing as npt

from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors, point_actors
from zopa.forecast.models.smp.params import ENUMS, XML_NAMES, SMPParams, parse_enum
from zopa.model.yamlsafe import read_text

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class KTABScenario:
    """A KTAB SMP scenario as read: values on KTAB's 0-100 scales, plus XML-only settings."""

    name: str
    description: str
    actor_names: tuple[str, ...]
    actor_descriptions: tuple[str, ...]
    dimensions: tuple[str, ...]
    capability: FloatArray  # (n,)
    position: FloatArray  # (n, D), 0-100
    salience: FloatArray  # (n, D), 0-100
    params: SMPParams | None = None
    seed: int | None = None
    accommodation: FloatArray | None = None  # (n, n); None means identity

    def to_actors(self) -> Actors:
        """The scenario's actors on the fixed 0-100 scale with saliences on [0, 1]."""
        return point_actors(
            self.actor_names,
            self.dimensions,
            self.capability,
            self.position,
            self.salience / 100.0,
            scale=(0.0, 100.0),
        )


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def add(self, line: int | None, path: str, message: str) -> None:
        self.items.append(Problem(self.file, line, path, message))

    def number(self, text: str, line: int | None, path: str) -> float:
        try:
            value = float(text)
        except ValueError:
            self.add(line, path, f"expected a number, got {text!r}")
            return float("nan")
        if not np.isfinite(value):
            self.add(line, path, f"expected a finite number, got {text!r}")
        return value

    def raise_any(self) -> None:
        if self.items:
            raise InputError(self.items)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """Non-blank CSV rows with their 1-based line numbers, fields trimmed, trailing blanks cut."""
    text = read_text(path, what="a KTAB CSV scenario")
    out = []
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    start = 1
    for fields in reader:
        cells = [f.strip() for f in fields]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append((start, cells))
        start = reader.line_num + 1
    return out


def read_ktab_table(path: str | Path) -> KTABScenario:
    """Read a KTAB SMP CSV scenario; any malformed field is an :class:`InputError` with its line."""
    p = Path(path)
    rows = _rows(p)
    probs = _Problems(str(p))
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
    probs: _Problems,
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
    """Whether a file's first two lines have the shape of a KTAB SMP CSV scenario."""
    try:
        with Path(path).open(encoding="utf-8-sig") as fh:
            first = next(csv.reader([fh.readline()]), [])
            second = next(csv.reader([fh.readline()]), [])
    except (OSError, UnicodeDecodeError):
        return False
    head = [f.strip() for f in first]
    try:
        dims = int(head[3])
        int(head[2])
    except (IndexError, ValueError):
        return False
    return len([f for f in second if f.strip()]) >= 3 + 2 * dims


def read_ktab_xml(path: str | Path) -> KTABScenario:
    """Read a KTAB SMP XML scenario, with its model parameters, seed and accommodation matrix."""
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except ET.ParseError as err:
        raise InputError.single(
            f"not well-formed XML: {err}", file=str(p), line=err.position[0]
        ) from None
    except OSError as err:
        raise InputError.single(f"cannot read: {err}", file=str(p)) from None
    probs = _Problems(str(p))
    lines = _actor_lines(p)
    if root.tag != "Scenario":
        raise InputError.single("the root element must be <Scenario>", file=str(p))
    params = _xml_params(root, probs)
    seed = _xml_seed(root, probs)
    dims = tuple((e.text or "").strip() for e in root.findall("Dimensions/dName"))
    actors = root.findall("Actors/Actor")
    if not dims or not actors:
        raise InputError.single(
            "needs <Dimensions> with <dName> and <Actors> with <Actor>", file=str(p)
        )
    n, d = len(actors), len(dims)
    names, descs = [], []
    cap, pos, sal = np.zeros(n), np.zeros((n, d)), np.zeros((n, d))
    for a, el in enumerate(actors):
        where = f"Actors.Actor[{a + 1}]"
        line = lines[a] if a < len(lines) else None
        name = (el.findtext("name") or "").strip()
        names.append(name or f"#{a + 1}")
        descs.append((el.findtext("description") or "").strip())
        where = f"{where} ({name})" if name else where
        cap[a] = probs.number(
            (el.findtext("capability") or "").strip(), line, f"{where}.capability"
        )
        for arr, tag in ((pos, "Position/dCoord"), (sal, "Salience/dSal")):
            vals = [(v.text or "").strip() for v in el.findall(tag)]
            if len(vals) != d:
                probs.add(line, f"{where}.{tag}", f"expected {d} values, found {len(vals)}")
                continue
            arr[a] = [probs.number(v, line, f"{where}.{tag}") for v in vals]
        for k, dim in enumerate(dims):
            for arr, what in ((pos, "position"), (sal, "salience")):
                if np.isfinite(arr[a, k]) and not 0.0 <= arr[a, k] <= 100.0:
                    probs.add(line, f"{where}.{dim}.{what}", f"{arr[a, k]:g} must lie in [0, 100]")
        if sal[a].sum() > 100.0 + 1e-9:
            probs.add(line, where, f"saliences sum to {sal[a].sum():g}, more than 100")
        if cap[a] < 0:
            probs.add(line, f"{where}.capability", "capability must be non-negative")
    _xml_duplicates(probs, names, dims, lines)
    if np.isfinite(cap).all() and not cap.max() > 0:
        probs.add(None, "Actors", "at least one actor needs positive capability")
    accommodation = _xml_accommodation(root, names, probs)
    probs.raise_any()
    return KTABScenario(
        (root.findtext("name") or "").strip(),
        (root.findtext("desc") or "").strip(),
        tuple(names),
        tuple(descs),
        dims,
        cap,
        pos,
        sal,
        params,
        seed,
        accommodation,
    )


def _xml_duplicates(
    probs: _Problems, names: list[str], dims: tuple[str, ...], lines: list[int]
) -> None:
    if len(set(dims)) != len(dims):
        probs.add(None, "Dimensions", f"dimension names must be unique, got {list(dims)}")
    seen: dict[str, int] = {}
    for a, name in enumerate(names):
        if name in seen:
            line = lines[a] if a < len(lines) else None
            probs.add(line, f"Actors.Actor[{a + 1}]", f"name {name!r} repeats Actor[{seen[name]}]")
        seen.setdefault(name, a + 1)


def _actor_lines(path: Path) -> list[int]:
    """The line on which each ``<Actor>`` element starts, in document order."""
    lines: list[int] = []
    parser = expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "Actor":
            lines.append(parser.CurrentLineNumber)

    parser.StartElementHandler = start
    try:
        with path.open("rb") as fh:
            parser.ParseFile(fh)
    except (OSError, expat.ExpatError):
        return []
    return lines


def _xml_params(root: ET.Element, probs: _Problems) -> SMPParams | None:
    block = root.find("ModelParameters")
    if block is None:
        return None
    values: dict[str, Any] = {}
    for name, tag in XML_NAMES.items():
        text = block.findtext(tag)
        if text is None:
            probs.add(None, f"ModelParameters.{tag}", "missing")
            continue
        try:
            values[name] = parse_enum(ENUMS[name], text, f"ModelParameters.{tag}")
        except InputError as err:
            probs.items += [Problem(probs.file, None, x.path, x.message) for x in err.problems]
    return SMPParams(**values) if len(values) == len(XML_NAMES) else None


def _xml_seed(root: ET.Element, probs: _Problems) -> int | None:
    text = (root.findtext("prngSeed") or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        probs.add(None, "prngSeed", f"expected a whole number, got {text!r}")
        return None


def _xml_accommodation(root: ET.Element, names: list[str], probs: _Problems) -> FloatArray | None:
    pairs = root.findall("IdealAdjustment/iaPair")
    if not pairs:
        return None
    n = len(names)
    index = {name: i for i, name in enumerate(names)}
    acc = np.eye(n)
    for k, el in enumerate(pairs):
        where = f"IdealAdjustment.iaPair[{k + 1}]"
        a = index.get((el.findtext("adjustingIdeal") or "").strip())
        b = index.get((el.findtext("referencePos") or "").strip())
        value = probs.number((el.findtext("adjust") or "").strip(), None, f"{where}.adjust")
        if a is None or b is None:
            probs.add(None, where, "adjustingIdeal and referencePos must name actors")
        elif not 0.0 <= value <= 1.0:
            probs.add(None, f"{where}.adjust", "must lie in [0, 1]")
        else:
            acc[a, b] = value
    if np.any(acc.sum(axis=1) > 1.0 + 1e-9):
        probs.add(None, "IdealAdjustment", "each actor's adjustments must sum to at most 1")
    return acc


def read_ktab(path: str | Path) -> KTABScenario:
    """A KTAB scenario from a ``.xml`` or a CSV file."""
    p = Path(path)
    return read_ktab_xml(p) if p.suffix.lower() == ".xml" else read_ktab_table(p)


def read_ktab_poslog(path: str | Path, dimensions: int) -> tuple[tuple[str, ...], FloatArray]:
    """Actor names and positions ``(states, n, D)`` (0-100) of a KTAB ``_posLog.csv``."""
    p = Path(path)
    rows = _rows(p)[1:]
    probs = _Problems(str(p))
    names, values = [], []
    for line, cells in rows:
        nums = [probs.number(c, line, cells[0]) for c in cells[1:]]
        if len(nums) % dimensions or not nums:
            probs.add(
                line, cells[0], f"expected a multiple of {dimensions} positions, found {len(nums)}"
            )
            continue
        names.append(cells[0])
        values.append(np.array(nums).reshape(dimensions, -1).T)
    if values and len({v.shape for v in values}) != 1:
        probs.add(None, "", "actors have different numbers of states")
    probs.raise_any()
    if not values:
        raise InputError.single("no actor rows", file=str(p))
    return tuple(names), np.stack(values, axis=1)


__all__ = [
    "KTABScenario",
    "looks_like_ktab_csv",
    "read_ktab",
    "read_ktab_csv",
    "read_ktab_poslog",
    "read_ktab_table",
    "read_ktab_xml",
]
