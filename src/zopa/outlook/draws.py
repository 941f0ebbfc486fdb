"""The scenario's judgements and their draws, vectorised over draws.

A *judgement* is one uncertain number of the scenario (a weight, an option value, a point of a
value function, a tolerance, a walk-away value, a package-term value), named by its path in the
scenario (``parties.us.interests.security.weight``). Numbers used in several places are one
judgement (as in :func:`zopa.model.values.sampler`). Capabilities are left out: they move
forecasts, not whether a party accepts a package.

:func:`sample` draws every judgement for a block of draws into a matrix ``Z[judgement, draw]``;
:func:`tables` turns those draws into the per-issue utility tables of every draw at once,
computing exactly what :func:`zopa.compiler.compile_scenario` computes for one draw (the tests check
this against it draw by draw).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa.model import provisions as prov
from zopa.model import rules
from zopa.model import values as vf
from zopa.model.schema import Interest, Issue, Party, Scenario
from zopa.model.uncertain import Uncertain


@dataclass(frozen=True, eq=False)
class Judgement:
    """One uncertain number: where it is, what kind of judgement it is, and the number."""

    path: str
    kind: str  # "weight" | "value" | "reservation" | "tolerance" | "term" | "discount"
    party: str
    number: Uncertain


def judgements(scenario: Scenario, *, ratifiers: bool = False) -> tuple[Judgement, ...]:
    """Every distinct uncertain number that bears on acceptance, in scenario order; with
    ``ratifiers``, then the numbers of the factions of every signatory's ratifying bodies
    (their ``party`` is the signatory they ratify for), so the first judgements and their
    draws are the same with and without them."""
    seen: set[int] = set()
    out: list[Judgement] = []
    for path, kind, party, u in _walk(scenario, ratifiers):
        if id(u) not in seen:
            seen.add(id(u))
            out.append(Judgement(path, kind, party, u))
    return tuple(out)


def _walk(s: Scenario, ratifiers: bool) -> Iterator[tuple[str, str, str, Uncertain]]:
    for pid, party in s.parties.items():
        yield from _numbers(f"parties.{pid}", pid, party)
    if not ratifiers:
        return
    for pid, party in s.parties.items():
        if not party.signatory:
            continue
        for rid, body in party.ratifiers.items():
            for fid, faction in body.factions.items():
                base = f"parties.{pid}.ratifiers.{rid}.factions.{fid}"
                yield from _numbers(base, pid, faction)


def _numbers(base: str, pid: str, party: Any) -> Iterator[tuple[str, str, str, Uncertain]]:
    """The uncertain numbers of a party or a faction (both value packages the same way)."""
    if "reservation" in party.model_fields_set:  # the default object is shared
        yield f"{base}.reservation", "reservation", pid, party.reservation
    for issue_id, it in party.interests.items():
        ib = f"{base}.interests.{issue_id}"
        yield f"{ib}.weight", "weight", pid, it.weight
        for label, u in (it.values or {}).items():
            yield f"{ib}.values.{label}", "value", pid, u
        for k, (_, u) in enumerate(it.points or ()):
            yield f"{ib}.points[{k}]", "value", pid, u
        if it.tolerance is not None:
            yield f"{ib}.tolerance", "tolerance", pid, it.tolerance
    for k, term in enumerate(party.terms):
        yield f"{base}.terms[{k}].value", "term", pid, term.value
    if party.time_preference is not None:
        tp = party.time_preference
        yield f"{base}.time_preference.discount", "discount", pid, tp.discount


def sample(js: tuple[Judgement, ...], rng: np.random.Generator, n: int) -> np.ndarray:
    """``Z[j, d]``: ``n`` draws of every judgement (fixed numbers repeat), in order."""
    z = np.empty((len(js), n))
    for j, judgement in enumerate(js):
        z[j] = judgement.number.sample(rng, n)
    return z


def points(js: tuple[Judgement, ...]) -> np.ndarray:
    """``Z[j, 0]`` at the point estimates (one draw with every judgement at its point)."""
    return np.array([[j.number.point] for j in js]).reshape(len(js), 1)


class Drawn:
    """Look-up of a judgement's draws by the number itself."""

    def __init__(self, js: tuple[Judgement, ...], z: np.ndarray) -> None:
        self.rows = {id(j.number): z[i] for i, j in enumerate(js)}
        self.n = z.shape[1]

    def __call__(self, u: Uncertain) -> np.ndarray:
        row = self.rows.get(id(u))
        return np.full(self.n, u.point) if row is None else row


def coords(scenario: Scenario, grids: tuple[tuple[str | float, ...], ...]) -> list[np.ndarray]:
    """Each issue's values as numbers in the compiled game (option indices or the grid)."""
    return [
        np.arange(len(g), dtype=float) if scenario.issues[i].options is not None else np.array(g)
        for i, g in zip(scenario.issues, grids, strict=True)
    ]


