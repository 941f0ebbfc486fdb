"""Minimal conflict sets: unsatisfiable together, every proper subset satisfiable, smallest
first, checked by brute force over every subset of constraints and every outcome."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from tests.counter import oracle as orc
from tests.counter.examples import DEADLOCK, load
from zopa.counter import conflicts as cf
from zopa.counter import counter_proposals, what_it_takes
from zopa.game import TOL, Game
from zopa.kernels.milp_space import Constraint


def _holds(game: Game, c: Constraint, x: tuple[int, ...]) -> bool:
    if c.factor is None:
        return orc.utility(game, c.party, x) >= game.reservations[c.party] - TOL
    f = game.constraints[c.factor]
    return bool(f.table[tuple(x[a] for a in f.axes)])


def _brute_minimal_conflicts(game: Game, cons: tuple[Constraint, ...]) -> set[frozenset[int]]:
    xs = list(orc.outcomes(game))
    sat = [frozenset(j for j, c in enumerate(cons) if _holds(game, c, x)) for x in xs]

    def satisfiable(subset: frozenset[int]) -> bool:
        return any(subset <= s for s in sat)

    out = set()
    for size in range(1, len(cons) + 1):
        for combo in itertools.combinations(range(len(cons)), size):
            c = frozenset(combo)
            if satisfiable(c):
                continue
            if all(satisfiable(c - {j}) for j in c):
                out.add(c)
    return out


def _as_sets(masks: list[int]) -> list[frozenset[int]]:
    return [frozenset(j for j in range(62) if (m >> j) & 1) for m in masks]


@settings(max_examples=150)
@given(orc.problems())
def test_enumerated_conflict_sets_are_all_the_minimal_ones(case) -> None:
    game, _, parties = case
    cons, found, complete = cf.exhaustive(game, parties, limit=1000)
    assert complete
    sets = _as_sets(found)
    assert set(sets) == _brute_minimal_conflicts(game, cons)
    assert [len(s) for s in sets] == sorted(len(s) for s in sets)
    assert bool(found) == (not orc.accepted_by(game, parties))


@settings(max_examples=30)
@given(orc.problems())
def test_integer_programming_finds_the_same_conflict_sets(case) -> None:
    game, _, parties = case
    cons_a, a, _ = cf.exhaustive(game, parties, limit=1000)
    cons_b, b, complete = cf.integer_programming(game, parties, limit=1000)
    assert cons_a == cons_b
    assert complete
    assert a == b


def test_deadlock_in_words() -> None:
    """Worked by hand in tests/counter/examples.py: the US walk-away value (0.8) conflicts with
    Ukraine's red line (security above none caps the US at 0.75) and with Ukraine's own walk-away
    value (with security at none Ukraine gets at most 0.3·0.25 = 0.075 while the US needs
    share ≥ 75)."""
    report = counter_proposals(load(DEADLOCK), "draft")
    assert report.packages == ()
    assert report.conflicts_complete
    found = {frozenset((lim.party, lim.kind) for lim in c.limits) for c in report.conflicts}
    assert found == {
        frozenset({("us", "reservation"), ("ua", "red_line")}),
        frozenset({("us", "reservation"), ("ua", "reservation")}),
    }
    text = " ".join(c.explanation for c in report.conflicts)
    assert "us' walk-away value (0.80)" in text
    assert "ua's red line “security != none”" in text
    assert "No outcome is acceptable to us and ua together" in report.summary


UNREACHABLE = """
name: unreachable
issues:
  share: {range: [0, 100], step: 50}
parties:
  a:
    reservation: 0.95
    interests:
      share: {weight: 1, points: [[0, 0.2], [50, 0.9], [100, 0.4]]}
proposals:
  p: {terms: {share: 0}}
"""


def test_a_walk_away_value_nothing_reaches_is_named_with_the_best_possible() -> None:
    result = what_it_takes(load(UNREACHABLE), "p", "a")
    assert result.sets == ()
    [conflict] = result.conflicts
    assert [lim.kind for lim in conflict.limits] == ["reservation"]
    assert conflict.explanation == (
        "No outcome reaches a's walk-away value (0.95): the best it can get is 0.90."
    )


def test_conflict_and_summary_wording_counts_right() -> None:
    report = counter_proposals(load(DEADLOCK), "draft")
    for c in report.conflicts:
        assert c.explanation.endswith("though each can be met on its own.")
    assert "any 1 of them" not in report.summary
    takes = what_it_takes(load(DEADLOCK), "draft", "ua", keep=["us"])
    assert takes.summary.startswith("No change to draft brings ua on board, with us still")
