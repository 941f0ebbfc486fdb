"""Actors derived from a scenario's parties and interests, and forecasts read back in its terms.

The judgements come from :func:`zopa.model.spatial_judgements`: an actor per party with
interests; its position on an issue is its ideal point mapped to the 0–100 scale, its salience
its stake in the issue (normalised weight × spread of its value function, so an indifferent
party has salience 0), its capability the party's capability, each a ``(low, mode, high)``
triple that becomes triangular uncertainty. A party without an interest in an issue is absent
from that issue (``Actors.present``). Option issues without an order (``ordered: false``)
cannot be placed on a line and are left out, with a note. ``overrides`` replace any judgement
explicitly, e.g. ``{"us": {"capability": 0.9, "position": {"revenue_share": [40, 60, 80]}}}``
(a number is a certain value; a ``[low, mode, high]`` list is triangular; salience on 0–1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors, Triangular
from zopa.forecast.inputs.forecast_input import ForecastInput
from zopa.model.schema import Scenario
from zopa.model.spatial import SalienceBasis, line_issues, spatial_judgements

Triple = tuple[float, float, float]


def _triple(value: Any, path: str) -> Triple:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (float(value),) * 3
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 3:
        try:
            low, mode, high = (float(v) for v in value)
        except (TypeError, ValueError):
            pass
        else:
            return (low, mode, high)
    raise InputError([Problem(None, None, path, "expected a number or [low, mode, high]")])


def skipped_issue_notes(scenario: Scenario) -> tuple[str, ...]:
    """One note per issue left out of the forecast because its options have no order."""
    _, off = line_issues(scenario)
    return tuple(
        f"{issue}: its options have no order (ordered: false), so it cannot be placed on a "
        "line; left out of the forecast"
        for issue in off
    )


def scenario_input(
    scenario: Scenario,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    salience: SalienceBasis = "party",
) -> ForecastInput:
    """The actors of ``scenario`` (see :func:`actors_from_scenario`) with notes on what was left
    out, ready for the forecast commands."""
    actors = actors_from_scenario(scenario, overrides, salience=salience)
    return ForecastInput(actors, "scenario", skipped_issue_notes(scenario), scenario=scenario)


def actors_from_scenario(
    scenario: Scenario,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    salience: SalienceBasis = "party",
) -> Actors:
    """:class:`Actors` on the 0–100 scale from a :class:`zopa.model.Scenario`.

    ``salience="party"`` (default) normalises each party's weights by its own total;
    ``"raw"`` keeps the weights as written, comparable across parties (see
    :mod:`zopa.model.spatial`).
    """
    if salience not in ("party", "raw"):
        raise InputError.single("expected party or raw", path="salience")
    issues, off = line_issues(scenario)
    if not issues:
        raise InputError.single(
            "no issue lies on a line (every issue has unordered options); nothing to forecast",
            path="issues",
        )
    judgements = spatial_judgements(scenario, basis=salience)
    if not judgements:
        raise InputError.single("no party states an interest; nothing to forecast", path="parties")
    parties = [j.party for j in judgements]
    extra = sorted(set(overrides or {}) - set(parties))
    if extra:
        raise InputError.single(f"no such actor(s): {', '.join(extra)}", path="overrides")
    n, d = len(judgements), len(issues)
    cap = np.empty((3, n))
    pos = np.full((3, n, d), 50.0)
    sal = np.zeros((3, n, d))
    present = np.zeros((n, d), dtype=bool)
    for i, j in enumerate(judgements):
        over = dict((overrides or {}).get(j.party, {}))
        cap[:, i] = _triple(over.pop("capability", j.capability), f"overrides.{j.party}.capability")
        for field, target, source in (("position", pos, j.position), ("salience", sal, j.salience)):
            given = dict(source)
            for issue, value in dict(over.pop(field, {})).items():
                if issue not in issues:
                    why = "its options have no order" if issue in off else "no such issue"
                    raise InputError.single(why, path=f"overrides.{j.party}.{field}.{issue}")
                given[issue] = _triple(value, f"overrides.{j.party}.{field}.{issue}")
            for k, issue in enumerate(issues):
                if issue in given:
                    target[:, i, k] = given[issue]
                    present[i, k] |= True
        if over:
            raise InputError.single(
                f"unknown field(s) {sorted(over)}; expected capability, position, salience",
                path=f"overrides.{j.party}",
            )
    unc = {
        "capability": Triangular(cap[0], cap[1], cap[2]),
        "position": Triangular(pos[0], pos[1], pos[2]),
        "salience": Triangular(sal[0], sal[1], sal[2]),
    }
    names = [j.name for j in judgements]
    return Actors.create(
        tuple(names if len(set(names)) == n else parties),
        issues,
        cap[1],
        pos[1],
        sal[1],
        np.zeros(d),
        np.full(d, 100.0),
        unc,
        present,
    )


def on_issue(scenario: Scenario, issue_id: str, position: float) -> str:
    """A 0–100 forecast position in the issue's own terms (nearest option, or the value)."""
    issue = scenario.issues[issue_id]
    if issue.options is not None:
        k = round(position / 100 * (len(issue.options) - 1))
        return issue.options[max(0, min(k, len(issue.options) - 1))]
    lo, hi = issue.bounds
    return f"{lo + position / 100 * (hi - lo):.3g}{issue.unit or ''}"


__all__ = ["actors_from_scenario", "on_issue", "scenario_input", "skipped_issue_notes"]
