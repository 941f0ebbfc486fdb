"""Hypothesis generators for the agreement-space tests, and brute-force oracles.

Utilities are drawn on dyadic grids (multiples of 1/32 or 1/64) so that every sum is exact in
floating point: whatever order the code adds them in, equal utilities are bit-for-bit equal and
the brute-force answers are unambiguous.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from zopa.game import TOL, Factor, Game
from zopa.kernels import pareto_sum


@contextmanager
def compiled_merges(on: bool) -> Iterator[None]:
    """Every issue-by-issue merge through the compiled loops (``on``) or through the numpy
    skyline of the materialised sums, whatever their size."""
    saved = pareto_sum._jit, pareto_sum.COMPILED_MIN
    pareto_sum._jit = pareto_sum._compiled() if on else None
    pareto_sum.COMPILED_MIN = 0 if on else 1 << 62
    try:
        yield
    finally:
        pareto_sum._jit, pareto_sum.COMPILED_MIN = saved


@st.composite
def point_sets(
    draw: st.DrawFn, min_k: int = 1, max_k: int = 5, max_n: int = 120, grid: int = 6
) -> np.ndarray:
    """A ``(k, n)`` array of utilities on a coarse grid (many ties and duplicates)."""
    k = draw(st.integers(min_k, max_k))
    n = draw(st.integers(1, max_n))
    ints = draw(arrays(np.int64, (k, n), elements=st.integers(0, grid)))
    return np.asarray(ints / grid)


def _table(draw: st.DrawFn, rows: int, cols: int, top: int, den: int) -> np.ndarray:
    ints = draw(arrays(np.int64, (rows, cols), elements=st.integers(0, top)))
    return np.asarray(ints / den)


@st.composite
def games(
    draw: st.DrawFn,
    max_parties: int = 4,
    max_issues: int = 4,
    max_options: int = 5,
    coupled: bool = False,
    clipped: bool = False,
    boxes: bool = False,
) -> Game:
    """A small game with dyadic utilities.

    Per-issue contributions are multiples of 1/32 up to 6/32, so without terms utilities stay
    in [0, 0.75]. ``coupled`` adds package terms (up to 4/32, so the clip still cannot bind)
    and red lines over one or two issues; ``clipped`` halves some scales so the clip to [0, 1]
    can bind; ``boxes`` adds GENIUS-style package terms, a constant of either sign (up to
    8/32) on a box of value combinations of two or three issues.
    """
    n_parties = draw(st.integers(1, max_parties))
    n_issues = draw(st.integers(1, max_issues))
    sizes = draw(st.lists(st.integers(1, max_options), min_size=n_issues, max_size=n_issues))
    tables = [_table(draw, n_parties, n, 6, 32) for n in sizes]
    terms: list[Factor] = []
    constraints: list[Factor] = []
    if coupled:
        for _ in range(draw(st.integers(0, 2))):
            axes = _axes(draw, n_issues)
            shape = tuple(sizes[a] for a in axes)
            table = _table(draw, 1, int(np.prod(shape)), 4, 32).reshape(shape)
            terms.append(Factor(draw(st.integers(0, n_parties - 1)), axes, table))
        for _ in range(draw(st.integers(0, 2))):
            axes = _axes(draw, n_issues)
            shape = tuple(sizes[a] for a in axes)
            allowed = draw(arrays(np.bool_, shape, elements=st.booleans()))
            constraints.append(Factor(draw(st.integers(0, n_parties - 1)), axes, allowed))
    if boxes and n_issues > 1:
        for _ in range(draw(st.integers(0, 3))):
            terms.append(_box_term(draw, sizes, n_parties))
    scale = np.ones(n_parties)
    if clipped:
        scale = np.array(draw(st.lists(st.sampled_from([0.25, 0.5, 1.0]), min_size=n_parties,
                                       max_size=n_parties)))  # fmt: skip
    signatory = draw(st.lists(st.booleans(), min_size=n_parties, max_size=n_parties))
    if not any(signatory):
        signatory[0] = True
    reservations = draw(st.lists(st.integers(0, 10), min_size=n_parties, max_size=n_parties))
    return Game.from_arrays(
        tables=tables,
        reservations=np.array(reservations) / 32,
        party_ids=[f"p{i}" for i in range(n_parties)],
        issue_ids=[f"i{k}" for k in range(n_issues)],
        values=[[f"o{j}" for j in range(n)] for n in sizes],
        signatory=signatory,
        terms=terms,
        constraints=constraints,
        scale=scale,
    )


def _box_term(draw: st.DrawFn, sizes: list[int], n_parties: int) -> Factor:
    """``c`` on the cells whose value along each axis is in a drawn subset, 0 elsewhere."""
    n_axes = draw(st.integers(2, min(3, len(sizes))))
    axes = tuple(sorted(draw(st.permutations(range(len(sizes))))[:n_axes]))
    table = np.array(draw(st.sampled_from([-8, -4, -1, 1, 3, 8])) / 32)
    for a in axes:
        mask = draw(arrays(np.bool_, sizes[a], elements=st.booleans()))
        table = np.multiply.outer(table, mask.astype(float))
    return Factor(draw(st.integers(0, n_parties - 1)), axes, table)


def _axes(draw: st.DrawFn, n_issues: int) -> tuple[int, ...]:
    picked = draw(st.lists(st.integers(0, n_issues - 1), min_size=1, max_size=2, unique=True))
    return tuple(sorted(picked))


# -- brute-force oracles -----------------------------------------------------------------------


def brute_nondominated(values: np.ndarray, margin: float = 0.0) -> np.ndarray:
    """O(N^2) mask: no column is >= everywhere and > (by more than ``margin``) somewhere."""
    v = np.asarray(values, dtype=float)
    ge = np.all(v[:, :, None] >= v[:, None, :], axis=0)  # ge[a, b]: a >= b everywhere
    gt = np.any(v[:, :, None] > v[:, None, :] + margin, axis=0)
    return np.asarray(~np.any(ge & gt, axis=0))


def brute_keys(game: Game, parties: list[int]) -> np.ndarray:
    """Comparison keys of every outcome for ``parties``."""
    return np.asarray(np.rint(game.utilities()[parties] / TOL))


def brute_frontier(game: Game) -> dict[tuple[float, ...], tuple[int, int]]:
    """Signatories' non-dominated key vectors -> (lowest code, number of outcomes), by
    enumeration and an O(N^2) dominance test over the outcomes no signatory rules out."""
    sig = list(game.signatories)
    ok = game.feasible()[sig].all(axis=0)
    codes = np.flatnonzero(ok)
    k = brute_keys(game, sig)[:, codes]
    keep = brute_nondominated(k)
    out: dict[tuple[float, ...], tuple[int, int]] = {}
    for j in np.flatnonzero(keep):
        key = tuple(k[:, j].tolist())
        low, n = out.get(key, (int(codes[j]), 0))
        out[key] = (min(low, int(codes[j])), n + 1)
    return out


def zopa_outcomes(game: Game) -> np.ndarray:
    """Codes of the outcomes every signatory accepts, by enumeration."""
    sig = list(game.signatories)
    return np.flatnonzero(game.acceptable()[sig].all(axis=0))
