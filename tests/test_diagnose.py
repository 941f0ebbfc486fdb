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
    assert "Ukraine would not sign" in d.verdicts[1] and "Security guarantee" in d.verdicts[1]
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
