"""Reading GENIUS domain and utility-space files into plain records with GENIUS semantics.

The semantics follow the GENIUS 10.4 loader (Lin et al., "Genius: An integrated environment for
supporting the design of generic automated negotiators", Computational Intelligence 30(1), 2014)
as summarised in ``negotiation-domains/FORMATS.md`` of the reference set:

* issues are identified by their integer ``index``; the outcome space is the product of the
  issues in document order;
* a discrete value's utility is its evaluation divided by the largest evaluation of that issue in
  that profile (0 for every value when that maximum is below 1e-5); a repeated ``<item>`` keeps the
  last evaluation, as GENIUS's evaluation map does;
* an integer issue's utility is ``clamp(slope·(x − lowerbound) + offset, 0, 1)``; the legacy
  ``parameter0``/``parameter1`` form and real issues use ``clamp(parameter1·x + parameter0, 0, 1)``;
  real issues may also be ``constant`` or ``triangular``;
* weights are matched by index and used as written; an issue counts only with both a weight and an
  evaluator; a missing reservation is 0; a discount factor that is missing, ≤ 0 or > 1 is 1.

Integer and real value functions are kept as exact piecewise-linear breakpoints.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from zopa.io._xml import Element, XmlFile
from zopa.io.hyperrect import UFun, parse_utility

IssueKind = Literal["discrete", "integer", "real"]
ProfileKind = Literal["linear", "uncertain", "nonlinear"]
Points = tuple[tuple[float, float], ...]

#: GENIUS treats an issue whose largest evaluation is below this as worth nothing.
ZERO_MAX = 1e-5


@dataclass(frozen=True)
class GeniusIssue:
    """An issue of a domain file: discrete ``values`` or integer/real bounds."""

    index: int
    name: str
    kind: IssueKind
    values: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 0.0
    line: int | None = None


@dataclass(frozen=True)
class DomainFile:
    """A ``<negotiation_template>`` file."""

    path: str
    name: str
    issues: tuple[GeniusIssue, ...]
    objectives: frozenset[int]
    agents: dict[str, str]
    notes: tuple[str, ...]

    def issue(self, index: int) -> GeniusIssue | None:
        return next((i for i in self.issues if i.index == index), None)


@dataclass(frozen=True)
class Evaluation:
    """One issue's value function on [0, 1]: per-value numbers or piecewise-linear points."""

    values: dict[str, float] | None = None
    points: Points | None = None


@dataclass(frozen=True)
class ProfileFile:
    """A ``<utility_space>`` file, with GENIUS defaults applied."""

    path: str
    kind: ProfileKind
    weights: dict[int, float]
    evaluations: dict[int, Evaluation]
    reservation: float | None
    discount: float
    ufun: UFun | None
    max_utility: float | None
    notes: tuple[str, ...]


# -- domain ---------------------------------------------------------------------------------------


def read_domain(xml: XmlFile) -> DomainFile:
    """Parse a domain (``negotiation_template``) file."""
    root = xml.root
    notes = list(xml.repairs)
    space = next(iter(root.find_all("utility_space")), None)
    top = next(iter(space.find_all("objective")), None) if space is not None else None
    if top is None:
        raise xml.error(root, "a domain needs <utility_space><objective>...</objective>")
    objectives = frozenset(_int(xml, o, "index") for o in top.iter("objective"))
    issues: list[GeniusIssue] = []
    for el in top.iter("issue"):
        issue = _domain_issue(xml, el, notes)
        if any(i.index == issue.index for i in issues):
            raise xml.error(el, f"issue index {issue.index} is used twice")
        issues.append(issue)
    if not issues:
        raise xml.error(top, "the domain has no <issue>")
    agents = {
        str(a.get("utility_space")): str(a.get("name") or "")
        for a in root.find_all("agent")
        if a.get("utility_space")
    }
    return DomainFile(
        xml.path, top.get("name") or "", tuple(issues), objectives, agents, tuple(notes)
    )


def _domain_issue(xml: XmlFile, el: Element, notes: list[str]) -> GeniusIssue:
    index = _int(xml, el, "index")
    name = el.get("name") or f"issue{index}"
    kind = issue_kind(el)
    if kind == "discrete":
        values: list[str] = []
        for item in el.find_all("item"):
            value = item.get("value")
            if value is None:
                raise xml.error(item, f"an <item> of issue {name!r} has no 'value'")
            if value in values:
                notes.append(
                    f"line {item.line}: value {value!r} of issue {name!r} is listed "
                    "twice; kept once"
                )
                continue
            values.append(value)
        if not values:
            raise xml.error(el, f"discrete issue {name!r} has no <item>")
        return GeniusIssue(index, name, kind, values=tuple(values), line=el.line)
    low, high = bounds(xml, el)
    if kind == "integer" and (low != int(low) or high != int(high)):
        raise xml.error(el, f"integer issue {name!r} needs whole-number bounds")
    return GeniusIssue(index, name, kind, low=low, high=high, line=el.line)


