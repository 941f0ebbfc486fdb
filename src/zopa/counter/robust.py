"""How robust is a package to the scenario's uncertainty?

A package found under the point estimates may clear a party's walk-away value by a hair. Its
*robustness* is the share of Monte Carlo draws of the scenario's uncertain numbers (weights,
values, walk-away values, package terms: every :class:`zopa.model.Uncertain`) in which every
required party still accepts it — plain Monte Carlo propagation of input uncertainty (e.g.
Saltelli et al., *Global Sensitivity Analysis: The Primer*, 2008, ch. 1). Each draw compiles the
scenario once with one value per uncertain number (memoised, so a number used in several places
is drawn once) and evaluates all the packages under that game at once; every package sees the
same draws. When the game requires ratification (its constraints include the ratifying bodies'
votes, :func:`zopa.ratify.ratified_game`), every draw compiles the bodies' factions with the same
draw too, so their walk-away values, weights and values are as uncertain as the parties'.

Draw ``i`` uses the generator seeded by child ``i`` of ``numpy.random.SeedSequence(seed)``, so
the first ``n`` draws are the same whatever the total, and the same seed gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from zopa import params
from zopa.compiler import compile_scenario
from zopa.counter.results import Robustness
from zopa.game import Game
from zopa.model.schema import Scenario
from zopa.model.uncertain import Uncertain
from zopa.ratify.winset import requires_ratification
from zopa.seeds import child

#: Draws used unless told otherwise.
DRAWS = params.COUNTER_DRAWS


#: A progress report: ``progress(done, total)`` after each step of a long computation.
Progress = Callable[[int, int], None]


#: The games of the last :func:`drawn_games` call, with its scenario and arguments: a report
#: that asks for the robustness of counters and of what it takes compiles the draws once.
_LAST: list[tuple[Scenario, int, int, bool, tuple[Game, ...]]] = []


def drawn_games(
    scenario: Scenario,
    draws: int,
    seed: int,
    progress: Progress | None = None,
    *,
    ratified: bool = False,
) -> list[Game]:
    """``draws`` games, each compiled with one draw of every uncertain number (the factions of
    ratifying bodies included when ``ratified``); ``progress`` is told after each. The same
    (frozen) scenario with the same arguments as the last call gets the same games again."""
    for sc, n, s, r, kept in _LAST:
        if sc is scenario and (n, s, r) == (draws, seed, ratified):
            if progress is not None:
                progress(draws, draws)
            return list(kept)
    games = _compile_draws(scenario, draws, seed, progress, ratified)
    _LAST[:] = [(scenario, draws, seed, ratified, tuple(games))]
    return games


def _compile_draws(
    scenario: Scenario, draws: int, seed: int, progress: Progress | None, ratified: bool
) -> list[Game]:
    from zopa.ratify import ratified_game

    games = []
    for i in range(draws):
        rng = child(seed, i)
        cache: dict[int, float] = {}

        def pick(
            u: Uncertain, rng: np.random.Generator = rng, cache: dict[int, float] = cache
        ) -> float:
            return cache.setdefault(id(u), float(u.sample(rng)))

        game = compile_scenario(scenario, pick)
        games.append(ratified_game(scenario, game, pick) if ratified else game)
        if progress is not None:
            progress(i + 1, draws)
    return games


def accept_counts(
    games: Sequence[Game], shape: tuple[int, ...], codes: Sequence[int], parties: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Per package: in how many games every party accepts it, and ``(parties, packages)`` in how
    many each party does."""
    every = np.zeros(len(codes), dtype=np.int64)
    each = np.zeros((len(parties), len(codes)), dtype=np.int64)
    idx = None  # the codes' value indices, the same in every game of this shape
    for g in games:
        if g.shape != shape:
            raise ValueError("a drawn game has a different outcome space")
        idx = g.indices(codes) if idx is None else idx
        ok = g.acceptable_at(idx)[list(parties)]
        every += ok.all(axis=0)
        each += ok
    return every, each


def robustness(
    scenario: Scenario,
    game: Game,
    codes: Sequence[int],
    parties: Sequence[int],
    *,
    draws: int = DRAWS,
    seed: int = 0,
    progress: Progress | None = None,
) -> dict[int, Robustness]:
    """Robustness of each package (by outcome code) for the parties that must accept it; empty
    when ``draws`` is 0. ``progress(done, draws)`` is called as the draws are made."""
    draws = params.count(draws, "draws", high=params.MAX_COUNTER_DRAWS)
    unique = sorted({int(c) for c in codes})
    if draws == 0 or not unique:
        return {}
    games = drawn_games(scenario, draws, seed, progress, ratified=requires_ratification(game))
    every, each = accept_counts(games, game.shape, unique, parties)
    ids = [game.party_ids[p] for p in parties]
    return {
        code: Robustness(
            draws=draws,
            seed=seed,
            share=float(every[j]) / draws,
            by_party=tuple((pid, float(each[i, j]) / draws) for i, pid in enumerate(ids)),
        )
        for j, code in enumerate(unique)
    }
