"""The ZOPA's size and bounds against a count over the enumerated outcome space."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given

from tests.frontier.strategies import games, zopa_outcomes
from zopa.frontier import frontier, zone, zopa, zopa_mask
from zopa.game import Game


@given(games(coupled=True))
def test_size_and_bounds_match_enumeration(game):
    z = zopa(game)
    inside = zopa_outcomes(game)
    sig = list(game.signatories)
    assert z.size == inside.size
    assert z.exists == (inside.size > 0)
    assert z.n_feasible == int(game.feasible()[sig].all(axis=0).sum())
    assert z.parties == tuple(game.party_ids[i] for i in sig)
    if inside.size:
        u = game.utilities()[sig][:, inside]
        assert np.allclose(z.best, u.max(axis=1), atol=1e-12)
        assert np.allclose(z.worst, u.min(axis=1), atol=1e-12)
        assert z.share == inside.size / game.n_outcomes
    else:
        assert z.best is None and z.worst is None


@given(games(coupled=True, clipped=True))
def test_chunked_count_equals_full_count(game):
    small = dataclasses.replace(game, max_cells=1)  # forces the chunked path
    old, zone._CHUNK = zone._CHUNK, 7
    try:
        assert zopa(small, frontier(game)) == zopa(game)
    finally:
        zone._CHUNK = old


@given(games())
def test_uncounted_space_still_knows_whether_a_zopa_exists(game):
    z = zopa(game, max_count=0)
    assert z.size is None and z.share is None and z.worst is None
    assert z.exists == (zopa_outcomes(game).size > 0)


def test_mask_and_dict():
    game = Game.from_arrays(
        tables=[np.array([[0.0, 0.25, 0.5, 0.75, 1.0], [1.0, 0.75, 0.5, 0.25, 0.0]])],
        reservations=[0.4, 0.2],
        party_ids=["seller", "buyer"],
        issue_ids=["price"],
        values=[[0.0, 25.0, 50.0, 75.0, 100.0]],
    )
    assert zopa_mask(game).tolist() == [False, False, True, True, False]
    d = zopa(game, frontier(game)).to_dict()
    assert d["size"] == 2 and d["exists"] is True
    assert d["best"] == {"seller": 0.75, "buyer": 0.5}
    assert d["worst"] == {"seller": 0.5, "buyer": 0.25}
    assert d["reservations"] == {"seller": 0.4, "buyer": 0.2}


def test_no_zopa_when_reservations_are_too_high():
    game = Game.from_arrays(
        tables=[np.array([[0.0, 0.5, 1.0], [1.0, 0.5, 0.0]])],
        reservations=[0.6, 0.6],
        party_ids=["a", "b"],
        issue_ids=["x"],
        values=[["l", "m", "h"]],
    )
    z = zopa(game)
    assert not z.exists and z.size == 0 and z.best is None
    assert len(frontier(game).in_zopa()) == 0
