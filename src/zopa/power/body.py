"""A voting body: members, their weights and the rule that says which coalitions win.

A coalition *wins* when it meets at least one clause of the rule and contains every veto
holder; a clause is a set of quotas that must all be met, each on one weight vector (``members``
counts heads). ``[q; w1, ..., wn]`` is one clause with one quota; the qualified-majority rule of
the Council of the EU (55 % of the states holding 65 % of the population, or all but three
states) is two clauses. Weights are non-negative, so the game is monotone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from zopa.errors import InputError, Problem
from zopa.model.yamlsafe import Document, Path_, load_document

#: The name of the implicit weight vector that counts members.
MEMBERS = "members"
#: The most members a body may have.
MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class Clause:
    """Quotas that must all be met: ``(vector, quota)`` with the quota in the vector's units."""

    quotas: tuple[tuple[str, float], ...]

    def describe(self) -> str:
        return " and ".join(f"{v} >= {q:g}" for v, q in self.quotas)


@dataclass(frozen=True)
class Body:
    """A weighted voting body. ``weights[v][i]`` is member *i*'s weight in vector *v*."""

    name: str
    members: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    clauses: tuple[Clause, ...]
    veto: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        return len(self.members)

    def vectors(self) -> tuple[str, ...]:
        """The weight vectors some clause uses, ``members`` excluded."""
        used = {v for c in self.clauses for v, _ in c.quotas if v != MEMBERS}
        return tuple(v for v in self.weights if v in used)

    def weight_matrix(self) -> np.ndarray:
        """``(n, V)`` weights of the vectors the rule uses (veto holders as a last column)."""
        cols = [np.asarray(self.weights[v], dtype=float) for v in self.vectors()]
        if self.veto:
            cols.append(np.array([1.0 if m in self.veto else 0.0 for m in self.members]))
        return np.stack(cols, axis=1) if cols else np.zeros((self.n, 0))

    def wins(self, size: np.ndarray, sums: np.ndarray) -> np.ndarray:
        """Whether coalitions win, from their sizes (shape S) and weight sums (shape S + (V,),
        columns as in :meth:`weight_matrix`)."""
        names = self.vectors()
        col = {v: k for k, v in enumerate(names)}
        out = np.zeros(np.shape(size), dtype=bool)
        for clause in self.clauses:
            ok = np.ones(np.shape(size), dtype=bool)
            for v, q in clause.quotas:
                have = size if v == MEMBERS else sums[..., col[v]]
                ok &= have >= q - 1e-9 * max(1.0, abs(q))
            out |= ok
        if self.veto:
            out &= sums[..., len(names)] >= len(self.veto) - 0.5
        return out

    def describe(self) -> str:
        rule = " or ".join(f"({c.describe()})" for c in self.clauses)
        if self.veto:
            rule += f", with every veto holder ({', '.join(self.veto)})"
        return rule

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "members": list(self.members),
            "weights": {v: list(w) for v, w in self.weights.items()},
            "rule": [dict(c.quotas) for c in self.clauses],
            "veto": list(self.veto),
        }


def load_body(path: Path) -> Body:
    """Read a body from a YAML or JSON file (see :func:`body_from_data` for the format)."""
    doc = load_document(path)
    return body_from_data(doc.data, doc)


def body_from_data(data: Any, doc: Document | None = None) -> Body:
    """A body from plain data, or an InputError listing every located problem.

    Format::

        name: UN Security Council
        members:                      # id: weight, or id: {vector: weight, ..., count: k}
          china: 7
          elected: {weight: 1, count: 10}
        quota: 39                     # one clause on 'weight'; a number or "65%"
        # or: rule: [{members: 15, population: "65%"}, {members: 24}]
        veto: [china]                 # optional
    """
    doc = doc or Document(data, "<body>")
    problems: list[Problem] = []

    def bad(path: Path_, msg: str) -> None:
        problems.append(doc.problem(path, msg))

    if not isinstance(data, dict):
        raise InputError([doc.problem((), "expected a mapping with 'members' and a rule")])
    for key in data:
        if key not in ("name", "members", "quota", "rule", "veto", "description", "source"):
            bad((key,), f"unknown key {key!r}; expected name, members, quota or rule, veto")
    name = str(data.get("name", doc.file))
    members, weights = _members(data.get("members"), bad)
    totals = {v: sum(w) for v, w in weights.items()}
    totals[MEMBERS] = float(len(members))
    clauses: list[Clause] = []
    if ("quota" in data) == ("rule" in data):
        bad((), "expected exactly one of 'quota' (one quota on 'weight') or 'rule' (clauses)")
    elif "quota" in data:
        q = _quota(data["quota"], "weight", totals, ("quota",), bad)
        if q is not None:
            clauses.append(Clause((("weight", q),)))
    else:
        clauses.extend(_rule(data["rule"], totals, bad))
    veto = _veto(data.get("veto", []), members, bad)
    if problems:
        raise InputError(problems)
    return Body(name, tuple(members), weights, tuple(clauses), veto)


