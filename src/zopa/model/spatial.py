"""Spatial judgements (position, salience, capability) derived from a scenario's interests.

Used by the forecast models, which place every actor on a line per issue:

* **position**: the party's most preferred value mapped to 0–100 over the issue's extent (option
  order for ordered option issues). Option issues whose options have no order
  (``ordered: false``) cannot be put on a line by their listing order, so they are left out
  (:func:`line_issues` names them).
* **salience**: the party's *stake* in the issue, its weight times the spread of its value
  function, ``ŵ_k · (max v_k − min v_k)``: how much of its utility the issue can move. A party
  indifferent on an issue (flat value function) has salience 0 there, whatever its weight.
  With ``basis="party"`` (default) the weights are the party's own normalised weights
  ``ŵ_k = w_k / Σ_j w_j`` (its utility weights), so each party's saliences sum to at most 1 and
  say how the party divides its attention, not how intensely it cares compared with other
  parties. A party with ``normalize_weights: false`` keeps its weights as written, over its
  ``scale`` (1 by default), divided by their sum only if they sum to more than that, as its
  utility is clipped there. ``basis="raw"`` uses every party's weights as written, comparable
  across parties; if any stake then exceeds 1, all are divided by the largest.
* **capability**: the party's capability.

Each comes as a ``(low, mode, high)`` triple so that uncertainty carries over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from zopa.model import values as vf
from zopa.model.schema import Interest, Issue, Party, Scenario
from zopa.model.uncertain import Uncertain

Triple = tuple[float, float, float]
SalienceBasis = Literal["party", "raw"]
_PICKS: tuple[Callable[[Uncertain], float], ...] = (
    lambda u: u.low,
    lambda u: u.point,
    lambda u: u.high,
)


@dataclass(frozen=True)
class ActorJudgement:
    party: str
    name: str
    capability: Triple
    position: dict[str, Triple]
    salience: dict[str, Triple]


def line_issues(scenario: Scenario) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The issues that lie on a line (ranges, ordered options) and those that do not."""
    on = tuple(i for i, issue in scenario.issues.items() if issue.is_ordered)
    off = tuple(i for i, issue in scenario.issues.items() if not issue.is_ordered)
    return on, off


def _position(party: Party, interest: Interest, issue: Issue) -> Triple:
    lo, hi = vf.extent(issue)
    coords = sorted(vf.party_best_coordinate(party, interest, issue, p) for p in _PICKS)
    mode = vf.party_best_coordinate(party, interest, issue)
    scaled = [100.0 * (c - lo) / (hi - lo) if hi > lo else 50.0 for c in coords]
    m = 100.0 * (mode - lo) / (hi - lo) if hi > lo else 50.0
    return (min(scaled[0], m), m, max(scaled[-1], m))


def _spread(party: Party, interest: Interest, issue: Issue) -> Triple:
    """``max v − min v`` over the issue at the low, point and high values: (min, point, max)."""
    x = vf.reachable(interest, issue)
    values = (vf.party_value(party, interest, issue, x, p) for p in _PICKS)
    spreads = [float(v.max() - v.min()) for v in values]
    return (min(spreads), spreads[1], max(spreads))


def _stakes(party: Party, issues: tuple[str, ...], scenario: Scenario) -> dict[str, Triple]:
    """Weight × value spread per issue, weights as written (not yet normalised)."""
    out = {}
    for issue_id in issues:
        interest = party.interests.get(issue_id)
        if interest is None:
            continue
        w, (s_lo, s_mid, s_hi) = (
            interest.weight,
            _spread(party, interest, scenario.issues[issue_id]),
        )
        out[issue_id] = (w.low * s_lo, w.point * s_mid, w.high * s_hi)
    return out


def _divisor(party: Party) -> float:
    total = sum(i.weight.point for i in party.interests.values())
    if party.normalize_weights:
        return total or 1.0
    return max(party.scale or 1.0, total)


def spatial_judgements(
    scenario: Scenario, *, basis: SalienceBasis = "party"
) -> list[ActorJudgement]:
    """One :class:`ActorJudgement` per party with an interest in an issue on a line; issues a
    party has no interest in are left out of its position and salience maps."""
    issues, _ = line_issues(scenario)
    stakes = {pid: _stakes(p, issues, scenario) for pid, p in scenario.parties.items()}
    if basis == "raw":
        top = max((t[1] for s in stakes.values() for t in s.values()), default=0.0)
        divisors = {pid: max(top, 1.0) for pid in stakes}
    else:
        divisors = {pid: _divisor(p) for pid, p in scenario.parties.items()}
    out = []
    for pid, party in scenario.parties.items():
        if not stakes[pid]:
            continue
        pos = {i: _position(party, party.interests[i], scenario.issues[i]) for i in stakes[pid]}
        sal = {i: _share(t, divisors[pid]) for i, t in stakes[pid].items()}
        out.append(ActorJudgement(pid, party.name or pid, party.capability.triple(), pos, sal))
    return out


def _share(stake: Triple, divisor: float) -> Triple:
    low, mode, high = (min(1.0, v / divisor) for v in stake)
    return (low, mode, high)
