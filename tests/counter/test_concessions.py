"""Minimal concession sets and essential issues, checked against a brute-force oracle."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.counter import oracle as orc
from tests.counter.examples import TRADE, load
from zopa.counter import exhaustive, milp, what_it_takes
from zopa.counter.problem import CounterProblem, issues_of
from zopa.game import Factor, Game


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


def _blocks_as_set(cs) -> set[tuple]:
    out = set()
    for b in cs.blocks:
        out |= set(itertools.product(*(vals for _, vals in b.values)))
    return out


def test_working_packages_are_listed_exactly_not_as_a_free_choice() -> None:
    """With the buyer kept, the seller's set {price, warranty} works only as (16, none) and
    (18, one_year): two blocks, not "price 16 or 18, warranty none or one_year" (4 packages)."""
    result = what_it_takes(load(TRADE), "opening", "seller", keep=["buyer"])
    [cs] = result.sets
    assert _blocks_as_set(cs) == {(16.0, "none"), (18.0, "one_year")}
    assert sum(b.n_packages for b in cs.blocks) == cs.n_packages == 2
    assert "2 combinations work" in cs.text
    assert "price to 16 k or 18 k" not in cs.text
    alone = what_it_takes(load(TRADE), "opening", "seller")
    [b1, b2] = alone.sets[0].blocks  # (16–20, none) and (18–20, one_year)
    assert b1.text == "price to 16–20 k and warranty to none"
    assert b2.text == "price to 18 k or 20 k and warranty to one_year"


@settings(max_examples=30)
@given(orc.problems())
def test_integer_programming_values_without_enumeration_match_brute_force(case) -> None:
    """With no subspace enumerated, each issue's values come from the witness search."""
    game, base, parties = case
    problem = CounterProblem.build(game, base, parties)
    found, _ = milp.minimal_sets(problem, None, subspace_limit=0)
    for m in found:
        s = frozenset(issues_of(m.mask))
        assert m.n_packages is None and m.combos is None
        assert {k: set(v) for k, v in m.allowed.items()} == _brute_allowed(game, base, parties, s)


@settings(max_examples=60)
@given(orc.problems(), st.integers(0, 3))
def test_essential_with_witnesses_is_the_same(case, n: int) -> None:
    game, base, parties = case
    accepted = orc.accepted_by(game, parties)
    problem = CounterProblem.build(game, base, parties)
    witnesses = [orc.code(game, x) for x in accepted[:n]]
    assert milp.essential(problem, witnesses) == exhaustive.essential(problem)


def _fine_game(n: int = 401) -> Game:
    """A 401-value share (0..100 by 0.25) and a three-option issue; party a wants a high share,
    b a low one and the option; both need 0.45. a's red line keeps the share out of 40..60."""
    share = np.linspace(0, 100, n)
    tables = [
        np.array([0.7 * share / 100, 0.7 * (1 - share / 100)]),
        np.array([[0.3, 0.15, 0.0], [0.0, 0.15, 0.3]]),
    ]
    hole = Factor(0, (0,), ~((share > 40) & (share < 60)))
    return Game.from_arrays(
        tables=tables,
        reservations=[0.45, 0.45],
        party_ids=["a", "b"],
        issue_ids=["share", "option"],
        values=[list(share), ["x", "y", "z"]],
        constraints=[hole],
    )


def test_witness_search_needs_a_few_programmes_not_one_per_value(monkeypatch) -> None:
    """Every accepted package of the fine game changes the share from 100 (b needs it lower),
    so the share is essential; its values (a run with a hole) match enumeration, found with a
    handful of integer programmes instead of one per grid value."""
    game = _fine_game()
    problem = CounterProblem.build(game, [400, 0], [0, 1])
    calls = []
    solve = milp.Model.solve

    def counting(self, *args, **kwargs):
        calls.append(1)
        return solve(self, *args, **kwargs)

    monkeypatch.setattr(milp.Model, "solve", counting)
    found = milp.essential(problem)
    assert found == exhaustive.essential(problem)
    values = found[0]
    assert len(values) > 100 and max(values) < 400
    assert any(b - a > 1 for a, b in itertools.pairwise(values))  # the red line's hole
    assert len(calls) < 15
