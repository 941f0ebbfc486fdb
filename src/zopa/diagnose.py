"""Diagnosis of a proposal: what each party gets, who would sign, and why not.

For every party: its utility under the proposal (computed exactly at the proposed values, not on
the grid), its reservation value (walk-away utility), the margin between them, the red lines the
proposal crosses, and per issue what the party gets against its best value and against walking
away. A party *accepts* when it crosses none of its red lines and its utility is at least its
reservation value (within :data:`zopa.game.TOL`).

Per-issue effects decompose the margin: with normalised weights ŵ (summing to 1), unit scale and
no package terms, ``margin = Σ_k ŵ_k (v_k − r)``; ``vs_walkaway`` is that issue's term.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa import party_basis as pb
from zopa._types import Terms
from zopa.errors import InputError, Problem
from zopa.game import TOL
from zopa.model import rules
from zopa.model import values as vf
from zopa.model.schema import Party, Scenario
from zopa.model.validate import term_problem


@dataclass(frozen=True)
class RedLineHit:
    rule: str
    label: str | None


@dataclass(frozen=True)
class IssueEffect:
    issue: str
    value: str | float
    weight: float
    score: float  # v(x) in [0, 1]
    contribution: float  # weight * score, in utility units
    vs_best: float  # contribution - best possible contribution (<= 0)
    vs_walkaway: float  # weight * (score - reservation)


@dataclass(frozen=True)
class PartyDiagnosis:
    party: str
    name: str
    signatory: bool
    utility: float
    reservation: float
    margin: float
    accepts: bool
    red_lines_crossed: tuple[RedLineHit, ...]
    issues: tuple[IssueEffect, ...]

    def shortfalls(self, n: int = 2) -> list[IssueEffect]:
        """The issues that pull the party down most against walking away (then against best)."""
        ranked = sorted(self.issues, key=lambda e: (e.vs_walkaway, e.vs_best, e.issue))
        return [e for e in ranked[:n] if e.vs_walkaway < -TOL or e.vs_best < -TOL]


@dataclass(frozen=True)
class Diagnosis:
    proposal: str | None
    terms: dict[str, str | float]
    parties: tuple[PartyDiagnosis, ...]
    verdicts: tuple[str, ...]

    @property
    def signatories_accept(self) -> bool:
        return all(p.accepts for p in self.parties if p.signatory)

    @property
    def rejecting(self) -> tuple[str, ...]:
        return tuple(p.party for p in self.parties if p.signatory and not p.accepts)

    def party(self, party_id: str) -> PartyDiagnosis:
        for p in self.parties:
            if p.party == party_id:
                return p
        raise KeyError(party_id)

    def _repr_html_(self) -> str:
        from zopa.htmlview import view

        rows = [
            {
                "party": p.name,
                "signatory": p.signatory,
                "utility": p.utility,
                "walk-away": p.reservation,
                "margin": p.margin,
                "accepts": p.accepts,
                "red lines crossed": len(p.red_lines_crossed),
            }
            for p in self.parties
        ]
        return view(f"Diagnosis of {self.proposal or 'a package'}", self.verdicts, rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "proposal": self.proposal,
            "terms": dict(self.terms),
            "signatories_accept": self.signatories_accept,
            "rejecting": list(self.rejecting),
            "verdicts": list(self.verdicts),
            "parties": {p.party: _party_dict(p) for p in self.parties},
        }


def _party_dict(p: PartyDiagnosis) -> dict[str, Any]:
    # the fields one level at a time (every leaf is a plain value): ``asdict`` would copy the
    # issues deeply only for them to be replaced, which is most of the cost of a diagnosis
    d = _fields(p)
    d["red_lines_crossed"] = [_fields(h) for h in p.red_lines_crossed]
    d["issues"] = {e.issue: {k: v for k, v in _fields(e).items() if k != "issue"} for e in p.issues}
    return d


def _fields(value: Any) -> dict[str, Any]:
    # a frozen dataclass's instance dictionary holds exactly its fields, in their order
    return dict(vars(value))


def check_terms(scenario: Scenario, terms: Terms, where: str = "terms") -> dict[str, str | float]:
    """Validate an outcome's terms against the scenario (every issue, valid values)."""
    problems = []
    for issue_id, value in terms.items():
        if issue_id not in scenario.issues:
            problems.append(Problem(None, None, f"{where}.{issue_id}", "unknown issue"))
            continue
        msg = term_problem(scenario.issues[issue_id], issue_id, value)
        if msg:
            problems.append(Problem(None, None, f"{where}.{issue_id}", msg))
    missing = [i for i in scenario.issues if i not in terms]
    if missing:
        problems.append(
            Problem(None, None, where, f"expected a value for every issue; missing {missing}")
        )
    if problems:
        raise InputError(problems)
    return {i: terms[i] for i in scenario.issues}


