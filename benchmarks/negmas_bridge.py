"""Run zopa games in NegMAS 0.16 (optional: only where ``negmas`` is importable).

A zopa :class:`~zopa.game.Game` without package terms becomes a NegMAS outcome space (one
categorical issue per zopa issue, values as strings) and one ``LinearAdditiveUtilityFunction``
per party whose per-issue tables are zopa's, so both tools evaluate the same utilities.

Strategy correspondence (where the definitions coincide, see docs/negotiate.md):

* zopa ``time-dependent:e=E,tolerance=1e-4`` <-> NegMAS ``TimeBasedConcedingNegotiator`` with
  ``offering_curve=1/E`` (``PolyAspiration``: level 1 - t^(1/E) on [Pmin, Pmax]; offers
  ``worst_in`` the band [level - 1e-4, max]; accepts offers inside that band);
* zopa ``aspiration`` <-> NegMAS ``AspirationNegotiator`` (defaults: exponent 4, tolerance 1e-3).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from zopa.game import Game

NEGMAS_EPS = 1e-4  # UtilBasedNegotiator's default eps (the band's tolerance)


def negmas_scenario(game: Game) -> tuple[Any, list[Any]]:
    """The NegMAS outcome space and utility functions of an additive zopa game."""
    from negmas import make_issue
    from negmas.outcomes import make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    if game.terms or game.constraints or not game.additive:
        raise ValueError("only additive games without red lines map onto NegMAS exactly")
    issues = [
        make_issue(values=[str(v) for v in vals], name=name)
        for name, vals in zip(game.issue_ids, game.values, strict=True)
    ]
    space = make_os(issues)
    ufuns = []
    for p in range(game.n_parties):
        funs = [
            TableFun({str(v): float(u) for v, u in zip(vals, table[p], strict=True)})
            for vals, table in zip(game.values, game.tables, strict=True)
        ]
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=funs,
                weights=[1.0 / game.scale[p]] * len(funs),
                outcome_space=space,
                reserved_value=float(game.reservations[p]),
            )
        )
    return space, ufuns


def break_ties(game: Game, delta: float = 1e-12) -> Game:
    """The same game with every utility u replaced by ``u * (1 - delta * N) + delta * code``:
    distinct outcomes get distinct utilities, so "the lowest utility at least the target" names
    one outcome in both tools (NegMAS orders equal utilities by an unstable sort, zopa by outcome
    code). The change is additive (code = sum of index * stride), keeps utilities in [0, 1] and
    moves none by more than 1e-6 for up to a million outcomes."""
    strides = np.cumprod((1, *game.shape[:0:-1]))[::-1]
    shrink = 1.0 - delta * game.n_outcomes
    tables = [
        t * shrink + delta * s * np.arange(t.shape[1])
        for t, s in zip(game.tables, strides, strict=True)
    ]
    return Game.from_arrays(
        tables=tables,
        reservations=game.reservations,
        party_ids=game.party_ids,
        issue_ids=game.issue_ids,
        values=game.values,
        scale=game.scale,
    )


def negmas_negotiator(spec: str) -> Any:
    """The NegMAS negotiator matching a zopa strategy spec (see the module doc)."""
    from negmas.sao import AspirationNegotiator, TimeBasedConcedingNegotiator

    name, _, rest = spec.partition(":")
    params = dict(item.split("=") for item in rest.split(",") if item)
    e = {"boulware": 0.2, "linear": 1.0, "conceder": 2.0}.get(name)
    if name == "time-dependent":
        e = float(params.get("e", 1.0))
    if e is not None:
        return TimeBasedConcedingNegotiator(offering_curve=1.0 / e)
    if name == "aspiration":
        return AspirationNegotiator()
    raise ValueError(f"no NegMAS counterpart for {spec!r}")


def zopa_spec(spec: str) -> str:
    """The zopa spec whose definition matches NegMAS's counterpart exactly (tolerance included)."""
    name, _, rest = spec.partition(":")
    e = {"boulware": 0.2, "linear": 1.0, "conceder": 2.0}.get(name)
    if e is not None:
        return f"time-dependent:e={e},tolerance={NEGMAS_EPS}"
    if name == "time-dependent":
        return (
            f"{spec},tolerance={NEGMAS_EPS}" if rest else f"time-dependent:tolerance={NEGMAS_EPS}"
        )
    return spec


def run_negmas(
    game: Game, specs: list[str], rounds: int, space_ufuns: Any = None
) -> dict[str, Any]:
    """One NegMAS SAO session; returns the agreement as a zopa code (or None) and the steps."""
    from negmas import SAOMechanism

    space, ufuns = space_ufuns or negmas_scenario(game)
    mech = SAOMechanism(outcome_space=space, n_steps=rounds, time_limit=None)
    for spec, ufun in zip(specs, ufuns, strict=True):
        mech.add(negmas_negotiator(spec), ufun=ufun)
    state = mech.run()
    agreement = None
    if state.agreement is not None:
        idx = [
            [str(v) for v in vals].index(x)
            for vals, x in zip(game.values, state.agreement, strict=True)
        ]
        agreement = int(game.codes([idx])[0])
    return {"agreement": agreement, "steps": state.step, "broken": state.broken}
