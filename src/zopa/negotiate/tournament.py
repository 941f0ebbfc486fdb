"""Tournaments: strategies x scenarios x role assignments x repetitions, seeded and parallel.

Role assignments. With two parties every ordered pair of strategies plays (so each pairing is
played with the roles swapped; a strategy also meets itself unless ``self_play=False``). With
``P > 2`` parties each ordered pair ``(a, b)`` of different strategies plays once per role
with ``a`` in that role and ``b`` in all others, plus each strategy against copies of itself.
Each assignment is repeated ``repetitions`` times. With ``skip_bilateral`` the strategies
registered as bilateral only sit out the scenarios with more than two parties (listed in
:attr:`Tournament.notes`) instead of the tournament being refused.

Seeds. Session ``(scenario s, assignment m, repetition r)`` uses the seed drawn from
``SeedSequence(seed, spawn_key=(s, m, r))``, so results do not depend on the number of worker
processes or on the order in which sessions finish.

Scoring: :mod:`zopa.negotiate.standings`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

import numpy as np

from zopa import params
from zopa.errors import InputError, TooLargeError
from zopa.game import Game
from zopa.negotiate.arena import Arena
from zopa.negotiate.protocols import Rules, negotiate
from zopa.negotiate.registry import (
    default_protocol,
    make_strategy,
    parse_spec,
    protocol_spec,
    strategy_spec,
)
from zopa.negotiate.scoring import landmarks
from zopa.negotiate.standings import Played, Tournament
from zopa.negotiate.strategies.base import Strategy
from zopa.seeds import child_seed

__all__ = [
    "MAX_SESSIONS",
    "BatchRunner",
    "Played",
    "Tournament",
    "assignments",
    "play_batch",
    "run_tournament",
]

Progress = Callable[[int, int], None]
#: The most sessions one tournament may play (their results are kept in memory).
MAX_SESSIONS = 500_000
_Task = tuple[int, str, tuple[str, ...], int]  # (index, scenario, strategies, seed)
Settings = tuple[dict[str, Game], str, int, dict[str, tuple[float, ...]]]
BatchRunner = Callable[[Settings, list[list[_Task]], Progress | None], list[tuple[Any, ...]]]
"""``runner(settings, batches, progress)`` → every batch's rows (:func:`play_batch`), in batch
order; the default plays them here or in ``jobs`` processes. ``zopa.runs.tournament`` plays
them as resumable chunks."""


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


def tournament_protocol(scenarios: Mapping[str, Game]) -> str:
    """The protocol for a tournament on ``scenarios`` when none is named: the
    :func:`~zopa.negotiate.registry.default_protocol` of the scenario with most parties."""
    return default_protocol(max((g.n_parties for g in scenarios.values()), default=2))


def run_tournament(
    scenarios: Mapping[str, Game],
    strategies: Sequence[str],
    *,
    protocol: str = "alternating",
    rounds: int = params.TOURNAMENT_ROUNDS,
    repetitions: int = params.TOURNAMENT_REPETITIONS,
    seed: int = 0,
    jobs: int = 1,
    self_play: bool = True,
    discounts: Mapping[str, Sequence[float]] | None = None,
    skip_bilateral: bool = False,
    progress: Progress | None = None,
    chunk: int = 250,
    runner: BatchRunner | None = None,
) -> Tournament:
    """Play every assignment of ``strategies`` on every scenario ``repetitions`` times.

    ``discounts`` gives per-scenario discount factors (one per party; default 1). An
    InputError names a bad setting; a TooLargeError refuses more than :data:`MAX_SESSIONS`.
    :func:`tournament_protocol` chooses a protocol that suits every scenario."""
    names = _check(scenarios, strategies, protocol, rounds, repetitions, seed, jobs)
    disc = _discounts(scenarios, discounts or {}, rounds)
    lineups, notes = _lineups(scenarios, names, skip_bilateral)
    plans = {
        label: assignments(game.n_parties, lineups[label], self_play)
        for label, game in scenarios.items()
    }
    _check_count(plans, repetitions)
    tasks: list[_Task] = []
    for s, label in enumerate(scenarios):
        for m, assigned in enumerate(plans[label]):
            for r in range(repetitions):
                tasks.append((len(tasks), label, assigned, child_seed(seed, s, m, r)))
    settings: Settings = (dict(scenarios), protocol, rounds, disc)
    batches = [tasks[i : i + chunk] for i in range(0, len(tasks), chunk)]
    jobs = params.jobs(jobs, tasks=len(batches))
    raw: list[tuple[Any, ...]] = []
    if runner is not None:
        raw = runner(settings, batches, progress)
    elif jobs <= 1:
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
        tuple(names), tuple(scenarios), protocol, rounds, repetitions, seed, tuple(played),
        disc, self_play, notes,
    )  # fmt: skip


def _discounts(
    scenarios: Mapping[str, Game], given: Mapping[str, Sequence[float]], rounds: int
) -> dict[str, tuple[float, ...]]:
    """Checked discount factors for every scenario (1 where none is given)."""
    for label in given:
        if label not in scenarios:
            raise InputError.single(
                f"discounts name an unknown scenario {label!r}", path="discount"
            )
    return {
        label: Rules.build(game.n_parties, rounds, None, given.get(label), trace=False).discount
        for label, game in scenarios.items()
    }


def _lineups(
    scenarios: Mapping[str, Game], names: list[str], skip_bilateral: bool
) -> tuple[dict[str, list[str]], tuple[str, ...]]:
    """The strategies that play each scenario, and notes on the ones left out."""
    bilateral = [n for n in names if strategy_spec(parse_spec(n)[0]).bilateral_only]
    lineups: dict[str, list[str]] = {}
    multi = []
    for label, game in scenarios.items():
        if game.n_parties > 2 and bilateral:
            if not skip_bilateral:
                raise InputError.single(
                    f"strategy {bilateral[0]!r} is bilateral only but {label!r} has "
                    f"{game.n_parties} parties",
                    path="strategy",
                )
            multi.append(label)
            lineups[label] = [n for n in names if n not in bilateral]
            if not lineups[label]:
                raise InputError.single(
                    f"every strategy is bilateral only but {label!r} has {game.n_parties} parties",
                    path="strategy",
                )
        else:
            lineups[label] = list(names)
    notes: tuple[str, ...] = ()
    if multi:
        notes = (
            f"bilateral-only strategies ({', '.join(bilateral)}) sit out the "
            f"{len(multi)} scenario(s) with more than two parties: {', '.join(multi)}",
        )
    return lineups, notes


def _check_count(plans: Mapping[str, list[tuple[str, ...]]], repetitions: int) -> None:
    total = sum(len(p) for p in plans.values()) * repetitions
    if total > MAX_SESSIONS:
        raise TooLargeError(
            f"the tournament would play {total:,} sessions ({len(plans)} scenarios, "
            f"{sum(len(p) for p in plans.values()):,} role assignments, {repetitions} "
            f"repetitions), more than the limit of {MAX_SESSIONS:,}; reduce the repetitions, "
            "the strategies or the scenarios"
        )


# -- worker side ---------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def play_batch(settings: Settings, batches: Sequence[list[_Task]], index: int) -> list[Any]:
    """The rows of batch ``index`` (sessions are seeded by their place, not by the batch)."""
    if _STATE.get("settings") is not settings:
        _init(*settings)
        _STATE["settings"] = settings
    return _play(batches[index])


def _init(
    games: dict[str, Game], protocol: str, rounds: int, discounts: dict[str, tuple[float, ...]]
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
            discount=disc, seed=seed, trace=False,
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
    seed: int,
    jobs: int,
) -> list[str]:
    if not scenarios:
        raise InputError.single("a tournament needs at least one scenario", path="scenarios")
    if not strategies:
        raise InputError.single("a tournament needs at least one strategy", path="strategy")
    for key, value in (("rounds", rounds), ("repetitions", repetitions)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError.single(f"{key} must be at least 1, not {value!r}", path=key)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError.single(f"seed must be a non-negative integer, not {seed!r}", path="seed")
    spec = protocol_spec(protocol)
    names = [make_strategy(s).spec for s in strategies]
    if len(set(names)) != len(names):
        raise InputError.single("each strategy may be entered once", path="strategy")
    multi = [label for label, g in scenarios.items() if g.n_parties > 2]
    if multi and not spec.multilateral:
        raise InputError.single(
            f"protocol {protocol!r} is bilateral but {multi[0]!r} has more than two "
            "parties; use 'stacked' or 'mediated'",
            path="protocol",
        )
    return names
