"""The game-level frontier: the issue-by-issue path against brute-force enumeration."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.frontier.strategies import brute_frontier, games
from zopa.errors import InputError, TooLargeError
from zopa.frontier import additive, frontier
from zopa.frontier.additive import blocks_of, clip_can_bind, minkowski_front
from zopa.game import TOL, Factor, Game


def _as_brute(front):
    return {
        tuple(np.rint(front.utilities[:, j] / TOL).tolist()): (int(front.codes[j]), int(n))
        for j, n in enumerate(front.ties)
    }


@given(games())
def test_additive_frontier_equals_brute_force(game):
    front = frontier(game)
    assert front.method == "additive"
    assert _as_brute(front) == brute_frontier(game)


@given(games(coupled=True))
def test_terms_and_red_lines_are_merged_into_compound_issues(game):
    front = frontier(game, method="additive")
    assert _as_brute(front) == brute_frontier(game)
    enum = frontier(game, method="enumerate")
    assert np.array_equal(front.codes, enum.codes)
    assert np.array_equal(front.ties, enum.ties)
    assert np.array_equal(front.utilities, enum.utilities)


@given(games(clipped=True, coupled=True))
def test_binding_clip_falls_back_to_enumeration(game):
    g = game.restrict(game.signatories)
    binds = clip_can_bind(g, blocks_of(g))
    front = frontier(game)
    assert front.method == ("enumerate" if binds else "additive")
    assert _as_brute(front) == brute_frontier(game)
    if binds:
        with pytest.raises(InputError):
            frontier(game, method="additive")


@given(st.integers(0, 2**32 - 1), st.integers(2, 4))
def test_general_floats_agree_with_enumeration(seed, n_parties):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 6, size=4)
    weights = rng.dirichlet(np.ones(4), size=n_parties)
    tables = [weights[:, [k]] * rng.random((n_parties, n)) for k, n in enumerate(sizes)]
    game = Game.from_arrays(
        tables=tables,
        reservations=np.full(n_parties, 0.2),
        party_ids=[f"p{i}" for i in range(n_parties)],
        issue_ids=[f"i{k}" for k in range(4)],
        values=[[str(j) for j in range(n)] for n in sizes],
    )
    a, e = frontier(game, method="additive"), frontier(game, method="enumerate")
    assert np.array_equal(a.codes, e.codes) and np.array_equal(a.ties, e.ties)


@given(games(coupled=True))
def test_frontier_points_are_attained_and_flags_match_the_game(game):
    front = frontier(game)
    sig = list(game.signatories)
    assert np.array_equal(front.utilities, game.utilities_of(front.codes)[sig])
    assert game.feasible_of(front.codes)[sig].all()
    acceptable = game.acceptable_of(front.codes)[sig].all(axis=0)
    assert np.array_equal(front.acceptable, acceptable)
    inside = front.in_zopa()
    assert inside.acceptable.all() and len(inside) == int(acceptable.sum())


def test_blocks_carry_codes_and_values_of_their_options():
    tables = [np.array([[0.1, 0.2], [0.3, 0.0]]), np.array([[0.0, 0.1, 0.2], [0.2, 0.1, 0.0]])]
    red = Factor(1, (0, 1), np.array([[True, False, True], [True, True, False]]))
    term = Factor(0, (0, 1), np.full((2, 3), 0.05))
    game = Game.from_arrays(
        tables=tables,
        reservations=[0, 0],
        party_ids=["a", "b"],
        issue_ids=["x", "y"],
        values=[["x0", "x1"], ["y0", "y1", "y2"]],
        terms=[term],
        constraints=[red],
    )
    (block,) = blocks_of(game)
    assert block.axes == (0, 1)
    assert block.codes.tolist() == [0, 2, 3, 4]  # combinations (0,1) and (1,2) are ruled out
    assert np.allclose(block.values, game.utilities_of(block.codes))


def test_constant_factors_shift_or_empty_the_space():
    base = {
        "tables": [np.array([[0.1, 0.5], [0.5, 0.1]])],
        "reservations": [0, 0],
        "party_ids": ["a", "b"],
        "issue_ids": ["x"],
        "values": [["x0", "x1"]],
    }
    shifted = Game.from_arrays(**base, terms=[Factor(0, (), np.array(0.25))])
    assert np.allclose(frontier(shifted).utilities, [[0.75, 0.35], [0.1, 0.5]])
    closed = Game.from_arrays(**base, constraints=[Factor(1, (), np.array(False))])
    assert len(frontier(closed)) == 0 and len(frontier(closed, method="enumerate")) == 0


def test_parties_argument_and_missing_signatories():
    game = Game.from_arrays(
        tables=[np.array([[0.1, 0.5], [0.5, 0.1], [0.3, 0.3]])],
        reservations=[0, 0, 0],
        party_ids=["a", "b", "c"],
        issue_ids=["x"],
        values=[["x0", "x1"]],
        signatory=[True, False, False],
    )
    assert frontier(game).codes.tolist() == [1]
    assert frontier(game, parties=[0, 1]).codes.tolist() == [1, 0]
    assert frontier(game, parties=[2]).ties.tolist() == [2]
    nobody = dataclasses.replace(game, signatory=np.zeros(3, dtype=bool))
    with pytest.raises(InputError):
        frontier(nobody)
    with pytest.raises(InputError):
        frontier(game, method="fastest")  # type: ignore[arg-type]


def test_oversized_merges_are_refused(monkeypatch):
    game = Game.from_arrays(
        tables=[np.eye(2)[:, [0, 1, 0]] * 0.3] * 3,
        reservations=[0, 0],
        party_ids=["a", "b"],
        issue_ids=["x", "y", "z"],
        values=[["0", "1", "2"]] * 3,
        constraints=[Factor(0, (0, 1), np.ones((3, 3), dtype=bool))],
    )
    monkeypatch.setattr(additive, "MAX_COMPOUND", 4)
    with pytest.raises(TooLargeError):
        frontier(game, method="additive")
    assert frontier(game).method == "enumerate"
    monkeypatch.setattr(additive, "MAX_MERGE_CELLS", 4)
    with pytest.raises(TooLargeError):
        minkowski_front(blocks_of(game.restrict([0])) * 2)
    tight = dataclasses.replace(game, max_cells=10)
    with pytest.raises(TooLargeError):
        frontier(tight, method="enumerate")
    by_milp = frontier(tight)  # neither method fits: integer programming
    assert by_milp.method == "milp"
    assert by_milp.codes.tolist() == frontier(game, method="enumerate").codes.tolist()
