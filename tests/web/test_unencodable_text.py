"""Text UTF-8 cannot encode (a lone surrogate from a YAML escape) is answered, not a 500."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from zopa.web import create_app

TEXT = """
name: "odd\\ud800"
title: "title \\ud800"
issues:
  a: {options: [p, q], ordered: true}
parties:
  u: {interests: {a: {weight: 1, prefers: high}}}
  v: {interests: {a: {weight: 1, prefers: low}}}
"""


def test_a_stored_scenario_with_a_lone_surrogate_is_listed_and_shown(
    cli, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("ZOPA_STORE", f"sqlite:///{tmp_path / 'runs.sqlite'}")
    path = tmp_path / "odd.yaml"
    path.write_text(TEXT)
    assert cli("runs", "save", str(path)).code == 0
    client = TestClient(create_app(), raise_server_exceptions=False)
    api = client.get("/api/scenarios")
    assert api.status_code == 200
    assert api.content.isascii()  # every non-ASCII character escaped: valid JSON
    stored = [r for r in json.loads(api.content)["scenarios"] if r.get("source") == "store"]
    assert [r["title"] for r in stored] == ["title \ud800"]  # read back as written
    page = client.get("/scenarios")
    assert page.status_code == 200 and "title \\ud800" in page.text
    assert client.get("/").status_code == 200
