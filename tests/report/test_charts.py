"""The brief's pictures, checked on the figure objects: what is drawn, in which colour, with
which names (not pixels)."""

from __future__ import annotations

from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from zopa.figures import PARTY_PALETTE, party_colors
from zopa.report import Report
from zopa.report.charts import plot_outlook, plot_verdicts


def _by_gid(fig: Figure, gid: str) -> list:
    found = [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]
    return list({id(a): a for a in found}.values())


def test_party_colours_are_stable_and_distinct() -> None:
    first = party_colors(["us", "ukraine", "eu", "russia"])
    assert list(first.values()) == list(PARTY_PALETTE[:4])
    assert len(set(first.values())) == 4
    # A party's colour depends on its place in the scenario's order, not on the chart.
    assert party_colors(["us", "ukraine", "eu", "russia", "china"])["eu"] == first["eu"]


def test_verdict_bars_name_every_party_in_its_colour(brief: Report) -> None:
    fig = plot_verdicts(brief.verdicts)
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == [v.name for v in brief.verdicts]
    colors = party_colors([v.party for v in brief.verdicts])
    for v in brief.verdicts:
        (bar,) = _by_gid(fig, f"utility-{v.party}")
        assert to_hex(bar.get_facecolor()) == colors[v.party]
        assert abs(bar.get_width() - v.utility) < 1e-9
        (line,) = _by_gid(fig, f"walkaway-{v.party}")
        segs = line.get_segments()
        assert abs(segs[0][0][0] - v.reservation) < 1e-9
        ranged = _by_gid(fig, f"range-{v.party}")
        lo, hi = v.reservation_range
        assert len(ranged) == (1 if hi > lo else 0)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert texts.count("will not sign") == sum(
        1 for v in brief.verdicts if v.signatory and not v.accepts
    )


def test_verdict_bars_draw_on_the_given_axes(brief: Report) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_verdicts(brief.verdicts, ax=ax) is fig
    assert len(fig.axes) == 1


def test_outlook_chart_shows_the_interval_and_every_issue(brief: Report) -> None:
    fig = plot_outlook(brief)
    a, b = fig.axes
    (bar,) = _by_gid(fig, "p-deal")
    assert abs(bar.get_width() - brief.p_deal) < 1e-9
    assert brief.settlement is not None
    labels = [t.get_text() for t in b.get_yticklabels()]
    assert labels == [sp.issue for sp in brief.settlement.spreads]
    assert "P(deal)" in a.get_title(loc="left")
