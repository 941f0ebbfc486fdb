"""Non-linear GENIUS utility: sums (or min / max) of hyper-rectangle constraints.

The ANAC 2014 competition used these profiles (Fujita, Aydoğan, Baarslag, Ito, Jonker, "The Fifth
Automated Negotiating Agents Competition (ANAC 2014)", SCI 638, Springer 2016). A profile holds a
tree of utility functions (``<ufun aggregation="sum|min|max" weight="..">``) whose leaves are
hyper-rectangles (``<hyperRectangle utility=".." weight="..">``):

* an INCLUDES rectangle is worth ``utility·weight`` when *every* listed issue value lies in its
  inclusive ``[min, max]``; an EXCLUDES rectangle when *at least one* lies outside; a rectangle
  with no bounds is always worth its value; otherwise a rectangle is worth 0;
* a ufun aggregates its rectangles and its nested ufuns (each times the nested ufun's weight);
  the weight of the top-level ufun is not applied;
* the utility is ``min(1, value / maxutility)``.

When every aggregation is a sum and every contribution is non-negative, the profile is exactly a
set of package terms (one per rectangle, value ``utility`` times the weights above it) with
``scale = maxutility``; :func:`as_terms` returns them. Min/max aggregation has no counterpart in
the scenario language; :func:`evaluate` computes it directly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from zopa.io._xml import Element, XmlFile
    from zopa.io.genius_xml import GeniusIssue

Aggregation = Literal["sum", "min", "max"]


@dataclass(frozen=True)
class Bound:
    """Issue ``index`` must lie in ``[low, high]`` (inclusive)."""

    index: int
    low: float
    high: float


@dataclass(frozen=True)
class Rectangle:
    bounds: tuple[Bound, ...]
    exclusive: bool
    utility: float
    weight: float = 1.0


@dataclass(frozen=True)
class UFun:
    aggregation: Aggregation
    weight: float
    rectangles: tuple[Rectangle, ...]
    children: tuple[UFun, ...]


@dataclass(frozen=True)
class Term:
    """A package term: ``value`` is added when the rectangle condition holds."""

    bounds: tuple[Bound, ...]
    exclusive: bool
    value: float


def holds(rect: Rectangle, columns: Mapping[int, np.ndarray], n: int) -> np.ndarray:
    """Where the rectangle's condition holds, for ``n`` outcomes given as value columns."""
    if not rect.bounds:
        return np.ones(n, dtype=bool)
    inside = [(columns[b.index] >= b.low) & (columns[b.index] <= b.high) for b in rect.bounds]
    if rect.exclusive:
        return np.asarray(np.logical_or.reduce([~m for m in inside]))
    return np.asarray(np.logical_and.reduce(inside))


def evaluate(ufun: UFun, columns: Mapping[int, np.ndarray], n: int) -> np.ndarray:
    """The ufun's raw value (before division by maxutility) for ``n`` outcomes."""
    parts = [holds(r, columns, n) * (r.utility * r.weight) for r in ufun.rectangles]
    parts += [evaluate(c, columns, n) * c.weight for c in ufun.children]
    if not parts:
        return np.zeros(n)
    stack = np.vstack(parts)
    if ufun.aggregation == "min":
        return np.asarray(stack.min(axis=0))
    if ufun.aggregation == "max":
        return np.asarray(stack.max(axis=0))
    return np.asarray(stack.sum(axis=0))


def as_terms(ufun: UFun, factor: float = 1.0) -> tuple[Term, ...] | str:
    """The ufun as package terms, or the reason it cannot be written that way."""
    if ufun.aggregation != "sum":
        return f"'{ufun.aggregation}' aggregation is not a sum of terms"
    out: list[Term] = []
    for r in ufun.rectangles:
        value = r.utility * r.weight * factor
        if value < 0:
            return f"a rectangle has the negative value {value:g}"
        if value > 0:
            out.append(Term(r.bounds, r.exclusive, value))
    for child in ufun.children:
        sub = as_terms(child, factor * child.weight)
        if isinstance(sub, str):
            return sub
        out.extend(sub)
    return tuple(out)


# -- parsing --------------------------------------------------------------------------------------


def parse_utility(
    xml: XmlFile, root: Element, issues: Mapping[int, GeniusIssue]
) -> tuple[UFun, float]:
    """The top-level ufun and ``maxutility`` of a non-linear utility space."""
    util = next(root.iter("utility"), None)
    if util is None:
        raise xml.error(root, "a nonlinear utility space needs a <utility> element")
    top = next(iter(util.find_all("ufun")), None)
    if top is None:
        raise xml.error(util, "<utility> needs a <ufun>")
    text = util.get("maxutility")
    if text is None:
        raise xml.error(util, "<utility> needs a 'maxutility' attribute")
    max_utility = _num(xml, util, "maxutility", None)
    if max_utility <= 0:
        raise xml.error(util, f"'maxutility' must be > 0, got {max_utility:g}")
    return _ufun(xml, top, issues), max_utility


def _ufun(xml: XmlFile, el: Element, issues: Mapping[int, GeniusIssue]) -> UFun:
    agg = (el.get("aggregation") or "sum").lower()
    if agg not in ("sum", "min", "max"):
        raise xml.error(el, f"aggregation must be sum, min or max, got {agg!r}")
    rects = tuple(_rectangle(xml, r, issues) for r in el.find_all("hyperRectangle"))
    children = tuple(_ufun(xml, c, issues) for c in el.find_all("ufun"))
    return UFun(agg, _num(xml, el, "weight", 1.0), rects, children)  # type: ignore[arg-type]


def _rectangle(xml: XmlFile, el: Element, issues: Mapping[int, GeniusIssue]) -> Rectangle:
    inc, exc = el.find_all("INCLUDES"), el.find_all("EXCLUDES")
    if inc and exc:
        raise xml.error(el, "a hyperRectangle holds either INCLUDES or EXCLUDES bounds, not both")
    bounds = []
    for b in inc or exc:
        index = int(_num(xml, b, "index", None))
        issue = issues.get(index)
        if issue is None:
            raise xml.error(b, f"bound on unknown issue index {index}")
        if issue.kind == "discrete":
            raise xml.error(b, f"bound on discrete issue {issue.name!r}; bounds need numbers")
        bounds.append(Bound(index, _num(xml, b, "min", None), _num(xml, b, "max", None)))
    return Rectangle(
        tuple(bounds), bool(exc), _num(xml, el, "utility", None), _num(xml, el, "weight", 1.0)
    )


def _num(xml: XmlFile, el: Element, name: str, default: float | None) -> float:
    text = el.get(name)
    if text is None:
        if default is None:
            raise xml.error(el, f"<{el.tag}> needs a '{name}' attribute")
        return default
    try:
        value = float(text)
    except ValueError:
        raise xml.error(el, f"<{el.tag}> '{name}' must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise xml.error(el, f"<{el.tag}> '{name}' must be finite, got {text!r}")
    return value
