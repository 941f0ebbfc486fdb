"""Tournament results as values: every session scored, and the standings table.

Scoring (per strategy and number of parties, over every session and role it played): ``plays``
(roles played: a session where it fills k roles counts k times), ``sessions`` (sessions it took
part in), mean payoff (utility, discounted if a discount applies), agreement rate, mean distance
of the outcome to the Nash point and to the Pareto frontier (:mod:`zopa.negotiate.scoring`),
mean welfare (sum of payoffs) and mean rounds. Scenarios with different numbers of parties are
scored in separate groups, since welfare and distances grow with the number of parties. Failed
sessions count as breakdowns and are listed.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas


@dataclass(frozen=True)
class Played:
    """One tournament session, scored."""

    index: int
    scenario: str
    repetition: int
    seed: int
    strategies: tuple[str, ...]
    status: str
    agreement: int | None
    utilities: tuple[float, ...]
    payoffs: tuple[float, ...]
    rounds: int
    failure: str | None
    nash_distance: float
    frontier_distance: float

    @property
    def welfare(self) -> float:
        return float(sum(self.payoffs))


@dataclass(frozen=True)
class Tournament:
    """A finished tournament: its settings and every session (a value)."""

    strategies: tuple[str, ...]
    scenarios: tuple[str, ...]
    protocol: str
    rounds: int
    repetitions: int
    seed: int
    sessions: tuple[Played, ...]
    discounts: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    self_play: bool = True
    notes: tuple[str, ...] = ()

    def table(self) -> list[dict[str, Any]]:
        """One row per number of parties and strategy (module doc): parties, strategy, plays,
        sessions, utility, agreement, nash_distance, frontier_distance, welfare, rounds,
        failures; best mean utility first within each group."""
        rows = []
        groups = sorted({len(p.strategies) for p in self.sessions})
        for n_parties in groups:
            group = [p for p in self.sessions if len(p.strategies) == n_parties]
            block = [_row(name, n_parties, group) for name in self.strategies]
            block = [r for r in block if r["plays"]]
            rows += sorted(
                block, key=lambda r: -r["utility"] if not math.isnan(r["utility"]) else 0
            )
        return rows

    def settings(self) -> dict[str, Any]:
        """Everything needed to play the tournament again (besides the scenarios themselves)."""
        return {
            "strategies": list(self.strategies),
            "scenarios": list(self.scenarios),
            "protocol": self.protocol,
            "rounds": self.rounds,
            "repetitions": self.repetitions,
            "seed": self.seed,
            "self_play": self.self_play,
            "discounts": {k: list(v) for k, v in self.discounts.items()},
            "notes": list(self.notes),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.settings(),
            "table": self.table(),
            "sessions": [asdict(p) for p in self.sessions],
        }

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        line = f"{len(self.sessions):,} sessions, {self.protocol}, seed {self.seed}"
        return view("Tournament standings", [line], self.table())

    def records(self) -> list[dict[str, Any]]:
        """One row per session and role (the columns of :meth:`to_csv`)."""
        return [
            {
                "session": p.index,
                "scenario": p.scenario,
                "repetition": p.repetition,
                "seed": p.seed,
                "role": i,
                "strategy": s,
                "status": p.status,
                "agreement": p.agreement,
                "utility": p.utilities[i],
                "payoff": p.payoffs[i],
                "rounds": p.rounds,
                "nash_distance": p.nash_distance,
                "frontier_distance": p.frontier_distance,
                "welfare": p.welfare,
                "failure": p.failure,
            }
            for p in self.sessions
            for i, s in enumerate(p.strategies)
        ]

    def to_frame(self, what: str = "sessions") -> pandas.DataFrame:
        """A pandas DataFrame (pandas is the optional extra ``frames``): ``"sessions"``, one row
        per session and role (:meth:`records`), or ``"standings"``, the rows of :meth:`table`."""
        from zopa.errors import InputError
        from zopa.frames import data_frame

        if what not in ("sessions", "standings"):
            raise InputError.single(f"expected sessions or standings, got {what!r}", path="what")
        return data_frame(self.records() if what == "sessions" else self.table())

    def to_csv(self) -> str:
        """One row per session and party (long format, any number of parties)."""
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(
            [
                "session",
                "scenario",
                "repetition",
                "seed",
                "role",
                "strategy",
                "status",
                "agreement",
                "utility",
                "payoff",
                "rounds",
                "nash_distance",
                "frontier_distance",
                "welfare",
                "failure",
            ]
        )
        for p in self.sessions:
            for i, s in enumerate(p.strategies):
                w.writerow(
                    [
                        p.index,
                        p.scenario,
                        p.repetition,
                        p.seed,
                        i,
                        s,
                        p.status,
                        "" if p.agreement is None else p.agreement,
                        repr(p.utilities[i]),
                        repr(p.payoffs[i]),
                        p.rounds,
                        repr(p.nash_distance),
                        repr(p.frontier_distance),
                        repr(p.welfare),
                        p.failure or "",
                    ]
                )
        return out.getvalue()


def _row(name: str, n_parties: int, sessions: Sequence[Played]) -> dict[str, Any]:
    plays = [(p, i) for p in sessions for i, s in enumerate(p.strategies) if s == name]
    return {
        "parties": n_parties,
        "strategy": name,
        "plays": len(plays),
        "sessions": sum(name in p.strategies for p in sessions),
        "utility": _mean(p.payoffs[i] for p, i in plays),
        "agreement": _mean(float(p.status == "agreement") for p, _ in plays),
        "nash_distance": _mean(p.nash_distance for p, _ in plays),
        "frontier_distance": _mean(p.frontier_distance for p, _ in plays),
        "welfare": _mean(p.welfare for p, _ in plays),
        "rounds": _mean(float(p.rounds) for p, _ in plays),
        "failures": sum(p.failure is not None for p, _ in plays),
    }


def _mean(values: Any) -> float:
    arr = np.array(list(values), dtype=float)
    arr = arr[~np.isnan(arr)]
    return float(arr.mean()) if arr.size else math.nan
