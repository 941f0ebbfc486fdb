"""Beyond enumeration: a 5.6·10^9-outcome game is refused by the enumerating engine and solved
exactly by integer programming; answers are re-checked outcome by outcome."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.counter import oracle as orc
from zopa.counter import ENUMERATE_LIMIT, conflicts, exhaustive, milp
from zopa.counter.api import choose_method
from zopa.counter.problem import CounterProblem, issues_of, nash_log
from zopa.errors import TooLargeError
from zopa.game import Factor, Game
from zopa.kernels.milp_space import Constraint


def big_game(seed: int = 7, reservation: float = 0.55) -> Game:
    rng = np.random.default_rng(seed)
    shape = [4] * 14 + [21]
    n = len(shape)
    tables = [rng.random((3, k)) / n for k in shape]
    tables[-1][:2] = np.array([np.linspace(0, 1, 21), np.linspace(1, 0, 21)]) / n
    constraints = [
        Factor(1, (0, 1), rng.random((4, 4)) < 0.7),
        Factor(0, (2, 14), rng.random((4, 21)) < 0.8),
        Factor(1, (5,), np.array([False, True, True, True])),
    ]
    terms = [
        Factor(0, (3, 4), rng.random((4, 4)) * 0.05),
        Factor(1, (6, 7), -rng.random((4, 4)) * 0.05),
    ]
    return Game.from_arrays(
        tables=tables,
        reservations=[0.5, reservation, 0.3],
        party_ids=["a", "b", "c"],
        issue_ids=[f"i{k}" for k in range(n)],
        values=[[f"o{j}" for j in range(k)] for k in shape[:-1]] + [list(np.linspace(0, 100, 21))],
        signatory=[True, True, False],
        constraints=constraints,
        terms=terms,
    )


BASE = (0,) * 14 + (10,)


def _problem(game: Game) -> CounterProblem:
    return CounterProblem.build(game, BASE, [0, 1], proposer=0)


def _accepted(game: Game, x: tuple[int, ...], parties=(0, 1)) -> bool:
    return all(orc.accepts(game, p, x) for p in parties)


def _no_proper_subset_works(game: Game, x: tuple[int, ...]) -> None:
    issues = sorted(orc.changed(BASE, x))
    for size in range(len(issues)):
        for subset in itertools.combinations(issues, size):
            choices = [range(game.shape[k]) if k in subset else [BASE[k]] for k in range(len(BASE))]
            for y in itertools.product(*choices):
                assert not _accepted(game, y)


def test_the_space_is_beyond_enumeration() -> None:
    game = big_game()
    assert game.n_outcomes > 5e9 > ENUMERATE_LIMIT
    assert choose_method(game, "auto") == "milp"
    assert not _accepted(game, BASE)
    with pytest.raises(TooLargeError):
        exhaustive.counters(_problem(game), "changes", 1)


def test_changes_ranking_is_accepted_diverse_and_minimal() -> None:
    game = big_game()
    codes = milp.counters(_problem(game), "changes", 3)
    assert len(codes) == 3
    xs = [orc.index(game, c) for c in codes]
    changed = [orc.changed(BASE, x) for x in xs]
    for i, x in enumerate(xs):
        assert _accepted(game, x)
        assert not any(earlier <= changed[i] for earlier in changed[:i])
        _no_proper_subset_works(game, x)
    assert [len(c) for c in changed] == sorted(len(c) for c in changed)


def test_minimal_sets_are_minimal() -> None:
    game = big_game()
    found, complete = milp.minimal_sets(_problem(game), 3)
    assert len(found) == 3 and not complete
    for m in found:
        x = orc.index(game, m.closest)
        assert orc.changed(BASE, x) == frozenset(issues_of(m.mask))
        assert _accepted(game, x)
        _no_proper_subset_works(game, x)


@pytest.mark.parametrize("rank", ["proposer", "nash"])
def test_utility_rankings_cannot_be_improved_by_any_single_change(rank: str) -> None:
    """A necessary condition of optimality that can be checked exhaustively: no outcome one
    issue away from the answer is accepted and strictly better."""
    game = big_game()
    [code] = milp.counters(_problem(game), rank, 1)
    x = orc.index(game, code)
    assert _accepted(game, x)

    def value(y: tuple[int, ...]) -> float:
        if rank == "proposer":
            return orc.utility(game, 0, y)
        u = np.array([[orc.utility(game, p, y)] for p in (0, 1)])
        return float(nash_log(u, game.reservations[[0, 1]])[0])

    best = value(x)
    for k, n in enumerate(game.shape):
        for v in range(n):
            y = (*x[:k], v, *x[k + 1 :])
            if _accepted(game, y):
                assert value(y) <= best + 1e-9


def test_unreachable_walk_away_value_is_the_conflict() -> None:
    game = big_game(reservation=0.99)
    top = sum(float(t[1].max()) for t in game.tables)  # b's terms only subtract
    assert top < 0.99
    cons, found, _ = conflicts.integer_programming(game, [0, 1], limit=5)
    assert [cons[j] for j in issues_of(found[0])] == [Constraint(1, None)]
    assert milp.counters(_problem(game), "changes", 1) == []
