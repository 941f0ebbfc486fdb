"""How the answer changes as the deadline approaches.

Time runs from ``t = 0`` (now) to ``t = 1`` (the deadline). A party's walk-away value moves
linearly from its ``reservation`` to its ``reservation_at_deadline`` (when given); a deal and
walking away are both worth ``value · d^t`` with the party's ``discount`` *d* (the GENIUS
convention, Lin et al. 2014), so discounting alone changes what each outcome is worth but not
which outcomes a party accepts: acceptance at time *t* compares the undiscounted utility with
the walk-away value of that time. A party whose alternative worsens faster concedes more as the
deadline nears; with discounting this is the engine of Rubinstein's (1982) bargaining model, in
which the more patient side gets more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from zopa import params
from zopa.diagnose import diagnose
from zopa.game import TOL, Game
from zopa.model import values as vf
from zopa.model.schema import Scenario

#: The most time steps reported.
MAX_STEPS = 101


def times(steps: int) -> np.ndarray:
    """``steps`` evenly spaced times from now (0) to the deadline (1)."""
    steps = params.count(steps, "steps", low=2, high=MAX_STEPS)
    return np.linspace(0.0, 1.0, steps)


def reservations_at(scenario: Scenario, t: float, pick: vf.Pick = vf.point) -> np.ndarray:
    """Each party's walk-away value at time ``t`` (scenario order of parties)."""
    out = []
    for party in scenario.parties.values():
        now = pick(party.reservation)
        later = (
            now if party.reservation_at_deadline is None else pick(party.reservation_at_deadline)
        )
        out.append(now + (later - now) * t)
    return np.array(out)


def discounts(scenario: Scenario, pick: vf.Pick = vf.point) -> np.ndarray:
    """Each party's discount factor (1 where none is declared)."""
    return np.array(
        [1.0 if p.discount is None else pick(p.discount) for p in scenario.parties.values()]
    )


@dataclass(frozen=True)
class PartyOverTime:
    party: str
    name: str
    signatory: bool
    discount: float
    utility: float  # undiscounted, at the package's terms
    red_lines_crossed: int
    reservations: tuple[float, ...]  # walk-away value at each time
    accepts: tuple[bool, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "name": self.name,
            "signatory": self.signatory,
            "discount": self.discount,
            "utility": self.utility,
            "red_lines_crossed": self.red_lines_crossed,
            "reservations": list(self.reservations),
            "accepts": list(self.accepts),
        }


@dataclass(frozen=True)
class Approach:
    """A package (or none) and the ZOPA at each time from now to the deadline."""

    scenario: str
    deadline: str | None
    times: tuple[float, ...]
    proposal: str | None
    parties: tuple[PartyOverTime, ...]
    zopa: tuple[int | None, ...]

    def signed_at(self) -> tuple[bool, ...]:
        """Whether every signatory accepts the package at each time."""
        rows = [p.accepts for p in self.parties if p.signatory]
        return tuple(all(r[k] for r in rows) for k in range(len(self.times)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "deadline": self.deadline,
            "times": list(self.times),
            "proposal": self.proposal,
            "signed": list(self.signed_at()) if self.parties else None,
            "zopa": list(self.zopa),
            "parties": [
                {
                    **p.to_dict(),
                    "discounted_utility": [p.utility * p.discount**t for t in self.times],
                }
                for p in self.parties
            ],
        }


def approach(
    scenario: Scenario,
    terms: Mapping[str, str | float] | None = None,
    *,
    name: str | None = None,
    steps: int = params.DEADLINE_STEPS,
    game: Game | None = None,
    count_zopa: bool = True,
) -> Approach:
    """Each party's acceptance of ``terms`` (if given) and the ZOPA at ``steps`` times."""
    ts = times(steps)
    rows = np.stack([reservations_at(scenario, float(t)) for t in ts])  # (T, P)
    parties: list[PartyOverTime] = []
    if terms is not None:
        d = diagnose(scenario, terms, name)
        disc = discounts(scenario)
        for k, p in enumerate(d.parties):
            ok = not p.red_lines_crossed
            parties.append(
                PartyOverTime(
                    party=p.party,
                    name=p.name,
                    signatory=p.signatory,
                    discount=float(disc[k]),
                    utility=p.utility,
                    red_lines_crossed=len(p.red_lines_crossed),
                    reservations=tuple(float(r) for r in rows[:, k]),
                    accepts=tuple(bool(ok and p.utility >= r - TOL) for r in rows[:, k]),
                )
            )
    zopas: list[int | None] = []
    if count_zopa:
        from zopa.frontier import zopa

        base = game if game is not None else scenario.compile()
        if base.n_parties * base.n_outcomes <= base.max_cells:
            base.utilities()
            base.feasible()
        for row in rows:
            zopas.append(zopa(_with_reservations(base, row)).size)
    deadline = scenario.deadline
    when = None
    if deadline is not None:
        when = deadline.label or (deadline.date.isoformat() if deadline.date else None)
    return Approach(
        scenario=scenario.name,
        deadline=when,
        times=tuple(float(t) for t in ts),
        proposal=name,
        parties=tuple(parties),
        zopa=tuple(zopas),
    )


def _with_reservations(game: Game, reservations: np.ndarray) -> Game:
    """The game with other walk-away values; utilities and red-line masks are shared."""
    out = replace(game, reservations=np.asarray(reservations, dtype=float))
    for name in ("_utilities", "_feasible"):
        if name in game.__dict__:
            out.__dict__[name] = game.__dict__[name]
    return out
