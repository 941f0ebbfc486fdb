"""The workbench end to end: a real ``zopa serve`` process driven by headless Chromium.

An analyst opens minerals-2025, changes a term and sees Ukraine's verdict change, reads the
evidence behind it, asks what it would take, loads a counter, picks a point of the agreement
space, looks through a party's lens, runs a simulated session and downloads the brief.
Screenshots of every step are kept as test artefacts (printed at the end of the run).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.served import served

CHROMIUM = "/usr/bin/chromium"
#: How long to wait for the server or a page before calling it hung (not a speed limit).
HANG = 300_000


def _chromium() -> str:
    if not Path(CHROMIUM).exists():
        message = "chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install it")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("workbench-store") / "runs.sqlite") as base:
        yield base


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workbench-artefacts")


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = _chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        pg = context.new_page()
        pg.set_default_timeout(HANG)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(f"{server}/?scenario=minerals-2025")
        yield pg
        assert not errors, errors
        browser.close()


def _cell(page: Any, party: str, cls: str) -> str:
    return str(page.locator(f'tr[data-party="{party}"] .{cls}').inner_text())


def _wait_verdict(page: Any, party: str, text: str) -> None:
    page.wait_for_function(
        '([p, t]) => document.querySelector(`tr[data-party="${p}"] .accepts`).textContent === t',
        arg=[party, text],
    )


def test_the_analysts_journey(page: Any, server: str, artefacts: Path) -> None:
    page.goto(f"{server}/?scenario=minerals-2025")  # the tests share one page, in any order
    assert page.title().startswith("US–Ukraine critical-minerals agreement")
    # the desk opens on the US draft: Ukraine would not sign, crossing two red lines
    assert _cell(page, "ukraine", "accepts") == "no"
    # stakeholders do not sign: they support or oppose
    assert _cell(page, "russia", "accepts") == "supports"
    assert _cell(page, "eu", "accepts") == "opposes"
    before = _cell(page, "ukraine", "reasons")
    assert "crosses 2 red lines" in before
    # the reservation line sits at Ukraine's walk-away value (0.40) on its verdict bar
    left = page.locator('tr[data-party="ukraine"] .res').evaluate("e => e.style.left")
    assert left == "40%"
    page.wait_for_function(
        "document.querySelector('tr[data-party=\"ukraine\"] .odds').textContent.includes('%')"
    )
    assert _cell(page, "ukraine", "odds").startswith("0%")
    page.screenshot(path=str(artefacts / "1-desk.png"), full_page=True)

    # change one term: the security guarantee; Ukraine's verdict changes (one red line left)
    page.select_option("#term-security", "statement_of_support")
    page.wait_for_function(
        "document.querySelector('tr[data-party=\"ukraine\"] .reasons').textContent"
        ".includes('crosses the red line')"
    )
    after = _cell(page, "ukraine", "reasons")
    assert after != before and "not under US law with US immunity" in after
    assert "security guarantee" not in after

    # the evidence behind Ukraine's judgements on hover: its walk-away value's sources
    page.hover('tr[data-party="ukraine"] td.bar')
    pop = page.locator("#evidence-pop")
    pop.wait_for(state="visible")
    text = pop.inner_text()
    assert "Walk-away value" in text and "sourced" in text and "Zelensky" in text
    page.screenshot(path=str(artefacts / "2-evidence.png"), full_page=True)
    page.mouse.move(5, 5)

    # what would it take for Ukraine? load the first counter: Ukraine and the US both sign
    page.select_option("#takes-party", "ukraine")
    page.click("#takes-go")
    page.wait_for_selector("text=Load counter 1")
    page.screenshot(path=str(artefacts / "3-what-it-takes.png"), full_page=True)
    page.click("text=Load counter 1")
    _wait_verdict(page, "ukraine", "yes")
    assert _cell(page, "us", "accepts") == "yes"
    assert page.input_value("#term-security") != "none"

    # the agreement space: the Nash point loads into the desk
    page.wait_for_selector('[data-load="solution: nash"]')
    page.screenshot(path=str(artefacts / "4-space.png"), full_page=True)
    page.select_option("#term-security", "none")
    _wait_verdict(page, "ukraine", "no")
    page.locator('[data-load="solution: nash"]').first.dispatch_event("click")
    _wait_verdict(page, "ukraine", "yes")

    # Ukraine's lens: the United States' row becomes an estimate
    page.select_option("#lens", "ukraine")
    page.wait_for_function(
        "document.querySelector('tr[data-party=\"us\"] .reasons').textContent"
        ".startsWith('Estimate')"
    )
    assert _cell(page, "us", "accepts") in ("est. likely", "est. unlikely")
    assert "draws" in _cell(page, "us", "reasons")
    assert _cell(page, "ukraine", "accepts") == "yes"
    page.screenshot(path=str(artefacts / "5-lens.png"), full_page=True)
    page.select_option("#lens", "")

    # the negotiation dance
    page.fill("#dance-rounds", "60")
    page.click("#dance-go")
    page.wait_for_selector("#dance-plots svg.timeline")
    assert page.locator("#dance-plots svg.timeline path.own").count() == 2
    assert "offers" in page.inner_text("#dance-out")
    assert "Steps of the dance: United States:" in page.inner_text("#dance-out")
    page.screenshot(path=str(artefacts / "6-dance.png"), full_page=True)

    # the brief of the package on the desk
    with page.expect_download() as info:
        page.click("#brief")
    download = info.value
    target = artefacts / download.suggested_filename
    download.save_as(str(target))
    html = target.read_text(encoding="utf-8")
    assert target.name.startswith("brief-") and "<html" in html
    assert "recouped_from_fund_returns" in html or "Recouped" in html or "statement" in html
    print(f"\nworkbench screenshots and brief: {artefacts}")


def test_an_outlook_runs_as_a_job_with_progress(page: Any, server: str, artefacts: Path) -> None:
    page.goto(f"{server}/?scenario=minerals-2025")
    page.click("nav.top >> text=Jobs")
    page.select_option("select[name=kind]", "outlook")
    page.select_option("select[name=scenario]", "minerals-2025")
    page.fill("input[name=draws]", "3000")
    page.click("form.start button[type=submit]")
    page.wait_for_url("**/jobs/*")
    seen: set[int] = set()
    # watch the progress bar until the job ends: it counts the chunks of draws
    for _ in range(36000):  # a hang guard, not a speed limit
        seen.add(int(page.locator("#bar").evaluate("e => e.value")))
        if page.inner_text("#status") in ("done", "failed", "cancelled", "timed_out"):
            break
        page.wait_for_timeout(50)
    assert page.inner_text("#status") == "done"
    chunks = int(page.locator("#bar").evaluate("e => e.max"))
    assert chunks >= 2 and page.inner_text("#count") == f"{chunks} of {chunks} chunks"
    assert max(seen) <= chunks and "100%" in page.inner_text("#summary")
    page.screenshot(path=str(artefacts / "7-outlook-job.png"), full_page=True)


def test_a_scenario_is_saved_as_versions_and_compared(
    page: Any, server: str, artefacts: Path
) -> None:
    # copy the bundled scenario into the store, then save an edited version of the copy
    page.goto(f"{server}/scenarios/minerals-2025/edit")
    page.fill("input[name=name]", "minerals-e2e")
    page.click("#editor-form button[type=submit]")
    page.wait_for_url("**/scenarios/minerals-e2e/edit*")
    text = page.input_value("#yaml")
    edited = text.replace(
        "title: US–Ukraine critical-minerals agreement, as of 16 February 2025",
        "title: Minerals, as edited in the workbench",
        1,
    )
    assert edited != text
    page.fill("#yaml", edited)
    page.wait_for_function("document.getElementById('validity').textContent !== ''")
    page.click("#editor-form button[type=submit]")
    page.wait_for_selector("text=Saved as version 2")
    page.goto(f"{server}/scenarios/minerals-e2e/versions")
    assert page.locator("tr[data-version]").count() == 2
    page.click("button[type=submit]")
    page.wait_for_url("**/compare*")
    changes = page.inner_text("#changes")
    assert "title" in changes.lower()
    page.screenshot(path=str(artefacts / "8-compare.png"), full_page=True)
    # the newest version opens in the desk, with the diagnosis of its first proposal
    page.goto(f"{server}/scenarios/minerals-e2e/versions")
    page.locator('tr[data-version="2"] >> text=open in the desk').click()
    page.wait_for_selector("#desk")
    assert page.inner_text("h1") == "Minerals, as edited in the workbench"
    assert _cell(page, "ukraine", "accepts") == "no"
    page.wait_for_selector('[data-load="solution: nash"]')
