"""What a party's diagnosis needs that does not depend on the terms: its weights, its best value
on each issue, its values at each option, its package terms and red lines parsed.

:func:`zopa.diagnose.party_diagnosis` works these out once per scenario and party at the point
estimates (:func:`point_basis`, kept for the last scenarios diagnosed) and afresh for any other
``pick`` (a Monte Carlo draw), picking the uncertain numbers in the order the diagnosis first
uses them, so a sampler draws them as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zopa._memo import PerObject
from zopa.compiler import derived_extent
from zopa.model import derived as dv
from zopa.model import rules
from zopa.model import values as vf
from zopa.model.schema import Interest, Issue, Scenario
from zopa.model.uncertain import Uncertain


@dataclass(frozen=True)
class Basis:
    """One party's terms-free pieces of a diagnosis (see the module)."""

    w: np.ndarray  # the weight of each issue, in the scenario's order (0 without an interest)
    scale: float
    reservation: float
    best: dict[str, float]  # issue: the party's best value on it
    #: issue: the party's value at each option, for option issues without a schedule
    tables: dict[str, np.ndarray]
    #: (name, interest, extent, weight, best value) of each derived quantity it cares about
    derived: tuple[tuple[str, Interest, Issue, float, float], ...]
    terms: tuple[tuple[rules.Node, Uncertain], ...]  # (when, value) of its package terms
    #: (rule, label, parsed rule) of its red lines, then of the deal-level rules
    red_lines: tuple[tuple[str, str | None, rules.Node], ...]


def basis(scenario: Scenario, party_id: str, pick: vf.Pick) -> Basis:
    """The party's basis with the uncertain numbers chosen by ``pick``."""
    party = scenario.parties[party_id]
    issue_ids = tuple(scenario.issues)
    w = vf.weights(party, issue_ids, pick)
    reservation = pick(party.reservation)
    best: dict[str, float] = {}
    tables: dict[str, np.ndarray] = {}
    for i in issue_ids:
        interest, issue = party.interests.get(i), scenario.issues[i]
        if interest is None:
            continue
        best[i] = vf.party_best_value(party, interest, issue, pick)
        if issue.options is not None and issue.schedule is None:
            x = np.arange(len(issue.options), dtype=np.float64)
            tables[i] = vf.party_value(party, interest, issue, x, pick)
    defs = definitions(scenario)
    derived = []
    for name, interest in party.interests.items():
        if name in defs:
            extent = derived_extent(scenario, name, defs)
            wd = float(vf.weights(party, (name,), pick)[0])
            derived.append((name, interest, extent, wd, vf.best_value(interest, extent, pick)))
    red_lines = [(r.rule, r.label, rules.parse_rule(r.rule)) for r in party.red_lines]
    for deal in scenario.constraints:
        label = f"deal-level rule: {deal.label or deal.rule}"
        red_lines.append((deal.rule, label, rules.parse_rule(deal.rule)))
    return Basis(
        w,
        party.scale or 1.0,
        reservation,
        best,
        tables,
        tuple(derived),
        tuple((rules.parse_rule(t.when), t.value) for t in party.terms),
        tuple(red_lines),
    )


_KEPT: PerObject[object] = PerObject(256)


def point_basis(scenario: Scenario, party_id: str) -> Basis:
    """:func:`basis` at the point estimates, worked out once per scenario object and party."""
    found = _KEPT.get(scenario, ("basis", party_id), lambda: basis(scenario, party_id, vf.point))
    assert isinstance(found, Basis)
    return found


def definitions(scenario: Scenario) -> dict[str, dv.Expr]:
    """The scenario's parsed derived quantities (once per scenario object; do not change)."""
    found = _KEPT.get(scenario, ("definitions",), lambda: dv.definitions(scenario))
    assert isinstance(found, dict)
    return found


def coordinate(scenario: Scenario, issue_id: str, value: str | float) -> float:
    """A term as a number: an option's index, or the number itself."""
    issue = scenario.issues[issue_id]
    if issue.options is not None:
        return float(issue.options.index(str(value)))
    return float(value)


def axes(scenario: Scenario, terms: dict[str, str | float]) -> dict[str, np.ndarray]:
    """The outcome's coordinates as one-element arrays, issues then derived quantities (what
    rules and derived values are evaluated on)."""
    out = {i: np.array([coordinate(scenario, i, terms[i])]) for i in scenario.issues}
    defs = definitions(scenario)
    on_issues = dict(out)
    for name in defs:
        out[name] = dv.evaluate(defs[name], on_issues, scenario.issues, defs).reshape(1)
    return out
