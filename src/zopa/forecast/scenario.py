"""Actors derived from a scenario's parties and interests.

The judgements come from :func:`zopa.model.spatial_judgements`: an actor per party with
interests; its position on an issue is its ideal point mapped to the 0–100 scale, its salience its
normalised weight on the issue, its capability the party's capability, each a
``(low, mode, high)`` triple that becomes triangular uncertainty. A party without an interest in
an issue is absent from that issue (``Actors.present``). ``overrides`` replace any judgement
explicitly, e.g. ``{"us": {"capability": 0.9, "position": {"revenue_share": [40, 60, 80]}}}``
(a number is a certain value; a ``[low, mode, high]`` list is triangular; salience on 0–1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors, Triangular

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


def actors_from_scenario(
    scenario: Any, overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> Actors:
    """:class:`Actors` on the 0–100 scale from a :class:`zopa.model.Scenario`."""
    from zopa.model import spatial_judgements

    judgements = spatial_judgements(scenario)
    issues = tuple(scenario.issues)
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
                    raise InputError.single(
                        "no such issue", path=f"overrides.{j.party}.{field}.{issue}"
                    )
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
    return Actors(
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


__all__ = ["actors_from_scenario"]
