"""The scenario and job pages, and the cross-site request forgery checks on every change."""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from zopa.model import bundled_scenarios
from zopa.web import create_app
from zopa.web.csrf import COOKIE, FIELD

LOGROLL = bundled_scenarios()["logrolling"].read_text(encoding="utf-8")


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(store=f"sqlite:///{tmp_path / 'pages.sqlite'}"))


def _token(client: TestClient, page: str = "/scenarios") -> str:
    html = client.get(page).text
    found = re.search(rf'name="{FIELD}" value="([^"]+)"', html)
    assert found is not None
    assert client.cookies.get(COOKIE) == found.group(1)
    return found.group(1)


def test_the_list_shows_bundled_scenarios_with_their_links(client) -> None:
    html = client.get("/scenarios").text
    for name in bundled_scenarios():
        assert f'data-scenario="{name}"' in html
    assert 'href="/?scenario=minerals-2025"' in html


def test_a_form_without_its_token_is_refused(client) -> None:
    _token(client)
    r = client.post("/scenarios", data={"name": "x", "text": LOGROLL, FIELD: "forged"})
    assert r.status_code == 403
    assert client.post("/scenarios", data={"name": "x", "text": LOGROLL}).status_code == 403
    assert "x" not in [row["name"] for row in client.get("/api/scenarios").json()["scenarios"]]


def test_create_edit_save_and_compare_through_the_pages(client) -> None:
    token = _token(client)
    text = LOGROLL.replace("name: logrolling", "name: paged", 1)
    r = client.post(
        "/scenarios", data={"name": "paged", "text": text, FIELD: token}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/scenarios/paged/edit"
    editor = client.get("/scenarios/paged/edit").text
    assert "version 1" in editor and "Partner A" in editor
    edited = text.replace("reservation: 0.3", "reservation: 0.35", 1)
    r = client.post(
        "/scenarios/paged/save",
        data={"text": edited, "base": "1", FIELD: token},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/scenarios/paged/edit?saved=2"
    assert "Saved as version 2" in client.get(r.headers["location"]).text
    versions = client.get("/scenarios/paged/versions").text
    assert 'data-version="2"' in versions and 'data-version="1"' in versions
    compare = client.get("/scenarios/paged/compare", params={"a": 1, "b": 2}).text
    assert "parties.a.reservation: 0.3 → 0.35" in compare
    # the desk opens a saved version by name@N
    assert client.get("/", params={"scenario": "paged@1"}).status_code == 200


def test_an_uploaded_file_is_a_new_scenario(client) -> None:
    token = _token(client)
    text = LOGROLL.replace("name: logrolling", "name: up", 1)
    r = client.post(
        "/scenarios",
        data={"name": "up", FIELD: token},
        files={"file": ("deal.yaml", text.encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get("/api/scenarios/up/versions/1").json()["text"] == text


def test_a_bad_text_is_shown_with_its_located_problems(client) -> None:
    token = _token(client)
    bad = LOGROLL.replace("reservation: 0.3", "reservation: lots", 1)
    r = client.post("/scenarios", data={"name": "bad", "text": bad, FIELD: token})
    assert r.status_code == 422
    line = bad.splitlines().index("    reservation: lots") + 1
    assert f'data-line="{line}"' in r.text
    assert "reservation: lots" in r.text  # the text is kept in the form


def test_a_bundled_scenario_is_edited_as_a_copy(client) -> None:
    html = client.get("/scenarios/logrolling/edit").text
    assert "Save as a new scenario" in html and 'value="logrolling-copy"' in html


def test_a_job_started_from_the_page_can_be_watched_and_cancelled(client) -> None:
    token = _token(client, "/jobs")
    r = client.post(
        "/jobs",
        data={"kind": "outlook", "scenario": "logrolling", "draws": "1000", FIELD: token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = r.headers["location"]
    job_id = page.rsplit("/", 1)[1]
    for _ in range(6000):  # a hang guard, not a speed limit
        if client.get(f"/api/jobs/{job_id}").json()["status"] == "done":
            break
        time.sleep(0.05)
    html = client.get(page).text
    assert 'id="status">done<' in html and "/api/jobs/" in html
    r = client.post(f"/jobs/{job_id}/cancel", data={FIELD: token}, follow_redirects=False)
    assert r.status_code == 303  # a finished job stays as it was
    assert client.get(f"/api/jobs/{job_id}").json()["status"] == "done"


def _offered(html: str) -> list[str]:
    form = html[html.index('<select name="scenario">') :]
    return re.findall(r'<option value="([^"]+)" selected>', form[: form.index("</select>")])


@pytest.mark.parametrize(
    ("asked", "offered"),
    [
        (None, "minerals-2025"),  # the default scenario, not the first in the list
        ("price-split", "price-split"),
        ("no-such-scenario", "minerals-2025"),
        ("", "minerals-2025"),
    ],
)
def test_the_job_form_offers_the_scenario_asked_for_else_the_default(
    client, asked, offered
) -> None:
    params = {} if asked is None else {"scenario": asked}
    r = client.get("/jobs", params=params)
    assert r.status_code == 200 and _offered(r.text) == [offered]


def test_the_desks_link_to_the_jobs_page_names_its_scenario(client) -> None:
    html = client.get("/", params={"scenario": "price-split"}).text
    assert 'href="/jobs?scenario=price-split"' in html
    assert _offered(client.get("/jobs?scenario=price-split").text) == ["price-split"]


def test_a_bad_job_form_is_shown_with_its_problem(client) -> None:
    token = _token(client, "/jobs")
    r = client.post(
        "/jobs", data={"kind": "outlook", "scenario": "logrolling", "draws": "0", FIELD: token}
    )
    assert r.status_code == 422 and "draws" in r.text


BODY = {"scenario": "logrolling", "proposal": "logroll"}


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 200),
        ({"Origin": "http://testserver"}, 200),
        ({"Referer": "http://testserver/scenarios"}, 200),
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Referer": "http://evil.example/page"}, 403),
        ({"Origin": "http://testserver.evil.example"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
    ],
)
def test_json_calls_from_another_origin_are_refused(client, headers, status) -> None:
    r = client.post("/api/diagnose", json=BODY, headers=headers)
    assert r.status_code == status
    if status == 403:
        assert r.json()["error"] == "csrf"


def test_reads_from_another_origin_are_not_refused(client) -> None:
    r = client.get("/api/scenarios", headers={"Origin": "http://evil.example"})
    assert r.status_code == 200  # no change is made, and the browser keeps the answer from the page
