"""Scenarios, versions and jobs end to end: a real ``zopa serve --store`` process driven by
headless Chromium. An analyst breaks a line of minerals-2025 in the editor and sees the problem
at its line, saves a copy, saves a second version and compares the two; then watches a long
outlook run and cancels it, and runs a short one to its end. Screenshots are kept as test
artefacts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.served import served
from zopa.model import bundled_scenarios

CHROMIUM = "/usr/bin/chromium"
#: How long to wait for the server or a page before calling it hung (not a speed limit).
HANG = 300_000

TEXT = bundled_scenarios()["minerals-2025"].read_text(encoding="utf-8")
SECURITY = (
    "  security:\n    label: Security guarantee\n"
    "    options: [none, statement_of_support, explicit_guarantee]\n    ordered: true\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("browser-store") / "runs.sqlite") as base:
        yield base


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go: ``ZOPA_ARTEFACTS`` if set (kept), else a temporary folder."""
    import os

    given = os.environ.get("ZOPA_ARTEFACTS")
    if given:
        Path(given).mkdir(parents=True, exist_ok=True)
        return Path(given)
    return tmp_path_factory.mktemp("workbench-data-artefacts")


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.set_default_timeout(HANG)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        assert not errors, errors
        browser.close()


def test_edit_save_versions_and_compare(server, page, artefacts) -> None:
    assert SECURITY in TEXT
    page.goto(f"{server}/scenarios/minerals-2025/edit")
    page.wait_for_selector("#validity.valid")
    broken = TEXT.replace(SECURITY, SECURITY.replace("ordered: true", "ordered: maybe"))
    line = broken.splitlines().index("    ordered: maybe") + 1
    page.fill("#yaml", broken)
    page.wait_for_selector(f'#problems a[data-line="{line}"]')
    assert page.locator("#gutter .bad").first.inner_text() == str(line)
    assert "security.ordered" in page.locator("#problems").inner_text()
    page.click(f'#problems a[data-line="{line}"]')  # selects the line in the text
    chosen = page.evaluate("(a => a.value.slice(a.selectionStart, a.selectionEnd))(yaml)")
    assert chosen == "    ordered: maybe"
    page.screenshot(path=str(artefacts / "editor-problem.png"))
    page.fill("#yaml", TEXT)
    page.wait_for_selector("#validity.valid")
    page.fill('input[name="name"]', "minerals-mine")
    page.click("text=Save as a new scenario")
    page.wait_for_url(f"{server}/scenarios/minerals-mine/edit")
    assert "version 1" in page.locator("h1").inner_text()
    renamed = TEXT.replace("label: Security guarantee\n", "label: Security guarantees\n", 1)
    page.fill("#yaml", renamed)
    page.wait_for_selector("#validity.valid")
    page.click("text=Save as a new version")
    page.wait_for_selector("text=Saved as version 2")
    page.click("text=versions")
    page.wait_for_selector('tr[data-version="2"]')
    page.click("text=Compare")
    page.wait_for_selector("#changes")
    words = page.locator("#changes").inner_text()
    assert 'issues.security.label: "Security guarantee" → "Security guarantees"' in words
    page.screenshot(path=str(artefacts / "versions-compare.png"))
    print(f"\nscreenshots in {artefacts}")


def _start_outlook(page: Any, server: str, scenario: str, draws: int) -> None:
    page.goto(f"{server}/jobs")
    page.select_option('select[name="kind"]', "outlook")
    page.select_option('select[name="scenario"]', scenario)
    page.fill('input[name="draws"]', str(draws))
    page.click("text=Start")
    page.wait_for_url(f"{server}/jobs/*")


def test_watch_a_long_outlook_and_cancel_it_then_run_one_to_its_end(
    server, page, artefacts
) -> None:
    # The long run is peace-talks-2025's outlook of 20,000 draws: minutes of work in 29 chunks
    # (the seconds a chunk takes leave the page time to show it running, on any machine this
    # suite runs on), so it is still running when it is cancelled; a cancel that arrives after
    # the end leaves a job "done", which would fail this test.
    _start_outlook(page, server, "peace-talks-2025", 20_000)
    page.wait_for_function(
        "document.getElementById('status').textContent === 'running'"
        " && document.getElementById('bar').value > 0"
    )
    page.screenshot(path=str(artefacts / "job-running.png"))
    # the page says at once that the job is stopping (it stops when its current chunk ends)
    page.evaluate(
        "new MutationObserver(() => { window.sawCancelling = window.sawCancelling ||"
        " document.getElementById('cancelling').textContent.length > 0 })"
        ".observe(document.getElementById('cancelling'), {childList: true, subtree: true})"
    )
    page.click("#cancel")
    page.wait_for_function("document.getElementById('status').textContent === 'cancelled'")
    assert page.evaluate("window.sawCancelling === true")
    assert page.inner_text("#cancelling") == ""
    assert page.locator("#cancel-form").is_hidden()
    assert page.evaluate(
        "document.getElementById('bar').value < document.getElementById('bar').max"
    )
    # a short run watched to its end
    _start_outlook(page, server, "minerals-2025", 3000)
    page.wait_for_function("document.getElementById('status').textContent === 'done'")
    page.wait_for_function("document.getElementById('summary').textContent.length > 0")
    assert page.evaluate(
        "document.getElementById('bar').value === document.getElementById('bar').max"
    )
    assert page.locator("#run").inner_text().isdigit()
    page.screenshot(path=str(artefacts / "job-done.png"))
