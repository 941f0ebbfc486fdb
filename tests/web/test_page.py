"""The proposal desk page: controls for every issue, verdicts, escaped text, offline script."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from zopa.model import load_scenario


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Collect()
    p.feed(html)
    return p.tags


def test_the_desk_has_a_control_per_issue_and_a_row_per_party(client) -> None:
    r = client.get("/", params={"scenario": "minerals-2025"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    s = load_scenario("minerals-2025")
    tags = _tags(r.text)
    controls = {a["data-issue"]: (t, a) for t, a in tags if "data-issue" in a}
    assert list(controls) == list(s.issues)
    for issue_id, issue in s.issues.items():
        tag, attrs = controls[issue_id]
        if issue.options is not None:
            assert tag == "select"
        else:
            assert tag == "input" and attrs["type"] == "range"
            assert (float(attrs["min"]), float(attrs["max"])) == issue.bounds
    rows = [a["data-party"] for t, a in tags if t == "tr" and "data-party" in a]
    assert rows == list(s.parties)


def test_the_desk_opens_on_the_first_proposal_with_its_verdicts(client) -> None:
    html = client.get("/").text
    assert 'value="us-draft-2025-02-12" selected' in html
    row = re.search(r'<tr data-party="ukraine" class="(\w+)">', html)
    assert row is not None and row.group(1) == "no"
    assert "crosses 2 red lines" in html


def test_scripts_and_styles_ship_with_the_package(client) -> None:
    html = client.get("/").text
    tags = [(t, a) for t, a in _tags(html) if t in ("script", "link")]
    # the only script without a file is the page's data, which a browser does not run
    assert all(
        a.get("type") == "application/json" for t, a in tags if t == "script" and not a.get("src")
    )
    sources = [a.get("src") or a.get("href") for t, a in tags if a.get("src") or a.get("href")]
    assert sources and all(not src.startswith(("http:", "https:", "//")) for src in sources)
    for src in sources:
        assert client.get("/" + src).status_code == 200
    js = client.get("/static/desk.js").text
    assert "api/diagnose" in js
    for name in ("desk", "space", "takes", "dance"):
        text = client.get(f"/static/{name}.js").text
        assert "innerHTML" not in text and "eval(" not in text


def test_markup_in_a_request_is_escaped_on_the_page(client) -> None:
    r = client.get(
        "/", params={"scenario": "minerals-2025", "token": '"><script>alert(1)</script>'}
    )
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text
    assert "&lt;script&gt;alert(1)" in r.text or "%3Cscript%3E" in r.text


def test_markup_in_scenario_text_is_escaped(client, monkeypatch) -> None:
    from zopa.web import api, sources

    s = api.bundled("logrolling")
    marked = s.model_copy(update={"title": "<img src=x onerror=alert(1)>"})
    monkeypatch.setattr(sources, "_bundled", lambda name: marked)
    html = client.get("/", params={"scenario": "logrolling"}).text
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_unknown_scenario_on_the_page_is_404_with_escaped_text(client) -> None:
    r = client.get("/", params={"scenario": "<b>nope</b>"})
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    assert r.json()["problems"][0]["path"] == "scenario"
