"""``zopa analyze`` leads with the outlook."""

from __future__ import annotations

import json

from zopa.analysis import analyze
from zopa.model import load_scenario


def test_report_puts_the_outlook_before_every_other_section() -> None:
    report = analyze(load_scenario("price-split"), draws=20)
    sections = [k for k in report if k not in ("scenario", "title", "as_of")]
    assert sections[0] == "outlook"
    assert report["outlook"]["p_deal"] == 1.0
    assert report["outlook"]["summary"].startswith("A deal Seller and Buyer would both sign")


def test_text_output_starts_with_the_outlook(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", "logrolling", "--draws", "20")
    assert result.code == 0, result.err
    first = result.out.index("Outlook")
    assert first < result.out.index("Diagnosis")
    assert "exists in 100% of 20 draws" in result.out


def test_json_output_has_the_outlook(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", "price-split", "--draws", "10", "--json")
    data = json.loads(result.out)
    assert data["outlook"]["settlements"][0]["packages"][0]["terms"] == {"price": 55.0}
