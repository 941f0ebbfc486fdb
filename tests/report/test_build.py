"""The brief's value and its HTML: coherence, escaping, seeds, the default proposal."""

from __future__ import annotations

import re

from zopa.diagnose import diagnose, diagnose_proposal
from zopa.model import Scenario
from zopa.report import Report, build_report, default_proposal, scenario_hash
from zopa.report.html import APPENDIX_ID, render_html
from zopa.report.words import pct

from .conftest import PROPOSAL


def test_bottom_line_names_the_refusing_party_and_its_red_lines(
    brief: Report, minerals: Scenario
) -> None:
    d = diagnose_proposal(minerals, PROPOSAL)
    refusing = [p for p in d.parties if p.signatory and not p.accepts]
    assert [p.name for p in refusing] == ["Ukraine"]
    first = brief.bottom_line[0]
    assert first.startswith("Ukraine will not sign")
    assert f"{len(refusing[0].red_lines_crossed)} red lines" in first
    for hit in refusing[0].red_lines_crossed:
        assert (hit.label or hit.rule) in first


def test_every_package_it_presents_is_signed_or_flagged(brief: Report, minerals: Scenario) -> None:
    """Coherence: the counter and the likely settlement are diagnosed again from their terms;
    a package some signatory refuses is said to be so in the bottom line."""
    text = " ".join(brief.bottom_line)
    assert brief.counter is not None and brief.settlement is not None
    for shown in (brief.counter.verdicts, brief.settlement.verdicts):
        refusing = [v.name for v in shown if v.signatory and not v.accepts]
        if refusing:
            assert "would still not sign" in text or "is not one every signatory signs" in text
    # The settlement's terms, diagnosed independently of the report, give the same verdicts.
    s_terms = {
        k: v for k, v in zip(minerals.issues, (t for _, t in brief.settlement.terms), strict=True)
    }
    fresh = diagnose(minerals, {k: _coerce(minerals, k, v) for k, v in s_terms.items()})
    assert [p.accepts for p in fresh.parties] == [v.accepts for v in brief.settlement.verdicts]


def _coerce(s: Scenario, issue: str, text: str) -> str | float:
    return float(text.rstrip("%").split()[0]) if s.issues[issue].range is not None else text


def test_p_deal_interval_contains_the_estimate(brief: Report) -> None:
    lo, hi = brief.p_deal_interval
    assert 0 <= lo <= brief.p_deal <= hi <= 1
    assert f"{pct(brief.p_deal)} of 400 draws" in " ".join(brief.bottom_line)


def test_same_seed_same_bytes_and_seed_matters(minerals: Scenario, brief: Report) -> None:
    again = build_report(minerals, PROPOSAL, draws=400, counter_draws=50, seed=3)
    assert render_html(again) == render_html(brief)
    other = build_report(minerals, PROPOSAL, draws=400, counter_draws=50, seed=4)
    assert other.run["seed"] == 4 and brief.run["seed"] == 3


def test_run_record(brief: Report, minerals: Scenario) -> None:
    html = render_html(brief)
    assert brief.run["scenario_sha256"] == scenario_hash(minerals)
    assert len(brief.run["scenario_sha256"]) == 64
    for key in ("zopa", "scenario_sha256", "seed", "outlook_draws", "counter_draws"):
        assert key in html
    assert brief.to_dict()["run"]["seed"] == 3


def test_html_is_self_contained(brief: Report) -> None:
    html = render_html(brief)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"\bsrc\s*=", html)
    assert not re.search(r"url\(", html)
    assert f'id="{APPENDIX_ID}"' in html
    # The brief comes before the appendices.
    assert (
        html.index('id="bottom-line"')
        < html.index('id="verdicts"')
        < html.index(f'id="{APPENDIX_ID}"')
    )


def test_every_user_string_is_escaped(minerals: Scenario) -> None:
    evil = "<script>alert('x')</script> & \"q\""
    parties = dict(minerals.parties)
    parties["ukraine"] = parties["ukraine"].model_copy(update={"name": evil})
    proposals = dict(minerals.proposals)
    proposals[PROPOSAL] = proposals[PROPOSAL].model_copy(update={"title": evil})
    s = minerals.model_copy(update={"parties": parties, "proposals": proposals, "title": evil})
    html = render_html(build_report(s, PROPOSAL, draws=50, counter_draws=0, seed=0))
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;q&#34;" in html


def test_default_proposal_is_the_most_recent(minerals: Scenario) -> None:
    assert default_proposal(minerals) == PROPOSAL
    base = minerals.proposals[PROPOSAL]
    later = base.model_copy(update={"date": base.date.replace(year=base.date.year + 1)})
    undated = base.model_copy(update={"date": None})
    s = minerals.model_copy(
        update={"proposals": {"later": later, PROPOSAL: base, "undated": undated}}
    )
    assert default_proposal(s) == "later"


def test_cli_refuses_other_suffixes_before_any_work(cli, tmp_path) -> None:
    r = cli("report", "minerals-2025", "-o", str(tmp_path / "brief.docx"))
    assert r.code == 2
    assert "brief.docx" in r.err and ".html or .pdf" in r.err
    r = cli("report", "minerals-2025", "no-such-proposal", "-o", str(tmp_path / "b.html"))
    assert r.code == 2 and "no-such-proposal" in r.err
    assert not (tmp_path / "b.html").exists()


def test_cli_writes_the_html_brief(cli, tmp_path, minerals: Scenario) -> None:
    out = tmp_path / "brief.html"
    r = cli(
        "report",
        "minerals-2025",
        "-o",
        str(out),
        "--draws",
        "400",
        "--counter-draws",
        "50",
        "--seed",
        "3",
        "--no-record",
    )
    assert r.code == 0, r.err
    expected = build_report(minerals, PROPOSAL, draws=400, counter_draws=50, seed=3)
    assert out.read_text(encoding="utf-8") == render_html(expected)
    assert "Ukraine will not sign" in r.out


def test_a_recorded_brief_names_its_run(cli, tmp_path, _run_store) -> None:
    from zopa.runs import Store

    out = tmp_path / "brief.html"
    r = cli("report", "minerals-2025", "-o", str(out), "--draws", "100", "--counter-draws", "0")
    assert r.code == 0, r.err
    html = out.read_text(encoding="utf-8")
    found = re.search(r"<th>run_id</th><td><code>(\d+)</code>", html)
    assert found is not None
    store = Store.open(f"sqlite:///{_run_store}")
    try:
        run = store.get(int(found.group(1)))
    finally:
        store.close()
    assert run.command == "report" and run.status == "done"
    assert f"zopa runs show {run.id}" in html


def test_a_notebook_shows_the_brief(brief: Report) -> None:
    html = brief._repr_html_()
    assert html == render_html(brief)
    assert brief.bottom_line[0].split(":")[0] in html


def test_cli_json_prints_the_brief_as_data(cli, tmp_path, minerals: Scenario) -> None:
    import json

    out = tmp_path / "brief.html"
    args = ("-o", str(out), "--draws", "100", "--counter-draws", "0", "--no-record", "--json")
    r = cli("report", "minerals-2025", *args)
    assert r.code == 0, r.err
    data = json.loads(r.out)
    expected = build_report(minerals, PROPOSAL, draws=100, counter_draws=0, seed=0)
    assert data["output"] == str(out) and data["zopa_version"]
    assert data["bottom_line"] == list(expected.to_dict()["bottom_line"])
    assert out.read_text(encoding="utf-8") == render_html(expected)
    bad = cli("report", "minerals-2025", "nope", *args)
    assert bad.code == 2 and json.loads(bad.out)["error"] == "input"
