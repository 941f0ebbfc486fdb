"""Scenario-level facade: counter-proposals, what it takes, trade-offs, and the analyze summary.

These functions resolve names (proposal, parties), choose the engine (enumeration when the space
has at most :data:`ENUMERATE_LIMIT` outcomes, integer programming above), and turn outcome codes
into labelled, explained results. The maths live in the engine modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from zopa import params
from zopa._types import Value
from zopa.counter import conflicts as cf
from zopa.counter import exhaustive, milp
from zopa.counter import explain as ex
from zopa.counter.distance import distance_of
from zopa.counter.problem import REPORT_RANKINGS, CounterProblem, issues_of
from zopa.counter.results import (
    Change,
    Conflict,
    CounterReport,
    Effect,
    Essential,
    Limit,
    Package,
    Robustness,
)
from zopa.counter.robust import DRAWS, Progress, robustness
from zopa.counter.thin import statement, thinned
from zopa.errors import InputError
from zopa.game import Game
from zopa.kernels.budget import STATEMENT, Budget, BudgetReached
from zopa.kernels.milp_space import Constraint
from zopa.model.schema import Scenario
from zopa.seeds import as_seed

#: Spaces up to this many outcomes are searched by enumeration, larger ones by integer programming.
ENUMERATE_LIMIT = 5_000_000
METHODS = ("auto", "enumerate", "milp")

Proposal = str | Mapping[str, Value]


@dataclass(frozen=True, eq=False)
class Context:
    """A scenario, its compiled game and one proposal, with the labels results need."""

    scenario: Scenario
    game: Game
    proposal: str
    base: tuple[int, ...]
    proposer: int | None
    margin: float = 0.0

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        proposal: Proposal,
        game: Game | None = None,
        *,
        margin: float = 0.0,
    ) -> Context:
        margin = params.finite(margin, "margin", low=0.0, high=1.0)
        game = game if game is not None else scenario.compile()
        if isinstance(proposal, str):
            if proposal not in scenario.proposals:
                known = ", ".join(scenario.proposals) or "none"
                raise InputError.single(
                    f"unknown proposal {proposal!r}; proposals are: {known}", path="proposals"
                )
            p = scenario.proposals[proposal]
            name, terms, by = proposal, p.terms, p.by
        else:
            name, terms, by = "custom terms", dict(proposal), None
        code = game.encode(terms)
        base = tuple(int(v) for v in game.indices([code])[0])
        proposer = game.party_ids.index(by) if by in game.party_ids else None
        return cls(scenario, game, name, base, proposer, float(margin))

    @property
    def labels(self) -> dict[str, str]:
        issues = self.scenario.issues
        return {i: (issues[i].label or i.replace("_", " ")) for i in self.game.issue_ids}

    @property
    def units(self) -> dict[str, str | None]:
        return {i: self.scenario.issues[i].unit for i in self.game.issue_ids}

    def problem(self, required: Sequence[int]) -> CounterProblem:
        """The search: ``required`` must accept, each with at least ``margin`` above its
        walk-away value (their reservations are raised by the margin in the searched game)."""
        ordered = [self.scenario.issues[i].is_ordered for i in self.game.issue_ids]
        game = self.game
        if self.margin > 0:
            raised = game.reservations.copy()
            raised[list(required)] += self.margin
            game = replace(game, reservations=raised)
        return CounterProblem.build(
            game, self.base, required, ordered=ordered, proposer=self.proposer
        )

    def party(self, party_id: str) -> int:
        return self.game.party_index(party_id)

    def names(self, parties: Sequence[int]) -> list[str]:
        return [self.game.party_names[p] for p in parties]

    def rejecting(self, parties: Sequence[int], game: Game | None = None) -> tuple[int, ...]:
        """Which of ``parties`` reject the proposal (in ``game``, by default the scenario's)."""
        ok = (game or self.game).acceptable_of([self.base_code])[:, 0]
        return tuple(p for p in parties if not ok[p])

    def robustness(
        self,
        codes: Sequence[int],
        parties: Sequence[int],
        draws: int,
        seed: int,
        progress: Progress | None = None,
    ) -> dict[int, Robustness]:
        return robustness(
            self.scenario, self.game, codes, parties, draws=draws, seed=seed, progress=progress
        )

    @property
    def base_code(self) -> int:
        return int(np.ravel_multi_index(self.base, self.game.shape))


def choose_method(game: Game, method: str) -> str:
    if method not in METHODS:
        raise InputError.single(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if method != "auto":
        return method
    return "enumerate" if game.n_outcomes <= ENUMERATE_LIMIT else "milp"


# -- building results ----------------------------------------------------------------------------


def package(
    ctx: Context, problem: CounterProblem, code: int, robust: Robustness | None = None
) -> Package:
    """A labelled, explained package for an outcome code."""
    game = ctx.game
    idx = game.indices([code])[0]
    labels = ctx.labels
    changes = tuple(
        Change(i, labels[i], game.values[k][ctx.base[k]], game.values[k][int(idx[k])])
        for k, i in enumerate(game.issue_ids)
        if idx[k] != ctx.base[k]
    )
    u = game.utilities_of([ctx.base_code, code])
    ok = game.acceptable_of([ctx.base_code, code])
    effects = []
    for p, pid in enumerate(game.party_ids):
        parts = [
            (
                game.issue_ids[k],
                float(game.tables[k][p, idx[k]] - game.tables[k][p, ctx.base[k]])
                / float(game.scale[p]),
            )
            for k in range(len(ctx.base))
            if idx[k] != ctx.base[k]
        ]
        rest = float(u[p, 1] - u[p, 0]) - sum(v for _, v in parts)
        if abs(rest) > 1e-12:
            parts.append(("package terms", rest))
        effects.append(
            Effect(
                pid,
                game.party_names[p],
                bool(game.signatory[p]),
                float(game.reservations[p]),
                float(u[p, 0]),
                float(u[p, 1]),
                bool(ok[p, 0]),
                bool(ok[p, 1]),
                tuple(parts),
            )
        )
    req = list(problem.required)
    gains = np.maximum(u[req, 1] - game.reservations[req], 0.0)
    text = ex.package_text(changes, effects, labels, ctx.units)
    if changes:
        margins = [(game.party_ids[p], float(u[p, 1] - game.reservations[p])) for p in req]
        text += " " + ex.robustness_text(
            margins, robust, dict(zip(game.party_ids, game.party_names, strict=True))
        )
    return Package(
        terms=tuple(game.decode(code).items()),
        changes=changes,
        distance=float(distance_of(problem.distance_tables, idx[None, :])[0]),
        effects=tuple(effects),
        nash=float(np.prod(gains)),
        explanation=text,
        required=tuple(game.party_ids[p] for p in req),
        robustness=robust,
    )


def essentials(ctx: Context, found: dict[int, tuple[int, ...]] | None) -> tuple[Essential, ...]:
    out = []
    for k, allowed in sorted((found or {}).items()):
        issue, grid = ctx.game.issue_ids[k], ctx.game.values[k]
        vals = tuple(grid[v] for v in allowed)
        before = grid[ctx.base[k]]
        choice = ex.choice_text(allowed, grid, ctx.units[issue])
        text = ex.essential_text(ctx.labels[issue], before, choice, ctx.units[issue])
        out.append(Essential(issue, ctx.labels[issue], before, vals, text, choice))
    return tuple(out)


def conflict_sets(
    ctx: Context, problem: CounterProblem, method: str, limit: int = 5
) -> tuple[tuple[Conflict, ...], bool]:
    """Minimal conflict sets among the required parties' red lines and walk-away values (plus
    the margin)."""
    run = cf.exhaustive if method == "enumerate" else cf.integer_programming
    parties = problem.required
    cons, found, complete = run(problem.game, parties, limit)
    best = None
    if method == "enumerate":
        sub = ctx.game.restrict(list(parties))
        top = sub.utilities().max(axis=1)
        best = {ctx.game.party_ids[p]: float(top[i]) for i, p in enumerate(parties)}
    out = []
    for mask in found:
        limits = tuple(_limit(ctx, cons[j]) for j in issues_of(mask))
        out.append(Conflict(limits, ex.conflict_text(limits, best)))
    return tuple(out), complete


def _limit(ctx: Context, c: Constraint) -> Limit:
    game = ctx.game
    pid = game.party_ids[c.party]
    name = game.party_names[c.party]
    name += "'" if name.endswith("s") else "'s"
    if c.factor is None:
        r = float(game.reservations[c.party])
        plus = f" plus the margin {ctx.margin:g}" if ctx.margin else ""
        return Limit(pid, "reservation", f"{name} walk-away value ({r:.2f}){plus}")
    factor = game.constraints[c.factor]
    if factor.deal:
        return Limit(pid, "red_line", f"the deal-level rule “{factor.label}”")
    own = [j for j, f in enumerate(game.constraints) if f.party == c.party and not f.deal]
    red = ctx.scenario.parties[pid].red_lines[own.index(c.factor)]
    return Limit(pid, "red_line", f"{name} red line “{red.label or red.rule}”")


# -- the analyses --------------------------------------------------------------------------------

Finder = Callable[[CounterProblem, Sequence[int]], dict[int, tuple[int, ...]] | None]
ESSENTIAL: dict[str, Finder] = {"enumerate": exhaustive.essential, "milp": milp.essential}


def counter_proposals(
    scenario: Scenario,
    proposal: Proposal,
    *,
    for_party: str | None = None,
    rank: str = "robust",
    top: int = params.COUNTER_TOP,
    method: str = "auto",
    game: Game | None = None,
    margin: float = 0.0,
    draws: int = DRAWS,
    seed: int = 0,
    progress: Progress | None = None,
) -> CounterReport:
    """Counter-proposals every signatory accepts (or, with ``for_party``, that party and the
    proposer), each with at least ``margin`` above its walk-away value, ranked by ``rank`` and
    diverse (see :mod:`zopa.counter.rank`); each package's robustness is measured over ``draws``
    draws of the scenario's uncertain numbers (:mod:`zopa.counter.robust`), reported to
    ``progress(done, draws)`` as they are made."""
    if rank not in REPORT_RANKINGS:
        known = ", ".join(REPORT_RANKINGS)
        raise InputError.single(f"unknown ranking {rank!r}; choose one of {known}")
    top = params.count(top, "top", low=1, high=params.MAX_TOP)
    draws = params.count(draws, "draws", high=params.MAX_COUNTER_DRAWS)
    seed = as_seed(seed)
    ctx = Context.of(scenario, proposal, game, margin=margin)
    if for_party is not None:
        required = {ctx.party(for_party)} | ({ctx.proposer} if ctx.proposer is not None else set())
    else:
        required = set(ctx.game.signatories) or set(range(ctx.game.n_parties))
    if rank == "proposer" and ctx.proposer is None:
        raise InputError.single(
            f"proposal {ctx.proposal!r} names no proposer ('by'); rank by 'changes' or 'nash'",
            path="rank",
        )
    engine = choose_method(ctx.game, method)
    notes: list[str] = []
    if engine == "milp" and (thin := thinned(ctx.scenario, ctx.game, ctx.base)) is not None:
        ctx = Context.of(thin[0], proposal, margin=margin)
        notes.append(statement(thin[1]))
    budget = Budget(progress=progress)
    problem = ctx.problem(sorted(required))
    short = ctx.rejecting(problem.required, problem.game)
    if not short and rank in ("changes", "robust"):
        codes: list[int] = []
    elif rank == "robust":
        codes = _counters(engine, problem, "changes", max(POOL, top), budget)
        codes += _counters(engine, problem, "nash", max(POOL, top), budget)
        codes = list(dict.fromkeys(codes))
    else:
        codes = _counters(engine, problem, rank, top, budget)
    robust = ctx.robustness(codes, problem.required, draws, seed, progress)
    if rank == "robust":
        codes = holding(ctx, problem, codes, robust)[:top]
    packages = tuple(package(ctx, problem, c, robust.get(c)) for c in codes)
    try:
        found = ESSENTIAL[engine](problem, codes) if short else {}
        done = conflict_sets(ctx, problem, engine) if not codes and short else ((), True)
    except BudgetReached:
        budget.reached, found, done = True, {}, ((), False)
    conflicts, complete = done
    if budget.reached:
        notes.append(STATEMENT)
    ess = essentials(ctx, found)
    routes = n_routes(problem, codes)
    return CounterReport(
        scenario=scenario.name,
        proposal=ctx.proposal,
        rank=rank,
        required=tuple(ctx.game.party_ids[p] for p in problem.required),
        rejecting=tuple(ctx.game.party_ids[p] for p in ctx.rejecting(problem.required)),
        packages=packages,
        essential=ess,
        conflicts=conflicts,
        conflicts_complete=complete,
        method=engine,
        summary=ex.counter_summary(
            ctx.proposal,
            ctx.names(problem.required),
            bool(short),
            packages,
            routes,
            ess,
            conflicts,
            ctx.margin,
        ),
        margin=ctx.margin,
        n_routes=routes,
        budget="; ".join(notes) or None,
    )


def _counters(
    engine: str, problem: CounterProblem, rank: str, top: int, budget: Budget
) -> list[int]:
    if engine == "milp":
        return milp.counters(problem, rank, top, budget)
    return exhaustive.counters(problem, rank, top)


#: Packages found by fewest changes and by Nash product, each, among which ``robust`` ranks.
POOL = 10


def holding(
    ctx: Context, problem: CounterProblem, codes: list[int], robust: dict[int, Robustness]
) -> list[int]:
    """``codes`` sorted by the share of draws in which every required party accepts (most
    first; without draws, all tie), then fewest changes, then the largest smallest margin,
    then the lowest code."""
    game = problem.game
    req = list(problem.required)
    idx = game.indices(codes) if codes else np.zeros((0, len(ctx.base)), dtype=np.int64)
    changed = (idx != np.asarray(ctx.base)[None, :]).sum(axis=1)
    u = game.utilities_of(codes)[req] if codes else np.zeros((len(req), 0))
    low = (u - game.reservations[req][:, None]).min(axis=0) if codes else np.zeros(0)

    def key(j: int) -> tuple[float, int, float, int]:
        share = robust[codes[j]].share if codes[j] in robust else 0.0
        return (-round(share, 12), int(changed[j]), -round(float(low[j]), 12), codes[j])

    return [codes[j] for j in sorted(range(len(codes)), key=key)]


def n_routes(problem: CounterProblem, codes: Sequence[int]) -> int:
    """Length of the leading run of packages none of which changes a superset of the issues an
    earlier one changes (the different routes; later packages differ only in values)."""
    masks = [problem.changed_mask(i) for i in problem.game.indices(list(codes))] if codes else []
    for i, m in enumerate(masks):
        if any(e & m == e for e in masks[:i]):
            return i
    return len(masks)