def tables(
    scenario: Scenario, parties: tuple[str, ...], xs: list[np.ndarray], drawn: Drawn
) -> list[np.ndarray]:
    """Per issue ``k``, the array ``(n_draws, P, n_k)`` of weighted values (before ``scale``)."""
    issue_ids = tuple(scenario.issues)
    out = [np.zeros((drawn.n, len(parties), len(x))) for x in xs]
    for p, pid in enumerate(parties):
        party = scenario.parties[pid]
        w = weights(party, issue_ids, drawn)
        for k, issue_id in enumerate(issue_ids):
            it = party.interests.get(issue_id)
            if it is None:
                continue
            value = _scheduled(party, it, scenario.issues[issue_id], xs[k], drawn)
            out[k][:, p, :] = w[k][:, None] * value
    return out


def weights(party: Party, names: tuple[str, ...], drawn: Drawn) -> np.ndarray:
    """``(len(names), n_draws)`` weights of the party on ``names`` (issues or derived
    quantities), normalised over all its interests as :func:`zopa.model.values.weights` does."""
    zero = np.zeros(drawn.n)
    raw = np.array(
        [drawn(party.interests[i].weight) if i in party.interests else zero for i in names]
    ).reshape(len(names), drawn.n)
    if not party.normalize_weights:
        return raw
    total = raw.sum(axis=0) + sum(
        (drawn(it.weight) for i, it in party.interests.items() if i not in names), zero
    )
    return np.where(total > 0, raw / np.where(total > 0, total, 1.0), raw)


def derived_utility(
    scenario: Scenario, pid: str, at: dict[str, np.ndarray], drawn: Drawn
) -> np.ndarray:
    """``(n_draws, C)``: the party's weighted value of its interests in derived quantities at
    ``C`` outcomes (``at[name]``: each quantity's value there; ``at[name + "/extent"]`` is not
    used: extents come from :func:`zopa.compiler.derived_extent`)."""
    from zopa.compiler import derived_extent
    from zopa.model.derived import definitions

    party = scenario.parties[pid]
    defs = definitions(scenario)
    n_out = len(next(iter(at.values()))) if at else 0
    out = np.zeros((drawn.n, n_out))
    names = tuple(n for n in party.interests if n in defs)
    if not names:
        return out
    w = weights(party, names, drawn)
    for j, name in enumerate(names):
        extent = derived_extent(scenario, name, defs)
        out += w[j][:, None] * _value(party.interests[name], extent, at[name], drawn)
    return out


def _scheduled(party: Party, it: Interest, issue: Issue, x: np.ndarray, drawn: Drawn) -> np.ndarray:
    """``(n_draws, n_k)``: :func:`_value` with the issue's schedule over time weighed by the
    party's drawn time preference (as :func:`zopa.model.values.party_value` for one draw)."""
    if issue.schedule is None:
        return _value(it, issue, x, drawn)
    tp = party.time_preference
    return prov.scheduled(
        lambda c: _value(it, issue, c, drawn),
        issue.schedule,
        issue.options,
        lambda term: vf.option_coordinate(issue, term),
        x,
        np.ones(drawn.n) if tp is None else drawn(tp.discount),
        None if tp is None else tp.horizon,
    )


def _value(it: Interest, issue: Issue, x: np.ndarray, drawn: Drawn) -> np.ndarray:
    """``(n_draws, n_k)`` value of every grid value in every draw."""
    n = drawn.n
    if it.values is not None:
        assert issue.options is not None
        return np.stack([drawn(it.values[o]) for o in issue.options], axis=1)[:, x.astype(np.intp)]
    if it.points is not None and not all(u.is_fixed for _, u in it.points):
        px = np.array([p for p, _ in it.points])
        basis = np.stack([np.interp(x, px, np.eye(len(px))[j]) for j in range(len(px))], axis=1)
        ys = np.stack([drawn(u) for _, u in it.points], axis=0)
        return np.asarray((basis @ ys).T)
    if it.tolerance is not None and not it.tolerance.is_fixed:
        ideal = vf.ideal_coordinate(it, issue)
        tol = drawn(it.tolerance)[:, None]
        return np.asarray(np.clip(1.0 - np.abs(x[None, :] - ideal) / tol, 0.0, 1.0))
    return np.broadcast_to(vf.value(it, issue, x), (n, len(x)))


def term_masks(scenario: Scenario, pid: str, values: dict[str, np.ndarray]) -> list[np.ndarray]:
    """For each package term of the party, whether it holds at each of a set of outcomes
    (``values[issue]``: the outcomes' coordinates)."""
    out = []
    for term in scenario.parties[pid].terms:
        node = rules.parse_rule(term.when)
        n = len(next(iter(values.values())))
        out.append(np.broadcast_to(rules.evaluate(node, values, scenario.issues), (n,)))
    return out
