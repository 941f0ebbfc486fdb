"""What changed between two saved versions of a scenario: every changed value by its place in
the scenario (``parties.ukraine.reservation: 0.4 → 0.5``), and the unified diff of the texts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from zopa.errors import ZopaError
from zopa.runs.diff import Change, value_changes
from zopa.runs.records import ScenarioVersion


@dataclass(frozen=True)
class VersionDiff:
    """Version ``a`` against version ``b`` of one scenario. ``changes`` is None when either
    text does not parse (then only ``diff`` says what changed)."""

    name: str
    a: ScenarioVersion
    b: ScenarioVersion
    changes: tuple[Change, ...] | None
    diff: str

    def words(self) -> list[str]:
        """One line per changed value, or a sentence when there is nothing to list."""
        if self.a.sha256 == self.b.sha256:
            return ["the two versions have the same text"]
        if self.changes is None:
            return ["one of the texts does not parse; the line-by-line diff shows the change"]
        if not self.changes:
            return ["the same scenario written differently (layout or comments only)"]
        return [c.words() for c in self.changes]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.name,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "words": self.words(),
            "changes": None if self.changes is None else [c.to_dict() for c in self.changes],
            "diff": self.diff,
        }


def _data(v: ScenarioVersion) -> Any:
    from zopa.model.yamlsafe import parse

    try:
        return parse(v.text, v.name).data
    except ZopaError:
        return None


def version_diff(a: ScenarioVersion, b: ScenarioVersion) -> VersionDiff:
    """Compare two versions (of the same scenario, or of two: their names head the diff)."""
    before, after = _data(a), _data(b)
    changes = None
    if before is not None and after is not None:
        changes = tuple(value_changes(before, after))
    diff = "".join(
        difflib.unified_diff(
            a.text.splitlines(keepends=True),
            b.text.splitlines(keepends=True),
            fromfile=f"{a.name} (version {a.version})",
            tofile=f"{b.name} (version {b.version})",
        )
    )
    return VersionDiff(b.name, a, b, changes, diff)
