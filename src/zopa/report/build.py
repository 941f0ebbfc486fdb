"""Build the brief from zopa's analyses: the diagnosis of a proposal, the counter with the
smallest robust change, and the outlook (probability of a deal, likely settlement, hinges).

Everything the brief presents as likely or recommended is diagnosed again here with
:func:`zopa.diagnose.diagnose` at the point estimates; the brief says plainly when a signatory
would not sign it (``coherent``)."""

from __future__ import annotations

import hashlib
import math
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from zopa import params
from zopa.counter.explain import value_text
from zopa.diagnose import Diagnosis, PartyDiagnosis, diagnose, diagnose_proposal, verdict
from zopa.errors import InputError
from zopa.report import words
from zopa.report.model import (
    Change,
    Counter,
    ForecastRow,
    HingeRow,
    Note,
    Report,
    Settlement,
    Spread,
    Verdict,
)

if TYPE_CHECKING:
    from zopa.counter import CounterReport
    from zopa.model import Scenario
    from zopa.model.evidence import Evidence
    from zopa.outlook import Outlook

__all__ = ["build_report", "default_proposal", "scenario_hash"]


def default_proposal(scenario: Scenario) -> str:
    """The most recent proposal (by date; among equal or missing dates, the last listed)."""
    if not scenario.proposals:
        raise InputError.single(
            f"scenario {scenario.name!r} tables no proposal; add one under 'proposals'",
            path="proposals",
        )
    names = list(scenario.proposals)
    return max(
        enumerate(names),
        key=lambda item: (
            scenario.proposals[item[1]].date is not None,
            scenario.proposals[item[1]].date or "",
            item[0],
        ),
    )[1]


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON: the same scenario, the same hash."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()


def _notes(scenario: Scenario, what: str, evidence: tuple[Evidence, ...]) -> list[Note]:
    out = []
    for e in evidence:
        if e.source is not None:
            src = scenario.sources.get(e.source)
            text = e.quote or e.note or ""
            out.append(
                Note(what, text, src.title if src else e.source, src.url if src else None, False)
            )
        if e.judgement:
            out.append(Note(what, e.judgement, None, None, True))
    return out


def _verdict(scenario: Scenario, p: PartyDiagnosis) -> Verdict:
    party = scenario.parties[p.party]
    notes = _notes(
        scenario, f"{words.possessive(p.name)} walk-away value", party.reservation.evidence
    )
    for line in party.red_lines:
        if any(h.rule == line.rule for h in p.red_lines_crossed):
            notes += _notes(scenario, f"red line '{line.label or line.rule}'", line.evidence)
    for e in p.shortfalls():
        interest = party.interests.get(e.issue)
        if interest is not None:
            what = f"{words.possessive(p.name)} stake in {scenario.issue_label(e.issue)}"
            notes += _notes(scenario, what, interest.evidence)
    notes += _notes(scenario, p.name, party.evidence)
    drivers = sorted(p.issues, key=lambda e: e.vs_walkaway)
    return Verdict(
        party=p.party,
        name=p.name,
        signatory=p.signatory,
        utility=p.utility,
        reservation=p.reservation,
        reservation_range=(party.reservation.low, party.reservation.high),
        margin=p.margin,
        accepts=p.accepts,
        sentence=verdict(scenario, p),
        red_lines=tuple(h.label or h.rule for h in p.red_lines_crossed),
        drivers=tuple((scenario.issue_label(e.issue), e.vs_walkaway) for e in drivers),
        notes=tuple(dict.fromkeys(notes)),
    )


def _verdicts(scenario: Scenario, d: Diagnosis) -> tuple[Verdict, ...]:
    return tuple(_verdict(scenario, p) for p in d.parties)


def _unit(scenario: Scenario, issue: str) -> str | None:
    unit = getattr(scenario.issues[issue], "unit", None)
    return unit if isinstance(unit, str) else None


def _counter(scenario: Scenario, rep: CounterReport) -> Counter | None:
    if not rep.packages:
        return None
    best = min(
        rep.packages,
        key=lambda p: (len(p.changes), -(p.robustness.share if p.robustness else 0.0)),
    )
    d = diagnose(scenario, dict(best.terms))
    return Counter(
        changes=tuple(
            Change(
                c.label,
                value_text(c.before, _unit(scenario, c.issue)),
                value_text(c.after, _unit(scenario, c.issue)),
            )
            for c in best.changes
        ),
        robustness=best.robustness.share if best.robustness else None,
        draws=best.robustness.draws if best.robustness else 0,
        explanation=best.explanation,
        verdicts=_verdicts(scenario, d),
        alternatives=tuple(
            (len(p.changes), p.robustness.share if p.robustness else None)
            for p in rep.packages
            if p is not best
        ),
    )


def _settlement(scenario: Scenario, o: Outlook) -> Settlement | None:
    s = o.settlement
    if not s.packages:
        return None
    top = s.packages[0]
    spreads = []
    for x in s.issues:
        issue = scenario.issues[x.issue]
        lo, hi = issue.range if issue.range is not None else (0.0, 1.0)
        spreads.append(
            Spread(scenario.issue_label(x.issue), x.options, x.median, x.interval, lo, hi)
        )
    return Settlement(
        rule=s.label,
        terms=tuple(
            (scenario.issue_label(k), value_text(v, _unit(scenario, k)))
            for k, v in top.terms.items()
        ),
        share=top.share / o.p_deal if o.p_deal else 0.0,
        spreads=tuple(spreads),
        verdicts=_verdicts(scenario, diagnose(scenario, dict(top.terms))),
        knife_edge=s.knife_edge,
        rules=tuple((x.label, x.same_as_default) for x in o.settlements[1:]),
    )


