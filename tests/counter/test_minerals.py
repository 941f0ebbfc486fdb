"""The default scenario: counter-proposals to the first US draft, checked against the
diagnosis module (an independent evaluation of the same scenario) and by brute force."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.counter import oracle as orc
from zopa.counter import counter_proposals, summary, what_it_takes
from zopa.diagnose import diagnose
from zopa.model import bundled_scenarios, load_scenario

NAME, DRAFT = "minerals-2025", "us-draft-2025-02-12"
pytestmark = pytest.mark.skipif(NAME not in bundled_scenarios(), reason="scenario not bundled")


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(NAME)


@pytest.mark.parametrize("rank", ["changes", "proposer", "nash"])
def test_every_counter_is_signed_by_both_signatories(scenario, rank: str) -> None:
    report = counter_proposals(scenario, DRAFT, rank=rank, top=3)
    assert report.rejecting == ("ukraine",)
    assert report.required == ("us", "ukraine")
    assert len(report.packages) == 3
    for pkg in report.packages:
        d = diagnose(scenario, dict(pkg.terms))
        assert d.party("us").accepts and d.party("ukraine").accepts
        assert pkg.effect("ukraine").after == pytest.approx(d.party("ukraine").utility)
        assert pkg.explanation.startswith("Ukraine signs if")
        assert "United States" in pkg.explanation
        assert {e.party for e in pkg.effects} == {"us", "ukraine", "eu", "russia"}


def test_essential_concessions_are_changed_by_every_counter(scenario) -> None:
    report = counter_proposals(scenario, DRAFT, top=5)
    assert report.essential
    for e in report.essential:
        assert e.before not in e.allowed
        for pkg in report.packages:
            assert dict(pkg.terms)[e.issue] in e.allowed
    assert "Essential:" in report.summary


def test_what_it_takes_for_ukraine_is_minimal(scenario) -> None:
    """No proper subset of a listed concession set, with any values, makes Ukraine accept."""
    result = what_it_takes(scenario, DRAFT, "ukraine")
    assert result.sets and result.complete
    game = scenario.compile()
    base = orc.index(game, game.encode(dict(scenario.proposals[DRAFT].terms)))
    ukraine = game.party_index("ukraine")
    for cs in result.sets:
        assert diagnose(scenario, dict(cs.closest.terms)).party("ukraine").accepts
        issues = [game.issue_ids.index(i) for i in cs.issues]
        for size in range(len(issues)):
            for subset in itertools.combinations(issues, size):
                choices = [
                    range(game.shape[k]) if k in subset else [base[k]] for k in range(len(base))
                ]
                assert not any(orc.accepts(game, ukraine, x) for x in itertools.product(*choices))


def test_summary_for_analyze_is_plain_json(scenario) -> None:
    data = summary(scenario, DRAFT, top=3)
    text = json.dumps(data)
    assert json.loads(text) == data
    assert data["rejecting"] == ["ukraine"]
    assert len(data["counters"]) == 3
    assert set(data["what_it_takes"]) == {"ukraine"}
    assert data["what_it_takes"]["ukraine"]["minimal_sets"]
