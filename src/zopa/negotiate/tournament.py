"""Tournaments: strategies x scenarios x role assignments x repetitions, seeded and parallel.

Role assignments. With two parties every ordered pair of strategies plays (so each pairing is
played with the roles swapped; a strategy also meets itself unless ``self_play=False``). With
``P > 2`` parties each ordered pair ``(a, b)`` of different strategies plays once per role
with ``a`` in that role and ``b`` in all others, plus each strategy against copies of itself.
Each assignment is repeated ``repetitions`` times.

Seeds. Session ``(scenario s, assignment m, repetition r)`` uses the seed drawn from
``SeedSequence(seed, spawn_key=(s, m, r))``, so results do not depend on the number of worker
processes or on the order in which sessions finish.

Scoring (per strategy, over every session and role it played): mean payoff (utility, discounted
if a discount applies), agreement rate, mean distance of the outcome to the Nash point and to the
Pareto frontier (:mod:`zopa.negotiate.scoring`), mean welfare (sum of payoffs) and mean rounds.
Failed sessions count as breakdowns and are listed.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from zopa.errors import InputError
from zopa.game import Game
from zopa.negotiate.arena import Arena
from zopa.negotiate.protocols import Rules, negotiate
from zopa.negotiate.registry import make_strategy, parse_spec, protocol_spec, strategy_spec
from zopa.negotiate.scoring import landmarks
from zopa.negotiate.strategies.base import Strategy

Progress = Callable[[int, int], None]
_Task = tuple[int, str, tuple[str, ...], int]  # (index, scenario, strategies, seed)


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

    def table(self) -> list[dict[str, Any]]:
        """One row per strategy: sessions, utility, agreement, nash, frontier, welfare, rounds,
        failures (means over every session and role the strategy played)."""
        rows = []
        for name in self.strategies:
            plays = [(p, i) for p in self.sessions for i, s in enumerate(p.strategies) if s == name]
            n = len(plays)
            rows.append(
                {
                    "strategy": name,
                    "sessions": n,
                    "utility": _mean(p.payoffs[i] for p, i in plays),
                    "agreement": _mean(float(p.status == "agreement") for p, _ in plays),
                    "nash_distance": _mean(p.nash_distance for p, _ in plays),
                    "frontier_distance": _mean(p.frontier_distance for p, _ in plays),
                    "welfare": _mean(p.welfare for p, _ in plays),
                    "rounds": _mean(float(p.rounds) for p, _ in plays),
                    "failures": sum(p.failure is not None for p, _ in plays),
                }
            )
        return sorted(rows, key=lambda r: -r["utility"] if not math.isnan(r["utility"]) else 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategies": list(self.strategies),
            "scenarios": list(self.scenarios),
            "protocol": self.protocol,
            "rounds": self.rounds,
            "repetitions": self.repetitions,
            "seed": self.seed,
            "table": self.table(),
            "sessions": [asdict(p) for p in self.sessions],
        }

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


def assignments(
    n_parties: int, names: Sequence[str], self_play: bool = True
) -> list[tuple[str, ...]]:
    """The role assignments of one scenario (module doc)."""
    if n_parties == 2:
        return [(a, b) for a, b in itertools.product(names, repeat=2) if self_play or a != b]
    out = [(a,) * n_parties for a in names] if self_play else []
    for a, b in itertools.permutations(names, 2):
        out += [tuple(a if j == i else b for j in range(n_parties)) for i in range(n_parties)]
    return out


def run_tournament(
    scenarios: Mapping[str, Game],
    strategies: Sequence[str],
    *,
    protocol: str = "alternating",
    rounds: int = 100,
    repetitions: int = 1,
    seed: int = 0,
    jobs: int = 1,
    self_play: bool = True,
    discounts: Mapping[str, Sequence[float]] | None = None,
    progress: Progress | None = None,
    chunk: int = 250,
) -> Tournament:
    """Play every assignment of ``strategies`` on every scenario ``repetitions`` times."""
    names = _check(scenarios, strategies, protocol, rounds, repetitions)
    for label, disc in (discounts or {}).items():
        if label not in scenarios:
            raise InputError.single(
                f"discounts name an unknown scenario {label!r}", path="discount"
            )
        Rules.build(scenarios[label].n_parties, rounds, None, disc)  # validates
    tasks: list[_Task] = []
    for s, (label, game) in enumerate(scenarios.items()):
        for m, assigned in enumerate(assignments(game.n_parties, names, self_play)):
            for r in range(repetitions):
                seq = np.random.SeedSequence(seed, spawn_key=(s, m, r))
                tasks.append(
                    (len(tasks), label, assigned, int(seq.generate_state(1, np.uint64)[0] >> 1))
                )
    settings = (dict(scenarios), protocol, rounds, dict(discounts or {}))
    batches = [tasks[i : i + chunk] for i in range(0, len(tasks), chunk)]
    raw: list[tuple[Any, ...]] = []
    if jobs <= 1:
        _init(*settings)
        for batch in batches:
            raw += _play(batch)
            if progress:
                progress(len(raw), len(tasks))
    else:
        with ProcessPoolExecutor(jobs, initializer=_init, initargs=settings) as pool:
            for fut in as_completed([pool.submit(_play, b) for b in batches]):
                raw += fut.result()
                if progress:
                    progress(len(raw), len(tasks))
    raw.sort(key=lambda row: row[0])
    played = _score(scenarios, tasks, raw, repetitions)
    return Tournament(
        tuple(names), tuple(scenarios), protocol, rounds, repetitions, seed, tuple(played)
    )


# -- worker side ---------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init(
    games: dict[str, Game], protocol: str, rounds: int, discounts: dict[str, Sequence[float]]
) -> None:
    _STATE.clear()
    _STATE.update(games=games, protocol=protocol, rounds=rounds, discounts=discounts)
    _STATE.update(arenas={}, players={})


def _play(batch: list[_Task]) -> list[tuple[Any, ...]]:
    arenas: dict[str, Arena] = _STATE["arenas"]
    players: dict[tuple[str, int], Strategy] = _STATE["players"]
    out = []
    for index, label, assigned, seed in batch:
        arena = arenas.get(label)
        if arena is None:
            arena = arenas[label] = Arena.of(_STATE["games"][label])
        strats = []
        for role, spec in enumerate(assigned):
            key = (spec, role)
            if key not in players:
                players[key] = make_strategy(spec)
            strats.append(players[key])
        disc = _STATE["discounts"].get(label)
        s = negotiate(
            arena, strats, protocol=_STATE["protocol"], rounds=_STATE["rounds"],
            discount=disc, rng=seed, trace=False,
        )  # fmt: skip
        fail = f"{s.failure.strategy}: {s.failure.error}" if s.failure else None
        out.append((index, s.status, s.agreement, s.utilities, s.payoffs, s.rounds_played, fail))
    return out


# -- parent side ---------------------------------------------------------------------------------


def _score(
    scenarios: Mapping[str, Game], tasks: list[_Task], raw: list[tuple[Any, ...]], reps: int
) -> list[Played]:
    marks = {label: landmarks(game) for label, game in scenarios.items()}
    by_label: dict[str, list[int]] = {}
    for index, label, _, _ in tasks:
        by_label.setdefault(label, []).append(index)
    dn = np.empty(len(tasks))
    df = np.empty(len(tasks))
    for label, idx in by_label.items():
        pts = np.array([raw[i][3] for i in idx], dtype=float)
        dn[idx], df[idx] = marks[label].distances(pts)
    played = []
    for (index, label, assigned, seed), row in zip(tasks, raw, strict=True):
        _, status, agreement, utils, payoffs, rounds, fail = row
        played.append(
            Played(
                index,
                label,
                index % reps,
                seed,
                assigned,
                status,
                agreement,
                tuple(utils),
                tuple(payoffs),
                rounds,
                fail,
                float(dn[index]),
                float(df[index]),
            )
        )
    return played


def _check(
    scenarios: Mapping[str, Game],
    strategies: Sequence[str],
    protocol: str,
    rounds: int,
    repetitions: int,
) -> list[str]:
    if not scenarios:
        raise InputError.single("a tournament needs at least one scenario", path="scenarios")
    if not strategies:
        raise InputError.single("a tournament needs at least one strategy", path="strategy")
    if rounds < 1 or repetitions < 1:
        raise InputError.single("rounds and repetitions must be at least 1", path="rounds")
    spec = protocol_spec(protocol)
    names = [make_strategy(s).spec for s in strategies]
    if len(set(names)) != len(names):
        raise InputError.single("each strategy may be entered once", path="strategy")
    multi = [label for label, g in scenarios.items() if g.n_parties > 2]
    if multi:
        if not spec.multilateral:
            raise InputError.single(
                f"protocol {protocol!r} is bilateral but {multi[0]!r} has more than two "
                "parties; use 'stacked' or 'mediated'",
                path="protocol",
            )
        for n in names:
            if strategy_spec(parse_spec(n)[0]).bilateral_only:
                raise InputError.single(
                    f"strategy {n!r} is bilateral only but {multi[0]!r} has more than two parties",
                    path="strategy",
                )
    return names


def _mean(values: Any) -> float:
    arr = np.array(list(values), dtype=float)
    arr = arr[~np.isnan(arr)]
    return float(arr.mean()) if arr.size else math.nan