def party_diagnosis(
    scenario: Scenario, party_id: str, terms: dict[str, str | float], pick: vf.Pick = vf.point
) -> PartyDiagnosis:
    """One party's view of the terms.

    Not computed through :class:`zopa.game.Game`: a proposal's value on a range issue need not
    lie on the compiled grid (the game holds each issue's value functions only at its grid
    points), and the diagnosis must be exact at the proposed values. It uses the same pieces
    as :func:`zopa.compiler.compile_scenario` (weights and value functions from
    :mod:`zopa.model.values`, package terms and red lines through :mod:`zopa.model.rules`), so
    at grid values it equals ``game.utilities_of``. What does not depend on the terms is
    worked out once per scenario and party at the point estimates (:mod:`zopa.party_basis`).
    """
    return _judge(scenario, party_id, terms, pick, pb.axes(scenario, terms))


def _judge(
    scenario: Scenario,
    party_id: str,
    terms: dict[str, str | float],
    pick: vf.Pick,
    axes: dict[str, np.ndarray],
) -> PartyDiagnosis:
    party: Party = scenario.parties[party_id]
    b = (
        pb.point_basis(scenario, party_id)
        if pick is vf.point
        else pb.basis(scenario, party_id, pick)
    )
    w, scale, reservation = b.w, b.scale, b.reservation
    effects = []
    total = 0.0
    for k, issue_id in enumerate(scenario.issues):
        interest = party.interests.get(issue_id)
        if interest is None:
            continue
        x = axes[issue_id]
        table = b.tables.get(issue_id)
        if table is not None:
            score = float(table[int(x[0])])
        else:
            score = float(vf.party_value(party, interest, scenario.issues[issue_id], x, pick)[0])
        best = b.best[issue_id]
        contribution = w[k] * score / scale
        total += w[k] * score
        effects.append(
            IssueEffect(
                issue_id,
                terms[issue_id],
                float(w[k] / scale),
                score,
                float(contribution),
                float(w[k] * (score - best) / scale),
                float(w[k] / scale * (score - reservation)),
            )
        )
    for name, interest, extent, wd, best in b.derived:
        score = float(vf.value(interest, extent, axes[name], pick)[0])
        total += wd * score
        effects.append(
            IssueEffect(
                name,
                float(axes[name][0]),
                wd / scale,
                score,
                wd * score / scale,
                wd * (score - best) / scale,
                wd / scale * (score - reservation),
            )
        )
    for node, value in b.terms:
        if bool(np.all(rules.evaluate(node, axes, scenario.issues))):
            total += pick(value)
    utility = float(np.clip(total / scale, 0.0, 1.0))
    crossed = tuple(
        RedLineHit(rule, label)
        for rule, label, node in b.red_lines
        if not bool(np.all(rules.evaluate(node, axes, scenario.issues)))
    )
    margin = utility - reservation
    return PartyDiagnosis(
        party=party_id,
        name=scenario.party_name(party_id),
        signatory=party.signatory,
        utility=utility,
        reservation=reservation,
        margin=margin,
        accepts=not crossed and margin >= -TOL,
        red_lines_crossed=crossed,
        issues=tuple(effects),
    )


