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
from dataclasses import dataclass

import numpy as np

from zopa.model.schema import Issue

#: The longest expression accepted, in characters.
MAX_EXPR = 2000
#: The most combinations of the issues one derived quantity mentions (it is tabulated over them).
MAX_CELLS = 10_000_000
CMP_OPS = ("==", "!=", "<=", ">=", "<", ">")
FUNCTIONS = ("min", "max", "case")

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
    r"|(?P<op>==|!=|<=|>=|<|>|[-+*/(),:])|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|'(?P<sq>[^']*)'|\"(?P<dq>[^\"]*)\")"
)


class DerivedError(ValueError):
    """An expression that does not parse, refers to something unknown, or cannot be computed."""


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Neg:
    arg: Expr


@dataclass(frozen=True)
class Bin:
    op: str  # + - * / or a comparison
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call:
    fn: str  # min | max
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Case:
    issue: str
    arms: tuple[tuple[str, Expr], ...]


Expr = Num | Ref | Neg | Bin | Call | Case


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise DerivedError(f"unexpected character {text[pos:].strip()[:1]!r} at {pos + 1}")
        pos = m.end()
        for kind in ("num", "op", "name"):
            if m.group(kind) is not None:
                out.append((kind, m.group(kind)))
                break
        else:
            sq = m.group("sq")
            out.append(("name", sq if sq is not None else str(m.group("dq"))))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> str:
        return self.toks[self.i][1] if self.i < len(self.toks) else ""

    def kind(self) -> str:
        return self.toks[self.i][0] if self.i < len(self.toks) else "end"

    def take(self, want: str | None = None, kind: str | None = None) -> str:
        if self.i >= len(self.toks):
            raise DerivedError(f"expected {want or kind or 'more'}, got end of expression")
        k, v = self.toks[self.i]
        if (want is not None and v != want) or (kind is not None and k != kind):
            raise DerivedError(f"expected {want or kind}, got {v!r}")
        self.i += 1
        return v

    def expr(self) -> Expr:
        left = self.sum()
        if self.kind() == "op" and self.peek() in CMP_OPS:
            op = self.take()
            return Bin(op, left, self.sum())
        return left

    def sum(self) -> Expr:
        node = self.product()
        while self.peek() in ("+", "-") and self.kind() == "op":
            op = self.take()
            node = Bin(op, node, self.product())
        return node

    def product(self) -> Expr:
        node = self.unary()
        while self.peek() in ("*", "/") and self.kind() == "op":
            op = self.take()
            right = self.unary()
            if op == "/" and isinstance(right, Num) and right.value == 0:
                raise DerivedError("division by zero")
            node = Bin(op, node, right)
        return node

    def unary(self) -> Expr:
        if self.peek() == "-" and self.kind() == "op":
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self) -> Expr:
        kind, tok = self.kind(), self.peek()
        if kind == "num":
            self.take()
            return Num(float(tok))
        if tok == "(" and kind == "op":
            self.take()
            node = self.expr()
            self.take(")")
            return node
        if kind != "name":
            raise DerivedError(
                f"expected a number, a name or '(', got {tok or 'end of expression'!r}"
            )
        name = self.take()
        if not (self.peek() == "(" and self.kind() == "op"):
            return Ref(name)
        if name not in FUNCTIONS:
            raise DerivedError(f"unknown function {name!r}; functions are min, max and case")
        self.take("(")
        if name == "case":
            issue = self.take(kind="name")
            arms = []
            while self.peek() == ",":
                self.take(",")
                option = self.take(kind="name")
                self.take(":")
                arms.append((option, self.expr()))
            self.take(")")
            if not arms:
                raise DerivedError("case needs 'option: value' for the options of the issue")
            return Case(issue, tuple(arms))
        args = [self.expr()]
        while self.peek() == ",":
            self.take(",")
            args.append(self.expr())
        self.take(")")
        return Call(name, tuple(args))


def parse(text: str) -> Expr:
    """Parse an expression; raises :class:`DerivedError` saying what was expected."""
    if not text.strip():
        raise DerivedError("empty expression")
    if len(text) > MAX_EXPR:
        raise DerivedError(f"expression is {len(text)} characters long; the limit is {MAX_EXPR}")
    p = _Parser(text)
    try:
        node = p.expr()
    except RecursionError:
        raise DerivedError("expression is nested too deeply") from None
    if p.i != len(p.toks):
        raise DerivedError(f"unexpected {p.peek()!r} after a complete expression")
    return node


def names(node: Expr) -> tuple[str, ...]:
    """Names the expression refers to (issues, derived quantities, case issues), in order."""
    out: list[str] = []

    def walk(n: Expr) -> None:
        if isinstance(n, Ref | Case):
            name = n.name if isinstance(n, Ref) else n.issue
            if name not in out:
                out.append(name)
        if isinstance(n, Neg):
            walk(n.arg)
        elif isinstance(n, Bin):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call):
            for a in n.args:
                walk(a)
        elif isinstance(n, Case):
            for _, a in n.arms:
                walk(a)

    walk(node)
    return tuple(out)


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
    axes = {}
    for pos, i in enumerate(on):
        issue = issues[i]
        if coords is not None and i in coords:
            x = np.asarray(coords[i], dtype=float)
        elif issue.options is not None:
            x = np.arange(len(issue.options), dtype=float)
        else:
            x = np.asarray(issue.values, dtype=float)
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
    axes = grid_axes(on, issues, coords)
    shape = tuple(a.size for a in axes.values())
    out = evaluate(defs[name], axes, issues, defs)
    return np.broadcast_to(out, shape).astype(float)
