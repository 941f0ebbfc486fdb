"""Turning documents into validated scenarios, with every problem located.

Structural checks come from the pydantic schema; this module adds the cross-references (issues,
options, parties, sources), red-line parsing and completeness of proposals, and renders each
problem as ``file:line: path: what was expected``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from zopa.errors import InputError, Problem
from zopa.model import rules
from zopa.model.derived import problems as derived_problems
from zopa.model.evidence import Evidence, Source
from zopa.model.provisions import is_timed
from zopa.model.ratifiers import ratifier_problems
from zopa.model.schema import Interest, Issue, Party, Proposal, Scenario
from zopa.model.suggest import closest
from zopa.model.suggest import suggest as _suggest
from zopa.model.uncertain import MAX_MAGNITUDE
from zopa.model.variants import Variant, variant_problems
from zopa.model.yamlsafe import Document, Path_, dotted


def scenario_from_document(doc: Document) -> Scenario:
    """Validate a parsed document into a :class:`Scenario`, or raise one InputError listing
    every problem."""
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem((), f"expected a mapping at the top, got {_kind(doc.data)}")])
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as err:
        structural = _structural(err, doc)
        raise InputError(structural + _partial_problems(doc)) from None
    problems = [doc.problem(path, msg) for path, msg in semantic_problems(scenario)]
    if problems:
        raise InputError(problems)
    return scenario


_SECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "issues": Issue,
    "parties": Party,
    "proposals": Proposal,
    "variants": Variant,
}


def _partial_problems(doc: Document) -> list[Problem]:
    """Cross-reference problems among the entries that are structurally valid, so that one
    run of ``zopa check`` lists every problem. References to entries that are themselves
    invalid are not reported again."""
    valid: dict[str, dict[str, Any]] = {}
    broken: set[str] = set()
    for section, model in _SECTIONS.items():
        entries = doc.data.get(section, {})
        if not isinstance(entries, dict):
            return []
        valid[section] = {}
        for key, value in entries.items():
            try:
                valid[section][key] = model.model_validate(value)
            except ValidationError:
                broken.add(str(key))
    partial = Scenario.model_construct(
        name=str(doc.data.get("name", "")),
        sources=valid["sources"],
        issues=valid["issues"],
        parties=valid["parties"],
        proposals=valid["proposals"],
        variants=valid["variants"],
    )
    problems = []
    for path, msg in semantic_problems(partial):
        if any(f"{name!r}" in msg for name in broken):
            continue
        if msg.startswith("expected at least one"):
            continue
        problems.append(doc.problem(path, msg))
    return problems


def semantic_problems(s: Scenario) -> list[tuple[Path_, str]]:
    """Cross-reference problems of a structurally valid scenario."""
    out: list[tuple[Path_, str]] = []
    if not s.issues:
        out.append((("issues",), "expected at least one issue"))
    if not s.parties:
        out.append((("parties",), "expected at least one party"))
    for pid, party in s.parties.items():
        out.extend(_party_problems(s, pid, party))
    out.extend(derived_problems(s))
    for k, deal_rule in enumerate(s.constraints):
        out.extend(_rule_problems(s, ("constraints", k), deal_rule.rule))
    out.extend(ratifier_problems(s))
    out.extend(variant_problems(s))
    for name, prop in s.proposals.items():
        base: Path_ = ("proposals", name)
        if prop.by is not None and prop.by not in s.parties:
            out.append(((*base, "by"), f"unknown party {prop.by!r}{_suggest(prop.by, s.parties)}"))
        for issue_id, term in prop.terms.items():
            if issue_id not in s.issues:
                msg = f"unknown issue {issue_id!r}{_suggest(issue_id, s.issues)}"
                out.append(((*base, "terms", issue_id), msg))
                continue
            problem = term_problem(s.issues[issue_id], issue_id, term)
            if problem:
                out.append(((*base, "terms", issue_id), problem))
        missing = [i for i in s.issues if i not in prop.terms]
        if missing:
            out.append(((*base, "terms"), f"expected a value for every issue; missing {missing}"))
    for path, ev in evidence_items(s):
        if ev.source is not None and ev.source not in s.sources:
            msg = f"unknown source {ev.source!r}{_suggest(ev.source, s.sources)}"
            out.append(((*path, "source"), msg))
    return out


def term_problem(issue: Issue, issue_id: str, term: str | float) -> str | None:
    """Why ``term`` is not a valid value of the issue, or None."""
    if issue.options is not None:
        if not isinstance(term, str) or term not in issue.options:
            return f"{term!r} is not an option of {issue_id!r}{_suggest(str(term), issue.options)}"
        return None
    lo, hi = issue.bounds
    if isinstance(term, str):
        return f"{issue_id!r} is numeric; expected a number in [{lo:g}, {hi:g}], got {term!r}"
    if not lo - 1e-9 <= term <= hi + 1e-9:
        return f"{term:g} is outside the range [{lo:g}, {hi:g}] of {issue_id!r}"
    return None


def _party_problems(s: Scenario, pid: str, party: Party) -> Iterator[tuple[Path_, str]]:
    base: Path_ = ("parties", pid)
    for issue_id, interest in party.interests.items():
        path: Path_ = (*base, "interests", issue_id)
        issue = s.issues.get(issue_id)
        if issue is None and issue_id in s.derived:
            yield from ((path + p, m) for p, m in _derived_interest_problems(issue_id, interest))
            continue
        if issue is None:
            known = [*s.issues, *s.derived]
            what = "issue or derived quantity" if s.derived else "issue"
            yield path, f"unknown {what} {issue_id!r}{_suggest(issue_id, known)}"
            continue
        yield from ((path + p, m) for p, m in _interest_problems(issue_id, issue, interest))
        if party.time_preference is None and is_timed(issue.schedule):
            yield (
                path,
                (
                    f"issue {issue_id!r} has a schedule over time; give the party a "
                    "'time_preference' (a discount, and a horizon) to weigh its phases"
                ),
            )
    for k, red in enumerate(party.red_lines):
        yield from _rule_problems(s, (*base, "red_lines", k), red.rule)
    for k, term in enumerate(party.terms):
        yield from _rule_problems(s, (*base, "terms", k, "when"), term.when)


def _derived_interest_problems(name: str, it: Interest) -> Iterator[tuple[Path_, str]]:
    if it.values is not None:
        yield ("values",), f"{name!r} is a derived number; use prefers, ideal or points"
    if isinstance(it.ideal, str):
        yield ("ideal",), f"{name!r} is a derived number; give a numeric ideal"


def _interest_problems(issue_id: str, issue: Issue, it: Interest) -> Iterator[tuple[Path_, str]]:
    if it.values is not None:
        if issue.options is None:
            yield ("values",), f"{issue_id!r} is a range issue; use prefers, ideal or points"
            return
        for label in it.values:
            if label not in issue.options:
                msg = f"{label!r} is not an option of {issue_id!r}"
                yield ("values", label), msg + _suggest(label, issue.options)
        missing = [o for o in issue.options if o not in it.values]
        if missing:
            yield ("values",), f"expected a value for every option; missing {missing}"
    if it.prefers is not None and not issue.is_ordered:
        yield ("prefers",), f"{issue_id!r} has unordered options; give 'values' per option"
    if it.ideal is not None:
        if isinstance(it.ideal, str):
            if issue.options is None or it.ideal not in issue.options:
                yield ("ideal",), f"{it.ideal!r} is not an option of {issue_id!r}"
            elif not issue.is_ordered:
                yield ("ideal",), f"'ideal' needs ordered options; {issue_id!r} is unordered"
        elif issue.options is not None:
            yield ("ideal",), f"{issue_id!r} has options; give the ideal option's name"
        elif not issue.bounds[0] <= it.ideal <= issue.bounds[1]:
            yield ("ideal",), f"ideal {it.ideal:g} is outside the issue's range"
    if it.points is not None and issue.options is not None:
        yield ("points",), f"{issue_id!r} has options; use 'values' per option"


def _rule_problems(s: Scenario, path: Path_, text: str) -> Iterator[tuple[Path_, str]]:
    try:
        node = rules.parse_rule(text)
    except rules.RuleError as err:
        yield path, f"cannot parse rule {text!r}: {err}"
        return
    problems = rules.check_rule(node, s.issues, s.derived)
    for msg in problems:
        yield path, f"in rule {text!r}: {msg}"
    cells = rules.table_cells(node, s.issues, len(s.proposals))
    if not problems and cells > rules.MAX_FACTOR_CELLS:
        yield path, f"in rule {text!r}: {rules.cells_message(cells)}"


def evidence_items(obj: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Evidence]]:
    """Every evidence item in a scenario (or any part of one), with its path."""
    yield from _evidence(obj, path)


def _evidence(obj: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Evidence]]:
    if isinstance(obj, Evidence):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _evidence(getattr(obj, name), (*path, name))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _evidence(v, (*path, k))
    elif isinstance(obj, tuple | list):
        for i, v in enumerate(obj):
            yield from _evidence(v, (*path, i))


# -- rendering pydantic's structural errors ------------------------------------------------------


def _structural(err: ValidationError, doc: Document) -> list[Problem]:
    found = [(_data_path(doc.data, e["loc"]), e) for e in err.errors(include_url=False)]
    problems = []
    for path, e in found:
        if _other_branch(path, e, found):
            continue
        problems.append(doc.problem(path, _message(e, path)))
    return problems


def _other_branch(path: Path_, e: Any, found: list[tuple[Path_, Any]]) -> bool:
    """Whether ``e`` only says that a list is not a mapping where a union also allows a list
    and the list form has its own, more precise, problems further in."""
    if e["type"] not in ("dict_type", "model_type") or not isinstance(e.get("input"), list):
        return False
    return any(len(p) > len(path) and p[: len(path)] == path for p, _ in found)


def _data_path(data: Any, loc: Iterable[int | str]) -> Path_:
    """Keep the parts of pydantic's location that exist in the data (drops union tags)."""
    path: list[str | int] = []
    cur: Any = data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing key: name it
            cur = None
    return tuple(path)