def _forecasts(scenario: Scenario, o: Outlook) -> tuple[ForecastRow, ...]:
    """Each forecast model's package, checked against the signatories (see
    :func:`zopa.outlook.forecasts.check_forecasts`), with the parties' names."""
    return tuple(
        ForecastRow(
            model=f.model,
            label=f.label,
            acceptable=f.acceptable,
            refusers=tuple(scenario.party_name(p) for p in f.rejected_by),
            red_lines_of=tuple(scenario.party_name(p) for p in f.red_lines_of),
            sentence=f.words,
            terms=tuple(
                (scenario.issue_label(k), value_text(v, _unit(scenario, k)))
                for k, v in f.terms.items()
            ),
        )
        for f in o.forecasts
    )


def _judgement(scenario: Scenario, path: str, party: str) -> str:
    """'Ukraine's walk-away value', 'Ukraine's weight on security guarantee', ..."""
    who = words.possessive(scenario.party_name(party))
    parts = path.split(".")
    if parts[-1] == "reservation":
        return f"{who} walk-away value"
    if "interests" in parts:
        at = parts.index("interests")
        issue = parts[at + 1] if len(parts) > at + 1 else ""
        label = scenario.issue_label(issue) if issue in scenario.issues else issue
        rest = parts[at + 2 :]
        if rest[:1] == ["weight"]:
            return f"{who} weight on {label}"
        if rest[:1] == ["values"] and len(rest) > 1:
            return f"{who} value of {label} = {rest[1]}"
        return f"{who} stake in {label}"
    return f"{who} {' '.join(parts[2:])}"


def _hinges(scenario: Scenario, o: Outlook) -> tuple[HingeRow, ...]:
    rows = [
        HingeRow(
            f"{words.possessive(scenario.party_name(r.party))} red line '{r.rule}'",
            None,
            None,
            None,
            r.p_with,
            r.p_without,
            None,
            None,
        )
        for r in o.red_lines
        if abs(r.p_without - r.p_with) >= 0.01
    ]
    for h in o.hinges:
        if abs(h.swing) >= 0.01 or h.threshold is not None:
            rows.append(
                HingeRow(
                    _judgement(scenario, h.path, h.party),
                    h.point,
                    h.low,
                    h.high,
                    h.p_low,
                    h.p_high,
                    h.threshold,
                    h.deal_above,
                )
            )
    rows.sort(key=lambda h: (not h.flips_inside, -h.swing))
    return tuple(rows[:8])


def _interval(p: float, n: int) -> tuple[float, float]:
    """Wilson 95% interval of a proportion ``p`` from ``n`` draws (Wilson 1927)."""
    z = 1.959964
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _version() -> str:
    try:
        return version("zopa")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def build_report(
    scenario: Scenario,
    proposal: str | None = None,
    *,
    draws: int = params.OUTLOOK_DRAWS,
    counter_draws: int = params.COUNTER_DRAWS,
    seed: int = 0,
) -> Report:
    """The brief on ``proposal`` (default: :func:`default_proposal`): same seed, same brief."""
    from zopa.counter import counter_proposals
    from zopa.outlook import DEFAULT_RULE, outlook

    name = proposal if proposal is not None else default_proposal(scenario)
    d = diagnose_proposal(scenario, name)
    verdicts = _verdicts(scenario, d)
    rejecting = [v for v in verdicts if v.signatory and not v.accepts]
    counter = None
    if rejecting:
        counter = _counter(
            scenario, counter_proposals(scenario, name, draws=counter_draws, seed=seed)
        )
    o = outlook(scenario, draws=draws, seed=seed)
    settlement = _settlement(scenario, o)
    hinges = _hinges(scenario, o)
    p = scenario.proposals[name]
    run: dict[str, Any] = {
        "zopa": _version(),
        "scenario": scenario.name,
        "scenario_sha256": scenario_hash(scenario),
        "proposal": name,
        "outlook_draws": o.draws,
        "counter_draws": counter_draws,
        "settlement_rule": DEFAULT_RULE,
        "seed": o.seed,
        "outlook_method": o.method,
    }
    report = Report(
        scenario=scenario.name,
        title=scenario.title or scenario.name,
        as_of=scenario.as_of.isoformat() if scenario.as_of else None,
        proposal=name,
        proposal_title=p.title or name,
        proposal_terms=tuple(
            (scenario.issue_label(k), value_text(v, _unit(scenario, k))) for k, v in d.terms.items()
        ),
        bottom_line=(),
        verdicts=verdicts,
        counter=counter,
        p_deal=o.p_deal,
        p_deal_interval=_interval(o.p_deal, o.draws),
        slack=o.slack,
        settlement=settlement,
        hinges=hinges,
        run=run,
        forecasts=_forecasts(scenario, o),
    )
    from dataclasses import replace

    return replace(report, bottom_line=words.bottom_line(report, scenario))
