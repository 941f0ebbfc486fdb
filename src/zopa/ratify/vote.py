"""How each ratifying body would vote on a package, and why.

Each faction is diagnosed like a party (exactly at the package's terms): its utility, its
reservation value, the red lines the package crosses and the issues that pull it down most. It
votes yes when it accepts; the body passes the package when the yes seats meet its rule and
every veto holder votes yes. The margin is the yes seats minus the seats needed (negative: that
many more seats were needed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zopa.diagnose import check_terms, party_diagnosis
from zopa.model import values as vf
from zopa.model.ratifiers import Ratifier
from zopa.model.schema import Scenario


@dataclass(frozen=True)
class FactionVote:
    faction: str
    name: str
    seats: int
    yes: bool
    utility: float
    reservation: float
    margin: float
    red_lines_crossed: tuple[str, ...]
    shortfalls: tuple[str, ...]

    def reason(self) -> str:
        if self.red_lines_crossed:
            return "crosses " + "; ".join(self.red_lines_crossed)
        if not self.yes:
            why = f"worth {self.utility:.2f} < walk-away {self.reservation:.2f}"
            return why + (f" (mostly {', '.join(self.shortfalls)})" if self.shortfalls else "")
        return f"worth {self.utility:.2f} >= walk-away {self.reservation:.2f}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "faction": self.faction,
            "name": self.name,
            "seats": self.seats,
            "yes": self.yes,
            "utility": self.utility,
            "reservation": self.reservation,
            "margin": self.margin,
            "red_lines_crossed": list(self.red_lines_crossed),
            "shortfalls": list(self.shortfalls),
            "reason": self.reason(),
        }


@dataclass(frozen=True)
class BodyVote:
    party: str
    body: str
    name: str
    rule: str
    seats: int
    needed: int
    yes_seats: int
    passes: bool
    vetoed_by: tuple[str, ...]
    factions: tuple[FactionVote, ...]

    @property
    def margin(self) -> int:
        return self.yes_seats - self.needed

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "body": self.body,
            "name": self.name,
            "rule": self.rule,
            "seats": self.seats,
            "needed": self.needed,
            "yes_seats": self.yes_seats,
            "no_seats": self.seats - self.yes_seats,
            "margin": self.margin,
            "passes": self.passes,
            "vetoed_by": list(self.vetoed_by),
            "factions": [f.to_dict() for f in self.factions],
        }


@dataclass(frozen=True)
class Ratification:
    """The votes of every ratifying body on one package."""

    terms: dict[str, str | float]
    bodies: tuple[BodyVote, ...]

    def ratified_by(self, party: str) -> bool:
        """Whether every body of ``party`` passes the package (True when it has none)."""
        return all(b.passes for b in self.bodies if b.party == party)

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.party for b in self.bodies))

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": dict(self.terms),
            "ratified": {p: self.ratified_by(p) for p in self.parties},
            "bodies": [b.to_dict() for b in self.bodies],
        }


def ratification(
    scenario: Scenario, terms: Mapping[str, str | float], pick: vf.Pick = vf.point
) -> Ratification:
    """How every ratifying body of every party would vote on the package ``terms``."""
    outcome = check_terms(scenario, terms)
    votes = []
    for pid, party in scenario.parties.items():
        for bid, body in party.ratifiers.items():
            votes.append(body_vote(scenario, pid, bid, body, outcome, pick))
    return Ratification(outcome, tuple(votes))


def body_vote(
    scenario: Scenario,
    party: str,
    body_id: str,
    body: Ratifier,
    terms: dict[str, str | float],
    pick: vf.Pick = vf.point,
) -> BodyVote:
    factions = []
    for fid, faction in body.factions.items():
        sub = scenario.model_copy(update={"parties": {fid: faction.as_party()}})
        d = party_diagnosis(sub, fid, terms, pick)
        factions.append(
            FactionVote(
                faction=fid,
                name=faction.name or fid,
                seats=faction.seats,
                yes=d.accepts,
                utility=d.utility,
                reservation=d.reservation,
                margin=d.margin,
                red_lines_crossed=tuple(h.label or h.rule for h in d.red_lines_crossed),
                shortfalls=tuple(e.issue for e in d.shortfalls()),
            )
        )
    yes = {f.faction: f.yes for f in factions}
    return BodyVote(
        party=party,
        body=body_id,
        name=body.name or body_id,
        rule=body.rule.describe(),
        seats=body.seats,
        needed=body.rule.needed(body.seats) if body.rule.kind != "unanimity" else body.seats,
        yes_seats=sum(f.seats for f in factions if f.yes),
        passes=body.passes(yes),
        vetoed_by=tuple(v for v in body.rule.veto if not yes[v]),
        factions=tuple(factions),
    )
