"""Hypothesis generators shared by the tests: random valid scenarios."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

unit = st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 3))
ident = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda s: s not in {"and", "or", "not", "in", "if", "then", "true", "false"}
)


@st.composite
def issues(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(ident, min_size=1, max_size=4, unique=True))
    out: dict[str, Any] = {}
    for name in names:
        if draw(st.booleans()):
            n = draw(st.integers(1, 4))
            out[name] = {
                "options": [f"{name}_o{j}" for j in range(n)],
                "ordered": draw(st.booleans()),
            }
        else:
            lo = draw(st.integers(-50, 50))
            width = draw(st.integers(1, 100))
            out[name] = {"range": [lo, lo + width], "step": width / draw(st.integers(1, 5))}
    return out


@st.composite
def interest(draw: st.DrawFn, spec: dict[str, Any]) -> dict[str, Any]:
    weight: Any = draw(unit.filter(lambda w: w > 0.01))
    if draw(st.booleans()):
        a, b = sorted([weight, draw(unit)])
        weight = {"low": a, "mode": weight, "high": max(b, weight)}
    if "options" in spec:
        if spec["ordered"] and draw(st.booleans()):
            return {"weight": weight, "prefers": draw(st.sampled_from(["high", "low"]))}
        return {"weight": weight, "values": {o: draw(unit) for o in spec["options"]}}
    lo, hi = spec["range"]
    kind = draw(st.sampled_from(["prefers", "ideal", "points"]))
    if kind == "prefers":
        return {"weight": weight, "prefers": draw(st.sampled_from(["high", "low"]))}
    if kind == "ideal":
        return {"weight": weight, "ideal": draw(st.integers(lo, hi)) * 1.0}
    xs = sorted(draw(st.lists(st.integers(lo, hi), min_size=2, max_size=4, unique=True)))
    return {"weight": weight, "points": [[x, draw(unit)] for x in xs]}


@st.composite
def scenarios(draw: st.DrawFn, max_parties: int = 4) -> dict[str, Any]:
    """A random valid scenario as plain data (with one proposal and maybe red lines)."""
    iss = draw(issues())
    party_names = draw(st.lists(ident, min_size=1, max_size=max_parties, unique=True))
    parties: dict[str, Any] = {}
    for k, p in enumerate(party_names):
        chosen = draw(st.lists(st.sampled_from(sorted(iss)), min_size=1, unique=True))
        red: list[str] = []
        first = sorted(iss)[0]
        if draw(st.booleans()):
            spec = iss[first]
            if "options" in spec:
                red.append(f"{first} != {spec['options'][-1]}")
            else:
                red.append(f"{first} <= {spec['range'][1]} or {first} == {spec['range'][0]}")
        parties[p] = {
            "signatory": k == 0 or draw(st.booleans()),
            "reservation": draw(unit),
            "interests": {i: draw(interest(iss[i])) for i in chosen},
            "red_lines": red,
        }
    terms: dict[str, Any] = {}
    for i, spec in iss.items():
        if "options" in spec:
            terms[i] = draw(st.sampled_from(spec["options"]))
        else:
            terms[i] = float(draw(st.integers(*spec["range"])))
    return {
        "name": "generated",
        "issues": iss,
        "parties": parties,
        "proposals": {"p": {"by": party_names[0], "terms": terms}},
    }
