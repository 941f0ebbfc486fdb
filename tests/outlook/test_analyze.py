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


def test_sections_side_by_side_give_the_report_computed_one_after_another(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from zopa import params

    scenario = load_scenario("minerals-2025")
    monkeypatch.setattr(params, "cores", lambda: 4)
    side_by_side = json.dumps(analyze(scenario, draws=30, seed=5))
    monkeypatch.setattr(params, "cores", lambda: 1)
    in_turn = json.dumps(analyze(scenario, draws=30, seed=5))
    assert side_by_side == in_turn
    assert list(json.loads(side_by_side))[3:5] == ["outlook", "diagnosis"]


SECTION_IMPORTS = """
import sys
from zopa.analysis import SECTIONS
from zopa.model import load_scenario

sections = dict(SECTIONS.items())
for name in ("peace-talks-2025", "minerals-2025"):
    scenario = load_scenario(name)
    for section in sections.values():
        before = set(sys.modules)
        section.compute(scenario, 10, 0)
        late = sorted(m for m in set(sys.modules) - before if m.startswith("zopa"))
        if late:
            print(name, section.name, late)
"""


def test_sections_import_no_zopa_module_while_they_compute() -> None:
    # the sections run in threads: a module imported by two threads at once can deadlock on
    # an import cycle, so everything they use is imported when the registry is read
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", SECTION_IMPORTS], capture_output=True, text=True, check=True
    )
    assert done.stdout == ""
