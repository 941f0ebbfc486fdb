"""The session picture says which offers cross a red line (checked on the figure, not pixels)."""

from __future__ import annotations

from zopa.model import load_scenario
from zopa.negotiate import negotiate
from zopa.negotiate.plot import plot_session


def _crossing_lines(fig):  # type: ignore[no-untyped-def]
    return [ln for ln in fig.axes[0].get_lines() if ln.get_label().startswith("crosses a red line")]


def test_offers_crossing_a_red_line_are_marked_and_counted() -> None:
    s = load_scenario("minerals-2025")
    full = s.compile()
    game = full.restrict(list(full.signatories))
    session = negotiate(game, ["boulware", "conceder"], rounds=20)
    made = [e for e in session.events if e.action in ("offer", "propose")]
    bad = [e for e in made if not game.feasible_of([e.outcome]).all()]
    assert bad  # the US's early offers cross Ukraine's red lines
    fig = plot_session(session, game)
    (line,) = _crossing_lines(fig)
    assert len(line.get_xdata()) == len(bad)
    assert f"({len(bad)} offers" in line.get_label()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert line.get_label() in legend


def test_no_mark_when_every_offer_keeps_the_red_lines() -> None:
    game = load_scenario("logrolling").compile()
    session = negotiate(game, ["boulware", "conceder"], rounds=10)
    assert all(game.feasible_of([e.outcome]).all() for e in session.events if e.outcome is not None)
    assert _crossing_lines(plot_session(session, game)) == []
