"""Forecasts checked against who must sign; constrained forecasts inside the acceptable set."""

from __future__ import annotations

import numpy as np

from zopa.model import load_scenario
from zopa.outlook import engine as en
from zopa.outlook import outlook
from zopa.outlook.forecasts import PREFIX, check_forecasts


def test_minerals_median_and_challenge_forecasts_cross_ukraines_red_line() -> None:
    """The weighted median and the challenge model forecast position 0 on security (no
    guarantee), which crosses Ukraine's red line 'security != none'; the spatial Nash forecast
    is a package both signatories accept."""
    checks = {c.model: c for c in check_forecasts(load_scenario("minerals-2025"))}
    for model in ("median", "challenge"):
        c = checks[model]
        assert c.terms["security"] == "none"
        assert not c.acceptable and c.red_lines_of == ("ukraine",)
        assert "outside the acceptable set" in c.words
    assert checks["nash"].acceptable
    for c in checks.values():  # option labels, not positions
        assert c.terms["security"] in ("none", "statement_of_support", "explicit_guarantee")


def test_constrained_forecasts_are_accepted_in_their_draw() -> None:
    s = load_scenario("minerals-2025")
    st = en.setup(s, seed=4)
    rules = tuple(st.targets)
    assert rules and all(r.startswith(PREFIX) for r in rules)
    run = en.run_chunk(st, 4, 0, 200, rules)
    u, r = en.utilities(st, run.z)
    for rule in rules:
        col = run.choice[rule]
        ok = col >= 0
        assert ok.all() == run.deal.all()
        chosen = u[np.flatnonzero(ok), :, col[ok]]
        assert np.all(chosen >= r[ok] - 1e-9)


def test_outlook_reports_flags_in_json() -> None:
    o = outlook(load_scenario("minerals-2025"), draws=50, red_lines=False)
    data = o.to_dict()
    flagged = {f["model"] for f in data["forecasts"] if not f["acceptable"]}
    assert {"median", "challenge"} <= flagged
    assert "outside the acceptable set" in o.summary
    assert any(s["rule"] == PREFIX + "median" for s in data["settlements"])


def test_analyze_forecast_section_flags_forecasts_outside_the_acceptable_set() -> None:
    from zopa.analysis import analyze

    report = analyze(load_scenario("minerals-2025"), draws=20)
    coherence = {c["model"]: c for c in report["forecast"]["coherence"]}
    assert not coherence["median"]["acceptable"]
    assert coherence["median"]["rejected_by"] == ["ukraine"]
    assert coherence["nash"]["acceptable"]


def test_forecast_report_flags_every_package_no_signatory_set_could_sign(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    from zopa.diagnose import diagnose
    from zopa.forecast.inputs.sources import load_source
    from zopa.forecast.runs.reports import run_forecast

    s = load_scenario("minerals-2025")
    report = run_forecast(load_source("minerals-2025"), draws=0)
    checks = {c.model: c for c in report.checks}
    assert set(checks) == set(report.forecasts)
    for c in checks.values():
        # the exact diagnosis of the same package (option labels) says who would not sign
        d = diagnose(s, c.terms)
        refuse = {p.party for p in d.parties if p.signatory and not p.accepts}
        assert set(c.rejected_by) == refuse
        assert c.acceptable == (not refuse)
        for r in c.refusals:
            assert r.red_lines or r.utility < r.reservation
    median = checks["median"]
    assert median.rejected_by == ("ukraine",)
    (why,) = median.refusals
    assert why.red_lines == ("'no deal without some security guarantee'",)
    assert "Ukraine would not sign it" in median.words and "security guarantee" in median.words
    data = json.loads(cli("forecast", "minerals-2025", "--draws", "0", "--json").out)
    flagged = {c["model"]: c for c in data["checks"] if not c["acceptable"]}
    assert flagged["median"]["refusals"][0]["party"] == "ukraine"
    assert flagged["median"]["terms"]["security"] == "none"
    out = cli("forecast", "minerals-2025", "--draws", "0").out
    assert "all sign?" in out and "NO:" in out
    assert "Weighted median: the forecast package is outside the acceptable set" in out
