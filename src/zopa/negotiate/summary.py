"""A short simulation of a scenario's signatories under the default strategies (for ``analyze``).

The signatories negotiate (alternating offers for two, stacked alternating offers for more)
over 100 rounds, once with every signatory playing Boulware, once Linear and once Conceder
(time-dependent concession, :mod:`zopa.negotiate.strategies.timedep`). Each run reports how it
ended, the terms agreed, every party's utility of the result (stakeholders included, though they
do not negotiate) and the distance of the signatories' utilities to their Nash point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from zopa.game import Game
from zopa.model import Scenario, load_scenario
from zopa.negotiate.arena import Arena
from zopa.negotiate.protocols import negotiate
from zopa.negotiate.registry import default_protocol
from zopa.negotiate.scoring import landmarks

DEFAULT_PROFILES = ("boulware", "linear", "conceder")


@dataclass(frozen=True)
class SimulationSummary:
    """One run per default strategy profile among the signatories, in JSON-ready parts.

    With fewer than two signatories nothing is run: ``note`` says so and ``protocol`` and
    ``nash`` are None.
    """

    parties: tuple[str, ...]
    protocol: str | None
    rounds: int
    seed: int
    nash: Sequence[float] | None
    runs: tuple[Mapping[str, Any], ...]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"parties", "protocol", "rounds", "seed", "nash", "runs"}`` (``{"parties", "runs",
        "note"}`` when nothing was run)."""
        if self.note is not None:
            return {"parties": list(self.parties), "runs": [], "note": self.note}
        return {
            "parties": list(self.parties),
            "protocol": self.protocol,
            "rounds": self.rounds,
            "seed": self.seed,
            "nash": None if self.nash is None else list(self.nash),
            "runs": [dict(r) for r in self.runs],
        }


def simulation_summary(
    scenario: Scenario | Game | str | Path, seed: int = 0, rounds: int = 100
) -> SimulationSummary:
    """Simulate the signatories under each default strategy profile."""
    if isinstance(scenario, str | Path):
        scenario = load_scenario(scenario)
    game = scenario if isinstance(scenario, Game) else scenario.compile()
    signatories = list(game.signatories)
    if len(signatories) < 2:
        parties = tuple(game.party_ids[i] for i in signatories)
        note = "fewer than two signatories: nothing to negotiate"
        return SimulationSummary(parties, None, rounds, seed, None, (), note)
    arena = Arena.of(game.restrict(signatories))
    marks = landmarks(arena)
    protocol = default_protocol(len(signatories))
    runs = []
    for profile in DEFAULT_PROFILES:
        s = negotiate(
            arena, [profile] * len(signatories), protocol=protocol, rounds=rounds, seed=seed,
            trace=False,
        )  # fmt: skip
        if s.agreement is not None:
            full = game.utilities_of([s.agreement])[:, 0]
            utilities = dict(zip(game.party_ids, full.tolist(), strict=True))
        else:
            utilities = {p: None for p in game.party_ids}
            utilities.update(dict(zip(arena.game.party_ids, s.utilities, strict=True)))
        d_nash, d_front = marks.distances(np.array([s.utilities]))
        runs.append(
            {
                "strategies": profile,
                "status": s.status,
                "rounds": s.rounds_played,
                "terms": dict(s.terms) if s.terms is not None else None,
                "utilities": utilities,
                "nash_distance": None if np.isnan(d_nash[0]) else float(d_nash[0]),
                "frontier_distance": float(d_front[0]),
            }
        )
    nash = None if marks.nash is None else marks.nash.tolist()
    return SimulationSummary(tuple(arena.game.party_ids), protocol, rounds, seed, nash, tuple(runs))
