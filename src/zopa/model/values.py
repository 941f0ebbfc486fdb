"""Value functions: how much a party values each value of an issue, on [0, 1].

All functions work on arrays: ``x`` holds option indices (option issues) or numbers (range
issues). ``pick`` chooses which number of an :class:`Uncertain` to use — the point estimate by
default, or a drawn value in Monte Carlo.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from zopa.model import provisions as prov
from zopa.model.grids import coordinates
from zopa.model.schema import Interest, Issue, Party
from zopa.model.uncertain import Uncertain

Pick = Callable[[Uncertain], float]


def point(u: Uncertain) -> float:
    return u.point


def sampler(rng: np.random.Generator) -> Pick:
    """A ``pick`` that draws each uncertain number once and then keeps that draw, so one
    compiled game (or one diagnosis) sees a single consistent set of judgements."""
    drawn: dict[int, tuple[Uncertain, float]] = {}

    def pick(u: Uncertain) -> float:
        hit = drawn.get(id(u))
        if hit is None or hit[0] is not u:
            hit = (u, float(u.sample(rng)))
            drawn[id(u)] = hit
        return hit[1]

    return pick


def coordinate(issue: Issue) -> np.ndarray:
    """The issue's values as numbers: option indices, or the range grid."""
    return coordinates(issue)


def extent(issue: Issue) -> tuple[float, float]:
    """The numeric span of the issue: [0, n-1] for options, the range otherwise."""
    if issue.options is not None:
        return 0.0, float(max(len(issue.options) - 1, 1))
    lo, hi = issue.bounds
    return float(lo), float(hi)


def ideal_coordinate(interest: Interest, issue: Issue) -> float:
    """The ``ideal`` of an interest as a number (an option name becomes its index)."""
    assert interest.ideal is not None
    if isinstance(interest.ideal, str):
        assert issue.options is not None
        return float(issue.options.index(interest.ideal))
    return float(interest.ideal)


def value(interest: Interest, issue: Issue, x: np.ndarray, pick: Pick = point) -> np.ndarray:
    """v(x) in [0, 1] for an array of issue coordinates ``x``."""
    x = np.asarray(x, dtype=float)
    lo, hi = extent(issue)
    if interest.values is not None:
        assert issue.options is not None
        table = np.array([pick(interest.values[o]) for o in issue.options])
        return np.asarray(table[x.astype(np.intp)])
    if interest.prefers is not None:
        if issue.options is not None and len(issue.options) == 1:
            return np.ones_like(x)  # nothing to prefer
        frac = (x - lo) / (hi - lo) if hi > lo else np.ones_like(x)
        return np.asarray(frac if interest.prefers == "high" else 1.0 - frac)
    if interest.ideal is not None:
        ideal = ideal_coordinate(interest, issue)
        tol = (
            pick(interest.tolerance)
            if interest.tolerance is not None
            else max(ideal - lo, hi - ideal, 1e-12)
        )
        return np.asarray(np.clip(1.0 - np.abs(x - ideal) / tol, 0.0, 1.0))
    assert interest.points is not None
    xs = np.array([p for p, _ in interest.points])
    vs = np.array([pick(v) for _, v in interest.points])
    return np.asarray(np.interp(x, xs, vs))


def party_value(
    party: Party, interest: Interest, issue: Issue, x: np.ndarray, pick: Pick = point
) -> np.ndarray:
    """v(x) of ``party`` for an issue, with the issue's schedule over time weighed by the
    party's time preference (:mod:`zopa.model.provisions`); :func:`value` where there is none."""
    if issue.schedule is None:
        return value(interest, issue, x, pick)
    tp = party.time_preference
    return prov.scheduled(
        lambda c: value(interest, issue, c, pick),
        issue.schedule,
        issue.options,
        lambda term: option_coordinate(issue, term),
        x,
        1.0 if tp is None else pick(tp.discount),
        None if tp is None else tp.horizon,
    )


def option_coordinate(issue: Issue, term: str | float) -> float:
    """A term as a coordinate: an option's index, or the number itself."""
    if issue.options is not None:
        assert isinstance(term, str)
        return float(issue.options.index(term))
    return float(term)


def party_best_value(party: Party, interest: Interest, issue: Issue, pick: Pick = point) -> float:
    """The highest value the party can get on the issue, its schedule included."""
    return float(party_value(party, interest, issue, reachable(interest, issue), pick).max())


def party_best_coordinate(
    party: Party, interest: Interest, issue: Issue, pick: Pick = point
) -> float:
    """The party's most preferred coordinate on the issue (schedule included; first on ties)."""
    x = reachable(interest, issue)
    return float(x[int(np.argmax(party_value(party, interest, issue, x, pick)))])


def weights(party: Party, issue_ids: tuple[str, ...], pick: Pick = point) -> np.ndarray:
    """The party's weight on each of ``issue_ids`` (issues or derived quantities; 0 where it has
    no interest), normalised unless ``normalize_weights`` is false so that the weights of all
    its interests (issues and derived quantities) sum to 1."""
    w = np.array(
        [pick(party.interests[i].weight) if i in party.interests else 0.0 for i in issue_ids]
    )
    total = float(w.sum()) + sum(
        pick(it.weight) for i, it in party.interests.items() if i not in issue_ids
    )
    if party.normalize_weights and total > 0:
        w = w / total
    return w


def reachable(interest: Interest, issue: Issue) -> np.ndarray:
    """Coordinates where the value function can peak within the issue: the grid (or options),
    plus, for range issues, the ideal and the ``points`` x-values clipped to the range."""
    x = coordinate(issue)
    if issue.range is None:
        return x
    lo, hi = extent(issue)
    extra = []
    if interest.points is not None:
        extra = [float(np.clip(p, lo, hi)) for p, _ in interest.points]
    if interest.ideal is not None:
        extra.append(float(np.clip(ideal_coordinate(interest, issue), lo, hi)))
    return np.union1d(x, extra)


def best_value(interest: Interest, issue: Issue, pick: Pick = point) -> float:
    """The highest value the party can get on the issue."""
    return float(value(interest, issue, reachable(interest, issue), pick).max())


def best_coordinate(interest: Interest, issue: Issue, pick: Pick = point) -> float:
    """The party's most preferred coordinate on the issue (the first on ties), within the
    issue's extent."""
    x = reachable(interest, issue)
    v = value(interest, issue, x, pick)
    return float(x[int(np.argmax(v))])
