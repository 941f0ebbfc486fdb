"""The issue-by-issue frontier for two to six parties, random and opposed preferences, against
enumeration, a brute-force skyline, and the plain skyline over the same candidates."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.frontier.strategies import brute_frontier, compiled_merges
from zopa.frontier import front as front_module
from zopa.frontier import frontier
from zopa.frontier.additive import blocks_of, minkowski_points
from zopa.game import TOL, Game
from zopa.kernels.skyline import group_ties, keys, skyline_mask


def _game(seed: int, n_parties: int, kind: str, n_issues: int, near: bool) -> Game:
    """Random per-issue values, or opposed ones (each option splits a fixed total between the
    parties); ``near`` rounds values to a few multiples of TOL apart so ties and near-ties occur
    on the comparison grid."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 5, size=n_issues)
    weights = rng.dirichlet(np.ones(n_issues), size=n_parties)
    tables = []
    for k, n in enumerate(sizes):
        if kind == "opposed":
            v = rng.dirichlet(np.ones(n_parties), size=int(n)).T
        else:
            v = rng.random((n_parties, int(n)))
        if near:
            v = np.round(v * 4) / 4 + rng.integers(-2, 3, size=v.shape) * TOL
            v = np.clip(v, 0.0, 1.0)
        tables.append(weights[:, [k]] * v)
    return Game.from_arrays(
        tables=tables,
        reservations=np.full(n_parties, 0.1),
        party_ids=[f"p{i}" for i in range(n_parties)],
        issue_ids=[f"i{k}" for k in range(n_issues)],
        values=[[str(j) for j in range(int(n))] for n in sizes],
    )


def _as_brute(front):
    return {
        tuple(np.rint(front.utilities[:, j] / TOL).tolist()): (int(front.codes[j]), int(n))
        for j, n in enumerate(front.ties)
    }


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 6),
    st.sampled_from(["random", "opposed"]),
    st.integers(1, 5),
    st.booleans(),
    st.booleans(),
)
def test_additive_frontier_equals_enumeration_and_brute_force(
    seed, n_parties, kind, n_issues, near, compiled
):
    game = _game(seed, n_parties, kind, n_issues, near)
    with compiled_merges(compiled):
        add = frontier(game, method="additive")
    enum = frontier(game, method="enumerate")
    assert add.method == "additive"
    assert np.array_equal(add.codes, enum.codes)
    assert np.array_equal(add.ties, enum.ties)
    assert np.array_equal(add.utilities, enum.utilities)
    assert _as_brute(add) == brute_frontier(game)
    # the plain skyline over the same candidates (the filter used before the near-coincidence
    # test), built by the other kind of merge, picks the same points
    with compiled_merges(not compiled):
        codes, counts, _, util, _, spread = front_module._candidates(game, "additive")
    assert spread is not None
    k = keys(util, TOL)
    on = np.flatnonzero(skyline_mask(k, margin=0.0))
    rep, ties = group_ties(k[:, on], codes[on], counts[on])
    assert np.array_equal(codes[on[rep]], add.codes)
    assert np.array_equal(ties, add.ties)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(3, 6),
    st.sampled_from(["random", "opposed"]),
    st.integers(2, 6),
    st.booleans(),
)
def test_both_merges_keep_the_same_partial_sums_bit_for_bit(seed, n_parties, kind, n_issues, near):
    """The compiled merge and the numpy skyline of the materialised sums keep the same
    candidates, codes, tie counts and sums, merge after merge."""
    game = _game(seed, n_parties, kind, n_issues, near)
    blocks = blocks_of(game)
    with compiled_merges(True):
        fast = minkowski_points(blocks)
    with compiled_merges(False):
        plain = minkowski_points(blocks)
    for x, y in zip(fast, plain, strict=True):
        assert x.dtype == y.dtype and np.array_equal(x, y)
