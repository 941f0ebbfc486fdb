"""The compiled game: codes, utilities against an independent per-outcome evaluation, masks,
invariance to the order of issues and parties, and the size guard."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import scenarios
from zopa.diagnose import diagnose
from zopa.errors import TooLargeError
from zopa.game import TOL, Game
from zopa.model import load_scenario, scenario_from_text

SLOW = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def _build(data: dict):
    s = scenario_from_text(yaml.safe_dump(data), "gen.yaml")
    return s, s.compile()


@SLOW
@given(scenarios(), st.data())
def test_utilities_match_direct_evaluation(data: dict, pick: st.DataObject) -> None:
    s, game = _build(data)
    U = game.utilities()
    assert U.shape == (len(s.parties), game.n_outcomes)
    assert np.all((U >= 0) & (U <= 1))
    codes = pick.draw(st.lists(st.integers(0, game.n_outcomes - 1), min_size=1, max_size=5))
    for code in codes:
        d = diagnose(s, game.decode(code))
        for p, party in enumerate(d.parties):
            assert U[p, code] == pytest.approx(party.utility, abs=1e-9)
            assert game.feasible()[p, code] == (not party.red_lines_crossed)
            assert game.acceptable()[p, code] == party.accepts
    np.testing.assert_allclose(game.utilities_of(codes), U[:, codes])
    np.testing.assert_array_equal(game.feasible_of(codes), game.feasible()[:, codes])


@SLOW
@given(scenarios(), st.data())
def test_encode_decode_round_trip(data: dict, pick: st.DataObject) -> None:
    _, game = _build(data)
    code = pick.draw(st.integers(0, game.n_outcomes - 1))
    assert game.encode(game.decode(code)) == code
    idx = game.indices([code])
    assert game.codes(idx)[0] == code


@SLOW
@given(scenarios(), st.randoms(use_true_random=False))
def test_reordering_issues_and_parties_changes_nothing(data: dict, rnd) -> None:
    _s, game = _build(data)
    shuffled = dict(data)
    issue_items = list(data["issues"].items())
    party_items = list(data["parties"].items())
    rnd.shuffle(issue_items)
    rnd.shuffle(party_items)
    shuffled["issues"] = dict(issue_items)
    shuffled["parties"] = dict(party_items)
    _s2, game2 = _build(shuffled)
    for code in range(0, game.n_outcomes, max(1, game.n_outcomes // 7)):
        terms = game.decode(code)
        code2 = game2.encode(terms)
        for p, pid in enumerate(game.party_ids):
            q = game2.party_ids.index(pid)
            assert game.utilities()[p, code] == pytest.approx(game2.utilities()[q, code2], abs=TOL)
            assert game.acceptable()[p, code] == game2.acceptable()[q, code2]


def test_minerals_space_and_us_draft() -> None:
    s = load_scenario("minerals-2025")
    game = s.compile()
    assert game.n_outcomes == 21 * 2 * 3 * 4 * 3 * 3 * 3 * 3 * 3 * 3 * 2 == 734_832
    code = game.encode(s.proposals["us-draft-2025-02-12"].terms)
    acc = game.acceptable()[:, code]
    assert acc[game.party_index("us")] and not acc[game.party_index("ukraine")]


def test_too_large_matrix_is_refused_with_advice() -> None:
    tables = [np.zeros((2, 1000)) for _ in range(4)]
    game = Game.from_arrays(
        tables=tables,
        reservations=[0, 0],
        party_ids=["a", "b"],
        issue_ids=["i", "j", "k", "l"],
        values=[list(range(1000))] * 4,
    )
    assert game.n_outcomes == 10**12
    with pytest.raises(TooLargeError, match="coarser grid"):
        game.utilities()
    # selected outcomes still work without the full matrix
    assert game.utilities_of([0, 10**12 - 1]).shape == (2, 2)


def test_restrict_keeps_the_chosen_parties() -> None:
    game = load_scenario("minerals-2025").compile()
    sig = game.restrict(game.signatories)
    assert sig.party_ids == ("us", "ukraine")
    np.testing.assert_array_equal(sig.utilities(), game.utilities()[list(game.signatories)])


def test_drawn_games_share_the_scenarios_rule_masks_read_only() -> None:
    """What no drawn number changes is built once per scenario: two compiles share the red
    lines' masks, which nobody can write into, and the utilities still follow the draw."""
    from zopa.compiler import compile_scenario
    from zopa.model import load_scenario
    from zopa.model.values import sampler

    scenario = load_scenario("minerals-2025")
    point = compile_scenario(scenario)
    drawn = compile_scenario(scenario, sampler(np.random.default_rng(3)))
    assert point.constraints and all(
        a.table is b.table for a, b in zip(point.constraints, drawn.constraints, strict=True)
    )
    with pytest.raises(ValueError):
        point.constraints[0].table[...] = False
    assert not all(np.array_equal(a, b) for a, b in zip(point.tables, drawn.tables, strict=True))