def issue_kind(el: Element) -> IssueKind:
    """``type`` decides (case-insensitive); absent or unknown means discrete."""
    kind = (el.get("type") or "discrete").lower()
    return kind if kind in ("integer", "real") else "discrete"  # type: ignore[return-value]


def bounds(xml: XmlFile, el: Element) -> tuple[float, float]:
    """``lowerbound``/``upperbound`` on the issue, or on a legacy ``<range>`` child."""
    holder = el
    if el.get("lowerbound") is None:
        holder = next(iter(el.find_all("range")), el)
    low, high = _float(xml, holder, "lowerbound"), _float(xml, holder, "upperbound")
    if not low <= high:
        raise xml.error(holder, f"lowerbound {low:g} is above upperbound {high:g}")
    return low, high


# -- profile --------------------------------------------------------------------------------------


def read_profile(xml: XmlFile, domain: DomainFile) -> ProfileFile:
    """Parse a utility-space file against its domain."""
    root = xml.root
    notes = list(xml.repairs)
    kind = _profile_kind(xml, root, notes)
    weights: dict[int, float] = {}
    for w in root.iter("weight"):
        index = _int(xml, w, "index")
        if index in domain.objectives:
            continue
        if domain.issue(index) is None:
            notes.append(f"line {w.line}: weight for unknown issue index {index} ignored")
            continue
        weights[index] = _float(xml, w, "value")
    evaluations: dict[int, Evaluation] = {}
    if kind != "nonlinear":
        for el in root.iter("issue"):
            index = _int(xml, el, "index")
            issue = domain.issue(index)
            if issue is None:
                raise xml.error(el, f"issue index {index} is not in the domain {domain.path}")
            ev = _evaluation(xml, el, issue, notes)
            if ev is not None:
                evaluations[index] = ev
    ufun, max_utility = None, None
    if kind == "nonlinear":
        ufun, max_utility = parse_utility(xml, root, {i.index: i for i in domain.issues})
    return ProfileFile(
        xml.path,
        kind,
        weights,
        evaluations,
        _reservation(xml, root),
        _discount(xml, root),
        ufun,
        max_utility,
        tuple(notes),
    )


def _profile_kind(xml: XmlFile, root: Element, notes: list[str]) -> ProfileKind:
    raw = (root.get("type") or "linear").lower()
    if raw == "constraint":
        raise xml.error(root, "constraint utility spaces are not supported")
    if raw in ("linear", "uncertain", "nonlinear"):
        return raw  # type: ignore[return-value]
    notes.append(f"utility space type {raw!r} read as linear")
    return "linear"


def _reservation(xml: XmlFile, root: Element) -> float | None:
    el = next(root.iter("reservation"), None)
    if el is None or el.get("value") is None:
        return None
    return _float(xml, el, "value")


def _discount(xml: XmlFile, root: Element) -> float:
    el = next(root.iter("discount_factor"), None)
    if el is None or el.get("value") is None:
        return 1.0
    d = _float(xml, el, "value")
    return d if 0 < d <= 1 else 1.0


def _evaluation(
    xml: XmlFile, el: Element, issue: GeniusIssue, notes: list[str]
) -> Evaluation | None:
    if issue.kind == "discrete":
        return _discrete(xml, el, issue, notes)
    evaluator = next(iter(el.find_all("evaluator")), None)
    if issue.kind == "integer":
        low = _float(xml, el, "lowerbound") if el.get("lowerbound") is not None else issue.low
        if evaluator is None:
            return Evaluation(points=((issue.low, 0.0), (issue.high, 0.0)))
        return Evaluation(points=_integer_points(xml, evaluator, issue, low))
    if evaluator is None:
        return None
    return Evaluation(points=_real_points(xml, evaluator, issue))


