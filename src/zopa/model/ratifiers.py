"""Ratifiers: the bodies that must approve a party's signature (two-level games, Putnam 1988).

A party may list ``ratifiers``: a parliament, congress or council, each made of ``factions``
with ``seats``. A faction values packages in the scenario's own terms (``interests``, a
``reservation`` value and ``red_lines``, exactly as a party does) and votes as a bloc: yes when
the package crosses none of its red lines and is worth at least its reservation value. The
body's ``rule`` says which votes pass: ``majority`` (more than half of all seats),
``qualified`` (at least ``threshold`` of all seats), ``unanimity`` (every faction), optionally
with ``veto`` holders (factions whose yes is required whatever the count).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from zopa.model.evidence import Evidence
from zopa.model.provisions import TimePreference
from zopa.model.schema import Interest, PackageTerm, Party, RedLine
from zopa.model.uncertain import Uncertain

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class VotingRule(BaseModel):
    """How a body decides: ``majority``, ``qualified`` (with ``threshold``) or ``unanimity``;
    ``veto`` lists factions whose yes is required in any case."""

    model_config = _FROZEN

    kind: Literal["majority", "qualified", "unanimity"] = "majority"
    threshold: float | None = Field(default=None, gt=0, le=1, allow_inf_nan=False)
    veto: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_str(cls, data: Any) -> Any:
        return {"kind": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _check(self) -> VotingRule:
        if self.kind == "qualified" and self.threshold is None:
            raise ValueError("a qualified majority needs a 'threshold' (a share of all seats)")
        if self.kind != "qualified" and self.threshold is not None:
            raise ValueError(f"'threshold' goes with kind 'qualified', not {self.kind!r}")
        return self

    def passes(self, yes: float, total: float) -> bool:
        """Whether ``yes`` seats of ``total`` meet the count (veto holders checked apart)."""
        if self.kind == "majority":
            return yes > total / 2
        if self.kind == "qualified":
            return yes >= (self.threshold or 1.0) * total - 1e-9
        return yes >= total

    def needed(self, total: int) -> int:
        """The fewest yes seats that pass (for whole seats)."""
        if self.kind == "majority":
            return total // 2 + 1
        if self.kind == "qualified":
            share = self.threshold or 1.0
            need = int(share * total)
            return need if need >= share * total - 1e-9 else need + 1
        return total

    def describe(self) -> str:
        text = {
            "majority": "a majority of all seats",
            "qualified": f"at least {100 * (self.threshold or 1):g}% of all seats",
            "unanimity": "every faction",
        }[self.kind]
        if self.veto:
            text += f", with {', '.join(self.veto)} in favour"
        return text


class Faction(BaseModel):
    """A bloc in a ratifying body: seats, and how it values packages (as a party does)."""

    model_config = _FROZEN

    name: str | None = None
    description: str | None = None
    seats: int = Field(ge=1, le=1_000_000)
    interests: dict[str, Interest] = Field(default_factory=dict)
    reservation: Uncertain = Uncertain.fixed(0.0)
    red_lines: tuple[RedLine, ...] = ()
    terms: tuple[PackageTerm, ...] = ()
    normalize_weights: bool = True
    scale: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    time_preference: TimePreference | None = None
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="after")
    def _as_party(self) -> Faction:
        self.as_party()  # the same checks as a party's interests, red lines and terms
        return self

    def as_party(self) -> Party:
        """The faction as a non-signatory party (for utilities and diagnosis)."""
        return Party(
            name=self.name,
            signatory=False,
            interests=self.interests,
            reservation=self.reservation,
            red_lines=self.red_lines,
            terms=self.terms,
            normalize_weights=self.normalize_weights,
            scale=self.scale,
            time_preference=self.time_preference,
        )


class Ratifier(BaseModel):
    """A body whose approval a party's signature needs."""

    model_config = _FROZEN

    name: str | None = None
    description: str | None = None
    factions: dict[str, Faction]
    rule: VotingRule = VotingRule()
    evidence: tuple[Evidence, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Ratifier:
        if not self.factions:
            raise ValueError("a ratifier needs at least one faction")
        unknown = [v for v in self.rule.veto if v not in self.factions]
        if unknown:
            raise ValueError(
                f"veto holders must be factions of this body; unknown: {', '.join(unknown)}"
            )
        return self

    @property
    def seats(self) -> int:
        return sum(f.seats for f in self.factions.values())

    def passes(self, yes: dict[str, bool]) -> bool:
        """Whether the body passes a package given each faction's vote."""
        if not all(yes[v] for v in self.rule.veto):
            return False
        if self.rule.kind == "unanimity":
            return all(yes.values())
        count = sum(f.seats for fid, f in self.factions.items() if yes[fid])
        return self.rule.passes(count, self.seats)


def ratifier_problems(s: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Cross-reference problems in every party's ratifiers (issues, options, rules)."""
    from zopa.model.validate import _party_problems

    out: list[tuple[tuple[str | int, ...], str]] = []
    for pid, party in s.parties.items():
        for rid, body in getattr(party, "ratifiers", {}).items():
            for fid, faction in body.factions.items():
                base = ("parties", pid, "ratifiers", rid, "factions", fid)
                for path, msg in _party_problems(s, fid, faction.as_party()):
                    out.append(((*base, *path[2:]), msg))
    return out
