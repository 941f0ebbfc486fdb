"""What would it take: the minimal concession sets that bring a party on board, and the
summary ``zopa analyze`` shows for a rejected proposal.

Each set is shown with exactly the packages that work — written as disjoint blocks of values
(:mod:`zopa.counter.blocks`), every combination inside a block working — not as per-issue value
lists whose combinations may fail. Beyond :data:`~zopa.counter.exhaustive.SUBSPACE_LIMIT`
packages per set only the values each issue takes are known, and they are labelled as such.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

from zopa import params
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
from zopa.counter.blocks import blocks
from zopa.counter.exhaustive import MinimalSet
from zopa.counter.problem import CounterProblem, issues_of
from zopa.counter.results import Block, ConcessionSet, Conflict, Robustness, WhatItTakes
from zopa.counter.robust import DRAWS, Progress
from zopa.counter.thin import statement, thinned
from zopa.game import Game
from zopa.kernels.budget import STATEMENT, BudgetReached
from zopa.model.schema import Scenario
from zopa.seeds import as_seed

Minimal = Callable[[CounterProblem, int | None], tuple[list[MinimalSet], bool]]
MINIMAL: dict[str, Minimal] = {"enumerate": exhaustive.minimal_sets, "milp": milp.minimal_sets}


def what_it_takes(
    scenario: Scenario,
    proposal: Proposal,
    party: str,
    *,
    keep: Sequence[str] = (),
    limit: int = params.TAKES_LIMIT,
    method: str = "auto",
    game: Game | None = None,
    margin: float = 0.0,
    draws: int = DRAWS,
    seed: int = 0,
    progress: Progress | None = None,
) -> WhatItTakes:
    """The minimal sets of issues ``party`` needs changed to accept ``proposal`` (while every
    party in ``keep`` still accepts; each with at least ``margin`` over its walk-away value):
    no proper subset of a listed set is enough, and every package the parties accept changes
    all the issues of at least one listed set. The robustness draws are reported to
    ``progress(done, draws)``."""
    limit = params.count(limit, "limit", low=1, high=params.MAX_TOP)
    draws = params.count(draws, "draws", high=params.MAX_COUNTER_DRAWS)
    seed = as_seed(seed)
    ctx = Context.of(scenario, proposal, game, margin=margin)
    who = ctx.party(party)
    others = sorted({ctx.party(k) for k in keep} - {who})
    required = sorted({who, *others})
    engine = choose_method(ctx.game, method)
    notes: list[str] = []
    if engine == "milp" and (thin := thinned(ctx.scenario, ctx.game, ctx.base)) is not None:
        ctx = Context.of(thin[0], proposal, margin=margin)
        notes.append(statement(thin[1]))
    problem = ctx.problem(required)
    try:
        raw, complete = MINIMAL[engine](problem, limit)
    except BudgetReached:
        (raw, complete), notes = ([], False), [*notes, STATEMENT]
    robust = ctx.robustness([m.closest for m in raw], required, draws, seed, progress)
    sets = tuple(_concession_set(ctx, problem, m, robust.get(m.closest)) for m in raw)
    try:
        found = ESSENTIAL[engine](problem, [m.closest for m in raw])
        conflicts, c_complete = conflict_sets(ctx, problem, engine) if not raw else ((), True)
    except BudgetReached:
        found, conflicts, c_complete = {}, (), False
        notes += [] if STATEMENT in notes else [STATEMENT]
    accepts = not ctx.rejecting(required, problem.game)
    names = ctx.game.party_names
    text = _summary_text(
        ctx, names[who], [names[p] for p in others], accepts, sets, complete, conflicts
    )
    text = text[:1].upper() + text[1:]
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
        margin=ctx.margin,
        budget="; ".join(notes) or None,
    )


def _summary_text(
    ctx: Context,
    name: str,
    others: Sequence[str],
    accepts: bool,
    sets: Sequence[ConcessionSet],
    complete: bool,
    conflicts: Sequence[Conflict],
) -> str:
    with_margin = f" with a margin of at least {ctx.margin:g}" if ctx.margin else ""
    if others:
        scope = f", with {ex.join(others)} still accepting,"
    elif len(ctx.game.signatories) > 1:
        scope = " on its own terms (ignoring the other parties' limits)"
    else:
        scope = ""
    if accepts:
        return f"{name} already accepts {ctx.proposal}{with_margin}."
    if not sets:
        return f"No change to {ctx.proposal} brings {name} on board{scope}{with_margin}. " + (
            " ".join(c.explanation for c in conflicts)
        )
    if len(sets) == 1 and complete:
        head = f"{name} accepts {ctx.proposal}{scope}{with_margin}"
        return f"{head} after one set of changes: {sets[0].text}."
    more = "" if complete else " or more"
    return (
        f"{name} accepts {ctx.proposal}{scope}{with_margin} after any one of {len(sets)}{more} "
        f"minimal sets of changes; the smallest: {sets[0].text}."
    )


def _concession_set(
    ctx: Context, problem: CounterProblem, m: MinimalSet, robust: Robustness | None
) -> ConcessionSet:
    game = ctx.game
    issues = issues_of(m.mask)
    allowed = tuple(
        (game.issue_ids[k], tuple(game.values[k][v] for v in m.allowed[k])) for k in issues
    )
    closest = package(ctx, problem, m.closest, robust)
    found = None if m.combos is None else tuple(_block(ctx, issues, b) for b in blocks(m.combos))
    labels = [ex.in_sentence(ctx.labels[game.issue_ids[k]]) for k in issues]
    if not issues:
        text = "no change"
    elif found is not None and len(found) == 1:
        text = found[0].text
    else:
        nearest = ", ".join(
            f"{ex.in_sentence(c.label)} to {ex.value_text(c.after, ctx.units[c.issue])}"
            for c in closest.changes
        )
        count = "" if m.n_packages is None else f"{ex.plural(m.n_packages, 'combination')} work; "
        text = f"changing {ex.join(labels)} ({count}closest: {nearest})"
    return ConcessionSet(
        issues=tuple(game.issue_ids[k] for k in issues),
        allowed=allowed,
        n_packages=m.n_packages,
        closest=closest,
        text=text,
        blocks=found,
        allowed_text=tuple(
            (
                game.issue_ids[k],
                ex.choice_text(m.allowed[k], game.values[k], ctx.units[game.issue_ids[k]]),
            )
            for k in issues
        ),
    )


def _block(ctx: Context, issues: Sequence[int], block: tuple[tuple[int, ...], ...]) -> Block:
    game = ctx.game
    values = tuple(
        (game.issue_ids[k], tuple(game.values[k][v] for v in vals))
        for k, vals in zip(issues, block, strict=True)
    )
    parts = []
    for k, vals in zip(issues, block, strict=True):
        issue = game.issue_ids[k]
        choice = ex.choice_text(vals, game.values[k], ctx.units[issue])
        parts.append(f"{ex.in_sentence(ctx.labels[issue])} to {choice}")
    n = prod(len(v) for v in block)
    return Block(values=values, n_packages=n, text=ex.join(parts))


@dataclass(frozen=True)
class CounterOverview:
    """What :func:`counter_overview` found for one proposal, in JSON-ready parts."""

    proposal: str
    rejecting: tuple[str, ...]
    counters: tuple[Mapping[str, Any], ...]
    essential: tuple[Mapping[str, Any], ...]
    conflicts: tuple[Mapping[str, Any], ...]
    method: str
    summary: str
    margin: float
    draws: int
    seed: int
    what_it_takes: Mapping[str, Mapping[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain JSON data, in field order."""
        return {
            "proposal": self.proposal,
            "rejecting": list(self.rejecting),
            "counters": [dict(c) for c in self.counters],
            "essential": [dict(e) for e in self.essential],
            "conflicts": [dict(c) for c in self.conflicts],
            "method": self.method,
            "summary": self.summary,
            "margin": self.margin,
            "draws": self.draws,
            "seed": self.seed,
            "what_it_takes": {p: dict(v) for p, v in self.what_it_takes.items()},
        }