def _discrete(xml: XmlFile, el: Element, issue: GeniusIssue, notes: list[str]) -> Evaluation | None:
    raw: dict[str, float] = {}
    for item in el.find_all("item"):
        value, text = item.get("value"), item.get("evaluation")
        if value is None or text is None:
            continue
        evaluation = _float(xml, item, "evaluation")
        if evaluation < 0:
            raise xml.error(item, f"evaluation {evaluation:g} of {value!r} is negative")
        if value in raw:
            notes.append(
                f"line {item.line}: value {value!r} of issue {issue.name!r} is "
                f"evaluated twice; the last evaluation ({evaluation:g}) counts"
            )
        elif value not in issue.values:
            notes.append(f"line {item.line}: value {value!r} is not in issue {issue.name!r}")
        raw[value] = evaluation
    if not raw:
        return None
    missing = [v for v in issue.values if v not in raw]
    if missing:
        raise xml.error(el, f"issue {issue.name!r} has no evaluation for {missing}")
    top = max(raw.values())
    if top < ZERO_MAX:
        return Evaluation(values={v: 0.0 for v in issue.values})
    return Evaluation(values={v: raw[v] / top for v in issue.values})


def _integer_points(xml: XmlFile, ev: Element, issue: GeniusIssue, low: float) -> Points:
    ftype = (ev.get("ftype") or "linear").lower()
    if ftype != "linear":
        raise xml.error(ev, f"integer evaluator type {ftype!r} is not supported (only linear)")
    if ev.get("parameter1") is not None or ev.get("parameter0") is not None:
        a, b = _opt(xml, ev, "parameter1"), _opt(xml, ev, "parameter0")
    else:
        a = _opt(xml, ev, "slope")
        b = _opt(xml, ev, "offset") - a * low
    return clamped_linear(a, b, issue.low, issue.high)


def _real_points(xml: XmlFile, ev: Element, issue: GeniusIssue) -> Points:
    ftype = (ev.get("ftype") or "linear").lower()
    lo, hi = issue.low, issue.high
    if ftype == "linear":
        if ev.get("slope") is not None and ev.get("parameter1") is None:
            a = _opt(xml, ev, "slope")
            return clamped_linear(a, _opt(xml, ev, "offset") - a * lo, lo, hi)
        return clamped_linear(_opt(xml, ev, "parameter1"), _opt(xml, ev, "parameter0"), lo, hi)
    if ftype == "constant":
        c = _opt(xml, ev, "parameter0")
        if not 0 <= c <= 1:
            raise xml.error(ev, f"a constant evaluation must lie in [0, 1], got {c:g}")
        return ((lo, c), (hi, c))
    if ftype == "triangular":
        left, right, top = (_opt(xml, ev, f"parameter{k}") for k in range(3))
        if not left < top < right:
            raise xml.error(ev, "a triangular evaluator needs parameter0 < parameter2 < parameter1")
        pts = [(left, 0.0), (top, 1.0), (right, 0.0)]
        return tuple(
            sorted({(lo, _tri(lo, pts)), (hi, _tri(hi, pts))} | {p for p in pts if lo < p[0] < hi})
        )
    raise xml.error(ev, f"real evaluator type {ftype!r} is not supported")


def _tri(x: float, pts: list[tuple[float, float]]) -> float:
    (x0, _), (x1, _), (x2, _) = pts
    if x <= x0 or x >= x2:
        return 0.0
    return (x - x0) / (x1 - x0) if x <= x1 else (x2 - x) / (x2 - x1)


def clamped_linear(a: float, b: float, lo: float, hi: float) -> Points:
    """Breakpoints of ``clamp(a·x + b, 0, 1)`` on [lo, hi]: exact under linear interpolation."""
    xs = {lo, hi}
    if a != 0:
        xs |= {x for x in (-b / a, (1 - b) / a) if lo < x < hi}
    return tuple((x, min(1.0, max(0.0, a * x + b))) for x in sorted(xs))


# -- attribute helpers ----------------------------------------------------------------------------


def _int(xml: XmlFile, el: Element, name: str) -> int:
    value = _float(xml, el, name)
    if value != int(value):
        raise xml.error(el, f"<{el.tag}> '{name}' must be a whole number, got {value:g}")
    return int(value)


def _float(xml: XmlFile, el: Element, name: str) -> float:
    text = el.get(name)
    if text is None:
        raise xml.error(el, f"<{el.tag}> needs a '{name}' attribute")
    try:
        value = float(text.strip())
    except ValueError:
        raise xml.error(el, f"<{el.tag}> '{name}' must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise xml.error(el, f"<{el.tag}> '{name}' must be finite, got {text!r}")
    return value


def _opt(xml: XmlFile, el: Element, name: str) -> float:
    return _float(xml, el, name) if el.get(name) is not None else 0.0
