"""The integer-programming frontier against enumeration, and ``frontier``'s choice of method."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.frontier.strategies import brute_frontier, games
from zopa.errors import TooLargeError
from zopa.frontier import frontier, solve, solve_all, zopa
from zopa.frontier.milp import RESOLUTION, grid_step, milp_front
from zopa.game import TOL, Factor, Game


def _same(a, b) -> None:
    """Two frontiers list the same points with the same outcome and flags."""
    assert np.array_equal(a.codes, b.codes)
    assert np.array_equal(np.rint(a.utilities / TOL), np.rint(b.utilities / TOL))
    assert np.array_equal(a.acceptable, b.acceptable)


@settings(max_examples=60, deadline=None)
@given(games(max_issues=4, max_options=4, coupled=True, clipped=True, boxes=True))
def test_milp_frontier_equals_enumeration(game):
    """Package terms (boxes and general tables), red lines, binding clips, 1 to 4 signatories."""
    milp = frontier(game, method="milp")
    assert milp.method == "milp" and milp.resolution == 0.0
    _same(milp, frontier(game, method="enumerate"))
    brute = brute_frontier(game)
    assert sorted(np.rint(milp.utilities / TOL).T.tolist()) == sorted(map(list, brute))
    assert not milp.ties.any()
    every = range(game.n_parties)  # more parties at once than the signatories usually are
    _same(frontier(game, every, method="milp"), frontier(game, every, method="enumerate"))


@settings(max_examples=25, deadline=None)
@given(games(max_parties=3, max_issues=3, max_options=4, coupled=True, boxes=True))
def test_solutions_on_the_milp_frontier_are_those_of_enumeration(game):
    milp, enum = frontier(game, method="milp"), frontier(game, method="enumerate")
    a, b = solve_all(game, front=milp), solve_all(game, front=enum)
    assert a.keys() == b.keys()
    for name, deal in a.items():
        other = b[name]
        assert (deal is None) == (other is None)
        if deal is not None and other is not None:
            assert deal.code == other.code and deal.ties is None and other.ties >= 1
    code = int(game.n_outcomes // 2)
    near, ref = (solve(game, "closest", front=f, proposal=code) for f in (milp, enum))
    assert (near is None) == (ref is None)
    assert near is None or ref is None or near.code == ref.code


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 3))
def test_off_grid_data_give_a_frontier_within_the_resolution(seed, n_parties):
    """Random real utilities lie on no grid: every outcome is then within RESOLUTION of being
    weakly dominated by a listed point, and every listed point is attained and feasible."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(2, 5, size=3)
    tables = [rng.random((n_parties, n)) / 3 for n in sizes]
    red = Factor(0, (0, 1), rng.random((sizes[0], sizes[1])) < 0.8)
    term = Factor(1, (1, 2), rng.random((sizes[1], sizes[2])) / 4)
    game = Game.from_arrays(
        tables=tables,
        reservations=np.zeros(n_parties),
        party_ids=[f"p{i}" for i in range(n_parties)],
        issue_ids=["a", "b", "c"],
        values=[[str(j) for j in range(n)] for n in sizes],
        terms=[term],
        constraints=[red],
    )
    front = frontier(game, method="milp")
    assert front.resolution == RESOLUTION
    assert np.array_equal(front.utilities, game.utilities_of(front.codes))
    assert game.feasible_of(front.codes).all()
    ok = game.feasible().all(axis=0)
    u = game.utilities()[:, ok]
    slack = RESOLUTION + 1e-8
    covered = np.all(front.utilities[:, :, None] >= u[:, None, :] - slack, axis=0).any(axis=0)
    assert covered.all()


def test_grid_steps():
    assert grid_step(np.array([662.0, 3.0, 12.0, 0.0])) == 1.0
    assert grid_step(np.array([0.25, 0.5, 1.0, 0.75])) == 0.25
    assert grid_step(np.array([0.35 * (1 / 3), 0.2, 1.0])) == float(Fraction(1, 60))
    assert grid_step(np.array([0.1, 0.2, 0.3, 1.0])) == pytest.approx(0.1, abs=1e-17)
    assert grid_step(np.array([np.pi / 10, 1.0])) is None
    assert grid_step(np.array([0.0])) is None


def _coupled_game(n_parties: int = 3, signatory=(True, True, False)) -> Game:
    """A game whose clip binds, so the issue-by-issue method does not apply."""
    rng = np.random.default_rng(7)
    tables = [np.rint(rng.random((n_parties, 4)) * 8) / 16 for _ in range(4)]
    return Game.from_arrays(
        tables=tables,
        reservations=[0.3] * n_parties,
        party_ids=[f"p{i}" for i in range(n_parties)],
        issue_ids=["w", "x", "y", "z"],
        values=[["0", "1", "2", "3"]] * 4,
        signatory=list(signatory),
        terms=[Factor(0, (0, 1, 3), np.full((4, 4, 4), 0.25) * (np.arange(4) < 2))],
        constraints=[Factor(1, (1, 2), ~np.eye(4, dtype=bool))],
    )


def test_auto_integer_programming_when_enumeration_is_refused():
    game = _coupled_game()
    assert frontier(game).method == "enumerate"
    small = dataclasses.replace(game, max_cells=game.n_outcomes)
    front = frontier(small)
    assert front.method == "milp"
    _same(front, frontier(game, method="enumerate"))
    z = zopa(small, front, max_count=0)
    assert z.size is None and z.exists == bool(front.acceptable.any())


def test_enumeration_refusal_counts_the_compared_parties():
    """2 signatories among 3 parties: 2 utilities + 2 keys + 1 code per outcome."""
    game = dataclasses.replace(_coupled_game(), max_cells=1000)
    with pytest.raises(TooLargeError) as err:
        frontier(game, method="enumerate")
    text = str(err.value)
    assert "256 outcomes among 2 parties" in text and "5 numbers per outcome" in text
    assert f"{5 * 256:,} cells" in text and "'milp'" in text
    with pytest.raises(TooLargeError) as err:
        frontier(game, parties=[0, 1, 2], method="enumerate")
    assert "among 3 parties" in str(err.value) and "7 numbers" in str(err.value)


def test_direct_call_reports_solves_and_codes():
    game = _coupled_game().restrict([0, 1])
    found = milp_front(game)
    enum = frontier(game, method="enumerate")
    assert sorted(found.codes.tolist()) == sorted(enum.codes.tolist())
    assert found.resolution == 0.0
    # two stages and a one-block code search per point, and a last infeasible stage unless the
    # second party's best utility is 1 (then no outcome can be better for it)
    last = 0 if enum.utilities[1].max() == 1.0 else 1
    assert found.solves == 3 * len(enum) + last


def test_no_feasible_outcome_and_to_dict():
    closed = dataclasses.replace(
        _coupled_game(), constraints=(Factor(0, (), np.array(False)),), max_cells=10
    )
    front = frontier(closed)
    assert front.method == "milp" and len(front) == 0
    data = frontier(_coupled_game(), method="milp").to_dict()
    assert data["method"] == "milp" and data["resolution"] == 0.0
    assert all(p["ties"] is None for p in data["points"])