def _is_tag(part: str) -> bool:
    return part in {"str", "float", "int", "bool"} or "[" in part


def _message(e: Any, path: Path_) -> str:
    kind = e["type"]
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        fields = _fields_at(path[:-1])
        return f"unknown key {key!r}{_suggest(key, fields)}" + (
            f"; expected one of: {', '.join(fields)}" if fields and not _close(key, fields) else ""
        )
    if kind == "missing":
        if path and isinstance(path[-1], int):
            return "an item of this list is missing (too few items)"
        return "required key is missing"
    msg = str(e["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind in ("finite_number",):
        msg = "expected a finite number (not NaN or infinity)"
    if _too_large(e):
        msg = f"expected a number between {-MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        msg = f"expected a mapping, got {_kind(e.get('input'))}"
    if kind in ("tuple_type", "list_type"):
        msg = f"expected a list, got {_kind(e.get('input'))}"
    return msg


def _too_large(e: Any) -> bool:
    """Whether a pydantic error is a number over the magnitude limit."""
    limit = (e.get("ctx") or {}).get("le", (e.get("ctx") or {}).get("ge"))
    if e["type"] in ("less_than_equal", "greater_than_equal") and limit is not None:
        return bool(abs(float(limit)) == MAX_MAGNITUDE)
    value = e.get("input")
    return e["type"] == "float_type" and isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:80]


def _fields_at(path: Path_) -> list[str]:
    """Field names of the schema object at ``path`` (for did-you-mean on unknown keys)."""
    tp: Any = Scenario
    for part in path:
        tp = _step(tp, part)
        if tp is None:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [n for n in tp.model_fields if n != "kind"]
    return []


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return tp


def _step(tp: Any, part: str | int) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is dict and args:
        return args[1]
    if origin in (tuple, list) and args:
        return args[0]
    return None


def _close(word: str, choices: Iterable[str]) -> bool:
    return closest(word, choices) is not None


__all__ = ["dotted", "scenario_from_document", "semantic_problems", "term_problem"]
