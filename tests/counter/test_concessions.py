"""Minimal concession sets and essential issues, checked against a brute-force oracle."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from tests.counter import oracle as orc
from tests.counter.examples import TRADE, load
from zopa.counter import exhaustive, milp, what_it_takes
from zopa.counter.problem import CounterProblem, issues_of
from zopa.game import Game


def _brute_allowed(game: Game, base, parties, issues: frozenset[int]) -> dict[int, set[int]]:
    hits = [x for x in orc.accepted_by(game, parties) if orc.changed(base, x) == issues]
    return {k: {x[k] for x in hits} for k in issues}


def _check_minimal_sets(game: Game, base, parties, engine) -> None:
    problem = CounterProblem.build(game, base, parties)
    found, complete = engine.minimal_sets(problem, None)
    assert complete
    expected = orc.minimal_issue_sets(game, base, parties)
    assert {frozenset(issues_of(m.mask)) for m in found} == expected
    sizes = [len(issues_of(m.mask)) for m in found]
    assert sizes == sorted(sizes)
    for m in found:
        s = frozenset(issues_of(m.mask))
        closest = orc.index(game, m.closest)
        assert orc.changed(base, closest) == s
        assert all(orc.accepts(game, p, closest) for p in parties)
        allowed = _brute_allowed(game, base, parties, s)
        assert {k: set(v) for k, v in m.allowed.items()} == allowed
        if m.n_packages is not None:
            hits = [x for x in orc.accepted_by(game, parties) if orc.changed(base, x) == s]
            assert m.n_packages == len(hits)


@settings(max_examples=150)
@given(orc.problems())
def test_enumerated_minimal_sets_match_brute_force(case) -> None:
    _check_minimal_sets(*case, exhaustive)


@settings(max_examples=30)
@given(orc.problems())
def test_integer_programming_minimal_sets_match_brute_force(case) -> None:
    _check_minimal_sets(*case, milp)


@settings(max_examples=100)
@given(orc.problems())
def test_no_proper_subset_of_a_minimal_set_works(case) -> None:
    """The minimality claim itself: revert any proper subset of the changes, keeping the rest
    of the proposal, and try every value on the issues still changed: nothing is accepted."""
    game, base, parties = case
    found, _ = exhaustive.minimal_sets(CounterProblem.build(game, base, parties), None)
    for m in found:
        issues = issues_of(m.mask)
        for size in range(len(issues)):
            for subset in itertools.combinations(issues, size):
                choices = [
                    range(game.shape[k]) if k in subset else [base[k]] for k in range(len(base))
                ]
                for x in itertools.product(*choices):
                    assert not all(orc.accepts(game, p, x) for p in parties)


@settings(max_examples=100)
@given(orc.problems())
def test_essential_issues_are_those_every_accepted_outcome_changes(case) -> None:
    game, base, parties = case
    accepted = orc.accepted_by(game, parties)
    problem = CounterProblem.build(game, base, parties)
    for engine in (exhaustive, milp):
        found = engine.essential(problem)
        if not accepted:
            assert found is None
            continue
        assert found is not None
        every = frozenset.intersection(*(orc.changed(base, x) for x in accepted))
        assert set(found) == set(every)
        for k, values in found.items():
            assert set(values) == {x[k] for x in accepted}


def test_trade_what_it_takes_for_the_seller() -> None:
    """Worked by hand in tests/counter/examples.py: the seller needs the warranty moved (red
    line) and the price raised; delivery alone with the warranty is not enough (0.4 < 0.5)."""
    result = what_it_takes(load(TRADE), "opening", "seller")
    assert not result.accepts_already
    assert result.complete
    assert [s.issues for s in result.sets] == [("price", "warranty")]
    allowed = dict(result.sets[0].allowed)
    assert allowed == {"price": (16.0, 18.0, 20.0), "warranty": ("none", "one_year")}
    # (16, none), (18, none), (20, none), (18, one_year), (20, one_year)
    assert result.sets[0].n_packages == 5
    assert [e.issue for e in result.essential] == ["price", "warranty"]
    assert result.conflicts == ()


def test_keep_adds_parties_that_must_still_accept() -> None:
    s = load(TRADE)
    alone = what_it_takes(s, "opening", "seller")
    with_buyer = what_it_takes(s, "opening", "seller", keep=["buyer"])
    assert with_buyer.required == ("buyer", "seller")
    # buyer = 0.5·(20−price)/10 + 0.15·warranty + 0.2 (fast delivery), walk-away 0.4: of the
    # seller's five packages only (16, none) = 0.4 and (18, one_year) = 0.45 remain.
    assert dict(with_buyer.sets[0].allowed)["price"] == (16.0, 18.0)
    assert alone.sets[0].n_packages == 5 and with_buyer.sets[0].n_packages == 2


def test_a_party_that_accepts_needs_nothing() -> None:
    result = what_it_takes(load(TRADE), "opening", "buyer")
    assert result.accepts_already
    assert [s.issues for s in result.sets] == [()]
    assert "already accepts" in result.summary
