"""The brief's bottom line in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zopa.model import Scenario
    from zopa.report.model import HingeRow, Report, Verdict


def pct(x: float) -> str:
    """A share in per cent: whole numbers, one decimal close to 0% and 100%."""
    if 0 < x < 0.01 or 0.99 < x < 1:
        return f"{100 * x:.1f}%"
    return f"{100 * x:.0f}%"


def short(title: str) -> str:
    """A title without its trailing parenthesis: 'First US draft (dated ...)' -> 'First US
    draft'."""
    head = title.split(" (")[0].strip()
    return head or title


def hinge_text(h: HingeRow) -> str:
    """'Ukraine's walk-away value (0.4, judged 0.3-0.5; a deal only below 0.77)'."""
    if h.point is None:
        return f"{h.text} (P(deal) {pct(h.p_low or 0)} with it, {pct(h.p_high or 0)} without)"
    inner = f"{h.point:g}, judged {h.low:g}-{h.high:g}"
    if h.p_low is not None and h.p_high is not None and h.swing >= 0.01:
        inner += f"; P(deal) {pct(h.p_low)} when low, {pct(h.p_high)} when high"
    if h.limit:
        inner += f"; a deal only {h.limit}"
    return f"{h.text} ({inner})"


def possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def joined(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _reasons(v: Verdict) -> str:
    parts = []
    if v.red_lines:
        quoted = joined([f"'{r}'" for r in v.red_lines])
        n = len(v.red_lines)
        parts.append(f"it crosses {n} red line{'s' if n > 1 else ''} ({quoted})")
    if v.margin < 0:
        parts.append(f"it sits {-v.margin:.2f} below its walk-away value")
    return " and ".join(parts) or "it falls short"


def _refusers(vs: list[Verdict]) -> str:
    return joined([v.name for v in vs])


def bottom_line(r: Report, scenario: Scenario) -> tuple[str, ...]:
    """Sentences: who will not sign and why; the counter to make; the odds of a deal; the
    likely settlement; what it hinges on; and, plainly, any package zopa's own diagnosis does
    not see every signatory sign."""
    out = []
    signatories = [v for v in r.verdicts if v.signatory]
    refusing = [v for v in signatories if not v.accepts]
    if not refusing:
        out.append(f"Every signatory would sign the proposal “{short(r.proposal_title)}”.")
    elif len(refusing) == 1:
        v = refusing[0]
        out.append(
            f"{v.name} will not sign the proposal “{short(r.proposal_title)}”: {_reasons(v)}."
        )
    else:
        out.append(
            f"{_refusers(refusing)} will not sign the proposal “{short(r.proposal_title)}”: "
            + "; ".join(f"for {v.name}, {_reasons(v)}" for v in refusing)
            + "."
        )
    c = r.counter
    if refusing and c is None:
        out.append("No package every signatory accepts was found near it.")
    elif c is not None:
        moves = joined([f"{ch.issue} to {ch.after}" for ch in c.changes])
        n = len(c.changes)
        text = f"The smallest robust change that brings {_refusers(refusing)} on board moves "
        text += f"{n} issue{'s' if n > 1 else ''}: {moves}"
        if c.robustness is not None:
            text += (
                f"; every signatory signs it in {pct(c.robustness)} of {c.draws} draws of the "
                "uncertain judgements"
            )
            if c.robustness < 0.8:
                text += " (knife-edge)"
        out.append(text + ".")
        if not c.coherent:
            out.append(
                "Under zopa's own diagnosis at the point estimates "
                + _refusers([v for v in c.verdicts if v.signatory and not v.accepts])
                + " would still not sign that change."
            )
    lo, hi = r.p_deal_interval
    out.append(
        f"A deal every signatory would sign exists in {pct(r.p_deal)} of "
        f"{r.run.get('outlook_draws', 0)} draws (95% interval {pct(lo)}-{pct(hi)})."
    )
    s = r.settlement
    if s is not None:
        proposed = dict(r.proposal_terms)
        moved = [f"{k}: {v}" for k, v in s.terms if proposed.get(k) != v]
        text = f"The likely settlement ({s.rule}) "
        if moved:
            text += f"moves {len(moved)} issue{'s' if len(moved) > 1 else ''} from the proposal: "
            text += "; ".join(moved)
        else:
            text += "is the proposal itself"
        out.append(text + ".")
        if not s.coherent:
            out.append(
                "That package is not one every signatory signs under zopa's own diagnosis at the "
                "point estimates: "
                + _refusers([v for v in s.verdicts if v.signatory and not v.accepts])
                + " would not."
            )
    outside = [f for f in r.forecasts if not f.acceptable]
    if outside:
        out.append(
            f"{len(outside)} of {len(r.forecasts)} forecast models point to a package outside "
            "what every signatory accepts: "
            + joined(sorted({n for f in outside for n in f.refusers}))
            + " would not sign it."
        )
    elif r.forecasts:
        out.append("Every forecast model points to a package every signatory accepts.")
    deciding = [h for h in r.hinges if h.flips_inside or h.swing >= 0.05]
    if deciding:
        out.append(
            "It hinges on judgements: " + "; ".join(hinge_text(h) for h in deciding[:2]) + "."
        )
    elif r.hinges:
        out.append(
            "No single judgement within its judged range decides whether a deal exists; the "
            "nearest limits are judgements: " + "; ".join(hinge_text(h) for h in r.hinges[:2]) + "."
        )
    return tuple(out)