def diagnose(scenario: Scenario, terms: Terms, proposal: str | None = None) -> Diagnosis:
    """Diagnose an outcome (the terms of a proposal) for every party."""
    where = f"proposals.{proposal}.terms" if proposal else "terms"
    full = check_terms(scenario, terms, where)
    at = pb.axes(scenario, full)  # shared by the parties (rules and derived values read it)
    parties = tuple(_judge(scenario, pid, full, vf.point, at) for pid in scenario.parties)
    return Diagnosis(proposal, full, parties, tuple(verdict(scenario, p) for p in parties))


def diagnose_proposal(scenario: Scenario, name: str) -> Diagnosis:
    """Diagnose a named proposal of the scenario."""
    if name not in scenario.proposals:
        from zopa.model.suggest import suggest

        hint = suggest(name, scenario.proposals)
        known = ", ".join(scenario.proposals) or "none"
        raise InputError.single(f"unknown proposal {name!r}{hint}; proposals: {known}")
    return diagnose(scenario, scenario.proposals[name].terms, name)


def _inline(label: str) -> str:
    """A label as it reads mid-sentence: 'Past aid' -> 'past aid', but 'US aid' stays."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def verdict(scenario: Scenario, p: PartyDiagnosis) -> str:
    """One plain-language sentence on whether and why the party would sign (a signatory) or
    support the outcome (a stakeholder, whose reservation value is its support threshold)."""

    def label(issue: str) -> str:
        return _inline(scenario.issue_label(issue))

    verb = "sign" if p.signatory else "support it"
    line = "its walk-away value" if p.signatory else "its support threshold"
    if p.accepts:
        best = sorted(p.issues, key=lambda e: -e.vs_walkaway)[:2]
        why = " and ".join(label(e.issue) for e in best if e.vs_walkaway > TOL)
        tail = f", mostly on {why}" if why else ""
        return f"{p.name} would {verb}: {p.margin:.2f} above {line}{tail}."
    reasons = []
    names = [f"'{h.label or h.rule}'" for h in p.red_lines_crossed]
    if len(names) == 1:
        reasons.append(f"it crosses the red line {names[0]}")
    elif names:
        reasons.append(f"it crosses {len(names)} red lines ({', '.join(names)})")
    if not p.margin >= -TOL:
        why = " and ".join(label(e.issue) for e in p.shortfalls())
        tail = f", mostly on {why}" if why else ""
        reasons.append(f"{'it ' if not names else ''}sits {-p.margin:.2f} below {line}{tail}")
        return f"{p.name} would not {verb}: " + " and ".join(reasons) + "."
    return (
        f"{p.name} would not {verb}: "
        + reasons[0]
        + f", although it would be {p.margin:.2f} above {line}."
    )


def proposal_outcome(
    scenario: Scenario, proposal: str | None, changes: Terms
) -> tuple[str | None, dict[str, str | float]]:
    """The outcome named by a proposal with ``changes`` to its terms (or the changes alone, when
    no proposal is named), and its name; the name says when the proposal was changed."""
    if proposal is None and not changes:
        raise InputError.single("give a proposal name or terms issue=value ...")
    base: dict[str, str | float] = {}
    if proposal is not None:
        base = dict(diagnose_proposal(scenario, proposal).terms)
    changed = {k: v for k, v in changes.items() if base.get(k) != v}
    base.update(changes)
    if proposal is not None and changed:
        shown = ", ".join(
            f"{k}={v if isinstance(v, str) else f'{v:g}'}" for k, v in changed.items()
        )
        return f"{proposal} with {shown}", base
    return proposal, base


def diagnosis_document(
    scenario: Scenario, terms: Terms, proposal: str | None = None
) -> dict[str, Any]:
    """The diagnosis as plain data, with the ratification vote when some party has ratifiers
    and the approach to the deadline when some party's walk-away value changes by then (the
    document ``zopa diagnose --json`` prints)."""
    out = diagnose(scenario, terms, proposal).to_dict()
    if any(p.ratifiers for p in scenario.parties.values()):
        from zopa.ratify import ratification

        out["ratification"] = ratification(scenario, terms).to_dict()
    if any(p.reservation_at_deadline is not None for p in scenario.parties.values()):
        from zopa.ratify.deadline import approach

        out["deadline"] = approach(scenario, terms, name=proposal, count_zopa=False).to_dict()
    return out
