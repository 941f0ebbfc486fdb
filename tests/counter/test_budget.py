"""Integer-programming searches within their stated budget: they end, say so, and give the same
answer for the same input."""

from __future__ import annotations

import numpy as np

from tests.counter.examples import TRADE
from tests.frontier.strategies import brute_frontier
from zopa.counter import counter_proposals
from zopa.counter import milp as counter_milp
from zopa.counter.api import Context
from zopa.frontier import frontier
from zopa.frontier import milp as front_milp
from zopa.game import TOL
from zopa.kernels import budget
from zopa.kernels.budget import STATEMENT, Budget
from zopa.model import scenario_from_text

# Three range issues of 32,000 values each (96,000 in all, inside the integer-programming limit
# of 100,000): one programme over the full grid takes HiGHS minutes.
WIDE = """
name: wide
issues:
  a: {range: [0, 31999], step: 1}
  b: {range: [0, 31999], step: 1}
  c: {range: [0, 31999], step: 1}
parties:
  x:
    reservation: 0.6
    interests:
      a: {weight: 3, prefers: high}
      b: {weight: 2, prefers: low}
      c: {weight: 1, prefers: high}
  y:
    reservation: 0.6
    interests:
      a: {weight: 1, prefers: low}
      b: {weight: 3, prefers: high}
      c: {weight: 2, prefers: low}
proposals:
  start:
    by: x
    terms: {a: 30000, b: 100, c: 30000}
"""


def test_a_wide_counter_search_ends_at_its_budget_with_the_same_answer_twice() -> None:
    scenario = scenario_from_text(WIDE)
    seen: list[tuple[int, int]] = []
    first = counter_proposals(scenario, "start", rank="changes", draws=0,
                              progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert first.method == "milp"
    assert first.budget is not None and "budget" in first.budget
    # the smallest step t with 3 * ceil(32,000 / t) values within the budget
    t = -(-32_000 // (budget.MAX_SEARCH_VALUES // 3))
    assert f"one value in every {t:,} of a, b, c" in first.budget
    assert first.to_dict()["budget"] == first.budget
    assert seen and all(total == budget.MAX_PROGRAMMES for _, total in seen)
    # every package found is accepted by both parties in the original scenario
    game = scenario.compile()
    for pkg in first.packages:
        code = game.encode(dict(pkg.terms))
        assert game.acceptable_of([code]).all()
    again = counter_proposals(scenario, "start", rank="changes", draws=0)
    assert again.to_dict() == first.to_dict()


def test_a_search_out_of_programmes_returns_what_it_found(monkeypatch) -> None:
    scenario = scenario_from_text(TRADE)
    ctx = Context.of(scenario, "opening")
    problem = ctx.problem(sorted(ctx.game.signatories))
    full = counter_milp.counters(problem, "changes", 5)
    small = Budget(programmes=3)
    found = counter_milp.counters(problem, "changes", 5, small)
    assert small.reached and small.solved == 3
    assert len(found) < len(full) and found == full[: len(found)]
    # a budget large enough is not reached, and changes nothing
    big = Budget()
    assert counter_milp.counters(problem, "changes", 5, big) == full and not big.reached


def test_the_frontier_at_its_budget_lists_true_frontier_points_and_says_so(monkeypatch) -> None:
    scenario = scenario_from_text(TRADE)
    game = scenario.compile()
    seen: list[tuple[int, int]] = []
    whole = frontier(game, method="milp", progress=lambda done, total: seen.append((done, total)))
    assert whole.budget is None and whole.to_dict()["budget"] is None
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1))
    assert {t for _, t in seen} == {budget.MAX_PROGRAMMES}
    monkeypatch.setattr(
        front_milp, "Budget", lambda progress=None: Budget(programmes=4, progress=progress)
    )
    part = frontier(game, method="milp")
    assert part.budget == STATEMENT and part.to_dict()["budget"] == STATEMENT
    assert 0 < len(part) < len(whole)
    truth = brute_frontier(game)
    for j in range(len(part)):
        assert tuple(np.rint(part.utilities[:, j] / TOL).tolist()) in truth


def test_what_it_takes_and_the_tradeoff_on_a_wide_space_say_what_they_searched() -> None:
    from zopa.counter import local_frontier, what_it_takes

    scenario = scenario_from_text(WIDE)
    t = -(-32_000 // (budget.MAX_SEARCH_VALUES // 3))
    takes = what_it_takes(scenario, "start", "y", draws=0)
    assert takes.budget is not None and f"one value in every {t:,}" in takes.budget
    assert takes.to_dict()["budget"] == takes.budget and takes.sets
    trade = local_frontier(scenario, "start", "x", "y")
    assert trade.budget is not None and f"one value in every {t:,}" in trade.budget
    assert trade.to_dict()["budget"] == trade.budget and trade.points


def test_a_tradeoff_out_of_programmes_keeps_what_it_found(monkeypatch) -> None:
    from zopa.counter import local_frontier
    from zopa.counter import tradeoff as td

    scenario = scenario_from_text(TRADE)
    whole = local_frontier(scenario, "opening", "buyer", "seller", method="milp", levels=20)
    assert whole.budget is None
    monkeypatch.setattr(td, "Budget", lambda programmes, nodes: Budget(6, nodes))
    part = local_frontier(scenario, "opening", "buyer", "seller", method="milp", levels=20)
    assert part.budget is not None and STATEMENT in part.budget
    found = {(p.u_a, p.u_b) for p in part.points}
    assert found and found <= {(p.u_a, p.u_b) for p in whole.points}
