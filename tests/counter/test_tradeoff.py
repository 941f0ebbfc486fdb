"""The local trade-off frontier against a brute-force Pareto filter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.counter import oracle as orc
from tests.counter.examples import TRADE, load
from zopa.counter import local_frontier
from zopa.counter import tradeoff as td
from zopa.game import TOL, Game


def _brute_frontier(game: Game, base, a: int, b: int, within: int) -> set[tuple[float, float]]:
    pts = {
        (round(orc.utility(game, a, x), 9), round(orc.utility(game, b, x), 9))
        for x in orc.outcomes(game)
        if len(orc.changed(base, x)) <= within
        and orc.red_lines_ok(game, a, x)
        and orc.red_lines_ok(game, b, x)
    }
    return {
        p for p in pts if not any(q != p and q[0] >= p[0] - TOL and q[1] >= p[1] - TOL for q in pts)
    }


def _points(game: Game, codes: list[int], a: int, b: int) -> list[tuple[float, float]]:
    u = game.utilities_of(codes)
    return [(round(float(u[a, i]), 9), round(float(u[b, i]), 9)) for i in range(len(codes))]


@settings(max_examples=120)
@given(orc.problems(), st.integers(0, 4))
def test_enumerated_local_frontier_is_the_pareto_set(case, within: int) -> None:
    game, base, _ = case
    codes = td.exhaustive(game, base, 0, 1, within)
    pts = _points(game, codes, 0, 1)
    assert set(pts) == _brute_frontier(game, base, 0, 1, within)
    assert len(pts) == len(set(pts))
    assert [p[1] for p in pts] == sorted(p[1] for p in pts)  # u_b ascending, u_a descending


@settings(max_examples=30)
@given(orc.problems(), st.integers(0, 4))
def test_integer_programming_points_lie_on_the_frontier_with_both_ends(case, within) -> None:
    game, base, _ = case
    exact = set(_points(game, td.exhaustive(game, base, 0, 1, within), 0, 1))
    found = _points(game, td.integer_programming(game, base, 0, 1, within, levels=5), 0, 1)
    assert set(found) <= exact
    if exact:
        assert max(exact) in found  # best for a
        assert max(exact, key=lambda p: (p[1], p[0])) in found  # best for b


def test_trade_frontier_one_change_from_the_opening() -> None:
    """Changing one issue of (10, two_years, fast) without crossing the seller's red line: only
    the warranty can move, so the frontier is (buyer, seller) = (0.85, 0.1) for one_year and
    (0.7, 0.2) for none; moving price or delivery alone keeps the red line crossed."""
    result = local_frontier(load(TRADE), "opening", "buyer", "seller", within=1)
    pts = [(p.u_a, p.u_b) for p in result.points]
    assert pts == [
        (pytest.approx(0.85), pytest.approx(0.1)),
        (pytest.approx(0.7), pytest.approx(0.2)),
    ]
    assert result.base == (pytest.approx(1.0), pytest.approx(0.0))
    assert [c.issue for c in result.points[0].changes] == ["warranty"]
    assert result.exact and result.method == "enumerate"


def test_plot_writes_an_image(tmp_path: Path) -> None:
    from zopa.cli._files import save_figure
    from zopa.counter.plot import plot_tradeoff

    result = local_frontier(load(TRADE), "opening", "buyer", "seller")
    out = tmp_path / "t.png"
    save_figure(plot_tradeoff(result), out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_frontier_keeps_the_lowest_code_of_duplicate_points() -> None:
    game = Game.from_arrays(
        tables=[np.array([[0.5, 0.5, 0.2, 0.9], [0.5, 0.5, 0.9, 0.1]])],
        reservations=[0.0, 0.0],
        party_ids=["a", "b"],
        issue_ids=["x"],
        values=[["w", "x", "y", "z"]],
    )
    assert td.frontier(game, np.array([1, 0, 2, 3]), 0, 1) == [3, 0, 2]
