"""``zopa report minerals-2025``: where the time of the brief goes, part by part, side by side
with the outlook alone (the command's largest part), in wall-clock and CPU seconds (the CPU time
is the fairer figure on a shared machine).

    python benchmarks/bench_report.py [--pdf]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any


def timed(label: str, fn: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<28} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    return out, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pdf", action="store_true", help="also print the PDF with Chromium")
    args = parser.parse_args()
    from zopa.model import load_scenario
    from zopa.outlook import outlook
    from zopa.report import build_report
    from zopa.report.html import render_html

    s, _, _ = timed("load minerals-2025", lambda: load_scenario("minerals-2025"))
    _, o_wall, o_cpu = timed("outlook alone (2000 draws)", lambda: outlook(s))
    r, b_wall, b_cpu = timed("build_report", lambda: build_report(s))
    html, h_wall, h_cpu = timed("render_html", lambda: render_html(r))
    print(
        f"brief / outlook alone: wall x{(b_wall + h_wall) / o_wall:.2f}, "
        f"cpu x{(b_cpu + h_cpu) / o_cpu:.2f}; HTML {len(html.encode()) / 1024:.0f} KiB"
    )
    if args.pdf:
        from zopa.cli._pdf import html_to_pdf

        pdf, _, _ = timed("print PDF (Chromium)", lambda: html_to_pdf(html))
        print(f"PDF {len(pdf) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
