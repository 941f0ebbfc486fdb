"""Bargaining solutions: optimal over the whole ZOPA (checked by enumeration), on the frontier,
individually rational, invariant where the theory says so, and textbook closed forms."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.frontier.strategies import brute_frontier, brute_keys, games, point_sets, zopa_outcomes
from zopa.errors import InputError
from zopa.frontier import (
    SOLUTIONS,
    BargainingProblem,
    frontier,
    register_solution,
    solve,
    solve_all,
)
from zopa.game import TOL, Factor, Game

PLAIN = [n for n, s in SOLUTIONS.items() if not s.needs_target]


def _brute_best(game: Game) -> dict[str, float]:
    """Each solution's optimal score over every outcome of the ZOPA (the smallest difference
    over the ZOPA's frontier: elsewhere a dominated outcome may be more equal)."""
    sig = list(game.signatories)
    inside = zopa_outcomes(game)
    u = game.utilities()[sig][:, inside]
    d = game.reservations[sig][:, None]
    gains = np.maximum(u - d, 0)
    room = (u.max(axis=1) - d[:, 0]) > TOL
    span = np.where(room, u.max(axis=1) - d[:, 0], 1.0)[:, None]
    normalised = np.where(room[:, None], gains / span, 1.0)
    efficient = {code for code, _ in brute_frontier(game).values()}
    on = np.array([c in efficient for c in inside.tolist()])
    spread = sum(np.abs(u[a] - u[b]) for a in range(len(sig)) for b in range(a + 1, len(sig)))
    return {
        "nash": float(np.prod(gains, axis=0).max()),
        "kalai-smorodinsky": float(normalised.min(axis=0).max()),
        "egalitarian": float(gains.min(axis=0).max()),
        "utilitarian": float(u.sum(axis=0).max()),
        "smallest-difference": float(np.min(spread[on])) if len(sig) > 1 else 0.0,
    }


@given(games(coupled=True, clipped=True))
def test_solutions_are_optimal_over_the_zopa_on_the_frontier_and_rational(game):
    deals = solve_all(game)
    assert set(deals) == set(PLAIN)
    inside = zopa_outcomes(game)
    if inside.size == 0:
        assert all(d is None for d in deals.values())
        return
    best = _brute_best(game)
    front_keys = set(brute_frontier(game))
    sig = list(game.signatories)
    for name, deal in deals.items():
        assert deal is not None
        assert math.isclose(deal.score, best[name], rel_tol=1e-9, abs_tol=1e-12), name
        assert deal.code in set(inside.tolist())  # individually rational, no red line crossed
        assert tuple(brute_keys(game, sig)[:, deal.code].tolist()) in front_keys  # efficient
        u = game.utilities_of([deal.code])[:, 0]
        assert deal.utilities == dict(zip(game.party_ids, u.tolist(), strict=True))
        assert deal.terms == game.decode(deal.code)


def _problem(v: np.ndarray, d: np.ndarray) -> BargainingProblem | None:
    keep = np.all(v >= d[:, None], axis=0)
    if not keep.any():
        return None
    return BargainingProblem(v[:, keep], np.flatnonzero(keep), d)


@given(
    point_sets(min_k=2, max_k=4, max_n=60),
    st.data(),
    st.floats(0.05, 20),
    st.floats(-5, 5),
)
def test_nash_and_ks_are_invariant_to_rescaling_one_party(v, data, a, b):
    d = np.array([data.draw(st.integers(0, 3)) / 6 for _ in range(v.shape[0])])
    p = _problem(v, d)
    if p is None:
        return
    who = data.draw(st.integers(0, v.shape[0] - 1))
    w, e = v.copy(), d.copy()
    w[who], e[who] = a * w[who] + b, a * e[who] + b
    q = _problem(w, e)
    assert q is not None
    for name in ("nash", "kalai-smorodinsky"):
        rule = SOLUTIONS[name].rule
        assert p.codes[rule(p)[0]] == q.codes[rule(q)[0]], name


