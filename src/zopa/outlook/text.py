"""The outlook in words: a short plain-language summary, then the details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zopa.model.schema import Scenario

if TYPE_CHECKING:
    from zopa.outlook.hinges import Hinge
    from zopa.outlook.result import Outlook, Settlement


def pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _names(scenario: Scenario, ids: tuple[str, ...]) -> str:
    names = [scenario.party_name(p) for p in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def settled_terms(s: Settlement, scenario: Scenario) -> str:
    """The typical settled term per issue: the commonest option (with its share) or the median
    (with the 80% interval)."""
    parts = []
    for spread in s.issues:
        label = scenario.issue_label(spread.issue)
        if spread.options:
            option, share = max(spread.options, key=lambda kv: kv[1])
            parts.append(f"{label}: {option}" + ("" if share > 0.995 else f" ({pct(share)})"))
        elif spread.median is not None and spread.interval is not None:
            lo, hi = spread.interval
            span = "" if lo == hi else f" (80%: {lo:g}-{hi:g})"
            parts.append(f"{label}: {spread.median:g}{span}")
    return "; ".join(parts)


def hinge_words(h: Hinge, scenario: Scenario) -> str:
    who = possessive(scenario.party_name(h.party))
    what = h.path.split(".", 2)[-1]
    if what.startswith("ratifiers."):  # ratifiers.BODY.factions.FACTION.rest
        _, body, _, faction, rest = what.split(".", 4)
        what = f"ratifier {body}, faction {faction}: {rest}"
    what = what.replace("interests.", "").replace(".", " ")
    text = f"{who} {what} ({h.point:g}"
    text += f", drawn {h.low:g}-{h.high:g})" if h.high > h.low else ")"
    if h.p_low is not None and h.p_high is not None and abs(h.swing) > 0:
        text += f": P(deal) {pct(h.p_low)} when low, {pct(h.p_high)} when high"
    if h.threshold is not None:
        side = "above" if h.deal_above else "below"
        text += f"; at the point estimates a deal exists only {side} {h.threshold:.3g}"
    return text


def summary(o: Outlook, scenario: Scenario) -> str:
    """A few sentences: will there be a deal, which one, what it hinges on."""
    who = _names(scenario, o.signatories)
    every = {1: "", 2: " both"}.get(len(o.signatories), " all")
    if o.ratified:
        bodies = "; ".join(
            f"{scenario.party_name(r.party)}: {', '.join(r.bodies)}" for r in o.ratification
        )
        also = (
            f"one their ratifiers would also pass ({bodies}) in {pct(o.p_deal)}"
            if bodies
            else "no signatory has ratifiers, so ratification changes nothing"
        )
        lines = [
            f"A deal {who} would{every} sign exists in {pct(o.p_signed)} of {o.draws} draws of "
            f"the scenario's uncertain judgements; {also}."
        ]
    else:
        lines = [
            f"A deal {who} would{every} sign exists in {pct(o.p_deal)} of {o.draws} draws of "
            "the scenario's uncertain judgements."
        ]
    s = o.settlement
    if s.packages:
        top = s.packages[0]
        share = top.share / o.p_deal if o.p_deal else 0.0
        lines.append(
            f"The likely settlement ({s.label}) is {settled_terms(s, scenario)}; its single "
            f"commonest package is chosen in {pct(share)} of the draws with a deal."
        )
        if s.knife_edge >= 0.4:
            lines.append(
                f"It is knife-edge: some signatory clears its walk-away value by under 0.02 in "
                f"{pct(s.knife_edge)} of those draws."
            )
        differ = [x for x in o.settlements[1:] if x.same_as_default < 0.5]
        if differ:
            lines.append(
                "Other rules settle elsewhere: "
                + ", ".join(f"{x.label} agrees in {pct(x.same_as_default)}" for x in differ)
                + "."
            )
    outside = [f.label for f in o.forecasts if not f.acceptable]
    if outside:
        lines.append(
            "Forecast models that ignore who must sign land outside the acceptable set ("
            + ", ".join(outside)
            + "); the outlook uses each constrained to the nearest acceptable package."
        )
    red = [r for r in o.red_lines if r.p_without - r.p_with >= 0.05]
    moving = [h for h in o.hinges if abs(h.swing) >= 0.05 or h.threshold is not None]
    if red or moving:
        parts = [
            f"{possessive(scenario.party_name(r.party))} red line '{r.rule}' (without it: "
            f"{pct(r.p_without)})"
            for r in red[:2]
        ]
        parts += [hinge_words(h, scenario) for h in moving[:3]]
        lines.append("It hinges on " + "; ".join(parts) + ".")
    else:
        lines.append("No single judgement within its range decides whether a deal exists.")
    return " ".join(lines)
