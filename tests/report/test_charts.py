"""The brief's pictures, checked on the figure objects: what is drawn, in which colour, with
which names (not pixels)."""

from __future__ import annotations

import re

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


def test_hinge_chart_draws_each_judgements_low_and_high(brief: Report) -> None:
    from zopa.report.charts import plot_hinges

    rows = [h for h in brief.hinges if h.p_low is not None and h.p_high is not None]
    fig = plot_hinges(brief)
    (ax,) = fig.axes
    at = {
        round(y): t.get_text() for y, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    }
    assert [at[y] for y in range(len(rows))[::-1]] == [h.text for h in rows]  # first on top
    for y, h in zip(range(len(rows))[::-1], rows, strict=True):
        (low,) = _by_gid(fig, f"low-{y}")
        (high,) = _by_gid(fig, f"high-{y}")
        assert abs(low.get_offsets()[0][0] - h.p_low) < 1e-12
        assert abs(high.get_offsets()[0][0] - h.p_high) < 1e-12


def test_the_html_brief_draws_its_outlook_as_inline_svg(brief: Report) -> None:
    import xml.etree.ElementTree as ET

    from zopa.report.html import render_html

    html = render_html(brief)
    outlook = html[html.index('id="outlook"') : html.index('id="appendix"')]
    svgs = re.findall(r"<svg .*?</svg>", outlook, flags=re.S)
    assert len(svgs) == 3  # P(deal), what it hinges on, how each issue settles
    ns = {"s": "http://www.w3.org/2000/svg"}
    p_deal, hinges, settle = (ET.fromstring(s) for s in svgs)
    (bar,) = p_deal.findall(".//s:rect[@class='p-deal']", ns)
    assert abs(float(bar.get("width")) - 292 * brief.p_deal) < 0.01
    drawn = [h for h in brief.hinges if h.p_low is not None][:4]
    assert len(hinges.findall(".//s:g[@class='hinge']", ns)) == len(drawn)
    assert brief.settlement is not None
    for sp in brief.settlement.spreads:
        assert any(sp.issue[:20] in (t.text or "") for t in settle.findall("s:text", ns))
    shares = [float(r.get("width")) / 300 for r in settle.findall(".//s:rect[@class='option']", ns)]
    expected = [
        share for sp in brief.settlement.spreads for _, share in sp.options if share >= 0.005
    ]
    assert len(shares) == len(expected)
    assert all(abs(a - b) < 1e-4 for a, b in zip(shares, expected, strict=True))


def test_the_forecast_section_flags_every_package_outside_what_signatories_accept(
    brief: Report, minerals
) -> None:
    from zopa.diagnose import diagnose
    from zopa.report.html import render_html

    assert brief.forecasts
    html = render_html(brief)
    names = {p: minerals.party_name(p) for p in minerals.parties}
    for f in brief.forecasts:
        # Independently: diagnose the forecast package at the point estimates.
        raw = next(c for c in _checks(minerals) if c.model == f.model).terms
        d = diagnose(minerals, dict(raw))
        refusing = {names[p.party] for p in d.parties if p.signatory and not p.accepts}
        assert f.acceptable == (not refusing)
        assert set(f.refusers) == refusing
        row = re.search(
            rf'<tr class="forecast" data-model="{f.model}" data-acceptable="(yes|no)"', html
        )
        assert row is not None and row.group(1) == ("yes" if f.acceptable else "no")
    outside = [f for f in brief.forecasts if not f.acceptable]
    line = next(s for s in brief.bottom_line if "forecast models" in s)
    assert f"{len(outside)} of {len(brief.forecasts)}" in line or not outside


def _checks(s):
    from zopa.outlook.forecasts import check_forecasts

    return check_forecasts(s, s.compile())