@given(games(max_parties=3))
def test_rescaling_a_party_in_the_game_keeps_nash_and_ks(game):
    # u -> u/2 + 1/4 for party 0 (exact in binary), reservation likewise.
    half = dataclasses.replace(
        game,
        tables=tuple(np.vstack([t[:1] / 2, t[1:]]) for t in game.tables),
        terms=(Factor(0, (), np.array(0.25)),),
        reservations=np.concatenate([[game.reservations[0] / 2 + 0.25], game.reservations[1:]]),
    )
    for name in ("nash", "kalai-smorodinsky"):
        a, b = solve(game, name), solve(half, name)
        assert (a is None) == (b is None)
        if a is not None and b is not None:
            assert a.code == b.code, name


def _split(n: int, u1: np.ndarray, u2: np.ndarray, d: tuple[float, float]) -> Game:
    return Game.from_arrays(
        tables=[np.vstack([u1, u2])],
        reservations=list(d),
        party_ids=["a", "b"],
        issue_ids=["x"],
        values=[[k / n for k in range(n + 1)]],
    )


def test_linear_split_with_disagreement_point():
    # Nash (1950): x* = d1 + (1 - d1 - d2) / 2, and KS, egalitarian and utilitarian agree on a
    # linear split; GENIUS's "KS" (smallest utility difference) ignores d and splits equally.
    n = 1000
    x = np.arange(n + 1) / n
    game = _split(n, x, 1 - x, (0.1, 0.3))
    for name in PLAIN:
        deal = solve(game, name)
        expected = 500 if name == "smallest-difference" else 400
        assert deal is not None and deal.code == expected, name


def test_risk_averse_partner():
    # u1 = x, u2 = sqrt(1 - x), d = 0: Nash x* = 2/3; KS with ideal (1, 1): x* = (sqrt 5 - 1)/2.
    n = 3000
    x = np.arange(n + 1) / n
    game = _split(n, x, np.sqrt(1 - x), (0.0, 0.0))
    nash, ks = solve(game, "nash"), solve(game, "kalai-smorodinsky")
    assert nash is not None and ks is not None
    assert nash.code == 2000
    assert nash.utilities["b"] == pytest.approx(math.sqrt(1 / 3))
    assert abs(ks.code / n - (math.sqrt(5) - 1) / 2) <= 1 / n


@pytest.mark.parametrize("g", [lambda t: t, np.sqrt, lambda t: 1 - (1 - t) ** 2])
def test_symmetric_split_gives_the_symmetric_deal(g):
    n = 200
    x = np.arange(n + 1) / n
    game = _split(n, g(x), g(1 - x), (0.05, 0.05))
    for name in PLAIN:
        deal = solve(game, name)
        assert deal is not None and deal.code == n // 2, name
        assert deal.utilities["a"] == deal.utilities["b"]


@st.composite
def mirrored_games(draw: st.DrawFn) -> Game:
    """Two parties; every issue's options come in mirror pairs (a, b), (b, a), maybe (c, c)."""
    tables, values = [], []
    for k in range(draw(st.integers(1, 3))):
        cols = []
        for _ in range(draw(st.integers(1, 2))):
            a, b = draw(st.integers(0, 8)), draw(st.integers(0, 8))
            cols += [(a, b), (b, a)]
        if draw(st.booleans()):
            c = draw(st.integers(0, 8))
            cols.append((c, c))
        tables.append(np.array(cols, dtype=float).T / 32)
        values.append([f"o{k}_{j}" for j in range(len(cols))])
    r = draw(st.integers(0, 6)) / 32
    return Game.from_arrays(
        tables=tables,
        reservations=[r, r],
        party_ids=["a", "b"],
        issue_ids=[f"i{k}" for k in range(len(tables))],
        values=values,
    )


