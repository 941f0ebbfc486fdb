"""The contract every strategy inherits: reset, pickling, seeded reproducibility, moves inside
the outcome space, no acceptance below the reservation value, honest registry metadata.

Each registered strategy has a subclass of :class:`StrategyContract` below; a registered
strategy without one fails :func:`test_every_registered_strategy_has_a_contract_test`.
"""

from __future__ import annotations

import json
import pickle
from typing import ClassVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zopa.errors import InputError
from zopa.game import Game
from zopa.negotiate import (
    Arena,
    History,
    Scripted,
    SessionInfo,
    Strategy,
    View,
    make_strategy,
    negotiate,
    replay,
)
from zopa.negotiate.registry import strategies, strategy_spec
from zopa.negotiate.session import Session

from .games import games, random_game

seeds = st.integers(0, 2**31)
# The property tests run once per subclass (strategy); they share Hypothesis's example database
# entry, which is harmless here, so the "differing executors" check is off.
inherited = settings(suppress_health_check=[HealthCheck.differing_executors])


def adversary(game: Game, seed: int, rounds: int) -> Scripted:
    """Offers uniformly random outcomes of the whole space and never accepts."""
    codes = np.random.default_rng(seed).integers(game.n_outcomes, size=rounds + 1)
    return Scripted(offers=codes.tolist(), accepts=[])


def moves_of(session: Session, party: int, action: str) -> list[int]:
    return [e.outcome for e in session.events if e.party == party and e.action == action
            and e.outcome is not None]  # fmt: skip


