"""Diagnosis: known answers on the textbook scenarios and the founding case."""

from __future__ import annotations

import pytest

from zopa.diagnose import diagnose, diagnose_proposal
from zopa.errors import InputError
from zopa.model import load_scenario


def test_us_draft_is_refused_by_ukraine_for_the_reasons_it_gave() -> None:
    s = load_scenario("minerals-2025")
    d = diagnose_proposal(s, "us-draft-2025-02-12")
    assert d.rejecting == ("ukraine",)
    ua = d.party("ukraine")
    crossed = {h.rule for h in ua.red_lines_crossed}
    assert "security != none" in crossed  # no security guarantee
    assert "legal_basis != us_law_us_immunity" in crossed  # clashes with Ukrainian law
    assert ua.margin < 0
    worst = {e.issue for e in ua.shortfalls(3)}
    assert "security" in worst
    assert "Ukraine would not sign" in d.verdicts[1] and "security guarantee" in d.verdicts[1]
    assert d.party("us").accepts


def test_price_split_utilities_are_linear() -> None:
    s = load_scenario("price-split")
    d = diagnose(s, {"price": 55})
    assert d.party("seller").utility == pytest.approx(0.55)
    assert d.party("buyer").utility == pytest.approx(0.45)
    assert d.signatories_accept
    d = diagnose(s, {"price": 85})  # above the buyer's walk-away price of 80
    assert d.rejecting == ("buyer",)
    assert d.party("buyer").margin == pytest.approx(-0.05)


def test_margin_decomposes_over_issues() -> None:
    s = load_scenario("minerals-2025")
    d = diagnose_proposal(s, "us-draft-2025-02-12")
    for p in d.parties:
        if len(p.issues) and abs(sum(e.weight for e in p.issues) - 1) < 1e-9:
            assert sum(e.vs_walkaway for e in p.issues) == pytest.approx(p.margin)


def test_logroll_beats_the_split() -> None:
    s = load_scenario("logrolling")
    split = diagnose_proposal(s, "split-both")
    roll = diagnose_proposal(s, "logroll")
    assert [p.utility for p in split.parties] == pytest.approx([0.5, 0.5])
    assert [p.utility for p in roll.parties] == pytest.approx([0.8, 0.8])


def test_bad_terms_are_located() -> None:
    s = load_scenario("price-split")
    with pytest.raises(InputError) as err:
        diagnose(s, {"price": 120})
    assert "terms.price" in str(err.value) and "outside the range" in str(err.value)
    with pytest.raises(InputError, match="unknown proposal 'opening'"):
        diagnose_proposal(s, "opening")


def test_us_draft_utilities_computed_by_hand() -> None:
    """Known answer worked by hand from minerals-2025.yaml (weights divided by their sum)."""
    s = load_scenario("minerals-2025")
    d = diagnose_proposal(s, "us-draft-2025-02-12")
    # Ukraine: weights sum to 1.05; only revenue share (50% -> 0.3, weight 0.15) and offtake
    # (right of first refusal -> 0.2, weight 0.03) score above 0.
    assert d.party("ukraine").utility == pytest.approx((0.15 * 0.3 + 0.03 * 0.2) / 1.05)
    assert d.party("us").utility == pytest.approx(1.0)  # the draft is the US ideal everywhere
    assert d.party("eu").utility == pytest.approx(0.0)
    # Russia: security none (0.45), sites not addressed (0.25), no future aid (0.2), US control 0.3 (0.1)
    assert d.party("russia").utility == pytest.approx(0.45 + 0.25 + 0.2 + 0.1 * 0.3)


def test_off_grid_proposal_values_join_the_grid() -> None:
    from zopa.model import scenario_from_text

    s = scenario_from_text(
        """
name: g
issues: {price: {range: [0, 100], step: 10}}
parties:
  a: {reservation: 0.52, interests: {price: {weight: 1, prefers: high}}}
  b: {reservation: 0.4, interests: {price: {weight: 1, prefers: low}}}
proposals: {p: {terms: {price: 53}}}
"""
    )
    game = s.compile()
    code = game.encode({"price": 53})
    assert game.decode(code)["price"] == 53
    d = diagnose_proposal(s, "p")
    assert list(game.acceptable()[:, code]) == [p.accepts for p in d.parties] == [True, True]
    with pytest.raises(InputError, match="not on the grid"):
        game.encode({"price": 57})


@pytest.mark.parametrize("name", ["minerals-2025", "logrolling", "price-split"])
def test_diagnosis_equals_the_compiled_game_at_grid_outcomes(name: str) -> None:
    """The diagnosis computes utilities itself (exactly at off-grid values); at the grid's
    outcomes it must agree with the compiled game, and so must acceptance of red lines."""
    import numpy as np

    s = load_scenario(name)
    game = s.compile()
    codes = np.unique(np.random.default_rng(7).integers(0, game.n_outcomes, size=60))
    expected = game.utilities_of(codes)
    feasible = game.feasible_of(codes)
    for j, code in enumerate(codes.tolist()):
        d = diagnose(s, game.decode(code))
        got = [d.party(p).utility for p in game.party_ids]
        assert np.allclose(got, expected[:, j], atol=1e-12)
        allowed = [not d.party(p).red_lines_crossed for p in game.party_ids]
        assert allowed == feasible[:, j].tolist()


@pytest.mark.parametrize("name", ["minerals-2025", "logrolling", "price-split"])
def test_kept_basis_gives_the_same_diagnosis_as_working_it_out_afresh(name: str) -> None:
    """At the point estimates a party's weights, best values and rules are worked out once per
    scenario and kept; another pick with the same numbers works them out on every call. Both
    must give the same document, to the bit, on first use and on later ones."""
    import json
    import random

    from zopa.diagnose import party_diagnosis

    s = load_scenario(name)
    fresh = s.model_copy(deep=True)  # a new object: nothing kept for it yet
    rng = random.Random(11)
    for _ in range(40):
        terms = {
            i: rng.choice(issue.options) if issue.options else rng.choice(list(issue.values))
            for i, issue in s.issues.items()
        }
        full = diagnose(s, terms).terms
        for pid in s.parties:
            kept = party_diagnosis(s, pid, full)
            afresh = party_diagnosis(s, pid, full, lambda u: u.point)
            first = party_diagnosis(fresh, pid, full)
            assert kept == afresh == first
        a = json.dumps(diagnose(s, terms).to_dict())
        assert a == json.dumps(diagnose(fresh, terms).to_dict())