@given(mirrored_games())
def test_symmetric_problems_have_symmetric_solutions(game):
    front = frontier(game).in_zopa()
    if len(front) == 0:
        return
    p = BargainingProblem(front.utilities, front.codes, front.reservations)
    for name in PLAIN:
        deal = solve(game, name)
        assert deal is not None
        u = np.array([deal.utilities["a"], deal.utilities["b"]])
        scores = np.array([_score(name, p, j) for j in range(len(front))])
        optimal = {tuple(front.utilities[:, j]) for j in np.flatnonzero(
            np.isclose(scores, deal.score, rtol=1e-9, atol=1e-12))}  # fmt: skip
        # The selected point and its mirror image are both optimal ...
        assert tuple(u) in optimal and tuple(u[::-1]) in optimal, name
        # ... so when the optimum is unique in utility space it lies on the diagonal.
        if len(optimal) == 1:
            assert u[0] == u[1], name


def _score(name: str, p: BargainingProblem, j: int) -> float:
    g, z, u = p.gains[:, j], p.normalised[:, j], p.points[:, j]
    return {
        "nash": float(np.prod(g)),
        "kalai-smorodinsky": float(z.min()),
        "egalitarian": float(g.min()),
        "utilitarian": float(u.sum()),
        "smallest-difference": float(abs(u[0] - u[1])),
    }[name]


@given(games(coupled=True), st.data())
def test_closest_improves_an_acceptable_proposal(game, data):
    proposal = data.draw(st.integers(0, game.n_outcomes - 1))
    deal = solve(game, "closest", proposal=proposal)
    inside = zopa_outcomes(game)
    if inside.size == 0:
        assert deal is None
        return
    assert deal is not None and deal.code in set(inside.tolist())
    sig = list(game.signatories)
    target = game.utilities_of([proposal])[sig, 0]
    got = game.utilities_of([deal.code])[sig, 0]
    assert deal.score == pytest.approx(float(np.linalg.norm(got - target)), abs=1e-12)
    front = frontier(game).in_zopa()
    dist = np.linalg.norm(front.utilities - target[:, None], axis=0)
    better = np.all(front.utilities >= target[:, None] - TOL, axis=0)
    pool = dist[better] if better.any() else dist
    assert deal.score == pytest.approx(float(pool.min()), abs=1e-12)
    if proposal in set(inside.tolist()):
        assert np.all(got >= target - TOL)  # a Pareto improvement (or the proposal itself)


def test_closest_to_a_frontier_point_is_itself():
    x = np.arange(11) / 10
    game = _split(10, x, 1 - x, (0.2, 0.2))
    deal = solve(game, "closest", proposal={"x": 0.3})
    assert deal is not None and deal.code == 3 and deal.score == 0.0


def test_no_zopa_gives_no_deal():
    x = np.arange(11) / 10
    game = _split(10, x, 1 - x, (0.6, 0.6))
    assert all(d is None for d in solve_all(game).values())
    assert solve(game, "closest", proposal=5) is None


def test_registry_and_errors():
    assert {"nash", "kalai-smorodinsky", "egalitarian", "utilitarian", "closest"} <= set(SOLUTIONS)
    for s in SOLUTIONS.values():
        assert s.label and s.definition and s.source and s.score
    with pytest.raises(ValueError):
        register_solution("nash", label="", definition="", source="", score="")(lambda p: (0, 0))
    x = np.arange(3) / 2
    game = _split(2, x, 1 - x, (0, 0))
    with pytest.raises(InputError):
        solve(game, "no-such-solution")
    with pytest.raises(InputError):
        solve(game, "closest")


def test_deal_is_a_json_ready_value():
    x = np.arange(5) / 4
    game = _split(4, x, 1 - x, (0, 0))
    a, b = solve(game, "nash"), solve(game, "nash")
    assert a == b and a is not None
    data = json.loads(json.dumps(a.to_dict()))
    assert data["solution"] == "nash" and data["code"] == 2
    assert data["terms"] == {"x": 0.5} and data["utilities"] == {"a": 0.5, "b": 0.5}
    assert data["score"] == 0.25 and data["ties"] == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.code = 3  # type: ignore[misc]
