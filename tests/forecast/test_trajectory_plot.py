"""The trajectory picture, checked on the figure: one legend for the page names every actor
drawn in any panel, and each actor has the same colour in every panel (not pixels)."""

from __future__ import annotations

from collections import defaultdict

from matplotlib.colors import to_hex

from zopa.forecast.inputs.scenario import scenario_input
from zopa.forecast.runs.plots import plot_trajectories
from zopa.forecast.runs.reports import run_forecast
from zopa.model import load_scenario


def test_one_legend_for_every_actor_and_stable_colours() -> None:
    given = scenario_input(load_scenario("minerals-2025"))
    report = run_forecast(given, draws=0, seed=0)
    names = list(report.actors.names)
    pages = plot_trajectories(dict(report.forecasts), names)
    assert pages
    for fig in pages:
        colours: dict[str, set[str]] = defaultdict(set)
        for ax in fig.axes:
            for line in ax.get_lines():
                if line.get_label() in names:
                    colours[line.get_label()].add(to_hex(line.get_color()))
        assert colours, "no actor line drawn"
        assert all(len(c) == 1 for c in colours.values())  # one colour per actor, every panel
        assert len({next(iter(c)) for c in colours.values()}) == len(colours)  # distinct
        (legend,) = fig.legends
        texts = [t.get_text() for t in legend.get_texts()]
        assert set(colours) <= set(texts)
        for handle, text in zip(legend.legend_handles, texts, strict=True):
            if text in colours:
                assert to_hex(handle.get_color()) in colours[text]
        assert all(ax.get_legend() is None for ax in fig.axes)
