"""The odds of signing, the evidence and the brief over HTTP."""

from __future__ import annotations

import numpy as np
import pytest

from zopa.compiler import compile_scenario
from zopa.model import load_scenario

M = "minerals-2025"
US_DRAFT = "us-draft-2025-02-12"
# the draft with Ukraine's two red lines met and the rest as drafted
MET = {"security": "statement_of_support", "legal_basis": "neutral_arbitration"}


def test_odds_agree_with_drawn_games_compiled_independently(client) -> None:
    """Each party's share of signing draws equals, draw by draw, the acceptance of the package
    in the game compiled with that draw's numbers (the compiler's route, not the diagnosis)."""
    from zopa.odds import judgement_draws

    r = client.post("/api/odds", json={"scenario": M, "proposal": US_DRAFT, "draws": 60})
    assert r.status_code == 200, r.text
    doc = r.json()
    s = load_scenario(M)
    d = judgement_draws(s, draws=60, seed=0)
    code = s.compile().encode(s.proposals[US_DRAFT].terms)
    counts = np.zeros(len(s.parties))
    for k in range(60):
        game = compile_scenario(s, lambda u, k=k: float(d.drawn(u)[k]))
        counts += game.acceptable_of([code])[:, 0]
    for i, pid in enumerate(s.parties):
        assert doc["parties"][pid]["p_sign"] == pytest.approx(counts[i] / 60)
    assert doc["parties"]["ukraine"]["p_sign"] == 0.0  # the draft crosses its red lines
    lo, hi = doc["parties"]["us"]["interval_95"]
    assert lo <= doc["parties"]["us"]["p_sign"] <= hi


def test_odds_follow_the_terms(client) -> None:
    body = {"scenario": M, "proposal": US_DRAFT, "terms": MET, "draws": 50}
    doc = client.post("/api/odds", json=body).json()
    ukraine = doc["parties"]["ukraine"]
    assert ukraine["red_lines"] == 0.0
    assert ukraine["utility"]["p10"] <= ukraine["utility"]["median"] <= ukraine["utility"]["p90"]
    assert doc["proposal"].startswith(f"{US_DRAFT} with ")


def test_the_same_seed_gives_the_same_odds(client) -> None:
    body = {"scenario": M, "proposal": US_DRAFT, "draws": 30, "seed": 7}
    assert client.post("/api/odds", json=body).json() == client.post("/api/odds", json=body).json()


def test_evidence_carries_sources_and_marks(client) -> None:
    doc = client.post("/api/audit", json={"scenario": M, "draws": 0}).json()
    reservation = next(n for n in doc["numbers"] if n["path"] == "parties.ukraine.reservation")
    ev = client.get(f"/api/evidence/{M}").json()["parties"]["ukraine"]
    assert ev["reservation"]["mark"] == reservation["status"]
    assert [x["id"] for x in ev["reservation"]["sources"]] == reservation["sources"]
    assert all(x["title"] for x in ev["reservation"]["sources"])
    assert {r["label"] for r in ev["red_lines"]} >= {"no deal without some security guarantee"}
    assert "security" in ev["issues"]


def test_the_brief_names_the_changed_package(client) -> None:
    body = {
        "scenario": M, "proposal": US_DRAFT, "terms": MET, "draws": 50, "counter_draws": 0,
    }  # fmt: skip
    r = client.post("/api/report", json=body)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "attachment" in r.headers["content-disposition"]
    assert "statement_of_support" in r.text and "<html" in r.text


def test_the_brief_defaults_to_the_most_recent_proposal(client) -> None:
    from zopa.report import default_proposal

    body = {"scenario": M, "draws": 20, "counter_draws": 0, "seed": 1}
    r = client.post("/api/report", json=body)
    assert r.status_code == 200, r.text
    name = default_proposal(load_scenario(M))
    assert f'filename="brief-{name}.html"' in r.headers["content-disposition"]


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/api/odds", {"scenario": M, "proposal": US_DRAFT, "draws": 0}, "draws"),
        ("/api/odds", {"scenario": M, "terms": {"security": "none"}}, "terms"),
        ("/api/odds", {"scenario": M}, None),
        ("/api/report", {"scenario": M, "proposal": "nope"}, None),
        ("/api/report", {"scenario": M, "proposal": US_DRAFT, "draws": 10**7}, "draws"),
        ("/api/report", {"scenario": M, "terms": {"security": "maybe"}}, "terms"),
    ],
)
def test_bad_requests_are_4xx(client, path, body, where) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 422, r.text
    if where is not None:
        assert any((p["path"] or "").startswith(where) for p in r.json()["problems"])
