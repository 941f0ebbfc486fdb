"""An independent GENIUS utility evaluator for conformance tests.

Written straight from the rules in ``negotiation-domains/FORMATS.md`` §4 with the standard library
XML parser (the reference copies are well-formed), sharing no code with ``zopa.io``. It gives,
for each profile, a weighted value table per issue keyed by the value's label (discrete) or number
(integer / real), so tests can score any outcome named by its labels.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path


def domain_issues(domain_file: Path) -> list[tuple[int, str, str]]:
    """``(index, name, type)`` of the domain's issues in document order."""
    root = ET.parse(domain_file).getroot()
    out = []
    for el in root.iter("issue"):
        kind = (el.get("type") or "discrete").lower()
        out.append(
            (
                int(el.get("index")),
                el.get("name"),
                kind if kind in ("integer", "real") else "discrete",
            )
        )
    return out


class Profile:
    """One utility space file, evaluated the GENIUS way."""

    def __init__(self, path: Path, issues: Sequence[tuple[int, str, str]]) -> None:
        root = ET.parse(path).getroot()
        self.kind = (root.get("type") or "linear").lower()
        self.issues = {index: (name, kind) for index, name, kind in issues}
        # weights go to the domain issue with that index (the profile's own objective may
        # reuse an issue's index, as in ANAC 2012 Amsterdam); any other weight is unused
        self.weights = {
            int(w.get("index")): float(w.get("value"))
            for w in root.iter("weight")
            if int(w.get("index")) in self.issues
        }
        self.issue_elements = {int(el.get("index")): el for el in root.iter("issue")}
        self.utility = next(root.iter("utility"), None)
        self.evaluations: dict[int, dict[str, float]] = {}
        for index, el in self.issue_elements.items():
            evals = self.evaluations.setdefault(index, {})
            for item in el.findall("item"):  # a repeated value keeps its last evaluation
                if item.get("evaluation") is not None:
                    evals[item.get("value")] = float(item.get("evaluation"))

    def value(self, index: int, x: str | float) -> float:
        """v_i(x) for the linear profile (0 when the issue has no evaluator)."""
        el = self.issue_elements.get(index)
        if el is None:
            return 0.0
        kind = self.issues[index][1]
        if kind == "discrete":
            evals = self.evaluations[index]
            if not evals:
                return 0.0
            top = max(evals.values())
            return 0.0 if top < 1e-5 else evals[str(x)] / top
        ev = el.find("evaluator")
        x = float(x)
        if ev is None:
            return 0.0
        p = {
            k: float(v) for k, v in ev.attrib.items() if k.startswith(("param", "slope", "offset"))
        }
        ftype = (ev.get("ftype") or "linear").lower()
        if ftype == "linear" and "slope" in p:
            rng = el if el.get("lowerbound") is not None else el.find("range")
            y = p["slope"] * (x - float(rng.get("lowerbound"))) + p.get("offset", 0.0)
        elif ftype == "linear":
            y = p.get("parameter1", 0.0) * x + p.get("parameter0", 0.0)
        elif ftype == "constant":
            y = p["parameter0"]
        else:  # triangular
            lo, hi, top = p["parameter0"], p["parameter1"], p["parameter2"]
            if x <= lo or x >= hi:
                y = 0.0
            else:
                y = (x - lo) / (top - lo) if x <= top else (hi - x) / (hi - top)
        return min(1.0, max(0.0, y))

    def utility_of(self, outcome: Mapping[int, str | float]) -> float:
        """u(outcome) with outcome given as {issue index: label or number}."""
        if self.kind == "nonlinear":
            return min(
                1.0,
                _ufun(self.utility.find("ufun"), outcome) / float(self.utility.get("maxutility")),
            )
        total = 0.0
        for index in self.issues:
            if index in self.weights and index in self.issue_elements:
                total += self.weights[index] * self.value(index, outcome[index])
        return min(1.0, total)


def _ufun(el: ET.Element, outcome: Mapping[int, str | float]) -> float:
    parts = []
    for r in el.findall("hyperRectangle"):
        inc, exc = r.findall("INCLUDES"), r.findall("EXCLUDES")
        inside = [
            float(b.get("min")) <= float(outcome[int(b.get("index"))]) <= float(b.get("max"))
            for b in inc + exc
        ]
        if not inside:
            hit = True
        elif exc:
            hit = not all(inside)
        else:
            hit = all(inside)
        parts.append(float(r.get("utility")) * float(r.get("weight", "1")) if hit else 0.0)
    for child in el.findall("ufun"):
        parts.append(float(child.get("weight", "1")) * _ufun(child, outcome))
    agg = (el.get("aggregation") or "sum").lower()
    if not parts:
        return 0.0
    return min(parts) if agg == "min" else max(parts) if agg == "max" else sum(parts)
