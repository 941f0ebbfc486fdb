"""What the desk page needs beyond the diagnosis: each party's colour, walk-away range and the
evidence behind its judgements, the negotiating parties and the strategies they may play.

The page embeds this as JSON data (escaped by Jinja2) for its scripts: the agreement space, what
it would take, the negotiation dance and the lenses all read it.
"""

from __future__ import annotations

from typing import Any

from zopa.figures import party_colors
from zopa.model.schema import Scenario
from zopa.web.evidence import evidence_of


def _issue_meta(s: Scenario) -> dict[str, Any]:
    return {
        issue_id: {
            "label": s.issue_label(issue_id),
            "unit": issue.unit or "",
            "kind": "option" if issue.options is not None else "range",
        }
        for issue_id, issue in s.issues.items()
    }


def desk_data(s: Scenario) -> dict[str, Any]:
    """The page's data: parties (name, role, colour, walk-away range), signatories, issues,
    proposals' terms, strategies and the evidence of every party's judgements."""
    from zopa.negotiate import strategies

    colours = party_colors(list(s.parties))
    parties = {
        pid: {
            "name": s.party_name(pid),
            "signatory": p.signatory,
            "colour": colours[pid],
            "reservation": [p.reservation.low, p.reservation.point, p.reservation.high],
        }
        for pid, p in s.parties.items()
    }
    signatories = [pid for pid, p in s.parties.items() if p.signatory]
    return {
        "parties": parties,
        "signatories": signatories,
        "issues": _issue_meta(s),
        "proposals": {
            name: {"title": p.title or name, "by": p.by, "terms": dict(p.terms)}
            for name, p in s.proposals.items()
        },
        "strategies": list(strategies()),
        "evidence": evidence_of(s),
    }
