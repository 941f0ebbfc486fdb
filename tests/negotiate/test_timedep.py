"""Time-dependent concession against closed forms and an independent brute-force simulator.

Known answers: the GENIUS form target(t) = Pmin + (Pmax - Pmin)(1 - k - (1 - k) t^(1/e))
(FORMATS.md §3.6 C), and the pie split where two Linear negotiators meet at the middle (derived
by hand in :func:`test_linear_vs_linear_on_the_pie_meets_in_the_middle`).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.game import TOL, Game
from zopa.negotiate import Arena, History, SessionInfo, View, make_strategy, negotiate
from zopa.negotiate.strategies.timedep import concession

from .games import games, pie, random_game


def brute_force_session(game: Game, es: tuple[float, float], rounds: int) -> tuple[int | None, int]:
    """Two time-dependent negotiators simulated from the documented rules, with nothing from
    zopa.negotiate: utilities are compared by level round(u / TOL); every round both move in
    turn; a party accepts the offer on the table if it is acceptable and its level is at least
    that of the offer it would make now (AC_next), which is, among its acceptable outcomes with
    level >= round(target(t) / TOL), one of the lowest level, lowest code first (its best,
    lowest code first, if there is none)."""
    u = game.utilities()
    ok = game.acceptable()
    levels = [[round(x / TOL) for x in row] for row in u.tolist()]

    def plan(i: int, t: float) -> int:
        cand = [int(c) for c in np.flatnonzero(ok[i])]
        lo = max(u[i, game.feasible()[i]].min(), game.reservations[i])
        hi = max(u[i, c] for c in cand)
        want = round((lo + (hi - lo) * (1 - t ** (1 / es[i]))) / TOL)
        above = [c for c in cand if levels[i][c] >= want]
        if not above:
            top = max(levels[i][c] for c in cand)
            above = [c for c in cand if levels[i][c] == top]
        return min(above, key=lambda c: (levels[i][c], c))

    standing = None
    for r in range(rounds):
        t = (r + 1) / (rounds + 1)
        for i in (0, 1):
            mine = plan(i, t)
            if standing is not None and ok[i, standing] and levels[i][standing] >= levels[i][mine]:
                return standing, r
            standing = mine
    return None, rounds - 1


def test_concession_curve_matches_the_genius_formula() -> None:
    t = np.linspace(0, 1, 11)
    np.testing.assert_allclose(concession(t, 0.2), t**5)
    np.testing.assert_allclose(concession(t, 2.0), np.sqrt(t))
    np.testing.assert_allclose(concession(t, 1.0, k=0.1), 0.1 + 0.9 * t)
    np.testing.assert_array_equal(concession(t[:-1], 0.0), 0.0)  # hard-liner: never concedes


def test_boulware_offers_follow_the_target() -> None:
    """On the pie (u_a = k/1000, Pmin = 0, Pmax = 1) Boulware's offer in round r is the
    smallest k/1000 >= 1 - t^5 with t = (r + 1)/(R + 1)."""
    rounds = 9
    arena = Arena.of(pie())
    s = make_strategy("boulware")
    s.reset(arena.prefs[0], SessionInfo(0, 2, "alternating", rounds, None, 1.0, 1001),
            np.random.default_rng(0))  # fmt: skip
    for r in range(rounds):
        t = (r + 1) / (rounds + 1)
        expected = int(np.ceil((1 - t**5) * 1000 - 1e-6))
        assert s.propose(View(r, t, None, None, History([]))) == expected


def test_linear_vs_linear_on_the_pie_meets_in_the_middle() -> None:
    """R = 99 rounds, t_r = (r + 1)/100. In round r, a offers k = 1000(1 - t_r) and b would
    accept when 1 - k/1000 >= 1 - t_r, i.e. t_r >= 1/2: first in round 49, where a offers 500;
    in round 48 b's counter (a gets 0.49) is below a's target 0.5, so a rejects it."""
    s = negotiate(pie(), ["linear", "linear"], rounds=99, seed=0)
    assert (s.status, s.agreement, s.rounds_played) == ("agreement", 500, 50)
    assert s.utilities == (0.5, 0.5)
    assert s.transcript()[-3:] == ["49 a offers 500 (0.5, 0.5)", "49 b accepts 500 (0.5, 0.5)",
                                   "agreement 500"]  # fmt: skip


def test_hardliner_pair_never_agrees_and_never_moves() -> None:
    s = negotiate(pie(), ["hardliner", "hardliner"], rounds=30, seed=0)
    assert s.status == "timeout" and s.rounds_played == 30
    assert {e.outcome for e in s.events if e.party == 0 and e.action == "offer"} == {1000}
    assert {e.outcome for e in s.events if e.party == 1 and e.action == "offer"} == {0}


def test_against_linear_the_split_is_where_the_targets_cross() -> None:
    """On the pie a (exponent e) demands 1 - t^(1/e) and Linear b leaves a t; either accepts
    the other's offer once t + t^(1/e) >= 1 (a's offer leaves b t^(1/e) >= 1 - t, b's gives a
    t >= 1 - t^(1/e)). So the deal is struck near the root t* of t + t^(1/e) = 1, at a share of
    about t* = 1 - t*^(1/e) for a: 0.7549 for Boulware (e = 0.2), (3 - sqrt 5)/2 = 0.3820 for
    Conceder (e = 2); rounds are 1/101 apart, so within 0.01 of that."""
    from scipy.optimize import brentq

    for name, e in (("boulware", 0.2), ("conceder", 2.0)):
        t_star = brentq(lambda t, e=e: t + t ** (1 / e) - 1, 0.0, 1.0)
        s = negotiate(pie(), [name, "linear"], rounds=100, seed=0)
        assert s.agreed and abs(s.utilities[0] - t_star) < 0.01
        assert abs(s.rounds_played / 101 - t_star) < 0.01


@settings(max_examples=60)
@given(game=games(), es=st.sampled_from([(0.2, 2.0), (1.0, 1.0), (2.0, 0.2), (0.5, 3.0)]),
       rounds=st.integers(1, 60))  # fmt: skip
def test_agrees_with_brute_force_simulation(
    game: Game, es: tuple[float, float], rounds: int
) -> None:
    if not game.acceptable().any(axis=1).all():
        return  # a party with nothing acceptable walks away; covered in test_protocols
    s = negotiate(game, [f"time-dependent:e={es[0]}", f"time-dependent:e={es[1]}"],
                  rounds=rounds, seed=0)  # fmt: skip
    agreement, last = brute_force_session(game, es, rounds)
    assert s.agreement == agreement
    assert s.rounds_played == last + 1


def test_nearest_rule_offers_the_closest_utility() -> None:
    """GENIUS's getBidNearUtility: on a coarse pie (u = 0, .25, .5, .75, 1) a target of 0.6
    gives 0.5 under "nearest" and 0.75 under "above"; 0.625 (a tie) goes to the higher."""
    arena = Arena.of(pie(4))
    p = arena.prefs[0]
    assert p.select_one(0.6, "nearest") == 2 and p.select_one(0.6, "above") == 3
    assert p.select_one(0.625, "nearest") == 3
    assert list(p.select([0.6, 0.625, 0.1, 2.0], "nearest")) == [2, 3, 0, 4]


def test_long_deadlines_compute_offers_round_by_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond MAX_SCHEDULE rounds no schedule is precomputed; the offers are the same."""
    from zopa.negotiate.strategies import timedep

    game = random_game(5, shape=(6, 5, 4), coarse=True)
    pairs = (
        ["boulware", "conceder"],
        ["aspiration", "linear"],
        ["time-dependent:e=0.5,pick=nearest", "hardliner"],
    )
    scheduled = [negotiate(game, pair, rounds=40, seed=0) for pair in pairs]
    monkeypatch.setattr(timedep, "MAX_SCHEDULE", 10)
    for pair, s in zip(pairs, scheduled, strict=True):
        arena = Arena.of(game)
        assert negotiate(arena, pair, rounds=40, seed=0) == s
        assert not any(arena.prefs[0]._memo.values())  # nothing was precomputed
