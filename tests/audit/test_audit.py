"""``zopa audit``: provenance of every judged number, late and missing evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zopa.audit import audit
from zopa.model import load_scenario, scenario_from_text

TEXT = """\
name: audited
as_of: 2025-02-16
sources:
  early: {title: Early report, date: 2025-02-10}
  later: {title: Later report, date: 2025-03-01}
issues:
  price: {range: [0, 100], step: 10}
parties:
  seller:
    reservation:
      low: 0.2
      high: 0.4
      evidence: [{source: later, quote: "will not go below 30"}]
    interests:
      price:
        weight: 1
        prefers: high
        evidence: [{judgement: "money is all that matters"}]
  buyer:
    reservation: {value: 0.2, evidence: [{source: early, date: 2025-02-20}]}
    interests:
      price: {weight: 1, prefers: low}
"""


def _audit(text: str = TEXT, draws: int = 0):  # type: ignore[no-untyped-def]
    return audit(scenario_from_text(text, "audited.yaml"), draws=draws)


def test_statuses_by_hand() -> None:
    a = _audit()
    status = {n.path: n.status for n in a.numbers}
    assert status == {
        "parties.seller.reservation": "sourced",
        "parties.seller.interests.price.weight": "judgement",
        "parties.buyer.reservation": "sourced",
        "parties.buyer.interests.price.weight": "unsourced",
    }
    assert a.share("sourced") == 0.5 and a.share("unsourced") == 0.25


def test_late_evidence_uses_the_item_date_then_the_source_date() -> None:
    a = _audit()
    late = {(x.path, x.date) for x in a.late}
    assert late == {
        ("parties.seller.reservation.evidence[0]", "2025-03-01"),
        ("parties.buyer.reservation.evidence[0]", "2025-02-20"),
    }
    assert a.strict_failures == 3


def test_without_as_of_nothing_is_late() -> None:
    a = _audit(TEXT.replace("as_of: 2025-02-16\n", ""))
    assert a.late == ()


def test_hinges_name_the_walk_away_value_with_its_provenance() -> None:
    a = _audit(draws=400)
    assert a.hinges and a.hinges[0] == ("parties.seller.reservation", "sourced")


def test_bundled_scenarios_pass_strict() -> None:
    for name in ("minerals-2025", "price-split", "logrolling"):
        assert audit(load_scenario(name), draws=0).strict_failures == 0


def test_cli_exit_codes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "audited.yaml"
    path.write_text(TEXT)
    ok = cli("audit", str(path), "--draws", "0", "--json")
    assert ok.code == 0
    data = json.loads(ok.out)
    assert data["counts"]["unsourced"] == 1 and data["counts"]["late_evidence"] == 2
    assert cli("audit", str(path), "--draws", "0", "--strict").code == 1
    assert cli("audit", "price-split", "--draws", "0", "--strict").code == 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--draws", "-1"], "--draws"), (["nope.yaml"], "nope.yaml")],
)
def test_bad_input_exit_2(cli, args: list[str], fragment: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("audit", *args)
    assert result.code == 2 and fragment in result.err


def test_bad_evidence_date_is_located(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.yaml"
    path.write_text(TEXT.replace("date: 2025-02-20", "date: soon"))
    result = cli("audit", str(path))
    assert result.code == 2 and "bad.yaml" in result.err and "date" in result.err