def counter_overview(
    scenario: Scenario,
    proposal_name: str,
    top: int = params.COUNTER_TOP,
    *,
    keep_others: bool = True,
    margin: float = 0.0,
    draws: int = DRAWS,
    seed: int = 0,
) -> CounterOverview:
    """For ``zopa analyze``: the top counter-proposals every signatory accepts (with each one's
    margins and robustness), what it would take for each rejecting signatory — by default while
    the proposer and every other signatory that accepts the proposal still accept, which is what
    a mediator can offer; ``keep_others=False`` asks about the party on its own — the essential
    concessions, and, when no deal exists, the minimal conflict sets."""
    game = scenario.compile()
    report = counter_proposals(
        scenario, proposal_name, top=top, game=game, margin=margin, draws=draws, seed=seed
    )
    needs: dict[str, dict[str, Any]] = {}
    accepting = [p for p in report.required if p not in report.rejecting]
    for party in report.rejecting:
        keep = accepting if keep_others else []
        takes = what_it_takes(
            scenario,
            proposal_name,
            party,
            keep=keep,
            limit=top,
            game=game,
            margin=margin,
            draws=draws,
            seed=seed,
        )
        data = takes.to_dict()
        needs[party] = {
            k: data[k]
            for k in ("required", "minimal_sets", "complete", "essential", "conflicts", "summary")
        }
    return CounterOverview(
        proposal_name,
        tuple(report.rejecting),
        tuple(p.to_dict() for p in report.packages),
        tuple(e.to_dict() for e in report.essential),
        tuple(c.to_dict() for c in report.conflicts),
        report.method,
        report.summary,
        margin,
        draws,
        seed,
        needs,
    )
