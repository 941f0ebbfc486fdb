"""Who may call the workbench: loopback by default, a token for anything else."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest

from tests.web.conftest import TestClient
from zopa.web import create_app
from zopa.web.guard import is_loopback

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def guarded() -> TestClient:
    return TestClient(create_app(token=TOKEN))


@pytest.mark.parametrize("path", ["/", "/api/scenarios", "/openapi.json", "/static/desk.js"])
def test_every_request_without_the_token_is_401(guarded, path) -> None:
    assert guarded.get(path).status_code == 401
    assert guarded.get(path, headers={"X-Zopa-Token": "wrong"}).status_code == 401
    assert guarded.get(path, params={"token": TOKEN + "x"}).status_code == 401


def test_a_post_without_the_token_is_401_before_its_body_is_read(guarded) -> None:
    r = guarded.post("/api/diagnose", content=b"x" * 5_000_000)
    assert r.status_code == 401


@pytest.mark.parametrize(
    "how",
    [
        {"headers": {"Authorization": f"Bearer {TOKEN}"}},
        {"headers": {"X-Zopa-Token": TOKEN}},
        {"params": {"token": TOKEN}},
    ],
)
def test_the_token_in_a_header_or_the_query_is_accepted(guarded, how) -> None:
    assert guarded.get("/api/scenarios", **how).status_code == 200


def test_the_page_opened_with_a_token_hands_it_to_its_own_files(guarded) -> None:
    page = guarded.get("/", params={"token": TOKEN}).text
    assert f'src="static/desk.js?token={TOKEN}"' in page
    assert guarded.get(f"/static/desk.js?token={TOKEN}").status_code == 200
    # its link to the jobs page carries the token with the scenario, and that page opens
    found = re.search(r'href="(/jobs\?[^"]+)"', page)
    assert found is not None and f"token={TOKEN}" in found.group(1)
    jobs = guarded.get(html.unescape(found.group(1)))
    assert jobs.status_code == 200 and 'value="minerals-2025" selected' in jobs.text


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_loopback_addresses(host, loopback) -> None:
    assert is_loopback(host) is loopback


def test_serve_on_all_interfaces_without_a_token_refuses_to_start(cli) -> None:
    r = cli("serve", "--host", "0.0.0.0", "--port", "8765")
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "--host: 0.0.0.0 is not loopback" in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--token", " "], "--token: must not be empty"),
        (["--token", "t", "--new-token"], "not both"),
        (["--host", "192.168.1.5"], "is not loopback"),
    ],
)
def test_serve_refuses_bad_security_flags(cli, args, message) -> None:
    r = cli("serve", "--port", "8765", *args)
    assert r.code == 2 and message in r.err and len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize("port", ["0", "70000"])
def test_serve_refuses_a_port_out_of_range(cli, port) -> None:
    r = cli("serve", "--port", port)
    assert r.code == 2 and "--port" in r.err


def test_the_command_line_starts_without_the_web_packages() -> None:
    code = (
        "import sys, zopa.cli\n"
        "heavy = {'fastapi', 'uvicorn', 'starlette', 'jinja2', 'httpx', 'zopa.web'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
