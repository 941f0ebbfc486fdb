"""A counter-proposal search within its value budget.

The integer programmes of a counter search have one binary per issue value, and HiGHS's work
per programme grows quickly with them (three range issues of 32,000 values each take minutes
for one programme). Above :data:`zopa.kernels.budget.MAX_SEARCH_VALUES` values in all, the
range issues given by a step are searched on a sub-grid: every ``t``-th value of the original
grid, aligned so that the proposal's value stays on it, the same ``t`` for each, the smallest
that fits. The range and the value functions are unchanged, so every package found is a
package of the original scenario with exactly the utilities reported; a better one may lie
between the sub-grid's values, and the report says so with the step searched.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from zopa.game import Game
from zopa.kernels.budget import MAX_SEARCH_VALUES
from zopa.model.schema import Scenario

__all__ = ["statement", "thinned"]


def thinned(
    scenario: Scenario, game: Game, base: Sequence[int]
) -> tuple[Scenario, dict[str, int]] | None:
    """The scenario with its range issues thinned to fit the value budget, and every ``t`` by
    issue; None when the issues fit (or no range issue can be thinned)."""
    shape = game.shape
    if sum(shape) <= MAX_SEARCH_VALUES:
        return None
    ids = game.issue_ids
    wide = [k for k, i in enumerate(ids) if _stepped(scenario, i) and shape[k] > 2]
    room = MAX_SEARCH_VALUES - (sum(shape) - sum(shape[k] for k in wide))
    if not wide or room < 2 * len(wide):
        return None
    t = max(2, math.ceil(sum(shape[k] for k in wide) / room))
    while sum(math.ceil(shape[k] / t) for k in wide) > room:
        t += 1
    issues = dict(scenario.issues)
    every: dict[str, int] = {}
    for k in wide:
        values = game.values[k]
        grid = list(values[base[k] % t :: t])
        if len(grid) < 2:  # keep the proposal's value and a neighbour on the sub-grid
            j = base[k]
            grid = [values[j - t], values[j]] if j >= t else [values[j], values[-1]]
        issue = scenario.issues[ids[k]]
        issues[ids[k]] = issue.model_copy(update={"step": None, "grid": tuple(grid)})
        every[ids[k]] = t
    return scenario.model_copy(update={"issues": issues}), every


def _stepped(scenario: Scenario, issue_id: str) -> bool:
    issue = scenario.issues[issue_id]
    return issue.range is not None and issue.step is not None


def statement(every: dict[str, int]) -> str:
    """The words a report prints about a thinned search."""
    t = next(iter(every.values()))
    names = ", ".join(every)
    return (
        f"the search looked at one value in every {t:,} of {names} to stay within its budget of "
        f"{MAX_SEARCH_VALUES:,} issue values; a better package may lie between those values"
    )
