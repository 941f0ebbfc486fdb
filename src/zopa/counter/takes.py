"""What would it take: the minimal concession sets that bring a party on board, and the
summary ``zopa analyze`` shows for a rejected proposal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from zopa.counter import exhaustive, milp
from zopa.counter import explain as ex
from zopa.counter.api import (
    ESSENTIAL,
    Context,
    Proposal,
    choose_method,
    conflict_sets,
    counter_proposals,
    essentials,
    package,
)
from zopa.counter.exhaustive import MinimalSet
from zopa.counter.problem import CounterProblem, issues_of
from zopa.counter.results import ConcessionSet, WhatItTakes
from zopa.game import Game
from zopa.model.schema import Scenario

Minimal = Callable[[CounterProblem, int | None], tuple[list[MinimalSet], bool]]
MINIMAL: dict[str, Minimal] = {"enumerate": exhaustive.minimal_sets, "milp": milp.minimal_sets}


def what_it_takes(
    scenario: Scenario,
    proposal: Proposal,
    party: str,
    *,
    keep: Sequence[str] = (),
    limit: int = 20,
    method: str = "auto",
    game: Game | None = None,
) -> WhatItTakes:
    """The minimal sets of issues ``party`` needs changed to accept ``proposal`` (while every
    party in ``keep`` still accepts): no proper subset of a listed set is enough, and every
    package the parties accept changes all the issues of at least one listed set."""
    ctx = Context.of(scenario, proposal, game)
    required = sorted({ctx.party(party)} | {ctx.party(k) for k in keep})
    engine = choose_method(ctx.game, method)
    problem = ctx.problem(required)
    raw, complete = MINIMAL[engine](problem, limit)
    sets = tuple(_concession_set(ctx, problem, m) for m in raw)
    found = ESSENTIAL[engine](problem)
    conflicts, c_complete = conflict_sets(ctx, required, engine) if not raw else ((), True)
    name = ctx.game.party_names[ctx.party(party)]
    accepts = not ctx.rejecting(required)
    if accepts:
        text = f"{name} already accepts {ctx.proposal}."
    elif sets:
        more = "" if complete else " or more"
        text = (
            f"{name} accepts {ctx.proposal} after any one of {len(sets)}{more} minimal sets of "
            f"changes; the smallest: {sets[0].text}."
        )
    else:
        text = f"No change to {ctx.proposal} brings {name} on board. " + " ".join(
            c.explanation for c in conflicts
        )
    return WhatItTakes(
        scenario=scenario.name,
        proposal=ctx.proposal,
        party=party,
        required=tuple(ctx.game.party_ids[p] for p in required),
        accepts_already=accepts,
        sets=sets,
        complete=complete,
        essential=essentials(ctx, found),
        conflicts=conflicts,
        conflicts_complete=c_complete,
        method=engine,
        summary=text,
    )


def _concession_set(ctx: Context, problem: CounterProblem, m: MinimalSet) -> ConcessionSet:
    game = ctx.game
    issues = issues_of(m.mask)
    allowed = tuple(
        (game.issue_ids[k], tuple(game.values[k][v] for v in m.allowed[k])) for k in issues
    )
    if not issues:
        text = "no change"
    else:
        parts = []
        for issue, vals in allowed:
            options = ex.join([ex.value_text(v, ctx.units[issue]) for v in vals], "or")
            parts.append(f"{ex.in_sentence(ctx.labels[issue])} to {options}")
        text = ex.join(parts)
    return ConcessionSet(
        issues=tuple(game.issue_ids[k] for k in issues),
        allowed=allowed,
        n_packages=m.n_packages,
        closest=package(ctx, problem, m.closest),
        text=text,
    )


def summary(scenario: Scenario, proposal_name: str, top: int = 3) -> dict[str, Any]:
    """For ``zopa analyze``: the top counter-proposals every signatory accepts, what it would
    take for each rejecting signatory on its own, the essential concessions, and, when no deal
    exists, the minimal conflict sets. Plain JSON-ready data."""
    game = scenario.compile()
    report = counter_proposals(scenario, proposal_name, top=top, game=game)
    out: dict[str, Any] = {
        "proposal": proposal_name,
        "rejecting": list(report.rejecting),
        "counters": [p.to_dict() for p in report.packages],
        "essential": [e.to_dict() for e in report.essential],
        "conflicts": [c.to_dict() for c in report.conflicts],
        "method": report.method,
        "summary": report.summary,
        "what_it_takes": {},
    }
    for party in report.rejecting:
        takes = what_it_takes(scenario, proposal_name, party, limit=top, game=game)
        data = takes.to_dict()
        out["what_it_takes"][party] = {
            k: data[k] for k in ("minimal_sets", "complete", "essential", "conflicts", "summary")
        }
    return out
