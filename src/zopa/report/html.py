"""The brief as one self-contained HTML file: styles inline, charts drawn in HTML and inline
SVG (:mod:`zopa.report.svg`), no script, no external resource; printable (A4, page breaks
before the appendices).

Rendered with Jinja2 with autoescaping on: every string from a scenario is HTML-escaped."""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING, Any

from zopa.figures import party_colors
from zopa.report import svg, words

if TYPE_CHECKING:
    from zopa.report.model import Note, Report, Verdict

__all__ = ["render_html"]

#: The id of the first appendix: everything before it is the brief (at most two pages).
APPENDIX_ID = "appendix"


def _footnotes(r: Report) -> tuple[list[Note], dict[str, list[int]]]:
    """Every note once, numbered from 1, and the numbers each party's verdict cites."""
    notes: list[Note] = []
    index: dict[Note, int] = {}
    cites: dict[str, list[int]] = {}
    for v in r.verdicts:
        for n in v.notes:
            if n not in index:
                notes.append(n)
                index[n] = len(notes)
            cites.setdefault(v.party, []).append(index[n])
    return notes, cites


def _hover(v: Verdict) -> str:
    """The evidence behind a verdict, as a hover text."""
    lines = [v.sentence, f"utility {v.utility:.2f}, walk-away {v.reservation:.2f}"]
    for n in v.notes[:6]:
        who = n.source or "judgement"
        lines.append(f"{n.what}: {who}" + (f" — {n.text}" if n.text else ""))
    return "\n".join(lines)


def _plotted(r: Report) -> bool:
    """Some judgement's effect on the probability of a deal can be drawn."""
    return any(h.p_low is not None and h.p_high is not None for h in r.hinges)


def render_html(r: Report) -> str:
    """The brief as HTML text (same report, same bytes)."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["zip"] = zip
    env.globals["dict"] = dict
    env.filters["pct"] = words.pct
    env.filters["w"] = lambda x: f"{100 * max(0.0, min(1.0, x)):.1f}%"
    source = files("zopa.report").joinpath("brief.html.j2").read_text(encoding="utf-8")
    template = env.from_string(source)
    notes, cites = _footnotes(r)
    colors = party_colors([v.party for v in r.verdicts])
    ctx: dict[str, Any] = {
        "r": r,
        "notes": notes,
        "cites": cites,
        "colors": colors,
        "hover": {v.party: _hover(v) for v in r.verdicts},
        "appendix_id": APPENDIX_ID,
        "signatories": [v for v in r.verdicts if v.signatory],
        "svg": {
            "p_deal": svg.p_deal_svg(r),
            "hinges": svg.hinges_svg(r.hinges, r.p_deal) if _plotted(r) else None,
            "settlement": svg.settlement_svg(r.settlement) if r.settlement else None,
        },
    }
    return template.render(**ctx)
