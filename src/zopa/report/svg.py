"""The brief's outlook charts as inline SVG: the probability of a deal with its interval, what
it hinges on, and how each issue settles.

Plain SVG written here rather than rendered by matplotlib: the text stays text (escaped,
selectable, searchable in the PDF), nothing refers to anything outside the element, the same
report gives the same bytes, and the page needs no plotting library. Each mark carries a
``<title>`` (its numbers, shown on hover). :mod:`zopa.report.charts` draws the same pictures as
matplotlib figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from zopa.report.model import HingeRow, Report, Settlement

__all__ = ["OPTION_SHADES", "hinges_svg", "p_deal_svg", "settlement_svg"]

#: Option shares, commonest first (dark to light); range issues use the first.
OPTION_SHADES = ("#3c5a7d", "#6f8fb4", "#a5bcd6", "#c9d6e5")
_FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'


def _n(x: float) -> str:
    """A coordinate with two decimals (the same report, the same bytes)."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _svg(width: float, height: float, body: Sequence[str], label: str) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="100%" role="img" aria-label="{escape(label)}" {_FONT} font-size="9">'
    )
    return Markup(head + "".join(body) + "</svg>")


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def p_deal_svg(r: Report) -> Markup:
    """A 0-100% track: the share of draws with a deal as a bar, its 95% interval as a whisker."""
    w, x0, span = 300.0, 4.0, 292.0
    lo, hi = r.p_deal_interval
    at = [x0 + span * v for v in (r.p_deal, lo, hi)]
    tip = (
        f"{_pct(r.p_deal)} of {r.run.get('outlook_draws', '')} draws; "
        f"95% interval {_pct(lo)}–{_pct(hi)}"
    )
    body = [
        f'<rect x="{_n(x0)}" y="4" width="{_n(span)}" height="16" fill="#f2f2f2" '
        'stroke="#d8d8d8"/>',
        f'<rect class="p-deal" x="{_n(x0)}" y="6" width="{_n(at[0] - x0)}" height="12" '
        f'fill="#5b7fa6">{_title(tip)}</rect>',
        f'<path class="p-deal-interval" d="M{_n(at[1])} 12H{_n(at[2])}M{_n(at[1])} 7V17'
        f'M{_n(at[2])} 7V17" stroke="#111" stroke-width="1.5" fill="none"/>',
    ]
    for v, anchor in ((0.0, "start"), (0.5, "middle"), (1.0, "end")):
        body.append(
            f'<text x="{_n(x0 + span * v)}" y="31" text-anchor="{anchor}" fill="#777" '
            f'font-size="8">{_pct(v)}</text>'
        )
    return _svg(w, 34, body, f"probability of a deal: {tip}")


def hinges_svg(hinges: Sequence[HingeRow], p_deal: float, most: int = 4) -> Markup:
    """For each judgement (at most ``most``), the probability of a deal with it at the low end
    of its judged range (open dot) and the high end (filled dot); a red line: kept (open) and
    dropped (filled). The dashed line is the probability of a deal as judged."""
    rows = [h for h in hinges if h.p_low is not None and h.p_high is not None][:most]
    lab, x0, span, row = 150.0, 156.0, 140.0, 15.0
    height = 12 + row * len(rows) + 12
    body = [
        f'<line x1="{_n(x0 + span * p_deal)}" y1="4" x2="{_n(x0 + span * p_deal)}" '
        f'y2="{_n(height - 12)}" stroke="#555" stroke-dasharray="2 2"/>'
    ]
    for k, h in enumerate(rows):
        assert h.p_low is not None and h.p_high is not None
        y = 12 + row * k
        a, b = x0 + span * h.p_low, x0 + span * h.p_high
        judged = (
            f" (judged {h.low:g}–{h.high:g}, now {h.point:g})"
            if h.point is not None and h.low is not None and h.high is not None
            else ""
        )
        flips = f"; a deal only {h.limit}" if h.limit else ""
        tip = f"{h.text}{judged}: P(deal) {_pct(h.p_low)} low, {_pct(h.p_high)} high{flips}"
        body.append(
            f'<g class="hinge">{_title(tip)}'
            f'<text x="{_n(lab)}" y="{_n(y + 3)}" text-anchor="end" font-style="italic" '
            f'font-size="8" fill="#5a4a00">{escape(_clip(h.text, 31))}</text>'
            f'<line x1="{_n(a)}" y1="{_n(y)}" x2="{_n(b)}" y2="{_n(y)}" stroke="#888" '
            'stroke-width="2"/>'
            f'<circle cx="{_n(a)}" cy="{_n(y)}" r="3.2" fill="#fff" stroke="#234"/>'
            f'<circle cx="{_n(b)}" cy="{_n(y)}" r="3.2" fill="#234"/></g>'
        )
    for v, anchor in ((0.0, "start"), (0.5, "middle"), (1.0, "end")):
        body.append(
            f'<text x="{_n(x0 + span * v)}" y="{_n(height - 2)}" text-anchor="{anchor}" '
            f'fill="#777" font-size="8">{_pct(v)}</text>'
        )
    return _svg(300, height, body, "what the probability of a deal hinges on")


