"""The desk's diagnosis requests answered before routing (``zopa.web.quick``): whatever the
body, the answer is the one the endpoint gives, to the byte, and the plain requests the desk
sends are the ones answered early."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from zopa.model import bundled_scenarios, load_scenario
from zopa.web import create_app, quick

# FastAPI reads this type as JSON too, but the early answer takes only the desk's exact
# ``application/json``: the same body sent with it goes the endpoint's whole way
THROUGH = "application/json; charset=utf-8"
SCENARIO = load_scenario("minerals-2025")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _both(client: TestClient, body: bytes) -> tuple[Any, Any]:
    early = client.post("/api/diagnose", content=body, headers={"content-type": "application/json"})
    full = client.post("/api/diagnose", content=body, headers={"content-type": THROUGH})
    return early, full


def _same(early: Any, full: Any) -> None:
    assert early.status_code == full.status_code
    assert early.headers["content-type"] == full.headers["content-type"]
    assert early.content == full.content


_term_value = st.one_of(
    st.sampled_from([v for i in SCENARIO.issues.values() for v in i.values]),
    st.integers(-(10**16), 10**16),
    st.floats(allow_nan=False),
    st.booleans(),
    st.text(max_size=8),
    st.none(),
)
_terms = st.dictionaries(
    st.one_of(st.sampled_from(list(SCENARIO.issues)), st.text(max_size=5)), _term_value
)
_full_terms = st.fixed_dictionaries(
    {i: st.sampled_from(list(issue.values)) for i, issue in SCENARIO.issues.items()}
)
_bodies = st.fixed_dictionaries(
    {"scenario": st.sampled_from([*bundled_scenarios(), "nowhere", 7, None])},
    optional={
        "proposal": st.one_of(st.none(), st.sampled_from([*SCENARIO.proposals, "x", "p" * 201])),
        "terms": st.one_of(_terms, _full_terms, st.lists(st.integers(), max_size=2)),
        "file": st.just("/etc/passwd"),
    },
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_bodies)
def test_any_body_is_answered_as_the_endpoint_answers_it(client, body) -> None:
    _same(*_both(client, json.dumps(body).encode()))


@pytest.mark.parametrize(
    "raw",
    [
        b"{scenario: minerals",
        b"",
        b'"minerals-2025"',
        b'{"scenario": "minerals-2025", "terms": {"revenue_share": NaN}}',
        b"[" * 50_000 + b"]" * 50_000,
        b'{"scenario": "minerals-2025", "terms": {"revenue_share": 1e999}}',
        b'{"scenario": "minerals-2025", "terms": {"revenue_share": 10000000000000000000000}}',
        b'{"scenario": "minerals-2025", "scenario": "logrolling", "proposal": "split"}',
        b'{"scenario": "minerals-2025", "proposal": "us-draft-2025-02-12", "terms": {}}',
        b'{"scenario": "minerals-2025", "proposal": "us-draft-2025-02-12", "terms": {"x": 1}}',
        b'{"scenario": "minerals-2025", "proposal": "\\ud800"}',
    ],
)
def test_odd_bodies_are_answered_as_the_endpoint_answers_them(client, raw) -> None:
    _same(*_both(client, raw))


def test_the_desks_requests_are_answered_early_and_others_are_not(client, monkeypatch) -> None:
    seen: list[object] = []
    plain = quick.plain

    def spy(data: Any) -> Any:
        found = plain(data)
        seen.append(found)
        return found

    monkeypatch.setattr(quick, "plain", spy)
    package = {i: issue.values[0] for i, issue in SCENARIO.issues.items()}
    desk = {"scenario": "minerals-2025", "terms": package}
    early, full = _both(client, json.dumps(desk).encode())
    assert early.status_code == 200 and early.content == full.content
    assert len(seen) == 1 and seen[0] == ("minerals-2025", None, package)
    for other in (
        {**desk, "terms": {**package, "security": True}},  # a boolean is not a term
        {**desk, "scenario": "m" * 201},
        {**desk, "extra": 1},
        {**desk, "terms": {**package, "revenue_share": 1e300}},  # plain, but out of range
    ):
        seen.clear()
        r = client.post("/api/diagnose", json=other)
        assert r.status_code == 422
        assert seen == [plain(other)]
    assert plain({**desk, "terms": {**package, "revenue_share": 1e300}}) is not None
    assert plain({**desk, "extra": 1}) is None
