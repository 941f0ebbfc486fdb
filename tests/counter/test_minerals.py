"""The default scenario: counter-proposals to the first US draft, checked against the
diagnosis module (an independent evaluation of the same scenario) and by brute force."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.counter import oracle as orc
from zopa.counter import counter_overview, counter_proposals, what_it_takes
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
    data = counter_overview(scenario, DRAFT, top=3).to_dict()
    text = json.dumps(data)
    assert json.loads(text) == data
    assert data["rejecting"] == ["ukraine"]
    assert len(data["counters"]) == 3
    assert set(data["what_it_takes"]) == {"ukraine"}
    assert data["what_it_takes"]["ukraine"]["minimal_sets"]


def test_working_packages_of_each_set_are_exactly_the_accepted_ones(scenario) -> None:
    """Each set's blocks hold exactly the packages, changing exactly its issues, that both
    signatories accept (checked one package at a time with the oracle)."""
    result = what_it_takes(scenario, DRAFT, "ukraine", keep=["us"], limit=3, draws=0)
    game = scenario.compile()
    base = orc.index(game, game.encode(dict(scenario.proposals[DRAFT].terms)))
    parties = [game.party_index("us"), game.party_index("ukraine")]
    for cs in result.sets:
        ks = [game.issue_ids.index(i) for i in cs.issues]
        brute = set()
        for vals in itertools.product(
            *[[v for v in range(game.shape[k]) if v != base[k]] for k in ks]
        ):
            x = list(base)
            for k, v in zip(ks, vals, strict=True):
                x[k] = v
            if all(orc.accepts(game, p, x) for p in parties):
                brute.add(tuple(game.values[k][v] for k, v in zip(ks, vals, strict=True)))
        listed = set()
        for b in cs.blocks:
            listed |= set(itertools.product(*(v for _, v in b.values)))
        assert listed == brute
        assert cs.n_packages == len(brute)


def test_summary_keeps_the_proposer_on_board(scenario) -> None:
    """What it takes for Ukraine, as analyze shows it, never asks for what the US rejects (such
    as the explicit guarantee its red line forbids)."""
    data = counter_overview(scenario, DRAFT, top=3, draws=50).to_dict()
    takes = data["what_it_takes"]["ukraine"]
    assert takes["required"] == ["us", "ukraine"]
    assert "with United States still accepting" in takes["summary"]
    for cs in takes["minimal_sets"]:
        d = diagnose(scenario, cs["closest"]["terms"])
        assert d.party("us").accepts and d.party("ukraine").accepts
    for pkg in data["counters"]:
        assert set(pkg["margins"]) == {"us", "ukraine"}
        assert 0.0 <= pkg["robustness"]["share"] <= 1.0
        assert pkg["robustness"]["draws"] == 50
    alone = counter_overview(scenario, DRAFT, top=3, keep_others=False, draws=0).to_dict()
    assert alone["what_it_takes"]["ukraine"]["required"] == ["ukraine"]
    assert "ignoring the other parties' limits" in alone["what_it_takes"]["ukraine"]["summary"]


def test_knife_edge_counters_are_flagged(scenario) -> None:
    """A counter that clears Ukraine's walk-away (0.4, judged between 0.3 and 0.5) by less than
    0.02 cannot survive most draws: P(r ≤ 0.42) is 0.68 for the triangular judgement alone.
    With --margin 0.05 every counter clears it by 0.05."""
    plain = counter_proposals(scenario, DRAFT, draws=200, rank="changes")
    assert any(p.margins["ukraine"] < 0.02 for p in plain.packages)
    for pkg in plain.packages:
        assert pkg.robustness is not None
        if pkg.margins["ukraine"] < 0.02:
            assert pkg.robustness.share < 0.9
            assert pkg.knife_edge and "Knife-edge" in pkg.explanation
    tight = counter_proposals(scenario, DRAFT, draws=0, margin=0.05)
    assert tight.packages
    for pkg in tight.packages:
        assert pkg.margins["ukraine"] >= 0.05 - 1e-9 and pkg.margins["us"] >= 0.05 - 1e-9


def test_option_names_are_shown_as_written(scenario) -> None:
    report = counter_proposals(scenario, DRAFT, draws=0)
    text = report.summary + " ".join(p.explanation for p in report.packages)
    assert "us_law_us_immunity" in text
    assert "us law us immunity" not in text