def settlement_svg(s: Settlement) -> Markup:
    """One row per issue: the shares of the options it settles on over the draws with a deal
    (stacked, commonest darkest), or a range issue's 80% interval with its median."""
    lab, x0, span, row = 150.0, 156.0, 300.0, 15.0
    height = 4 + row * len(s.spreads)
    body: list[str] = []
    for k, sp in enumerate(s.spreads):
        y = 4 + row * k
        body.append(
            f'<text x="{_n(lab)}" y="{_n(y + 10)}" text-anchor="end">'
            f"{escape(_clip(sp.issue, 34))}</text>"
        )
        note = ""
        if sp.options:
            left = 0.0
            for m, (opt, share) in enumerate(sp.options):
                if share < 0.005:
                    continue
                x, width = x0 + span * left, span * share
                body.append(
                    f'<rect class="option" x="{_n(x)}" y="{_n(y + 1)}" width="{_n(width)}" '
                    f'height="12" fill="{OPTION_SHADES[m % 4]}" stroke="#fff" stroke-width="0.6">'
                    f"{_title(f'{opt}: {_pct(share)} of the draws with a deal')}</rect>"
                )
                if share >= 0.3:
                    body.append(
                        f'<text x="{_n(x + 3)}" y="{_n(y + 10.5)}" font-size="7.5" '
                        f'fill="{"#fff" if m % 4 < 2 else "#123"}">'
                        f"{escape(_clip(f'{opt} {_pct(share)}', int(width / 4.6)))}</text>"
                    )
                left += share
            top = max(sp.options, key=lambda o: o[1])
            note = f"mostly {top[0]}"
        elif sp.interval is not None and sp.median is not None:
            wide = (sp.high - sp.low) or 1.0
            i0, i1 = ((v - sp.low) / wide for v in sp.interval)
            mid = x0 + span * (sp.median - sp.low) / wide
            tip = f"median {sp.median:g}; 80% of the draws {sp.interval[0]:g}–{sp.interval[1]:g}"
            body.append(
                f'<rect x="{_n(x0)}" y="{_n(y + 1)}" width="{_n(span)}" height="13" '
                'fill="#f2f2f2"/>'
                f'<rect class="interval" x="{_n(x0 + span * i0)}" y="{_n(y + 3)}" '
                f'width="{_n(max(span * (i1 - i0), 2.0))}" height="9" fill="{OPTION_SHADES[0]}">'
                f"{_title(tip)}</rect>"
                f'<line class="median" x1="{_n(mid)}" y1="{_n(y)}" x2="{_n(mid)}" '
                f'y2="{_n(y + 15)}" stroke="#111" stroke-width="2"/>'
            )
            note = f"median {sp.median:g} (80%: {sp.interval[0]:g}–{sp.interval[1]:g})"
        body.append(
            f'<text x="{_n(x0 + span + 6)}" y="{_n(y + 10)}" fill="#444" font-size="8">'
            f"{escape(_clip(note, 30))}</text>"
        )
    return _svg(600, height, body, f"how each issue settles ({s.rule})")
