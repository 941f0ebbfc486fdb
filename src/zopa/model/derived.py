"""Derived quantities: named numbers computed from issue values by a small arithmetic grammar,
parsed by zopa's own parser (never ``eval``).

Grammar::

    expr    := sum [CMP sum]                  (a comparison is 1 where it holds, else 0)
    sum     := product (('+' | '-') product)*
    product := unary (('*' | '/') unary)*
    unary   := '-' unary | atom
    atom    := NUMBER | '(' expr ')' | NAME
             | ('min' | 'max') '(' expr (',' expr)* ')'
             | 'case' '(' ISSUE ',' OPTION ':' expr (',' OPTION ':' expr)* ')'
    CMP     := '==' | '!=' | '<' | '<=' | '>' | '>='

A NAME is a range issue (its value) or another derived quantity; an option issue enters only
through ``case``, which gives a value for each of its options ("piecewise by option"). A
derived quantity evaluates with numpy broadcasting over the issues it mentions (directly or
through other derived quantities), like a red line, so it can be compared in rules and be the
subject of an interest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from zopa.model.derived_syntax import (
    CMP_OPS as CMP_OPS,
)
from zopa.model.derived_syntax import (
    FUNCTIONS as FUNCTIONS,
)
from zopa.model.derived_syntax import (
    MAX_EXPR as MAX_EXPR,
)
from zopa.model.derived_syntax import (
    Bin as Bin,
)
from zopa.model.derived_syntax import (
    Call as Call,
)
from zopa.model.derived_syntax import (
    Case as Case,
)
from zopa.model.derived_syntax import (
    DerivedError as DerivedError,
)
from zopa.model.derived_syntax import (
    Expr as Expr,
)
from zopa.model.derived_syntax import (
    Neg as Neg,
)
from zopa.model.derived_syntax import (
    Num as Num,
)
from zopa.model.derived_syntax import (
    Ref as Ref,
)
from zopa.model.derived_syntax import (
    names as names,
)
from zopa.model.derived_syntax import (
    parse as parse,
)
from zopa.model.grids import range_grid
from zopa.model.schema import Issue

if TYPE_CHECKING:
    import numpy as np

#: The most combinations of the issues one derived quantity mentions (it is tabulated over them).
MAX_CELLS = 10_000_000


def check(node: Expr, issues: Mapping[str, Issue], derived: Mapping[str, object]) -> list[str]:
    """Problems with the names an expression uses (unknown names, option issues outside
    ``case``, ``case`` over a range issue, unknown or missing options)."""
    import difflib

    problems: list[str] = []

    def suggest(word: str) -> str:
        close = difflib.get_close_matches(word, [*issues, *derived], n=1)
        return f" (did you mean {close[0]!r}?)" if close else ""

    def walk(n: Expr) -> None:
        if isinstance(n, Ref):
            issue = issues.get(n.name)
            if issue is None and n.name not in derived:
                problems.append(f"unknown name {n.name!r}{suggest(n.name)}")
            elif issue is not None and issue.options is not None:
                problems.append(
                    f"{n.name!r} has options, not numbers; give a number per option with "
                    f"case({n.name}, {issue.options[0]}: ..., ...)"
                )
        elif isinstance(n, Case):
            issue = issues.get(n.issue)
            if issue is None or issue.options is None:
                what = "unknown issue" if issue is None and n.issue not in derived else "not"
                problems.append(
                    f"case needs an issue with options; {n.issue!r} is {what}"
                    + (" an option issue" if what == "not" else suggest(n.issue))
                )
            else:
                given = [o for o, _ in n.arms]
                for o in given:
                    if o not in issue.options:
                        problems.append(f"{o!r} is not an option of {n.issue!r}")
                dup = sorted({o for o in given if given.count(o) > 1})
                if dup:
                    problems.append(f"case gives {', '.join(dup)} twice")
                missing = [o for o in issue.options if o not in given]
                if missing:
                    problems.append(f"case({n.issue}, ...) misses options {missing}")
            for _, a in n.arms:
                walk(a)
        elif isinstance(n, Neg):
            walk(n.arg)
        elif isinstance(n, Bin):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call):
            for a in n.args:
                walk(a)

    walk(node)
    return problems


def cycle(graph: Mapping[str, tuple[str, ...]]) -> list[str] | None:
    """A cycle among derived quantities (``graph[name]``: the derived names it uses), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, ()):
            if state.get(m) == 1:
                return [*stack[stack.index(m) :], m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        state[n] = 2
        stack.pop()
        return None

    for n in graph:
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def evaluate(
    node: Expr,
    axes: Mapping[str, np.ndarray],
    issues: Mapping[str, Issue],
    defs: Mapping[str, Expr],
    memo: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Evaluate a checked expression with broadcasting: ``axes[issue]`` holds each issue's values
    as numbers (option indices for option issues), shaped to broadcast; derived names are
    evaluated from ``defs`` (memoised in ``memo``). Raises :class:`DerivedError` on a division
    by zero or a result that is not finite."""
    import numpy as np

    memo = {} if memo is None else memo

    def ev(n: Expr) -> np.ndarray:
        if isinstance(n, Num):
            return np.asarray(n.value)
        if isinstance(n, Ref):
            if n.name in axes:
                return np.asarray(axes[n.name], dtype=float)
            if n.name not in memo:
                memo[n.name] = ev(defs[n.name])
            return memo[n.name]
        if isinstance(n, Neg):
            return -ev(n.arg)
        if isinstance(n, Call):
            vals = [ev(a) for a in n.args]
            fn = np.minimum if n.fn == "min" else np.maximum
            out = vals[0]
            for v in vals[1:]:
                out = fn(out, v)
            return out
        if isinstance(n, Case):
            x = np.asarray(axes[n.issue])
            options = issues[n.issue].options or ()
            out = np.zeros(())
            for option, arm in n.arms:
                hit = np.abs(x - options.index(option)) < 0.5
                out = np.where(hit, ev(arm), out)
            return out
        a, b = ev(n.left), ev(n.right)
        if n.op == "+":
            return np.asarray(a + b)
        if n.op == "-":
            return np.asarray(a - b)
        if n.op == "*":
            return np.asarray(a * b)
        if n.op == "/":
            if np.any(b == 0):
                raise DerivedError("division by zero for some values of the issues it mentions")
            return np.asarray(a / b)
        eps = 1e-9
        cmp = {
            "==": np.abs(a - b) <= eps,
            "!=": np.abs(a - b) > eps,
            "<": a < b - eps,
            "<=": a <= b + eps,
            ">": a > b + eps,
            ">=": a >= b - eps,
        }[n.op]
        return np.asarray(cmp, dtype=float)

    out = ev(node)
    if not np.all(np.isfinite(out)):
        raise DerivedError("the expression is not finite for some values of the issues it mentions")
    return out


def bounds(values: np.ndarray) -> tuple[float, float]:
    """The extent of a derived quantity's values (a range of width 1 when it is constant)."""
    import numpy as np

    lo, hi = float(np.min(values)), float(np.max(values))
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def is_number(x: float) -> bool:
    return math.isfinite(x)


# -- a scenario's derived quantities ------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def definitions(scenario: object) -> dict[str, Expr]:
    """The parsed expressions of a (validated) scenario's derived quantities."""
    derived = getattr(scenario, "derived", {})
    return {name: parse(d.expr) for name, d in derived.items()}


def issues_of(name: str, defs: Mapping[str, Expr], issues: Mapping[str, Issue]) -> tuple[str, ...]:
    """The issues a name stands on: itself for an issue, else every issue its expression uses,
    directly or through other derived quantities (in first-use order)."""
    if name in issues:
        return (name,)
    out: list[str] = []
    seen: set[str] = set()

    def walk(n: str) -> None:
        if n in seen:
            return
        seen.add(n)
        if n in issues:
            if n not in out:
                out.append(n)
            return
        for m in names(defs[n]):
            walk(m)

    walk(name)
    return tuple(out)


def problems(scenario: object) -> list[tuple[tuple[str | int, ...], str]]:
    """Located problems of a scenario's derived quantities (names, parsing, references, cycles,
    size, division by zero), as ``(path, message)``."""
    issues: Mapping[str, Issue] = getattr(scenario, "issues", {})
    derived = getattr(scenario, "derived", {})
    out: list[tuple[tuple[str | int, ...], str]] = []
    defs: dict[str, Expr] = {}
    for name, d in derived.items():
        path: tuple[str | int, ...] = ("derived", name)
        if not _NAME.match(name):
            out.append((path, f"{name!r} is not a valid name (letters, digits and '_')"))
            continue
        if name in issues:
            out.append((path, f"{name!r} is already an issue; give the quantity another name"))
            continue
        try:
            defs[name] = parse(d.expr)
        except DerivedError as err:
            out.append(((*path, "expr"), f"cannot parse {d.expr!r}: {err}"))
    bad = set()
    for name, node in defs.items():
        found = check(node, issues, defs)
        bad |= {name} if found else set()
        out += [(("derived", name, "expr"), f"in {derived[name].expr!r}: {m}") for m in found]
    graph = {n: tuple(m for m in names(node) if m in defs) for n, node in defs.items()}
    loop = cycle(graph)
    if loop:
        out.append(
            (
                ("derived", loop[0], "expr"),
                "derived quantities refer to each other in a cycle: " + " -> ".join(loop),
            )
        )
        return out
    if bad or len(defs) < len(derived):
        return out
    for name in defs:
        on = issues_of(name, defs, issues)
        cells = math.prod(issues[i].size for i in on)
        if cells > MAX_CELLS:
            out.append(
                (
                    ("derived", name, "expr"),
                    f"it stands on issues with {cells:,.0f} "
                    f"combinations of values (limit {MAX_CELLS:,}); use coarser grids",
                )
            )
            continue
        try:
            tabulate(name, on, defs, issues)
        except DerivedError as err:
            out.append((("derived", name, "expr"), str(err)))
    return out


def grid_axes(
    on: tuple[str, ...], issues: Mapping[str, Issue], coords: Mapping[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Each issue of ``on`` as an array shaped to broadcast over their product (option indices
    for option issues; ``coords`` overrides the grid of a range issue)."""
    import numpy as np

    axes = {}
    for pos, i in enumerate(on):
        issue = issues[i]
        if coords is not None and i in coords:
            x = np.asarray(coords[i], dtype=float)
        elif issue.options is not None:
            x = np.arange(len(issue.options), dtype=float)
        else:
            x = range_grid(issue)
        view = [1] * len(on)
        view[pos] = len(x)
        axes[i] = x.reshape(view)
    return axes


def tabulate(
    name: str,
    on: tuple[str, ...],
    defs: Mapping[str, Expr],
    issues: Mapping[str, Issue],
    coords: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """The derived quantity ``name`` over the product of the issues ``on`` (in that order)."""
    import numpy as np

    axes = grid_axes(on, issues, coords)
    shape = tuple(a.size for a in axes.values())
    out = evaluate(defs[name], axes, issues, defs)
    return np.broadcast_to(out, shape).astype(float)
