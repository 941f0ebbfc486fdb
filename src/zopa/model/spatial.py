"""Spatial judgements (position, salience, capability) derived from a scenario's interests.

Used by the forecast models: a party's *position* on an issue is its most preferred value mapped
to 0–100 over the issue's extent (option order for option issues); its *salience* is its
normalised weight on the issue; its *capability* is the party's capability. Each comes as a
``(low, mode, high)`` triple so that uncertainty carries over.
"""

from __future__ import annotations

from dataclasses import dataclass

from zopa.model import values as vf
from zopa.model.schema import Scenario


@dataclass(frozen=True)
class ActorJudgement:
    party: str
    name: str
    capability: tuple[float, float, float]
    position: dict[str, tuple[float, float, float]]
    salience: dict[str, tuple[float, float, float]]


def spatial_judgements(scenario: Scenario) -> list[ActorJudgement]:
    """One :class:`ActorJudgement` per party with interests; issues a party has no interest in
    are left out of its position and salience maps."""
    out = []
    issue_ids = tuple(scenario.issues)
    for pid, party in scenario.parties.items():
        if not party.interests:
            continue
        total = sum(party.interests[i].weight.point for i in party.interests) or 1.0
        pos: dict[str, tuple[float, float, float]] = {}
        sal: dict[str, tuple[float, float, float]] = {}
        for issue_id in issue_ids:
            interest = party.interests.get(issue_id)
            if interest is None:
                continue
            issue = scenario.issues[issue_id]
            lo, hi = vf.extent(issue)
            picks = (
                (lambda u: u.low),
                (lambda u: u.point),
                (lambda u: u.high),
            )
            coords = sorted(vf.best_coordinate(interest, issue, p) for p in picks)
            mode = vf.best_coordinate(interest, issue)
            scaled = [100.0 * (c - lo) / (hi - lo) if hi > lo else 50.0 for c in coords]
            m = 100.0 * (mode - lo) / (hi - lo) if hi > lo else 50.0
            pos[issue_id] = (min(scaled[0], m), m, max(scaled[-1], m))
            w = interest.weight
            sal[issue_id] = (w.low / total, w.point / total, w.high / total)
        out.append(ActorJudgement(pid, party.name or pid, party.capability.triple(), pos, sal))
    return out
