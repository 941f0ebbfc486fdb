"""The blocked skyline on sets large enough for its tiling and reduction passes, against an
O(N^2) brute force: Minkowski sums of generated additive games with 2-6 parties, random or
opposed preferences, on coarse grids (many ties and duplicates)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from zopa.frontier import frontier
from zopa.game import TOL, Game
from zopa.kernels.skyline import keys, nondominated, skyline_mask


def brute(v: np.ndarray, margin: float = 0.0) -> np.ndarray:
    """O(N^2) mask of the columns no column dominates, in slices to bound memory."""
    n = v.shape[1]
    out = np.ones(n, dtype=bool)
    for s in range(0, n, 256):
        q = v[:, s : s + 256]
        ge = np.all(v[:, :, None] >= q[:, None, :], axis=0)
        gt = np.any(v[:, :, None] > q[:, None, :] + margin, axis=0)
        out[s : s + 256] = ~np.any(ge & gt, axis=0)
    return out


@st.composite
def additive_tables(draw: st.DrawFn) -> list[np.ndarray]:
    """Per-issue integer tables ``(parties, options)``; "opposed" makes every issue nearly
    constant-sum across parties, so most outcomes are on the frontier."""
    k = draw(st.integers(2, 6))
    n_issues = draw(st.integers(2, 4))
    grid = draw(st.sampled_from([4, 16, 1000]))
    opposed = draw(st.booleans())
    tables = []
    for _ in range(n_issues):
        m = draw(st.integers(3, 8))
        t = draw(arrays(np.int64, (k, m), elements=st.integers(0, grid)))
        if opposed:
            noise = draw(arrays(np.int64, (m,), elements=st.integers(0, 2)))
            t[-1] = np.maximum(0, (k - 1) * grid - t[:-1].sum(axis=0) - noise)
        tables.append(t)
    return tables


def minkowski(tables: list[np.ndarray]) -> np.ndarray:
    v = np.zeros((tables[0].shape[0], 1), dtype=np.int64)
    for t in tables:
        v = (v[:, :, None] + t[:, None, :]).reshape(v.shape[0], -1)
    return v


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(additive_tables(), st.sampled_from([0.0, 0.5, 3.0]))
def test_skyline_of_minkowski_sums_matches_brute_force(tables, margin):
    v = minkowski(tables).astype(float)
    assert np.array_equal(skyline_mask(v, margin), brute(v, margin))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(additive_tables())
def test_scaled_utilities_match_brute_force_on_keys(tables):
    # Utilities off the dyadic grid: the keys are compared, as for a game.
    v = minkowski(tables) / (7.0 * max(int(minkowski(tables).max()), 1))
    assert np.array_equal(nondominated(v), brute(keys(v)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(additive_tables())
def test_additive_frontier_matches_enumerated_brute_force(tables):
    k = tables[0].shape[0]
    top = sum(int(t.max()) for t in tables) + 1
    game = Game.from_arrays(
        tables=[t / top for t in tables],
        reservations=np.zeros(k),
        party_ids=[f"p{i}" for i in range(k)],
        issue_ids=[f"i{j}" for j in range(len(tables))],
        values=[[f"v{o}" for o in range(t.shape[1])] for t in tables],
    )
    front = frontier(game, method="additive")
    u = game.utilities()
    ku = np.rint(u / TOL)
    on = brute(ku)
    want = {tuple(ku[:, j]) for j in np.flatnonzero(on)}
    got = {tuple(np.rint(front.utilities[:, j] / TOL)) for j in range(len(front))}
    assert got == want
    assert int(np.sum(front.ties)) == int(on.sum())
