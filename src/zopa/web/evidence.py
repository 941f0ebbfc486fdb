"""The evidence behind each judgement the desk shows, gathered from the provenance audit.

For each party: its walk-away value, each issue it cares about (weight and values together) and
its red lines, each with the audit's mark (sourced, judgement, unsourced), the sources cited
(title, address, date) and the analyst's judgements, as plain data for the page.
"""

from __future__ import annotations

from typing import Any

from zopa.model.schema import Scenario

#: The audit's marks, strongest basis first.
MARKS = ("sourced", "judgement", "unsourced")


def _source(s: Scenario, sid: str) -> dict[str, Any]:
    src = s.sources.get(sid)
    if src is None:
        return {"id": sid, "title": sid, "url": None, "date": None}
    date = src.date.isoformat() if src.date else None
    return {"id": sid, "title": src.title, "url": src.url, "date": date}


def _entry(s: Scenario, numbers: list[Any]) -> dict[str, Any]:
    """One judgement's evidence: the weakest mark among its numbers, sources and judgements."""
    marks = {n.status for n in numbers}
    weakest = next((m for m in reversed(MARKS) if m in marks), "unsourced")
    sources = list(dict.fromkeys(sid for n in numbers for sid in n.sources))
    judgements = list(dict.fromkeys(j.strip() for n in numbers for j in n.judgements))
    return {
        "mark": weakest,
        "numbers": len(numbers),
        "sources": [_source(s, sid) for sid in sources],
        "judgements": judgements,
    }


def _red_lines(s: Scenario, pid: str) -> list[dict[str, Any]]:
    out = []
    for red in s.parties[pid].red_lines:
        sources = list(dict.fromkeys(e.source for e in red.evidence if e.source))
        judgements = [e.judgement.strip() for e in red.evidence if e.judgement]
        mark = "sourced" if sources else "judgement" if judgements else "unsourced"
        out.append(
            {
                "rule": red.rule,
                "label": red.label or red.rule,
                "mark": mark,
                "sources": [_source(s, sid) for sid in sources],
                "judgements": judgements,
            }
        )
    return out


def evidence(s: Scenario) -> dict[str, Any]:
    """Per party: ``reservation``, ``issues`` (issue: evidence) and ``red_lines``."""
    from zopa.audit import audit

    a = audit(s, draws=0)
    out: dict[str, Any] = {}
    for pid, party in s.parties.items():
        base = f"parties.{pid}"
        reservation = [n for n in a.numbers if n.path == f"{base}.reservation"]
        issues = {}
        for issue_id in party.interests:
            prefix = f"{base}.interests.{issue_id}."
            found = [n for n in a.numbers if n.path.startswith(prefix)]
            if found:
                issues[issue_id] = _entry(s, found)
        out[pid] = {
            "reservation": _entry(s, reservation) if reservation else None,
            "issues": issues,
            "red_lines": _red_lines(s, pid),
        }
    return out


def evidence_of(s: Scenario) -> dict[str, Any]:
    """:func:`evidence` of a scenario, made once per scenario object."""
    from zopa.web.package import per_scenario

    return per_scenario(s, ("evidence",), lambda: evidence(s))
