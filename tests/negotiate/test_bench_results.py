"""docs/negotiate.md quotes the NegMAS cross-check counts the benchmark last wrote."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results" / "negotiate-crosscheck.json"


def test_docs_quote_the_crosscheck_counts_the_benchmark_wrote() -> None:
    r = json.loads(RESULTS.read_text())
    total = r["sessions"]
    assert total == r["domains"] * r["pairs"]
    for key in ("as_published", "ties_broken"):
        counted = r[key]["identical"] + r[key]["same_utilities"] + len(r[key]["different"])
        assert counted == total
    doc = " ".join((ROOT / "docs" / "negotiate.md").read_text().split())
    same, fixed = r["as_published"]["identical"], r["ties_broken"]["identical"]
    assert (
        f"on {r['domains']} two-party additive domains × {r['pairs']} strategy pairs "
        f"({total} sessions): {same} ({same / total:.1%}) end in the identical agreement"
    ) in doc
    assert f"and {fixed} ({fixed / total:.1%}) once utility ties are broken" in doc
    remaining = len(r["ties_broken"]["different"])
    words = {1: "the remaining difference", 3: "the 3 remaining differences"}
    assert words.get(remaining, f"the {remaining} remaining differences") in doc
