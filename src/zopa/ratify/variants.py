"""Table variants: the same negotiation with a different set of signatories.

A variant is named in the scenario (``variants:``) or given as comma-separated party ids
(``us,russia``). :func:`with_signatories` returns the scenario in which exactly those parties
sign and every other party is a stakeholder. Fewer signatories can only enlarge the ZOPA: a deal
acceptable to every member of a set is acceptable to every member of a subset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa.errors import InputError
from zopa.game import Game
from zopa.model.schema import Scenario


@dataclass(frozen=True)
class TableVariant:
    """Who signs: a declared variant or one given on the command line."""

    name: str
    label: str
    signatories: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "signatories": list(self.signatories)}


def resolve(scenario: Scenario, spec: str, where: str = "variant") -> TableVariant:
    """A declared variant by name, or comma-separated party ids (a located error otherwise)."""
    declared = scenario.variants.get(spec)
    if declared is not None:
        return TableVariant(spec, declared.label or spec, declared.signatories)
    ids = [p.strip() for p in spec.split(",") if p.strip()]
    unknown = [p for p in ids if p not in scenario.parties]
    if not ids or unknown:
        names = ", ".join(scenario.variants) or "none declared"
        raise InputError.single(
            f"{spec!r} is neither a declared variant ({names}) nor comma-separated party ids "
            f"(parties: {', '.join(scenario.parties)})",
            path=where,
        )
    if len(ids) != len(spec.split(",")):
        raise InputError.single(f"{spec!r} has an empty party id between commas", path=where)
    if len(set(ids)) != len(ids):
        raise InputError.single(f"{spec!r} names a party twice", path=where)
    return TableVariant(spec, " + ".join(scenario.party_name(p) for p in ids), tuple(ids))


def declared(scenario: Scenario) -> list[TableVariant]:
    """Every variant the scenario declares, in order."""
    return [resolve(scenario, name) for name in scenario.variants]


def with_signatories(scenario: Scenario, signatories: Sequence[str]) -> Scenario:
    """The scenario in which exactly ``signatories`` sign (the rest become stakeholders)."""
    parties = {
        pid: party.model_copy(update={"signatory": pid in signatories})
        for pid, party in scenario.parties.items()
    }
    return scenario.model_copy(update={"parties": parties})


#: Cached matrices of a game that do not depend on who signs.
_SHARED = ("_utilities", "_feasible", "_acceptable")


def game_for(game: Game, signatories: Sequence[str]) -> Game:
    """The compiled game with the signatory flags of a variant. The utility, red-line and
    acceptance matrices already computed for ``game`` are shared, not recomputed: they do not
    depend on who signs."""
    from dataclasses import replace

    flags = np.array([p in signatories for p in game.party_ids], dtype=bool)
    out = replace(game, signatory=flags)
    for name in _SHARED:
        if name in game.__dict__:
            out.__dict__[name] = game.__dict__[name]
    return out
