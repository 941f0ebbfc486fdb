"""Forecasts checked against who must sign.

A forecast model's answer is a position on the 0-100 scale of every issue that lies on a line,
moved by every actor (stakeholders too). Only signatories veto, so :func:`check_outcomes` puts
each forecast in the scenario's terms (the nearest option, or the nearest grid value of a range;
an issue no model forecasts keeps the first proposal's term, else its first value) and says
whether every signatory would sign that package at the point estimates: who would not, and why
(the red lines or deal-level rules it crosses, or a value below the walk-away value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa.game import Game
from zopa.model.schema import Scenario


@dataclass(frozen=True)
class Refusal:
    """Why one signatory would not sign a forecast package."""

    party: str
    red_lines: tuple[str, ...]  #: red lines (or deal-level rules) it crosses
    utility: float
    reservation: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "red_lines": list(self.red_lines),
            "utility": self.utility,
            "reservation": self.reservation,
        }


@dataclass(frozen=True)
class ForecastCheck:
    """One model's forecast in the scenario's terms, checked against who must sign."""

    model: str
    label: str
    positions: dict[str, float]  #: 0-100 per forecast issue
    terms: dict[str, str | float]  #: the nearest package, option labels and grid values
    code: int
    acceptable: bool  #: every signatory accepts it at the point estimates
    rejected_by: tuple[str, ...]
    red_lines_of: tuple[str, ...]  #: signatories whose red lines (or the deal's rules) it crosses
    words: str = ""  #: the check in a sentence, with the parties' names
    refusals: tuple[Refusal, ...] = ()  #: per signatory that would not sign, why

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "label": self.label,
            "positions": dict(self.positions),
            "terms": dict(self.terms),
            "acceptable": self.acceptable,
            "rejected_by": list(self.rejected_by),
            "red_lines_of": list(self.red_lines_of),
            "refusals": [r.to_dict() for r in self.refusals],
            "text": self.words,
        }


def nearest_package(
    scenario: Scenario, game: Game, dims: tuple[str, ...], target: np.ndarray
) -> int:
    """The outcome code nearest the forecast ``target`` (0-100 on each of ``dims``) on each
    issue (issues not forecast: the first proposal's term, else the first value)."""
    first = next(iter(scenario.proposals.values()), None)
    idx = []
    for k, issue_id in enumerate(game.issue_ids):
        vals = game.values[k]
        if issue_id in dims:
            t = target[dims.index(issue_id)]
            issue = scenario.issues[issue_id]
            if issue.options is not None:
                grid = 100.0 * np.arange(len(vals)) / max(len(vals) - 1, 1)
            else:
                lo, hi = issue.range  # type: ignore[misc]
                grid = 100.0 * (np.asarray(vals, dtype=float) - lo) / (hi - lo)
            idx.append(int(np.argmin(np.abs(grid - t))))
        elif first is not None and first.terms.get(issue_id) in vals:
            idx.append(list(vals).index(first.terms[issue_id]))
        else:
            idx.append(0)
    return int(np.ravel_multi_index(tuple(idx), game.shape))


def refusals(scenario: Scenario, game: Game, code: int) -> tuple[Refusal, ...]:
    """Every signatory that would not sign the package ``code``, and why."""
    idx = game.indices([code])[0]
    u = game.utilities_of([code])[:, 0]
    out = []
    for p in game.signatories:
        pid = game.party_ids[p]
        crossed = []
        for f in game.constraints:
            if f.party == p and not f.table[tuple(idx[a] for a in f.axes)]:
                crossed.append(_red_line_name(scenario, pid, f.label, f.deal))
        low = bool(u[p] < game.reservations[p] - 1e-9)
        if crossed or low:
            out.append(Refusal(pid, tuple(crossed), float(u[p]), float(game.reservations[p])))
    return tuple(out)


def _red_line_name(scenario: Scenario, pid: str, rule: str, deal: bool) -> str:
    if deal:
        for r in scenario.constraints:
            if r.rule == rule:
                return f"the deal-level rule '{r.label or rule}'"
        return f"the deal-level rule '{rule}'"
    party = scenario.parties.get(pid)
    for red in party.red_lines if party is not None else ():
        if red.rule == rule:
            return f"'{red.label or rule}'"
    return f"'{rule}'"


def words(label: str, game: Game, refused: tuple[Refusal, ...]) -> str:
    """The check in a sentence: who would refuse the forecast package, and why."""
    if not refused:
        return f"{label}: every signatory accepts the forecast package."
    names = dict(zip(game.party_ids, game.party_names, strict=True))
    reasons = []
    for r in refused:
        why = []
        if r.red_lines:
            why.append("it crosses " + ", ".join(r.red_lines))
        if r.utility < r.reservation - 1e-9:
            digits = 2 if f"{r.utility:.2f}" != f"{r.reservation:.2f}" else 4
            why.append(
                f"it is worth {r.utility:.{digits}f}, below its walk-away "
                f"{r.reservation:.{digits}f}"
            )
        reasons.append(f"{names[r.party]} would not sign it ({'; '.join(why)})")
    return (
        f"{label}: the forecast package is outside the acceptable set: " + "; ".join(reasons) + "."
    )


def check_outcomes(
    scenario: Scenario,
    game: Game | None,
    dims: tuple[str, ...],
    outcomes: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
) -> tuple[ForecastCheck, ...]:
    """Each model's forecast ``outcomes[model]`` (0-100 on ``dims``) in the scenario's terms,
    checked against the signatories at the point estimates."""
    game = game if game is not None else scenario.compile()
    out = []
    for model, target in outcomes.items():
        t = np.asarray(target, dtype=float)
        if not np.isfinite(t).all():
            continue
        code = nearest_package(scenario, game, dims, t)
        refused = refusals(scenario, game, code)
        label = labels.get(model, model)
        out.append(
            ForecastCheck(
                model,
                label,
                {d: float(v) for d, v in zip(dims, t, strict=True)},
                dict(game.decode(code)),
                code,
                not refused,
                tuple(r.party for r in refused),
                tuple(r.party for r in refused if r.red_lines),
                words(label, game, refused),
                refused,
            )
        )
    return tuple(out)


__all__ = ["ForecastCheck", "Refusal", "check_outcomes", "nearest_package", "refusals", "words"]