def _members(raw: Any, bad: Any) -> tuple[list[str], dict[str, tuple[float, ...]]]:
    if not isinstance(raw, dict) or not raw:
        bad(("members",), "expected a mapping of member ids to weights")
        return [], {}
    rows: list[tuple[str, dict[str, float]]] = []
    for mid, spec in raw.items():
        path: Path_ = ("members", mid)
        if isinstance(spec, dict):
            count = spec.get("count", 1)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                bad((*path, "count"), f"expected a whole number >= 1, got {count!r}")
                count = 1
            w = {k: v for k, v in spec.items() if k != "count"}
        else:
            count, w = 1, {"weight": spec}
        clean: dict[str, float] = {}
        for vec, value in w.items():
            if vec == MEMBERS:
                bad((*path, vec), "'members' is the head count and cannot be given as a weight")
            elif not _number(value) or value < 0:
                bad((*path, vec), f"expected a finite weight >= 0, got {value!r}")
            else:
                clean[str(vec)] = float(value)
        for k in range(count):
            rows.append((str(mid) if count == 1 else f"{mid}-{k + 1}", clean))
    if len(rows) > MAX_MEMBERS:
        bad(("members",), f"{len(rows)} members; at most {MAX_MEMBERS} are supported")
        return [], {}
    vectors = sorted({v for _, w in rows for v in w})
    weights = {v: tuple(w.get(v, 0.0) for _, w in rows) for v in vectors}
    return [m for m, _ in rows], weights


def _rule(raw: Any, totals: dict[str, float], bad: Any) -> list[Clause]:
    if not isinstance(raw, list) or not raw:
        bad(("rule",), "expected a list of clauses (a coalition wins if it meets any of them)")
        return []
    out = []
    for k, clause in enumerate(raw):
        path: Path_ = ("rule", k)
        if not isinstance(clause, dict) or not clause:
            bad(path, "expected a mapping of weight vectors to quotas")
            continue
        quotas = []
        for vec, q in clause.items():
            value = _quota(q, str(vec), totals, (*path, vec), bad)
            if value is not None:
                quotas.append((str(vec), value))
        if len(quotas) == len(clause):
            out.append(Clause(tuple(quotas)))
    return out


def _quota(raw: Any, vec: str, totals: dict[str, float], path: Path_, bad: Any) -> float | None:
    if vec not in totals:
        bad(path, f"no member has a weight {vec!r}; vectors: {', '.join(sorted(totals))}")
        return None
    total = totals[vec]
    if isinstance(raw, str) and raw.strip().endswith("%"):
        try:
            share = Fraction(raw.strip()[:-1])
        except ValueError:
            share = Fraction(-1)
        if not 0 < share <= 100:
            bad(path, f"expected a percentage in (0%, 100%], got {raw!r}")
            return None
        return float(share / 100 * Fraction(total))
    if not _number(raw) or raw <= 0:
        bad(path, f"expected a quota > 0 (a number or a percentage such as '65%'), got {raw!r}")
        return None
    if raw > total:
        bad(path, f"quota {raw:g} exceeds the total {vec} {total:g}: no coalition could win")
        return None
    return float(raw)


def _veto(raw: Any, members: list[str], bad: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        bad(("veto",), "expected a list of member ids")
        return ()
    for k, v in enumerate(raw):
        if v not in members:
            bad(("veto", k), f"unknown member {v!r}")
    return tuple(v for v in raw if v in members)


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
