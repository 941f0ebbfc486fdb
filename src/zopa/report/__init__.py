"""The brief: one proposal diagnosed, the counter to make, the outlook, in one printable page
set (HTML, or PDF through headless Chromium)."""

from zopa.report.build import build_report, default_proposal, scenario_hash
from zopa.report.model import Counter, Note, Report, Settlement, Verdict

__all__ = [
    "Counter",
    "Note",
    "Report",
    "Settlement",
    "Verdict",
    "build_report",
    "default_proposal",
    "scenario_hash",
]
