"""What changed between two runs: inputs (command, parameters, seed, scenario versions, zopa
version) and results (every changed JSON value, by path), as a value with words and JSON."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from zopa.runs.records import Run

MAX_LISTED = 200
"""Result changes listed one by one; beyond this only their number is given."""


@dataclass(frozen=True)
class Change:
    """One changed value: where (a path such as ``monte_carlo.mean.security``), before, after.
    A missing side is ``None`` with ``present`` saying which sides exist."""

    path: str
    before: Any
    after: Any
    present: tuple[bool, bool] = (True, True)

    def words(self) -> str:
        if not self.present[0]:
            return f"{self.path}: added ({_short(self.after)})"
        if not self.present[1]:
            return f"{self.path}: removed (was {_short(self.before)})"
        return f"{self.path}: {_short(self.before)} → {_short(self.after)}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if self.present[0]:
            out["before"] = self.before
        if self.present[1]:
            out["after"] = self.after
        return out


@dataclass(frozen=True)
class RunDiff:
    """The differences between run ``a`` and run ``b``."""

    a: int
    b: int
    inputs: tuple[Change, ...]
    scenario_diffs: tuple[str, ...]
    results: tuple[Change, ...]
    n_result_changes: int
    same_result: bool

    def lines(self) -> list[str]:
        out = [f"run {self.a} → run {self.b}"]
        out += [f"  input {c.words()}" for c in self.inputs] or ["  same inputs"]
        if self.same_result:
            out.append("  same result")
        else:
            out += [f"  result {c.words()}" for c in self.results]
            hidden = self.n_result_changes - len(self.results)
            if hidden > 0:
                out.append(f"  ... and {hidden} more changed result values")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "inputs": [c.to_dict() for c in self.inputs],
            "scenario_diffs": list(self.scenario_diffs),
            "same_result": self.same_result,
            "result_changes": self.n_result_changes,
            "results": [c.to_dict() for c in self.results],
        }


def diff_runs(a: Run, b: Run) -> RunDiff:
    """Compare two runs (both read with their results)."""
    inputs: list[Change] = []
    for key, x, y in (
        ("command", a.command, b.command),
        ("seed", a.seed, b.seed),
        ("zopa_version", a.zopa_version, b.zopa_version),
        ("status", a.status, b.status),
    ):
        if x != y:
            inputs.append(Change(key, x, y))
    inputs += [
        Change(f"params.{c.path}", c.before, c.after, c.present)
        for c in value_changes(a.params, b.params)
    ]
    scen_a = {v.name: v for v in a.inputs}
    scen_b = {v.name: v for v in b.inputs}
    texts = []
    for name in sorted(scen_a.keys() | scen_b.keys()):
        va, vb = scen_a.get(name), scen_b.get(name)
        if va is not None and vb is not None and va.sha256 == vb.sha256:
            continue
        inputs.append(
            Change(
                f"scenario {name}",
                None if va is None else f"version {va.version}",
                None if vb is None else f"version {vb.version}",
                (va is not None, vb is not None),
            )
        )
        if va is not None and vb is not None:
            texts.append(
                "".join(
                    difflib.unified_diff(
                        va.text.splitlines(keepends=True),
                        vb.text.splitlines(keepends=True),
                        fromfile=f"{name} (version {va.version}, run {a.id})",
                        tofile=f"{name} (version {vb.version}, run {b.id})",
                    )
                )
            )
    result_a, result_b = a.result_value(), b.result_value()
    changes = value_changes(result_a, result_b)
    return RunDiff(
        a=a.id,
        b=b.id,
        inputs=tuple(inputs),
        scenario_diffs=tuple(texts),
        results=tuple(changes[:MAX_LISTED]),
        n_result_changes=len(changes),
        same_result=a.result == b.result,
    )


def value_changes(before: Any, after: Any, path: str = "") -> list[Change]:
    """Every leaf that differs between two JSON values, in document order."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[Change] = []
        for key in [*before, *(k for k in after if k not in before)]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in after:
                out.append(Change(sub, before[key], None, (True, False)))
            elif key not in before:
                out.append(Change(sub, None, after[key], (False, True)))
            else:
                out += value_changes(before[key], after[key], sub)
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        out = []
        for i, (x, y) in enumerate(zip(before, after, strict=True)):
            out += value_changes(x, y, f"{path}[{i}]")
        return out
    if before != after or type(before) is not type(after):
        return [Change(path or "(whole)", before, after)]
    return []


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."
