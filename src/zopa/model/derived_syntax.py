"""The syntax of derived quantities: tokens, the expression tree and zopa's own parser (never
``eval``); see :mod:`zopa.model.derived` for the grammar and for checking and evaluating
expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The longest expression accepted, in characters.
MAX_EXPR = 2000
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
