"""Win-sets as acceptance masks on the compiled game.

A party's *win-set* (Putnam 1988) is the set of packages its ratifiers would pass. Each
ratifying body becomes one boolean :class:`~zopa.game.Factor` of the ratifying party over just
the issues its factions care about (interests, red lines, package terms): a faction votes yes on
a package when the package is acceptable to it (no red line crossed, utility at least its
reservation value); the body passes it when the yes seats meet its rule and every veto holder
votes yes. Added to the game's ``constraints`` beside the party's red lines, these masks make
every analysis that tests acceptance (ZOPA, frontier, solutions, counter-proposals) require
ratification without knowing about it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from zopa._memo import PerObject
from zopa.compiler import compile_scenario, grid_values
from zopa.errors import TooLargeError
from zopa.game import MAX_CELLS, Factor, Game
from zopa.model import rules
from zopa.model import values as vf
from zopa.model.ratifiers import Ratifier
from zopa.model.schema import Proposal, Scenario

#: Label prefix of ratification factors (so they can be told apart from red lines).
LABEL = "ratification by "


def body_issues(scenario: Scenario, body: Ratifier) -> tuple[str, ...]:
    """The issues some faction of the body values or conditions on, in scenario order."""
    used: set[str] = set()
    for faction in body.factions.values():
        used.update(faction.interests)
        for red in faction.red_lines:
            used.update(rules.issues_of(rules.parse_rule(red.rule)))
        for term in faction.terms:
            used.update(rules.issues_of(rules.parse_rule(term.when)))
    return tuple(i for i in scenario.issues if i in used)


def faction_game(
    scenario: Scenario, body: Ratifier, pick: vf.Pick = vf.point
) -> tuple[tuple[str, ...], Game]:
    """The game of the body's factions over the issues they mention (on the same grids as
    the scenario's game)."""
    issues = body_issues(scenario, body)
    size = math.prod(scenario.issues[i].size for i in issues) * len(body.factions)
    if size > MAX_CELLS:
        raise TooLargeError(
            f"the factions of {body.name or 'a ratifier'} value {len(issues)} issues with "
            f"{size:,.0f} cells in all, over the budget of {MAX_CELLS:,}; give factions fewer "
            "issues or coarser grids"
        )
    return issues, compile_scenario(_factions_scenario(scenario, body, issues), pick)


#: The factions' scenario of each body, kept per scenario: every draw of a Monte Carlo run then
#: compiles the same object, so the compiler's per-scenario frame is built once.
_SUBS: PerObject[tuple[Ratifier, Scenario]] = PerObject(64)


def _factions_scenario(scenario: Scenario, body: Ratifier, issues: tuple[str, ...]) -> Scenario:
    """The body's factions as the parties of a scenario over the issues they mention."""

    def make() -> tuple[Ratifier, Scenario]:
        sub = Scenario.model_construct(
            name=scenario.name,
            issues={i: scenario.issues[i] for i in issues},
            parties={fid: f.as_party() for fid, f in body.factions.items()},
            proposals={
                n: Proposal.model_construct(terms={i: p.terms[i] for i in issues if i in p.terms})
                for n, p in scenario.proposals.items()
            },
        )
        return body, sub

    kept, sub = _SUBS.get(scenario, ("factions", id(body), issues), make)
    if kept is not body:  # another body object at the same address: never reuse its scenario
        return make()[1]
    return sub


def body_mask(
    scenario: Scenario, body: Ratifier, pick: vf.Pick = vf.point, body_id: str | None = None
) -> Factor:
    """Where the body passes a package: a table over the issues its factions mention (labelled
    with the body's name, else its id ``body_id``)."""
    issues, g = faction_game(scenario, body, pick)
    yes = g.acceptable()
    fids = list(body.factions)
    seats = np.array([body.factions[f].seats for f in fids], dtype=float)
    if body.rule.kind == "unanimity":
        passes = yes.all(axis=0)
    else:
        count = seats @ yes.astype(float)
        need = body.rule.needed(int(seats.sum()))
        passes = count >= need - 0.5
    for v in body.rule.veto:
        passes = passes & yes[fids.index(v)]
    axes = tuple(tuple(scenario.issues).index(i) for i in issues)
    return Factor(-1, axes, passes.reshape(g.shape), LABEL + (body.name or body_id or "a ratifier"))


def ratification_factors(
    scenario: Scenario, pick: vf.Pick = vf.point, parties: Sequence[str] | None = None
) -> tuple[Factor, ...]:
    """One mask per ratifying body of each party (all parties, or those named)."""
    ids = list(scenario.parties)
    out = []
    for pid in parties if parties is not None else ids:
        for bid, body in scenario.parties[pid].ratifiers.items():
            out.append(replace(body_mask(scenario, body, pick, bid), party=ids.index(pid)))
    return tuple(out)


def ratified_game(scenario: Scenario, game: Game | None = None, pick: vf.Pick = vf.point) -> Game:
    """The scenario's game in which every party's signature also needs its ratifiers."""
    base = game if game is not None else compile_scenario(scenario, pick)
    factors = ratification_factors(scenario, pick)
    if not factors:
        return base
    return replace(base, constraints=base.constraints + factors)


def requires_ratification(game: Game) -> bool:
    """Whether ``game`` makes signatures need the ratifying bodies' votes (it carries their
    masks, as :func:`ratified_game` adds them)."""
    return any(f.label.startswith(LABEL) for f in game.constraints)


@dataclass(frozen=True)
class WinSet:
    """A party's win-set: how many packages of the whole space its ratifiers would pass."""

    party: str
    bodies: tuple[str, ...]
    size: int
    n_outcomes: int

    @property
    def share(self) -> float:
        return self.size / self.n_outcomes if self.n_outcomes else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "bodies": list(self.bodies),
            "size": self.size,
            "n_outcomes": self.n_outcomes,
            "share": self.share,
        }


def win_set(scenario: Scenario, party: str, pick: vf.Pick = vf.point) -> WinSet:
    """The size of ``party``'s win-set, counted over the issues its bodies mention only."""
    bodies = scenario.parties[party].ratifiers
    factors = [body_mask(scenario, b, pick, bid) for bid, b in bodies.items()]
    shape = tuple(len(grid_values(scenario, i)) for i in scenario.issues)
    axes = sorted({a for f in factors for a in f.axes})
    joint = np.ones(tuple(int(shape[a]) for a in axes), dtype=bool)
    for f in factors:
        view = [1] * len(axes)
        for a in f.axes:
            view[axes.index(a)] = int(shape[a])
        joint = joint & f.table.reshape(view)
    total = math.prod(int(s) for s in shape)
    rest = total // max(1, math.prod(int(shape[a]) for a in axes))
    return WinSet(
        party, tuple(b.name or bid for bid, b in bodies.items()), int(joint.sum()) * rest, total
    )
