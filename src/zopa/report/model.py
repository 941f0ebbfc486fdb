"""The brief's value: what it says, in frozen, JSON-ready parts (rendering is elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Note:
    """One piece of evidence behind a claim: a cited source or an analyst's judgement."""

    what: str  #: the judgement it supports ("Ukraine's walk-away value", ...)
    text: str  #: the quote or the reason
    source: str | None = None  #: the source's title (None: a judgement)
    url: str | None = None
    judgement: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Verdict:
    """One party's verdict on a package, with the numbers and the evidence behind it."""

    party: str
    name: str
    signatory: bool
    utility: float
    reservation: float
    reservation_range: tuple[float, float]  #: the judged range of the walk-away value
    margin: float
    accepts: bool
    sentence: str
    red_lines: tuple[str, ...]
    drivers: tuple[tuple[str, float], ...]  #: (issue label, utility against walking away)
    notes: tuple[Note, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["notes"] = [n.to_dict() for n in self.notes]
        d["drivers"] = dict(self.drivers)
        d["reservation_range"] = list(self.reservation_range)
        d["red_lines"] = list(self.red_lines)
        return d


@dataclass(frozen=True)
class Change:
    """One issue of the counter-proposal moved away from the proposal."""

    issue: str
    before: str
    after: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Counter:
    """The counter to make: the fewest changes, the most robust among them."""

    changes: tuple[Change, ...]
    robustness: float | None  #: share of draws in which every signatory signs
    draws: int
    explanation: str
    verdicts: tuple[Verdict, ...]  #: zopa's own diagnosis of the counter's terms
    alternatives: tuple[tuple[int, float | None], ...]  #: (issues changed, robustness) of others

    @property
    def coherent(self) -> bool:
        return all(v.accepts for v in self.verdicts if v.signatory)

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [c.to_dict() for c in self.changes],
            "robustness": self.robustness,
            "draws": self.draws,
            "explanation": self.explanation,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "accepted_by_every_signatory": self.coherent,
            "alternatives": [list(a) for a in self.alternatives],
        }


@dataclass(frozen=True)
class Spread:
    """How one issue settles over the draws with a deal: option shares or a median and interval."""

    issue: str
    options: tuple[tuple[str, float], ...] = ()
    median: float | None = None
    interval: tuple[float, float] | None = None
    low: float = 0.0  #: the issue's range (range issues)
    high: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__) | {"options": dict(self.options)}


@dataclass(frozen=True)
class Settlement:
    """The likely settlement, checked by zopa's own diagnosis at the point estimates."""

    rule: str
    terms: tuple[tuple[str, str], ...]  #: (issue label, settled term) of the commonest package
    share: float  #: of the draws with a deal that settle on exactly this package
    spreads: tuple[Spread, ...]
    verdicts: tuple[Verdict, ...]
    knife_edge: float
    rules: tuple[tuple[str, float], ...]  #: other rules and how often they agree

    @property
    def coherent(self) -> bool:
        return all(v.accepts for v in self.verdicts if v.signatory)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "terms": dict(self.terms),
            "share": self.share,
            "spreads": [s.to_dict() for s in self.spreads],
            "verdicts": [v.to_dict() for v in self.verdicts],
            "accepted_by_every_signatory": self.coherent,
            "knife_edge": self.knife_edge,
            "rules": dict(self.rules),
        }


@dataclass(frozen=True)
class HingeRow:
    """One judgement the answer hinges on (every row is a judgement)."""

    text: str  #: the judgement in words ("Ukraine's walk-away value")
    point: float | None  #: None: a red line, kept or dropped
    low: float | None
    high: float | None
    p_low: float | None  #: P(deal) with the judgement low (a red line: with it)
    p_high: float | None  #: P(deal) with the judgement high (a red line: without it)
    threshold: float | None  #: where the point-estimate answer flips
    deal_above: bool | None

    @property
    def flips_inside(self) -> bool:
        """The answer flips within the judged range."""
        return (
            self.threshold is not None
            and self.low is not None
            and self.high is not None
            and self.low <= self.threshold <= self.high
        )

    @property
    def swing(self) -> float:
        if self.p_low is None or self.p_high is None:
            return 0.0
        return abs(self.p_high - self.p_low)

    @property
    def limit(self) -> str | None:
        """'below 0.864': where a deal exists at the point estimates."""
        if self.threshold is None:
            return None
        return f"{'above' if self.deal_above else 'below'} {self.threshold:.3g}"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ForecastRow:
    """What one forecast model says, as a package in the scenario's terms, checked against the
    signatories at the point estimates (``zopa.outlook.forecasts.check_forecasts``)."""

    model: str
    label: str
    acceptable: bool  #: every signatory accepts the forecast package
    refusers: tuple[str, ...]  #: names of the signatories that would not sign it
    red_lines_of: tuple[str, ...]  #: names of the signatories whose red lines it crosses
    sentence: str
    terms: tuple[tuple[str, str], ...]  #: (issue label, term) of the forecast package

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__) | {
            "refusers": list(self.refusers),
            "red_lines_of": list(self.red_lines_of),
            "terms": dict(self.terms),
        }


@dataclass(frozen=True)
class Report:
    """The brief on one proposal: the bottom line first, then the analyses behind it."""

    scenario: str
    title: str
    as_of: str | None
    proposal: str
    proposal_title: str
    proposal_terms: tuple[tuple[str, str], ...]  #: (issue label, term) as tabled
    bottom_line: tuple[str, ...]  #: sentences, most important first
    verdicts: tuple[Verdict, ...]
    counter: Counter | None
    p_deal: float
    p_deal_interval: tuple[float, float]  #: 95% interval of the Monte Carlo estimate
    slack: tuple[float, float, float]
    settlement: Settlement | None
    hinges: tuple[HingeRow, ...]
    run: dict[str, Any] = field(default_factory=dict)  #: version, hash, parameters, seed
    forecasts: tuple[ForecastRow, ...] = ()  #: what each forecast model says, checked

    def _repr_html_(self) -> str:
        """The brief itself, for notebooks."""
        from zopa.report.html import render_html

        return render_html(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "as_of": self.as_of,
            "proposal": self.proposal,
            "proposal_title": self.proposal_title,
            "proposal_terms": dict(self.proposal_terms),
            "bottom_line": list(self.bottom_line),
            "verdicts": [v.to_dict() for v in self.verdicts],
            "counter": self.counter.to_dict() if self.counter else None,
            "p_deal": self.p_deal,
            "p_deal_interval": list(self.p_deal_interval),
            "slack": list(self.slack),
            "settlement": self.settlement.to_dict() if self.settlement else None,
            "hinges": [h.to_dict() for h in self.hinges],
            "forecasts": [f.to_dict() for f in self.forecasts],
            "run": dict(self.run),
        }
