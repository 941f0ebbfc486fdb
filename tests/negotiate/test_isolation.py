"""A strategy cannot tamper with what other parties see or with the arena's shared arrays: its
attempts either raise (a recorded failure of its own session) or change only its own copy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from zopa.negotiate import Arena, Strategy, View, negotiate
from zopa.negotiate.arena import Preferences, SessionInfo

from .games import random_game


class Recorder(Strategy):
    """Plays Linear-like fixed offers and records every history it is shown."""

    def reset(self, prefs: Preferences, info: SessionInfo, rng: np.random.Generator) -> None:
        super().reset(prefs, info, rng)
        self.seen: list[list[tuple[int, int, int]]] = []

    def propose(self, view: View) -> int | None:
        self.seen.append(list(view.history))
        return self.prefs.best

    def respond(self, view: View) -> bool:
        self.seen.append(list(view.history))
        return False


class Vandal(Strategy):
    """Attacks the session with ``attack(self, view)`` on each proposal, then offers its best."""

    def __init__(self, attack: Callable[[Vandal, View], object]) -> None:
        self.attack = attack
        self.spec = "vandal"

    def propose(self, view: View) -> int | None:
        self.attack(self, view)
        return self.prefs.best

    def respond(self, view: View) -> bool:
        return False


def clear_history(me: Vandal, view: View) -> None:
    view.history._items.clear()  # type: ignore[attr-defined]


def forge_history(me: Vandal, view: View) -> None:
    view.history._items.append((0, 1, 0))  # type: ignore[attr-defined]
    view.history._n = 0  # type: ignore[attr-defined]


def test_history_tampering_does_not_reach_the_opponent() -> None:
    game = random_game(2)
    for attack in (clear_history, forge_history):
        rec = Recorder()
        s = negotiate(game, [Vandal(attack), rec], rounds=6, seed=0)
        assert s.status == "timeout"
        offers = [(e.round, e.party, e.outcome) for e in s.events if e.action == "offer"]
        assert len(offers) == 12
        # before each of its moves the recorder saw exactly the offers made so far
        for seen in rec.seen:
            assert seen == offers[: len(seen)]
        assert [len(seen) for seen in rec.seen] == [1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11]


def unfreeze(me: Vandal, view: View) -> None:
    me.prefs.utility.setflags(write=True)
    me.prefs.utility[:] = 0.0


def unfreeze_base(me: Vandal, view: View) -> None:
    arr = me.prefs.utility
    base = arr.base if isinstance(arr.base, np.ndarray) else arr
    base.setflags(write=True)
    base[...] = 0.0


def write_levels(me: Vandal, view: View) -> None:
    me.prefs.sorted_levels[:] = 0.0


def write_gate(me: Vandal, view: View) -> None:
    me.prefs.gate[0] = np.inf  # type: ignore[index]


def poison_schedule(me: Vandal, view: View) -> None:
    for value in me.prefs._memo.values():
        value[0][0] = 0  # type: ignore[index]


@pytest.mark.parametrize(
    "attack", [unfreeze, unfreeze_base, write_levels, write_gate, poison_schedule]
)
def test_writing_to_shared_arrays_fails_only_the_attackers_session(
    attack: Callable[[Vandal, View], object],
) -> None:
    game = random_game(4, shape=(6, 5, 4))
    arena = Arena.of(game)
    before = negotiate(arena, ["linear", "boulware"], rounds=40, seed=1)  # fills the schedules
    utility = [p.utility.copy() for p in arena.prefs]
    s = negotiate(arena, [Vandal(attack), "boulware"], rounds=40, seed=1)
    assert s.status == "failed" and s.failure is not None and s.failure.party == 0
    assert s.failure.strategy == "vandal"
    for p, u in zip(arena.prefs, utility, strict=True):
        np.testing.assert_array_equal(p.utility, u)
    assert negotiate(arena, ["linear", "boulware"], rounds=40, seed=1) == before
    assert negotiate(Arena.of(game), ["linear", "boulware"], rounds=40, seed=1) == before
