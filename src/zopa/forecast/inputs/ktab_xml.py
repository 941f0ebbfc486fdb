"""Reader for KTAB's Spatial Model of Politics XML input.

KTAB (github.com/KAPSARC/KTAB, MIT licence) documents the format in its SMP tutorial and
``smpSchema.xsd``; in our words:

**XML**: ``<Scenario>`` with ``<name>``, ``<desc>``, ``<prngSeed>``, optional
``<ModelParameters>`` (the nine parameters by KTAB name), ``<Dimensions>`` of ``<dName>``,
``<Actors>`` of ``<Actor>`` (``name``, ``description``, ``capability``, ``<Position>`` of
``<dCoord>``, ``<Salience>`` of ``<dSal>``) and optional ``<IdealAdjustment>`` of ``<iaPair>``
(``adjustingIdeal``, ``referencePos``, ``adjust``): the accommodation matrix, identity elsewhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from xml.parsers import expat

import numpy as np

from zopa._types import FloatArray
from zopa.errors import InputError, Problem
from zopa.forecast.inputs.ktab import KTABScenario, Problems
from zopa.forecast.models.smp.params import ENUMS, XML_NAMES, SMPParams, parse_enum
from zopa.model.guarded import MAX_XML_DEPTH as MAX_DEPTH
from zopa.model.guarded import read_bytes


def read_ktab_xml(path: str | Path) -> KTABScenario:
    """Read a KTAB SMP XML scenario, with its model parameters, seed and accommodation matrix."""
    p = Path(path)
    data = read_bytes(p, what="a KTAB XML scenario")
    lines = _actor_lines(data, str(p))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise InputError.single(
            f"not well-formed XML: {err}", file=str(p), line=err.position[0]
        ) from None
    probs = Problems(str(p))
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
    probs: Problems, names: list[str], dims: tuple[str, ...], lines: list[int]
) -> None:
    if len(set(dims)) != len(dims):
        probs.add(None, "Dimensions", f"dimension names must be unique, got {list(dims)}")
    seen: dict[str, int] = {}
    for a, name in enumerate(names):
        if name in seen:
            line = lines[a] if a < len(lines) else None
            probs.add(line, f"Actors.Actor[{a + 1}]", f"name {name!r} repeats Actor[{seen[name]}]")
        seen.setdefault(name, a + 1)


def _actor_lines(data: bytes, file: str) -> list[int]:
    """The line on which each ``<Actor>`` element starts, in document order; elements nested
    deeper than :data:`MAX_DEPTH` are a located InputError."""
    lines: list[int] = []
    depth = 0
    parser = expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            message = f"elements nested more than {MAX_DEPTH} levels deep"
            raise InputError.single(message, file=file, line=parser.CurrentLineNumber)
        if name == "Actor":
            lines.append(parser.CurrentLineNumber)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return []  # reported by the tree parser with its own message
    return lines


def _xml_params(root: ET.Element, probs: Problems) -> SMPParams | None:
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


def _xml_seed(root: ET.Element, probs: Problems) -> int | None:
    text = (root.findtext("prngSeed") or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        probs.add(None, "prngSeed", f"expected a whole number, got {text!r}")
        return None


def _xml_accommodation(root: ET.Element, names: list[str], probs: Problems) -> FloatArray | None:
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


__all__ = ["read_ktab_xml"]
