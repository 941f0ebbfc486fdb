"""An independent brute-force oracle: every outcome evaluated one at a time in plain Python,
from the game's raw tables, and random small games for Hypothesis."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import numpy as np
from hypothesis import strategies as st

from zopa.game import TOL, Factor, Game


def outcomes(game: Game) -> Iterator[tuple[int, ...]]:
    return itertools.product(*(range(n) for n in game.shape))


def utility(game: Game, p: int, x: Sequence[int]) -> float:
    s = sum(float(t[p, x[k]]) for k, t in enumerate(game.tables))
    for f in game.terms:
        if f.party == p:
            s += float(np.asarray(f.table)[tuple(x[a] for a in f.axes)])
    return min(max(s / float(game.scale[p]), 0.0), 1.0)


def red_lines_ok(game: Game, p: int, x: Sequence[int]) -> bool:
    return all(
        bool(np.asarray(f.table)[tuple(x[a] for a in f.axes)])
        for f in game.constraints
        if f.party == p
    )


def accepts(game: Game, p: int, x: Sequence[int]) -> bool:
    return red_lines_ok(game, p, x) and utility(game, p, x) >= game.reservations[p] - TOL


def accepted_by(game: Game, parties: Sequence[int]) -> list[tuple[int, ...]]:
    return [x for x in outcomes(game) if all(accepts(game, p, x) for p in parties)]


def changed(base: Sequence[int], x: Sequence[int]) -> frozenset[int]:
    return frozenset(k for k, (a, b) in enumerate(zip(base, x, strict=True)) if a != b)


def minimal_issue_sets(
    game: Game, base: Sequence[int], parties: Sequence[int]
) -> set[frozenset[int]]:
    """Sets S of issues such that some accepted outcome changes exactly S and no accepted
    outcome changes a proper subset of S."""
    sets = {changed(base, x) for x in accepted_by(game, parties)}
    return {s for s in sets if not any(t < s for t in sets)}


def code(game: Game, x: Sequence[int]) -> int:
    return int(np.ravel_multi_index(tuple(x), game.shape))


def index(game: Game, c: int) -> tuple[int, ...]:
    return tuple(int(v) for v in np.unravel_index(c, game.shape))


@st.composite
def games(draw: st.DrawFn, max_issues: int = 4, max_values: int = 4) -> Game:
    """A random small game: 2–3 parties (the first two signatories), random additive tables,
    sometimes a red line over one or two issues and a package term."""
    n_parties = draw(st.integers(2, 3))
    n_issues = draw(st.integers(1, max_issues))
    shape = [draw(st.integers(1, max_values)) for _ in range(n_issues)]
    unit = st.integers(0, 100).map(lambda v: v / 100)
    tables = [
        np.array([[draw(unit) / n_issues for _ in range(n)] for _ in range(n_parties)])
        for n in shape
    ]
    constraints: list[Factor] = []
    terms: list[Factor] = []
    for _ in range(draw(st.integers(0, 2))):
        axes = tuple(sorted(draw(st.sets(st.integers(0, n_issues - 1), min_size=1, max_size=2))))
        cells = int(np.prod([shape[a] for a in axes]))
        flat = draw(st.lists(st.booleans(), min_size=cells, max_size=cells))
        if not any(flat):
            flat[0] = True
        table = np.array(flat).reshape([shape[a] for a in axes])
        constraints.append(Factor(draw(st.integers(0, n_parties - 1)), axes, table))
    if n_issues >= 2 and draw(st.booleans()):
        axes = (0, 1)
        cells = shape[0] * shape[1]
        flat = draw(st.lists(st.integers(-20, 20), min_size=cells, max_size=cells))
        table = np.array(flat, dtype=float).reshape(shape[0], shape[1]) / 100
        terms.append(Factor(draw(st.integers(0, n_parties - 1)), axes, table))
    reservations = [draw(st.integers(0, 70)) / 100 for _ in range(n_parties)]
    return Game.from_arrays(
        tables=tables,
        reservations=reservations,
        party_ids=[f"p{i}" for i in range(n_parties)],
        issue_ids=[f"i{k}" for k in range(n_issues)],
        values=[[f"v{j}" for j in range(n)] for n in shape],
        signatory=[i < 2 for i in range(n_parties)],
        constraints=constraints,
        terms=terms,
    )


@st.composite
def problems(draw: st.DrawFn) -> tuple[Game, tuple[int, ...], tuple[int, ...]]:
    """A game, a base outcome and the parties that must accept."""
    game = draw(games())
    base = tuple(draw(st.integers(0, n - 1)) for n in game.shape)
    parties = draw(st.sampled_from([(0,), (1,), (0, 1), tuple(range(game.n_parties))]))
    return game, base, parties
