"""The red-line expression language, parsed by its own grammar (never ``eval``).

Grammar::

    rule       := 'if' or_expr 'then' or_expr | or_expr
    or_expr    := and_expr ('or' and_expr)*
    and_expr   := not_expr ('and' not_expr)*
    not_expr   := 'not' not_expr | atom
    atom       := '(' rule ')' | 'true' | 'false' | comparison
    comparison := ISSUE OP value | ISSUE ['not'] 'in' '[' value (',' value)* ']'
    OP         := '==' | '!=' | '<' | '<=' | '>' | '>='
    value      := NUMBER | NAME | 'quoted string'

``if A then B`` means ``not A or B``. Order comparisons need a range issue or ordered options.
A parsed rule evaluates over per-issue value arrays with numpy broadcasting, so the same code
checks one proposal or builds a mask over every outcome of a compiled game.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zopa.model.schema import Issue
from zopa.model.suggest import suggest as _suggest
from zopa.model.uncertain import MAX_MAGNITUDE

if TYPE_CHECKING:
    import numpy as np

OPS = ("==", "!=", "<=", ">=", "<", ">")
KEYWORDS = {"and", "or", "not", "in", "if", "then", "true", "false"}

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)|(?P<op>==|!=|<=|>=|<|>|=)"
    r"|(?P<punct>[()\[\],])|(?P<name>[A-Za-z_][A-Za-z0-9_\-.]*)"
    r"|'(?P<sq>[^']*)'|\"(?P<dq>[^\"]*)\")"
)


class RuleError(ValueError):
    """A rule that does not parse or refers to something unknown."""


@dataclass(frozen=True)
class Compare:
    issue: str
    op: str
    values: tuple[str | float, ...]  # one value, or several for 'in' / 'not in'


@dataclass(frozen=True)
class Not:
    arg: Node


@dataclass(frozen=True)
class And:
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Const:
    value: bool


Node = Compare | Not | And | Or | Const


def tokenize(text: str) -> list[tuple[str, str | float]]:
    tokens: list[tuple[str, str | float]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise RuleError(f"unexpected character {text[pos:].strip()[:1]!r} at {pos + 1}")
        pos = m.end()
        if m.group("num") is not None:
            tokens.append(("value", _number(m.group("num"))))
        elif m.group("op") is not None:
            op = m.group("op")
            if op == "=":
                raise RuleError("use '==' to compare, not '='")
            tokens.append(("op", op))
        elif m.group("punct") is not None:
            tokens.append((m.group("punct"), m.group("punct")))
        elif m.group("name") is not None:
            word = m.group("name")
            tokens.append((word, word) if word in KEYWORDS else ("name", word))
        else:
            sq, dq = m.group("sq"), m.group("dq")
            tokens.append(("value", sq if sq is not None else str(dq)))
    return tokens


def _number(text: str) -> float:
    value = float(text)
    if not abs(value) <= MAX_MAGNITUDE:
        shown = text if len(text) <= 24 else text[:24] + "..."
        raise RuleError(
            f"number {shown} is outside the numbers a scenario may use "
            f"({-MAX_MAGNITUDE:g} to {MAX_MAGNITUDE:g})"
        )
    return value


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self) -> str:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else "end"

    def take(self, kind: str) -> str | float:
        if self.peek() != kind:
            got = "end of rule" if self.peek() == "end" else repr(self.tokens[self.i][1])
            what = {"value": "a value", "name": "an issue name"}.get(kind, repr(kind))
            raise RuleError(f"expected {what}, got {got}")
        value = self.tokens[self.i][1]
        self.i += 1
        return value

    def rule(self) -> Node:
        if self.peek() == "if":
            self.take("if")
            cond = self.or_expr()
            self.take("then")
            then = self.or_expr()
            return Or((Not(cond), then))
        return self.or_expr()

    def or_expr(self) -> Node:
        args = [self.and_expr()]
        while self.peek() == "or":
            self.take("or")
            args.append(self.and_expr())
        return args[0] if len(args) == 1 else Or(tuple(args))

    def and_expr(self) -> Node:
        args = [self.not_expr()]
        while self.peek() == "and":
            self.take("and")
            args.append(self.not_expr())
        return args[0] if len(args) == 1 else And(tuple(args))

    def not_expr(self) -> Node:
        if self.peek() == "not":
            self.take("not")
            return Not(self.not_expr())
        return self.atom()

    def atom(self) -> Node:
        kind = self.peek()
        if kind == "(":
            self.take("(")
            node = self.rule()
            self.take(")")
            return node
        if kind in ("true", "false"):
            self.take(kind)
            return Const(kind == "true")
        if kind != "name":
            got = "end of rule" if kind == "end" else repr(self.tokens[self.i][1])
            raise RuleError(f"expected an issue name, got {got}")
        issue = str(self.take("name"))
        if self.peek() == "op":
            op = str(self.take("op"))
            return Compare(issue, op, (self.value(),))
        negate = False
        if self.peek() == "not":
            self.take("not")
            negate = True
        if self.peek() != "in":
            raise RuleError(f"expected a comparison after {issue!r} (==, !=, <, <=, >, >=, in)")
        self.take("in")
        self.take("[")
        values = [self.value()]
        while self.peek() == ",":
            self.take(",")
            values.append(self.value())
        self.take("]")
        return Compare(issue, "not in" if negate else "in", tuple(values))

    def value(self) -> str | float:
        if self.peek() == "name":
            return self.take("name")
        return self.take("value")


#: The longest rule accepted, in characters.
MAX_RULE = 2000
#: The most cells a rule's table may have: the product of the numbers of values of the issues
#: it mentions (10^7 cells are 10 MB as a red-line mask, 80 MB as a package term's values).
MAX_FACTOR_CELLS = 10_000_000


def parse_rule(text: str) -> Node:
    """Parse a rule; raises :class:`RuleError` with what was expected."""
    if not text.strip():
        raise RuleError("empty rule")
    if len(text) > MAX_RULE:
        raise RuleError(f"rule is {len(text)} characters long; the limit is {MAX_RULE}")
    parser = _Parser(text)
    try:
        node = parser.rule()
    except RecursionError:
        raise RuleError("rule is nested too deeply") from None
    if parser.peek() != "end":
        raise RuleError(f"unexpected {parser.tokens[parser.i][1]!r} after a complete rule")
    return node


def issues_of(node: Node) -> tuple[str, ...]:
    """The issues a rule mentions, in first-mention order."""
    out: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Compare):
            if n.issue not in out:
                out.append(n.issue)
        elif isinstance(n, Not):
            walk(n.arg)
        elif isinstance(n, And | Or):
            for a in n.args:
                walk(a)

    walk(node)
    return tuple(out)


def table_cells(node: Node, issues: Mapping[str, Issue], extra: int = 0) -> int:
    """The number of cells of the rule's table over the issues it mentions, from the issues'
    sizes (nothing is built); ``extra`` values may join each range issue's grid (the values
    proposals name)."""
    out = 1
    for name in issues_of(node):
        issue = issues.get(name)
        if issue is not None:
            out *= int(issue.size) + (extra if issue.is_range else 0)
    return out


def cells_message(cells: int) -> str:
    return (
        f"the rule couples issues with {cells:,} combinations of values; at most "
        f"{MAX_FACTOR_CELLS:,} are allowed: coarsen the issues it mentions or split it into "
        "rules over fewer issues"
    )


def check_rule(node: Node, issues: Mapping[str, Issue], derived: Collection[str] = ()) -> list[str]:
    """Problems with a parsed rule's references (unknown issues or options, bad comparisons);
    ``derived`` names numeric derived quantities the rule may compare too."""
    problems: list[str] = []
    for cmp in _compares(node):
        issue = issues.get(cmp.issue)
        if issue is None and cmp.issue in derived:
            for v in cmp.values:
                if not isinstance(v, float):
                    msg = f"{cmp.issue!r} is a derived number; compare it with a number, not {v!r}"
                    problems.append(msg)
            continue
        if issue is None:
            problems.append(f"unknown issue {cmp.issue!r}{_suggest(cmp.issue, issues)}")
            continue
        if cmp.op in ("<", "<=", ">", ">=") and not issue.is_ordered:
            problems.append(
                f"{cmp.op!r} needs an ordered issue; {cmp.issue!r} has unordered options "
                "(add 'ordered: true' or use == / != / in)"
            )
        for v in cmp.values:
            if issue.options is not None and (not isinstance(v, str) or v not in issue.options):
                problems.append(
                    f"{v!r} is not an option of {cmp.issue!r}{_suggest(str(v), issue.options)}"
                )
            if issue.range is not None and not isinstance(v, float):
                problems.append(f"{cmp.issue!r} is numeric; compare it with a number, not {v!r}")
    return problems


def _compares(node: Node) -> list[Compare]:
    if isinstance(node, Compare):
        return [node]
    if isinstance(node, Not):
        return _compares(node.arg)
    if isinstance(node, And | Or):
        return [c for a in node.args for c in _compares(a)]
    return []


def evaluate(node: Node, axes: Mapping[str, np.ndarray], issues: Mapping[str, Issue]) -> np.ndarray:
    """Evaluate a checked rule with broadcasting.

    ``axes[issue]`` holds the issue's values as numbers — option *indices* for option issues,
    numbers for range issues — already shaped to broadcast against each other (for a compiled
    game, issue k's array has shape ``(1, ..., n_k, ..., 1)``).
    """
    import numpy as np

    if isinstance(node, Const):
        return np.asarray(node.value)
    if isinstance(node, Not):
        return ~evaluate(node.arg, axes, issues)
    if isinstance(node, And):
        out = evaluate(node.args[0], axes, issues)
        for a in node.args[1:]:
            out = out & evaluate(a, axes, issues)
        return out
    if isinstance(node, Or):
        out = evaluate(node.args[0], axes, issues)
        for a in node.args[1:]:
            out = out | evaluate(a, axes, issues)
        return out
    x = axes[node.issue]
    issue = issues.get(node.issue)  # None: a derived quantity, a number
    refs = [float(v) if issue is None else _as_number(v, issue) for v in node.values]
    if node.op in ("in", "not in"):
        hit = np.zeros(x.shape, dtype=bool)
        for r in refs:
            hit |= _close(x, r)
        return hit if node.op == "in" else ~hit
    r = refs[0]
    if node.op == "==":
        return _close(x, r)
    if node.op == "!=":
        return ~_close(x, r)
    eps = 1e-9 * max(1.0, abs(r))
    if node.op == "<":
        return np.asarray(x < r - eps)
    if node.op == "<=":
        return np.asarray(x <= r + eps)
    if node.op == ">":
        return np.asarray(x > r + eps)
    return np.asarray(x >= r - eps)


def _close(x: np.ndarray, r: float) -> np.ndarray:
    import numpy as np

    return np.asarray(np.abs(x - r) <= 1e-9 * max(1.0, abs(r)))


def _as_number(v: str | float, issue: Issue) -> float:
    if issue.options is not None:
        return float(issue.options.index(str(v)))
    return float(v)
