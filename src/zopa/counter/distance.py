"""How far a package moves from a proposal: the salience-weighted city-block distance.

For a proposal ``p`` and a package ``x`` over issues ``k = 1..K``::

    d(x, p) = Σ_k w_k · δ_k(x_k, p_k),      Σ_k w_k = 1,  so d ∈ [0, 1]

* ``δ_k`` is the change on issue *k* as a share of the issue's span: ``|c(x_k) - c(p_k)|`` over
  ``max c - min c`` for range issues and ordered options (``c`` is the grid value or the option's
  rank), and 1 for any change of an unordered option.
* ``w_k`` is the salience of issue *k* at the table: the mean, over the signatories, of the
  utility the issue can move for that party (its best value minus its worst, divided by the
  party's scale), normalised to sum to one. An issue nobody at the table cares about can move
  freely; re-opening a core issue costs its full salience.

This is the city-block (L1) form of the salience-weighted distances of spatial voting theory
(Enelow & Hinich, *The Spatial Theory of Voting*, 1984, ch. 2). L1 makes per-issue changes add
up, so it refines "fewest issues changed" instead of contradicting it, and it measures the text
of the deal, not who gains from it: the gains and losses are reported beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from zopa.game import Game


def default_ordered(game: Game) -> tuple[bool, ...]:
    """Range issues are ordered; option issues are treated as unordered unless told otherwise."""
    return tuple(bool(v) and not isinstance(v[0], str) for v in game.values)


def salience(game: Game, parties: Sequence[int] | None = None) -> np.ndarray:
    """``w_k``: mean utility span of each issue over ``parties`` (signatories by default),
    normalised to sum to one; uniform when no party cares about any issue."""
    chosen = list(parties) if parties is not None else list(game.signatories)
    if not chosen:
        chosen = list(range(game.n_parties))
    spans = np.array(
        [
            np.mean((t[chosen].max(axis=1) - t[chosen].min(axis=1)) / game.scale[chosen])
            for t in game.tables
        ]
    )
    total = float(spans.sum())
    if total <= 0.0:
        return np.full(len(game.tables), 1.0 / max(len(game.tables), 1))
    return np.asarray(spans / total)


def change_tables(
    game: Game, base: Sequence[int], ordered: Sequence[bool] | None = None
) -> tuple[np.ndarray, ...]:
    """``δ_k(v)`` for every value ``v`` of every issue ``k``, against the base indices."""
    flags = default_ordered(game) if ordered is None else tuple(ordered)
    out = []
    for k, vals in enumerate(game.values):
        n = len(vals)
        if n == 1:
            out.append(np.zeros(1))
            continue
        if not flags[k]:
            out.append((np.arange(n) != base[k]).astype(float))
            continue
        coord = np.arange(n, dtype=float) if isinstance(vals[0], str) else np.asarray(vals, float)
        span = float(coord.max() - coord.min())
        out.append(np.abs(coord - coord[base[k]]) / span if span > 0 else np.zeros(n))
    return tuple(out)


def weighted_tables(
    game: Game, base: Sequence[int], ordered: Sequence[bool] | None = None
) -> tuple[np.ndarray, ...]:
    """``w_k · δ_k(v)``: each issue's contribution to the distance, per value."""
    w = salience(game)
    return tuple(w[k] * t for k, t in enumerate(change_tables(game, base, ordered)))


def distance_of(tables: Sequence[np.ndarray], indices: np.ndarray) -> np.ndarray:
    """Distances of ``(n, K)`` value indices, given :func:`weighted_tables`."""
    idx = np.atleast_2d(indices)
    total = np.zeros(len(idx))
    for k, t in enumerate(tables):
        total += t[idx[:, k]]
    return total


@dataclass(frozen=True)
class Metric:
    """The same distance between any two packages ``x`` and ``y`` (``y`` in the role of the
    proposal): ``Σ_k |a_k[x_k] − a_k[y_k]|`` on ordered issues, with ``a_k`` the salience times
    the coordinate over the span, plus ``w_k`` for each unordered issue where they differ."""

    weights: np.ndarray
    coords: tuple[np.ndarray | None, ...]  # None for an unordered issue

    @classmethod
    def of(cls, game: Game, ordered: Sequence[bool] | None = None) -> Metric:
        flags = default_ordered(game) if ordered is None else tuple(ordered)
        w = salience(game)
        coords: list[np.ndarray | None] = []
        for k, vals in enumerate(game.values):
            if len(vals) > 1 and not flags[k]:
                coords.append(None)
                continue
            c = (
                np.arange(len(vals), dtype=float)
                if isinstance(vals[0], str)
                else np.asarray(vals, float)
            )
            span = float(c.max() - c.min()) if len(c) else 0.0
            coords.append(w[k] * (c - c.min()) / span if span > 0 else np.zeros(len(c)))
        return cls(w, tuple(coords))

    def row(self, k: int, y: int, n: int) -> np.ndarray:
        """Issue ``k``'s contribution to the distance from value ``y``, for each of its ``n``
        values."""
        c = self.coords[k]
        if c is None:
            return np.asarray(self.weights[k] * (np.arange(n) != y))
        return np.asarray(np.abs(c - c[y]))

    def to(self, indices: np.ndarray, y: Sequence[int]) -> np.ndarray:
        """Distances of ``(n, K)`` value indices from the package ``y``."""
        idx = np.atleast_2d(indices)
        total = np.zeros(len(idx))
        for k, c in enumerate(self.coords):
            if c is None:
                total += self.weights[k] * (idx[:, k] != y[k])
            else:
                total += np.abs(c[idx[:, k]] - c[y[k]])
        return total
