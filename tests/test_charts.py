"""The charts checked from their figure objects, not pixels: markers present and distinct, every
party named in the legend, one colour per party in every panel, the caller's axes used and
matplotlib's global state left alone."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from zopa.figures import party_colors
from zopa.model import load_scenario
from zopa.negotiate.dance import MOVES, classify_move, dance, plot_dance


def _legend_texts(fig: Figure) -> list[str]:
    legends = list(fig.legends) + [a.get_legend() for a in fig.axes if a.get_legend()]
    return [t.get_text() for leg in legends for t in leg.get_texts()]


@pytest.fixture(scope="module")
def minerals():
    s = load_scenario("minerals-2025")
    return s, s.compile()


# -- the negotiation dance ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d_self", "d_other", "move"),
    [
        (-0.1, 0.1, "concession"),
        (-0.1, 0.0, "concession"),
        (-0.1, -0.1, "unfortunate"),
        (0.0, -0.1, "unfortunate"),
        (0.1, -0.1, "selfish"),
        (0.1, 0.0, "selfish"),
        (0.1, 0.1, "fortunate"),
        (0.0, 0.1, "nice"),
        (0.0, 0.0, "silent"),
        (1e-12, -1e-12, "silent"),
    ],
)
def test_moves_are_classified_as_in_the_dance_analysis(d_self, d_other, move) -> None:
    # Hindriks, Jonker & Tykhonov (2007): the sign of the change to the mover's own utility
    # and to the other side's decides the class.
    assert classify_move(d_self, d_other) == move


def test_every_step_is_its_partys_change_and_the_agreement_is_accepted() -> None:
    from zopa.negotiate import negotiate
    from zopa.negotiate.sources import load_source

    game = load_source("minerals-2025").negotiators
    session = negotiate(game, {p: "boulware" for p in game.party_ids}, rounds=40, seed=0)
    steps = dance(session)
    offers = [e for e in session.events if e.action == "offer"]
    assert len(steps) == len(offers) > 4
    previous: dict[int, tuple[float, ...]] = {}
    for step in steps:  # recomputed independently from the trace
        before = previous.get(step.party)
        if before is None:
            assert step.move is None
        else:
            other = 1 - step.party
            expected = classify_move(
                step.utilities[step.party] - before[step.party],
                step.utilities[other] - before[other],
            )
            assert step.move == expected
        previous[step.party] = step.utilities
    answers = [s.answer for s in steps]
    if session.agreed:
        assert answers[-1] == "accepted" and steps[-1].outcome == session.agreement
        assert set(answers[:-1]) == {"rejected"}
    fig = plot_dance(session, names=game.party_names)
    (ax,) = fig.axes
    texts = _legend_texts(fig)
    assert {"United States", "Ukraine"} <= set(texts)
    assert {"first offer", "accepted", "rejected / unanswered"} <= set(texts)
    used = {s.move for s in steps if s.move}
    assert used <= set(texts)
    assert len(set(MOVES.values())) == len(MOVES)  # one distinct marker per move class
    colors = party_colors(session.parties)
    for p, party in enumerate(session.parties):
        (path,) = [line for line in ax.get_lines() if line.get_gid() == f"path-{p}"]
        assert to_hex(path.get_color()) == colors[party]
    gids = [c.get_gid() for c in ax.collections]
    assert ("accepted" in gids) == session.agreed
    assert sum(g.endswith("-rejected") for g in gids if g and g.startswith("step-")) == sum(
        a == "rejected" for a in answers
    )


# -- the utility plane: small multiples ---------------------------------------------------------


def test_small_multiples_keep_one_colour_per_party_in_every_panel(minerals) -> None:
    from zopa.frontier import frontier, solve_all
    from zopa.frontier.plot import plot_frontier

    _, game = minerals
    front = frontier(game, parties=(0, 1, 2))
    fig = plot_frontier(game, front, deals=solve_all(game, front=front))
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == 3  # one per pair of the three parties
    colors = party_colors(game.party_ids)
    seen: dict[str, set[str]] = {}
    for ax, (i, j) in zip(panels, itertools.combinations(range(3), 2), strict=True):
        for line in ax.get_lines():
            gid = line.get_gid() or ""
            if gid.startswith("walkaway-"):
                seen.setdefault(gid.removeprefix("walkaway-"), set()).add(to_hex(line.get_color()))
        assert to_hex(ax.xaxis.label.get_color()) == colors[front.party_ids[i]]
        assert to_hex(ax.yaxis.label.get_color()) == colors[front.party_ids[j]]
    assert seen == {p: {colors[p]} for p in front.party_ids}
    texts = _legend_texts(fig)
    for p in front.parties:
        assert any(game.party_names[p] in t for t in texts), game.party_names[p]
    markers = {
        c.get_label(): c.get_paths()[0].vertices.tobytes()
        for c in panels[0].collections
        if c.get_label()
        and c.get_label().split("\n")[0].split(" = ")[0]
        in {"Nash", "Kalai-Smorodinsky", "egalitarian", "utilitarian", "smallest difference"}
    }
    assert len(markers) >= 2 and len(set(markers.values())) == len(markers)  # distinct shapes


# -- forecast and sensitivity -------------------------------------------------------------------


@pytest.fixture(scope="module")
def forecast_report():
    from zopa.forecast.inputs.sources import load_source
    from zopa.forecast.runs.reports import run_forecast

    return run_forecast(load_source("minerals-2025"), draws=40, seed=2)


def test_forecast_panels_draw_on_the_callers_axes_and_return_its_figure(forecast_report) -> None:
    from zopa.forecast.runs.plots import (
        plot_distribution,
        plot_distributions,
        plot_trajectories,
        plot_trajectory,
    )

    mc = forecast_report.monte_carlo
    dims = forecast_report.actors.dimensions
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_distribution(mc, dims[0], ax=ax) is fig
    assert ax.get_title() == dims[0]
    assert len(ax.get_yticklabels()) == len(mc.distributions)
    fig2 = Figure()
    axes = fig2.subplots(1, len(dims))
    assert plot_distributions(mc, ax=list(axes)) == [fig2]
    assert [a.get_title() for a in axes] == list(dims)
    names = forecast_report.actors.names
    iterative = [f for f in forecast_report.forecasts.values() if f.trajectory is not None]
    assert iterative
    fig3 = Figure()
    ax3 = fig3.add_subplot()
    assert plot_trajectory(iterative[0], dims[1], names, ax=ax3) is fig3
    palette = party_colors(names)
    for line in ax3.get_lines():
        if line.get_label() in palette:  # each actor in its own colour
            assert to_hex(line.get_color()) == palette[line.get_label()]
    pages = plot_trajectories(dict(forecast_report.forecasts), names)
    for page in pages:
        texts = _legend_texts(page)
        drawn = {ln.get_label() for a in page.axes for ln in a.get_lines()} & set(names)
        assert drawn <= set(texts)


def test_sobol_chart_shows_both_indices_for_every_input_shown() -> None:
    from zopa.forecast.inputs.sources import load_source
    from zopa.forecast.runs.plots import plot_sobol, plot_sobol_issue
    from zopa.forecast.runs.reports import run_sensitivity

    report = run_sensitivity(load_source("minerals-2025"), "compromise", method="sobol", samples=32)
    sob = report.sobol
    assert sob is not None
    issue, data = next(iter(sob.issues.items()))
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_sobol_issue(sob, issue, top=5, ax=ax) is fig
    shown = data.factors[:5]
    assert [t.get_text() for t in ax.get_yticklabels()] == [ix.label for ix in shown]
    widths = sorted(round(p.get_width(), 12) for p in ax.patches)
    expected = sorted(round(v, 12) for ix in shown for v in (ix.total, ix.first))
    assert widths == expected
    pages = plot_sobol(sob, top=4)
    titled = [a.get_title() for p in pages for a in p.axes if a.get_visible()]
    assert len(titled) == len(sob.issues)


def test_no_chart_changes_matplotlibs_global_state(minerals, forecast_report) -> None:
    from zopa.forecast.runs.plots import plot_distributions
    from zopa.negotiate import negotiate
    from zopa.negotiate.sources import load_source

    before_backend = matplotlib.get_backend()
    before = {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}
    game = load_source("minerals-2025").negotiators
    session = negotiate(game, {p: "conceder" for p in game.party_ids}, rounds=20, seed=1)
    figs = [plot_dance(session), *plot_distributions(forecast_report.monte_carlo)]
    assert all(isinstance(f, Figure) for f in figs)
    after = {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}
    assert matplotlib.get_backend() == before_backend
    assert {k for k in before if not np.all(before[k] == after[k])} == set()
