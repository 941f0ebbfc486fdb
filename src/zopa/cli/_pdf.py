"""The brief as PDF: the HTML printed by headless Chromium (Debian's ``chromium`` package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from zopa.errors import InputError

__all__ = ["chromium_path", "html_to_pdf"]

#: Where Debian installs Chromium; ``ZOPA_CHROMIUM`` names another binary.
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
#: A printing Chromium that has not finished in this many seconds is hung, not slow.
HANG_SECONDS = 180


def chromium_path() -> str | None:
    """The Chromium binary to print with, or None when none is installed."""
    named = os.environ.get("ZOPA_CHROMIUM")
    for c in (named,) if named else CANDIDATES:
        found = shutil.which(c)
        if found:
            return found
    return None


def html_to_pdf(html: str, *, where: str = "-o") -> bytes:
    """The PDF bytes of ``html`` printed on A4 by headless Chromium (no network: the page is a
    local file that loads nothing else). An :class:`InputError` when Chromium is missing or
    fails."""
    exe = chromium_path()
    if exe is None:
        raise InputError.single(
            "PDF output needs Chromium (Debian: apt-get install chromium; or set ZOPA_CHROMIUM "
            "to a Chromium binary); write .html instead",
            path=where,
        )
    with tempfile.TemporaryDirectory(prefix="zopa-pdf-") as tmp:
        page = Path(tmp) / "brief.html"
        out = Path(tmp) / "brief.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=HANG_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise InputError.single(
                f"Chromium could not print the brief: {err}", path=where
            ) from None
        if not out.is_file() or out.stat().st_size == 0:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise InputError.single(
                f"Chromium could not print the brief (exit {done.returncode}): {tail[0]}",
                path=where,
            )
        return out.read_bytes()
