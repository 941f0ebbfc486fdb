"""The brief in a real browser (Debian's Chromium driven by Playwright, network blocked) and
as PDF (printed by Chromium, read back with poppler's pdftotext and pdftoppm)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from zopa.report import Report
from zopa.report.html import render_html

from .conftest import PROPOSAL, need


def test_the_page_loads_nothing_and_shows_every_verdict(brief: Report, artefacts: Path) -> None:
    chromium = need("chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    page_file = artefacts / "brief.html"
    page_file.write_text(render_html(brief), encoding="utf-8")
    outside: list[str] = []
    local: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith("file://"):
            local.append(url)
            r.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            r.abort()  # type: ignore[attr-defined]

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.route("**/*", route)
            page.goto(page_file.as_uri())
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(artefacts / "brief.png"), full_page=True)
            rows = {
                v.party: page.locator(f'tr.verdict[data-party="{v.party}"]') for v in brief.verdicts
            }
            seen = {party: row.inner_text() for party, row in rows.items()}
            visible = {party: row.is_visible() for party, row in rows.items()}
            first = page.locator("#bottom-line p").first.inner_text()
        finally:
            browser.close()
    assert outside == []
    assert local == [page_file.as_uri()]
    assert (artefacts / "brief.png").stat().st_size > 10_000
    for v in brief.verdicts:
        assert visible[v.party]
        assert v.name in seen[v.party]
        said = "will not sign" if v.signatory and not v.accepts else None
        if v.signatory:
            assert ("signs" in seen[v.party]) == v.accepts
            assert (said or "signs") in seen[v.party]
        else:
            assert ("supports" if v.accepts else "opposes") in seen[v.party]
    assert first == brief.bottom_line[0]


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        [need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def test_the_pdf_opens_with_the_bottom_line_and_fits_two_pages(
    cli, tmp_path: Path, artefacts: Path
) -> None:
    need("chromium")
    pdftoppm = need("pdftoppm")
    out = tmp_path / "brief.pdf"
    r = cli("report", "minerals-2025", PROPOSAL, "-o", str(out), "--draws", "300")
    assert r.code == 0, r.err
    assert out.read_bytes().startswith(b"%PDF")
    pages = _pdf_pages(out)
    page1 = " ".join(pages[0].split())
    assert "Ukraine will not sign" in page1
    assert "The smallest robust change" in page1
    # The brief is at most two printed pages: the first appendix starts on page 3 at the latest.
    starts = [i + 1 for i, text in enumerate(pages) if re.search(r"Appendix A\.", text)]
    assert starts and starts[0] <= 3
    subprocess.run([pdftoppm, "-png", "-r", "60", str(out), str(artefacts / "page")], check=True)
    pngs = sorted(artefacts.glob("page-*.png"))
    assert len(pngs) == len([p for p in pages if p.strip()])
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)


def test_pdf_without_chromium_is_a_located_error(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOPA_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out = tmp_path / "brief.pdf"
    r = cli("report", "minerals-2025", "-o", str(out), "--draws", "20", "--counter-draws", "0")
    assert r.code == 2
    assert "Chromium" in r.err and "-o" in r.err
    assert "Traceback" not in r.err
    assert not out.exists()
