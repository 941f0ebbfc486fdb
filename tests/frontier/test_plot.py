"""The utility-plane picture, checked on the figure: the Nash marker is drawn on top of the
other solutions, every solution has a distinct marker named in the legend, and the legend
leaves the plane the canvas's width (not pixels)."""

from __future__ import annotations

import pytest

from zopa.frontier import frontier, solve_all
from zopa.frontier.plot import plot_frontier
from zopa.model import load_scenario


@pytest.fixture(scope="module")
def drawn():  # type: ignore[no-untyped-def]
    s = load_scenario("minerals-2025")
    game = s.compile()
    front = frontier(game)
    deals = solve_all(game, front=front)
    return deals, plot_frontier(game, front, deals=deals, seed=0)


def test_every_solution_has_a_distinct_marker_and_nash_is_on_top(drawn) -> None:  # type: ignore[no-untyped-def]
    deals, fig = drawn
    ax = fig.axes[0]
    solved = {d.code for d in deals.values() if d is not None}
    marks = [
        c
        for c in ax.collections
        if (c.get_label() or "").split(" =")[0].strip()
        and any(
            lbl in c.get_label()
            for lbl in ("Nash", "Kalai", "egalitarian", "utilitarian", "smallest")
        )
    ]
    assert len(marks) == len(solved)  # one marker per distinct outcome
    shapes = [tuple(map(tuple, m.get_paths()[0].vertices.round(3))) for m in marks]
    assert len(set(shapes)) == len(shapes)
    nash = next(m for m in marks if m.get_label().startswith("Nash"))
    assert nash.get_zorder() > max(m.get_zorder() for m in marks if m is not nash)


def test_the_legend_names_every_mark_and_sits_below_the_plane(drawn) -> None:  # type: ignore[no-untyped-def]
    _, fig = drawn
    ax = fig.axes[0]
    (legend,) = fig.legends
    texts = [t.get_text() for t in legend.get_texts()]
    for c in ax.collections:
        label = c.get_label()
        if label and not label.startswith("_"):
            assert label in texts
    fig.canvas.draw() if hasattr(fig.canvas, "draw") else None
    box = legend.get_window_extent()
    plane = ax.get_window_extent()
    assert box.y1 <= plane.y0  # below the axes, not beside them
    assert plane.width >= 0.8 * fig.bbox.width
