"""The arena's precomputed preferences and outcome-choice rules against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.game import Game
from zopa.negotiate import Arena, History

from .games import games, pie, random_game

targets = st.lists(st.floats(-0.2, 1.2, allow_nan=False), min_size=1, max_size=8)


def brute_above(u: np.ndarray, cand: np.ndarray, target: float) -> int:
    above = cand[u[cand] >= target - 1e-9]
    if above.size == 0:
        above = cand[u[cand] == u[cand].max()]
    lowest = above[u[above] == u[above].min()]
    return int(lowest.min())


def brute_nearest(u: np.ndarray, cand: np.ndarray, target: float) -> int:
    dist = np.abs(u[cand] - target)
    near = cand[dist <= dist.min() + 1e-9]
    best = near[u[near] == u[near].max()]  # equal distance: the higher utility
    return int(best.min())


@settings(max_examples=80)
@given(game=games(), ts=targets)
def test_select_rules_match_brute_force(game: Game, ts: list[float]) -> None:
    arena = Arena.of(game)
    for p, prefs in enumerate(arena.prefs):
        u = game.utilities()[p]
        cand = np.flatnonzero(game.acceptable()[p])
        if cand.size == 0:
            assert prefs.hopeless
            continue
        assert sorted(prefs.candidates.tolist()) == cand.tolist()
        for t in ts:
            assert prefs.select_one(t) == brute_above(u, cand, t)
            assert prefs.select_one(t, "nearest") == brute_nearest(u, cand, t)
        assert prefs.select(ts).tolist() == [brute_above(u, cand, t) for t in ts]
        assert prefs.select(ts, "nearest").tolist() == [brute_nearest(u, cand, t) for t in ts]


@settings(max_examples=40)
@given(game=games())
def test_preferences_summaries(game: Game) -> None:
    arena = Arena.of(game)
    for p, prefs in enumerate(arena.prefs):
        if prefs.hopeless:
            continue
        u = game.utilities()[p]
        ok = game.acceptable()[p]
        assert prefs.pmax == u[ok].max()
        assert prefs.pmin == max(u[game.feasible()[p]].min(), game.reservations[p])
        assert (
            u[prefs.best] == prefs.pmax and prefs.best == np.flatnonzero(ok & (u == u[ok].max()))[0]
        )
        desc = prefs.descending.tolist()
        assert sorted(desc) == np.flatnonzero(ok).tolist()
        assert all((-u[a], a) < (-u[b], b) for a, b in itertools.pairwise(desc))
        assert prefs.u(3 % game.n_outcomes) == u[3 % game.n_outcomes]


def test_preferences_are_read_only_and_shared() -> None:
    arena = Arena.of(random_game(0))
    with pytest.raises(ValueError):
        arena.prefs[0].utility[0] = 2.0
    with pytest.raises(ValueError):
        arena.prefs[0].candidates[0] = 0


def test_history_is_a_read_only_sequence() -> None:
    items = [(0, 0, 5), (0, 1, 7), (1, 0, 6)]
    h = History(items)
    assert len(h) == 3 and h[-1] == (1, 0, 6) and list(h) == items
    assert h.by(0) == [5, 6] and h.by(1) == [7]
    assert not hasattr(h, "append")


def test_red_lines_remove_outcomes_from_the_candidates() -> None:
    game = random_game(3, shape=(4, 3), red_line=True, rv=0.0)
    prefs = Arena.of(game).prefs[0]
    first_issue = game.indices(prefs.candidates)[:, 0]
    assert 0 not in first_issue  # party 0 refuses value 0 of issue 0
    assert not prefs.ok(int(game.codes(np.array([[0, 0]]))[0]))


def test_pie_preferences() -> None:
    prefs = Arena.of(pie(10)).prefs[1]
    assert prefs.best == 0 and prefs.pmax == 1.0 and prefs.pmin == 0.0
    assert prefs.candidates.tolist() == list(range(10, -1, -1))
