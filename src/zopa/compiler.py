"""Compiling a scenario into a :class:`~zopa.game.Game`: the value grid of every issue, each
party's weighted value tables, and the factors of package terms, red lines and deal-level
rules (each a table over just the issues it mentions, derived quantities included).

Sizes are checked from the issues before anything is built: the outcome count arithmetically
(:func:`check_sizes`, in :mod:`zopa.model.grids` with the grids themselves), each rule's table
from the issues it mentions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from zopa._memo import PerObject
from zopa._types import Value
from zopa.errors import TooLargeError
from zopa.game import Factor, Game
from zopa.model import derived as dv
from zopa.model import rules
from zopa.model import values as vf
from zopa.model.grids import check_sizes, compiled_grid, count_text, outcome_count
from zopa.model.schema import Issue, Scenario

__all__ = [
    "check_sizes",
    "compile_scenario",
    "count_text",
    "derived_extent",
    "derived_table",
    "grid_values",
    "outcome_count",
]


def grid_values(scenario: Scenario, issue_id: str) -> tuple[Value, ...]:
    """The issue's values in the compiled game: options, or the range grid plus every value a
    proposal names (so tabled proposals are represented exactly)."""
    issue = scenario.issues[issue_id]
    if issue.options is not None:
        return issue.values
    return tuple(compiled_grid(scenario, issue_id).tolist())


def _coordinates(scenario: Scenario, issue_id: str) -> np.ndarray:
    """The compiled values of an issue as numbers: option indices or the range grid."""
    issue = scenario.issues[issue_id]
    if issue.options is not None:
        return np.arange(len(issue.options), dtype=float)
    return compiled_grid(scenario, issue_id)


@dataclass(frozen=True)
class _Frame:
    """What compiling a scenario does not draw: the grids, the derived quantities' tables and
    the masks of package terms, red lines and deal-level rules (worked out once per scenario
    object; every game compiled from it shares them, read-only)."""

    issue_ids: tuple[str, ...]
    coords: list[np.ndarray]
    grids: list[tuple[Value, ...]]
    #: per party, in the order the terms are built: ("derived", name, interest, axes, x,
    #: extent) for an interest in a derived quantity, ("term", index of the term, mask)
    terms: list[list[tuple[Any, ...]]]
    constraints: tuple[Factor, ...]


_FRAMES: PerObject[_Frame] = PerObject(64)


def _frame(scenario: Scenario) -> _Frame:
    return _FRAMES.get(scenario, ("frame",), lambda: _make_frame(scenario))


def _make_frame(scenario: Scenario) -> _Frame:
    issue_ids = tuple(scenario.issues)
    issues = scenario.issues
    check_sizes(scenario)
    coords = [_coordinates(scenario, i) for i in issue_ids]
    for x in coords:
        x.setflags(write=False)
    grids = [
        issues[i].values if issues[i].options is not None else tuple(x.tolist())
        for i, x in zip(issue_ids, coords, strict=True)
    ]
    defs = dv.definitions(scenario)
    terms: list[list[tuple[Any, ...]]] = []
    constraints: list[Factor] = []
    for p, pid in enumerate(scenario.parties):
        party = scenario.parties[pid]
        own: list[tuple[Any, ...]] = []
        for name, interest in party.interests.items():
            if name in defs:  # an interest in a derived quantity couples the issues it uses
                axes, x, extent = derived_table(scenario, name, defs, coords)
                own.append(("derived", name, interest, axes, x, extent))
        for t, term in enumerate(party.terms):
            own.append(("term", t, _rule_factor(term.when, p, issue_ids, scenario, coords)))
        terms.append(own)
        for red in party.red_lines:
            constraints.append(_rule_factor(red.rule, p, issue_ids, scenario, coords))
    for deal_rule in scenario.constraints:
        f = _rule_factor(deal_rule.rule, 0, issue_ids, scenario, coords)
        constraints.extend(replace(f, party=p, deal=True) for p in range(len(scenario.parties)))
    for factor in constraints:
        factor.table.setflags(write=False)
    return _Frame(issue_ids, coords, grids, terms, tuple(constraints))


def compile_scenario(scenario: Scenario, pick: vf.Pick = vf.point) -> Game:
    """Compile a validated scenario; ``pick`` chooses each uncertain number (point estimate by
    default, a draw in Monte Carlo). ``pick`` must give the same number each time it is asked
    about the same :class:`~zopa.model.Uncertain` (see :func:`zopa.model.values.sampler`).
    What no number changes (grids, rule masks, derived tables) is built once per scenario."""
    frame = _frame(scenario)
    issue_ids, coords, issues = frame.issue_ids, frame.coords, scenario.issues
    party_ids = tuple(scenario.parties)
    weights = {pid: vf.weights(scenario.parties[pid], issue_ids, pick) for pid in party_ids}
    tables = []
    for k, issue_id in enumerate(issue_ids):
        rows = []
        for pid in party_ids:
            interest = scenario.parties[pid].interests.get(issue_id)
            if interest is None:
                rows.append(np.zeros(len(coords[k])))
                continue
            w = weights[pid][k]
            party = scenario.parties[pid]
            rows.append(w * vf.party_value(party, interest, issues[issue_id], coords[k], pick))
        tables.append(np.array(rows).reshape(len(party_ids), len(coords[k])))
    terms: list[Factor] = []
    for p, pid in enumerate(party_ids):
        party = scenario.parties[pid]
        for item in frame.terms[p]:
            if item[0] == "derived":
                _, name, interest, axes, x, extent = item
                w = vf.weights(party, (name,), pick)[0]
                table = w * vf.value(interest, extent, x, pick)
                terms.append(Factor(p, axes, np.asarray(table, dtype=float), f"interest in {name}"))
            else:
                _, t, mask = item
                term = party.terms[t]
                terms.append(
                    Factor(p, mask.axes, mask.table.astype(float) * pick(term.value), term.when)
                )
    return Game.from_arrays(
        tables=tables,
        reservations=[pick(scenario.parties[p].reservation) for p in party_ids],
        party_ids=party_ids,
        party_names=[scenario.party_name(p) for p in party_ids],
        issue_ids=issue_ids,
        values=frame.grids,
        signatory=[scenario.parties[p].signatory for p in party_ids],
        terms=terms,
        constraints=frame.constraints,
        scale=[scenario.parties[p].scale or 1.0 for p in party_ids],
    )


def derived_table(
    scenario: Scenario, name: str, defs: Mapping[str, dv.Expr], coords: list[np.ndarray]
) -> tuple[tuple[int, ...], np.ndarray, Issue]:
    """A derived quantity over the compiled grids of the issues it stands on: their axes, the
    table, and a numeric stand-in issue spanning its extent (for value functions)."""
    issue_ids = tuple(scenario.issues)
    on = dv.issues_of(name, defs, scenario.issues)
    axes = tuple(sorted(issue_ids.index(i) for i in on))
    order = tuple(issue_ids[k] for k in axes)
    x = dv.tabulate(name, order, defs, scenario.issues, {i: coords[issue_ids.index(i)] for i in on})
    lo, hi = dv.bounds(x)
    return axes, x, Issue(range=(lo, hi))


def derived_extent(scenario: Scenario, name: str, defs: Mapping[str, dv.Expr]) -> Issue:
    """The numeric stand-in issue spanning a derived quantity over the compiled grids."""
    coords = [_coordinates(scenario, i) for i in scenario.issues]
    return derived_table(scenario, name, defs, coords)[2]


def _rule_factor(
    text: str,
    party: int,
    issue_ids: tuple[str, ...],
    scenario: Scenario,
    coords: list[np.ndarray],
) -> Factor:
    node = rules.parse_rule(text)
    defs = dv.definitions(scenario)
    used = [i for n in rules.issues_of(node) for i in dv.issues_of(n, defs, scenario.issues)]
    mentioned = sorted({issue_ids.index(i) for i in used})
    cells = math.prod(len(coords[k]) for k in mentioned)
    if cells > rules.MAX_FACTOR_CELLS:
        raise TooLargeError(f"{text!r}: {rules.cells_message(cells)}")
    axes: dict[str, np.ndarray] = {}
    for pos, k in enumerate(mentioned):
        view = [1] * len(mentioned)
        view[pos] = len(coords[k])
        axes[issue_ids[k]] = coords[k].reshape(view)
    for name in rules.issues_of(node):
        if name in defs:
            axes[name] = dv.evaluate(defs[name], dict(axes), scenario.issues, defs)
    mask = rules.evaluate(node, axes, scenario.issues)
    shape = tuple(len(coords[k]) for k in mentioned)
    table = np.broadcast_to(mask, shape).copy()
    return Factor(party, tuple(mentioned), table, text)