class StrategyContract:
    spec: ClassVar[str]
    accepts_below_reservation: ClassVar[bool] = False

    def sessions(self, game: Game, seed: int, rounds: int = 30) -> list[tuple[int, Session]]:
        """Our strategy in each role against the random adversary and against itself."""
        out = []
        for me in (0, 1):
            strats: list[str | Strategy] = [self.spec, adversary(game, seed, rounds)]
            out.append((me, negotiate(game, strats[:: 1 - 2 * me], rounds=rounds, seed=seed)))
        out.append((0, negotiate(game, [self.spec, self.spec], rounds=rounds, seed=seed)))
        return out

    @settings(inherited, max_examples=25)
    @given(game=games(), seed=seeds)
    def test_offers_are_outcomes_it_can_accept(self, game: Game, seed: int) -> None:
        acceptable = game.acceptable()
        for me, s in self.sessions(game, seed):
            assert s.status != "failed", s.failure
            for code in moves_of(s, me, "offer"):
                assert 0 <= code < game.n_outcomes
                if acceptable[me].any():
                    assert acceptable[me, code], (self.spec, code)

    @settings(inherited, max_examples=25)
    @given(game=games(), seed=seeds)
    def test_never_accepts_below_reservation(self, game: Game, seed: int) -> None:
        if self.accepts_below_reservation:
            pytest.skip("designed to accept below its reservation value")
        acceptable = game.acceptable()
        for me, s in self.sessions(game, seed):
            for code in moves_of(s, me, "accept"):
                assert acceptable[me, code]
            if s.agreement is not None:
                assert acceptable[me, s.agreement]
                assert s.utilities[me] >= game.reservations[me] - 1e-9

    @settings(inherited, max_examples=10)
    @given(seed=seeds)
    def test_same_seed_same_bytes(self, seed: int) -> None:
        game = random_game(seed % 1000)
        for opponent in ("random", "linear", self.spec):
            s = negotiate(game, [self.spec, opponent], rounds=30, seed=seed)
            again = negotiate(game, [opponent, self.spec][::-1], rounds=30, seed=seed)
            assert json.dumps(again.to_dict()) == json.dumps(s.to_dict())
            assert replay(s, game) == s

    def test_reset_forgets_earlier_sessions(self) -> None:
        game = random_game(7)
        used = make_strategy(self.spec)
        first = negotiate(game, [used, "linear"], rounds=40, seed=1)
        negotiate(game, [used, "conceder"], rounds=40, seed=2)
        negotiate(game, ["boulware", used], rounds=40, seed=3)
        assert negotiate(game, [used, "linear"], rounds=40, seed=1) == first
        assert negotiate(game, [self.spec, "linear"], rounds=40, seed=1) == first

    def test_pickled_mid_session_continues_identically(self) -> None:
        game = random_game(11, shape=(6, 5, 4))
        arena = Arena.of(game)
        rounds = 30
        info = SessionInfo(0, 2, "alternating", rounds, None, 1.0, game.n_outcomes)
        strategy = make_strategy(self.spec)
        strategy.reset(arena.prefs[0], info, np.random.default_rng(5))
        offers = np.random.default_rng(6).integers(game.n_outcomes, size=rounds).tolist()
        items: list[tuple[int, int, int]] = []
        answers: list[tuple[bool, int | None]] = []
        copy = None
        for r, code in enumerate(offers):
            if r == rounds // 2:
                copy = pickle.loads(pickle.dumps(strategy))
                tail_start = len(answers)
            items.append((r, 1, code))
            view = View(r, (r + 1) / (rounds + 1), code, 1, History(items))
            answers.append((strategy.respond(view), strategy.propose(view)))
            items.append((r, 0, answers[-1][1] or 0))
        assert copy is not None
        items2 = items[: 2 * (rounds // 2)]
        again = []
        for r, code in enumerate(offers[rounds // 2 :], start=rounds // 2):
            items2.append((r, 1, code))
            view = View(r, (r + 1) / (rounds + 1), code, 1, History(items2))
            again.append((copy.respond(view), copy.propose(view)))
            items2.append((r, 0, again[-1][1] or 0))
        assert again == answers[tail_start:]

    def test_metadata_stochastic_is_honest(self) -> None:
        game = random_game(3, shape=(8, 8))
        runs = [negotiate(game, [self.spec, "random"], rounds=50, seed=s) for s in range(12)]
        mine = [tuple(moves_of(s, 0, "offer")) for s in runs]
        if not strategy_spec(self.spec).stochastic:
            # same opponent moves must give the same own moves; compare a deterministic opponent
            det = [negotiate(game, [self.spec, "linear"], rounds=50, seed=s) for s in range(4)]
            assert len({tuple(moves_of(s, 0, "offer")) for s in det}) == 1
        else:
            det = [negotiate(game, [self.spec, "hardliner"], rounds=50, seed=s) for s in range(8)]
            variety = {tuple(moves_of(s, 0, "offer")) for s in det} | set(mine)
            assert len(variety) > 1

    def test_multilateral_or_refuses(self) -> None:
        game = random_game(5, shape=(4, 4, 3), parties=3)
        if strategy_spec(self.spec).bilateral_only:
            with pytest.raises(InputError, match="bilateral only"):
                negotiate(game, [self.spec] * 3, protocol="stacked", rounds=20, seed=0)
            return
        acceptable = game.acceptable()
        for protocol in ("stacked", "mediated"):
            s = negotiate(game, [self.spec, "linear", "boulware"], protocol=protocol,
                          rounds=30, seed=4)  # fmt: skip
            assert s.status != "failed", s.failure
            if s.agreement is not None and not self.accepts_below_reservation:
                assert acceptable[0, s.agreement]


class TestTimeDependent(StrategyContract):
    spec = "time-dependent"


class TestBoulware(StrategyContract):
    spec = "boulware"


class TestLinear(StrategyContract):
    spec = "linear"


class TestConceder(StrategyContract):
    spec = "conceder"


class TestHardliner(StrategyContract):
    spec = "hardliner"


class TestAspiration(StrategyContract):
    spec = "aspiration"


class TestRandom(StrategyContract):
    spec = "random"


class TestTitForTat(StrategyContract):
    spec = "tit-for-tat"


class TestRelativeTitForTat(StrategyContract):
    spec = "relative-tit-for-tat"


class TestMiCRO(StrategyContract):
    spec = "micro"


def test_every_registered_strategy_has_a_contract_test() -> None:
    covered = {cls.spec for cls in StrategyContract.__subclasses__()}
    assert covered == set(strategies())
