"""Small games for the negotiation tests: the pie split, random additive games (Hypothesis),
and a three-party game."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from zopa.game import Factor, Game


def pie(n: int = 1000, rv: tuple[float, float] = (0.0, 0.0)) -> Game:
    """Split of a pie in ``n`` units: outcome k gives a k/n and b (n - k)/n (FORMATS.md §3.6 C,
    the discrete linear split of GENIUS's ``other-pie``)."""
    k = np.arange(n + 1)
    return Game.from_arrays(
        tables=[np.stack([k / n, (n - k) / n])],
        reservations=list(rv),
        party_ids=["a", "b"],
        issue_ids=["pie"],
        values=[[str(i) for i in k]],
    )


def random_game(
    seed: int,
    shape: tuple[int, ...] = (4, 5, 3),
    parties: int = 2,
    rv: float | None = None,
    red_line: bool = False,
    coarse: bool = False,
) -> Game:
    """An additive game with random per-issue values and weights summing to one; ``coarse``
    rounds every per-issue value to a multiple of 0.1, so that many outcomes tie up to
    floating-point noise (0.1 + 0.2 != 0.3 + 0.0 in binary)."""
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.ones(len(shape)), size=parties)
    tables = [w[:, k : k + 1] * rng.random((parties, n)) for k, n in enumerate(shape)]
    tables = [t / np.maximum(t.max(axis=1, keepdims=True), 1e-12) * w[:, [k]]
              for k, t in enumerate(tables)]  # fmt: skip
    if coarse:
        tables = [np.round(t * 10) / 10 for t in tables]
    reservations = rng.uniform(0, 0.4, parties) if rv is None else [rv] * parties
    constraints = []
    if red_line:  # party 0 refuses the first value of issue 0
        allowed = np.ones(shape[0], dtype=bool)
        allowed[0] = False
        constraints.append(Factor(0, (0,), allowed, "no value 0"))
    return Game.from_arrays(
        tables=tables,
        reservations=reservations,
        party_ids=[f"p{i}" for i in range(parties)],
        issue_ids=[f"i{k}" for k in range(len(shape))],
        values=[[f"v{j}" for j in range(n)] for n in shape],
        constraints=constraints,
    )


@st.composite
def games(draw: st.DrawFn, parties: int = 2) -> Game:
    """Random additive games with 1-3 issues of 1-6 values, sometimes with a red line, sometimes
    with coarse values (many ties up to floating-point noise)."""
    shape = tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
    if shape[0] < 2:
        shape = (2, *shape[1:])
    seed = draw(st.integers(0, 2**32 - 1))
    rv = draw(st.sampled_from([None, 0.0]))
    return random_game(
        seed, shape, parties, rv, red_line=draw(st.booleans()), coarse=draw(st.booleans())
    )
