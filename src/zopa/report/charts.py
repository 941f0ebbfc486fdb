"""The brief's pictures as matplotlib figures: per-party verdict bars with the walk-away line
drawn in, and the outlook (the probability of a deal with its interval; how each issue settles).

Each function draws on the ``ax`` it is given (or a new figure), returns the figure and never
touches matplotlib's global state (see :mod:`zopa.figures`). Parties keep one colour in every
chart: :func:`zopa.figures.party_colors` over the scenario's party order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from zopa.figures import new_axes, party_colors, plain

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from zopa.report.model import Report, Verdict

__all__ = ["plot_hinges", "plot_outlook", "plot_verdicts"]

_OPTION_SHADES = ("#3c5a7d", "#6f8fb4", "#a5bcd6", "#c9d6e5")


def plot_verdicts(
    verdicts: Sequence[Verdict],
    *,
    ax: Axes | None = None,
    colors: dict[str, str] | None = None,
    title: str | None = None,
) -> Figure:
    """One bar per party (its utility on its own 0-1 scale, in its colour), its walk-away value
    as a black line and the judged range of that value hatched; the verdict beside it."""
    fig, (a,) = new_axes(ax, 1, (7.5, 0.55 * len(verdicts) + 1.2), layout="constrained")
    colors = colors or party_colors([v.party for v in verdicts])
    rows = list(range(len(verdicts)))[::-1]
    for y, v in zip(rows, verdicts, strict=True):
        lo, hi = v.reservation_range
        if hi > lo:
            a.barh(
                y,
                hi - lo,
                left=lo,
                height=0.8,
                color="none",
                hatch="///",
                edgecolor="0.55",
                lw=0,
                gid=f"range-{v.party}",
            )
        a.barh(
            y,
            v.utility,
            height=0.5,
            color=colors[v.party],
            label=plain(v.name),
            gid=f"utility-{v.party}",
        )
        a.vlines(v.reservation, y - 0.42, y + 0.42, color="black", lw=2, gid=f"walkaway-{v.party}")
        word = (
            ("signs" if v.accepts else "will not sign")
            if v.signatory
            else ("supports" if v.accepts else "opposes")
        )
        a.text(
            1.02,
            y,
            f"{word} ({v.margin:+.2f})",
            va="center",
            fontsize=8.5,
            color="#1b6e20" if v.accepts else "#b3261e",
            transform=a.get_yaxis_transform(),
        )
    a.set_yticks(rows, [plain(v.name) for v in verdicts])
    a.set_xlim(0, 1)
    a.set_xlabel("utility on each party's own scale (line: walk-away value; hatched: its range)")
    a.spines[["top", "right"]].set_visible(False)
    if title:
        a.set_title(plain(title), fontsize=10, loc="left")
    return fig


def plot_outlook(r: Report, *, ax: Sequence[Axes] | None = None) -> Figure:
    """Two panels: the probability of a deal with its 95% interval, and how each issue settles
    over the draws with a deal (option shares stacked; a range issue's 80% interval and median,
    as a share of its range)."""
    fig, (a, b) = _two(ax, r)
    lo, hi = r.p_deal_interval
    a.barh(0, r.p_deal, height=0.5, color="#5b7fa6", gid="p-deal")
    a.errorbar(
        r.p_deal,
        0,
        xerr=[[r.p_deal - lo], [hi - r.p_deal]],
        color="black",
        capsize=4,
        gid="p-deal-interval",
    )
    a.set_xlim(0, 1)
    a.set_ylim(-2, 2)
    a.set_yticks([])
    a.set_title(f"P(deal) = {100 * r.p_deal:.0f}% (95% interval)", fontsize=10, loc="left")
    s = r.settlement
    if s is None:
        b.set_axis_off()
        b.text(0.5, 0.5, "no deal in any draw", ha="center", va="center")
        return fig
    rows = list(range(len(s.spreads)))[::-1]
    for y, sp in zip(rows, s.spreads, strict=True):
        if sp.options:
            left = 0.0
            for k, (opt, share) in enumerate(sp.options):
                b.barh(
                    y,
                    share,
                    left=left,
                    height=0.7,
                    color=_OPTION_SHADES[k % 4],
                    edgecolor="white",
                    lw=0.5,
                )
                if share >= 0.3:
                    b.text(
                        left + 0.01,
                        y,
                        plain(opt),
                        va="center",
                        fontsize=6.5,
                        color="white" if k % 4 < 2 else "#123",
                    )
                left += share
        elif sp.interval is not None and sp.median is not None:
            span = sp.high - sp.low
            i0, i1 = ((x - sp.low) / span for x in sp.interval)
            b.barh(y, max(i1 - i0, 0.01), left=i0, height=0.4, color="#5b7fa6")
            b.vlines((sp.median - sp.low) / span, y - 0.35, y + 0.35, color="black", lw=2)
    b.set_yticks(rows, [plain(sp.issue) for sp in s.spreads], fontsize=8)
    b.set_xlim(0, 1)
    b.set_title(plain(f"How each issue settles ({s.rule})"), fontsize=10, loc="left")
    b.set_xlabel("share of draws with a deal (range issues: position in the range)")
    return fig


def plot_hinges(r: Report, *, ax: Axes | None = None, most: int = 8) -> Figure:
    """What the probability of a deal hinges on: for each judgement (at most ``most``), P(deal)
    with it at the low end of its judged range (open dot) and at the high end (filled dot); a
    red line kept (open) and dropped (filled); the dashed line is P(deal) as judged."""
    rows = [h for h in r.hinges if h.p_low is not None and h.p_high is not None][:most]
    fig, (a,) = new_axes(ax, 1, (7.5, 0.4 * len(rows) + 1.2), layout="constrained")
    ys = list(range(len(rows)))[::-1]
    for y, h in zip(ys, rows, strict=True):
        assert h.p_low is not None and h.p_high is not None
        a.plot([h.p_low, h.p_high], [y, y], color="0.55", lw=2, zorder=1)
        a.scatter(
            [h.p_low], [y], s=36, facecolors="white", edgecolors="#234", zorder=2, gid=f"low-{y}"
        )
        a.scatter([h.p_high], [y], s=36, color="#234", zorder=2, gid=f"high-{y}")
    a.axvline(r.p_deal, color="0.35", ls="--", lw=1)
    a.set_yticks(ys, [plain(h.text) for h in rows], fontsize=8)
    a.set_xlim(-0.02, 1.02)
    a.set_xlabel("P(deal): judgement low (open) / high (filled); dashed: as judged")
    a.set_title("What it hinges on (judgements)", fontsize=10, loc="left")
    return fig


def _issues(r: Report) -> int:
    return len(r.settlement.spreads) if r.settlement else 1


def _two(ax: Sequence[Axes] | None, r: Report) -> tuple[Figure, list[Axes]]:
    if ax is not None:
        return new_axes(ax, 2, (0.0, 0.0))
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 0.32 * _issues(r) + 2), layout="constrained")
    return fig, list(fig.subplots(1, 2, width_ratios=(1, 3)))
