"""The outlook's result: frozen values with ``to_dict()``, and its plain-language summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zopa.outlook.forecasts import ForecastCheck
from zopa.outlook.hinges import Hinge


@dataclass(frozen=True)
class Package:
    """A settled package and the share of all draws that settle on it."""

    code: int
    terms: dict[str, str | float]
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "terms": dict(self.terms), "share": self.share}


@dataclass(frozen=True)
class IssueSpread:
    """How the settled term of one issue is distributed over the draws with a deal."""

    issue: str
    options: tuple[tuple[str, float], ...] = ()  #: option issues: (option, share)
    median: float | None = None  #: range issues
    interval: tuple[float, float] | None = None  #: range issues: 10th and 90th percentiles

    def to_dict(self) -> dict[str, Any]:
        if self.options:
            return {"issue": self.issue, "options": dict(self.options)}
        return {"issue": self.issue, "median": self.median, "interval_80": self.interval}


@dataclass(frozen=True)
class Settlement:
    """Where one settlement rule settles over the draws with a deal."""

    rule: str
    label: str
    packages: tuple[Package, ...]  #: most frequent first
    issues: tuple[IssueSpread, ...]
    same_as_default: float  #: share of deal draws settling on the default rule's package
    utility_gap: float  #: mean over deal draws of the largest |utility difference| to it
    knife_edge: float  #: share of deal draws where some signatory's margin is under 0.02
    margins: dict[str, float]  #: each signatory's median margin at the settlement

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "label": self.label,
            "packages": [p.to_dict() for p in self.packages],
            "issues": [i.to_dict() for i in self.issues],
            "same_as_default": self.same_as_default,
            "utility_gap": self.utility_gap,
            "knife_edge": self.knife_edge,
            "median_margins": dict(self.margins),
        }


@dataclass(frozen=True)
class RedLineEffect:
    """The probability of a deal with and without one signatory's red line."""

    party: str
    rule: str
    draws: int
    p_with: float
    p_without: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PartyRatification:
    """One signatory's ratifiers: the probability of a deal if only they had to pass it."""

    party: str
    bodies: tuple[str, ...]
    p_deal: float  #: some package every signatory signs and this party's bodies pass

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "bodies": list(self.bodies), "p_deal": self.p_deal}


@dataclass(frozen=True)
class Outlook:
    """Will there be a deal, which one, and how sure are we?"""

    scenario: str
    as_of: str | None
    signatories: tuple[str, ...]
    draws: int
    seed: int
    chunk: int
    method: str  #: "exact" or "pool" (see zopa.outlook.engine)
    candidates: int
    pilots: int
    checked: int  #: draws re-checked against the exact per-draw analysis
    deal_agreed: int  #: of which the existence of a deal agreed
    agreed: int  #: of which the settlement under the headline rule agreed too
    check_gap: float  #: the largest utility difference of a settlement that did not
    p_deal: float
    p_deal_se: float
    slack: tuple[float, float, float]  #: 10th, 50th, 90th percentile of the best package's
    #: smallest margin over walk-away (negative: no deal)
    default_rule: str
    settlements: tuple[Settlement, ...]  #: the default rule first
    hinges: tuple[Hinge, ...]
    red_lines: tuple[RedLineEffect, ...]
    forecasts: tuple[ForecastCheck, ...]  #: each forecast model's answer, checked
    summary: str
    ratified: bool = False  #: a deal needs every signatory's ratifiers too
    p_signed: float = 0.0  #: P(some package every signatory signs), ratified or not
    p_signed_se: float = 0.0
    ratification: tuple[PartyRatification, ...] = ()  #: with ``ratified``

    @property
    def settlement(self) -> Settlement:
        return self.settlements[0]

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        rows = [
            {"rule": s.label, "P(deal)": self.p_deal, **dict(s.packages[0].terms)}
            for s in self.settlements
            if s.packages
        ]
        return view(f"Outlook for {self.scenario}", [self.summary], rows[:1])

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "scenario": self.scenario,
            "as_of": self.as_of,
            "signatories": list(self.signatories),
            "draws": self.draws,
            "seed": self.seed,
            "chunk": self.chunk,
            "method": self.method,
            "candidates": self.candidates,
            "pilots": self.pilots,
            "checked": {
                "draws": self.checked,
                "deal_agreed": self.deal_agreed,
                "settlement_agreed": self.agreed,
                "largest_utility_gap": self.check_gap,
            },
            "p_deal": self.p_deal,
            "p_deal_se": self.p_deal_se,
            "ratified": self.ratified,
            "p_signed": self.p_signed,
            "p_signed_se": self.p_signed_se,
            "ratification": [r.to_dict() for r in self.ratification],
            "slack": {"p10": self.slack[0], "median": self.slack[1], "p90": self.slack[2]},
            "default_rule": self.default_rule,
            "settlements": [s.to_dict() for s in self.settlements],
            "hinges": [h.to_dict() for h in self.hinges],
            "red_lines": [r.to_dict() for r in self.red_lines],
            "forecasts": [f.to_dict() for f in self.forecasts],
        }
