"""docs/limits.md states the limits the code enforces: each stated maximum is the constant the
checks use, and the command line refuses one more than it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zopa import params
from zopa.forecast.runs import montecarlo

DOC = (Path(__file__).resolve().parents[2] / "docs" / "limits.md").read_text()


def _row(flag: str, command: str) -> str:
    for line in DOC.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3 and flag in cells[1] and command in cells[2]:
            return cells[3]
    raise AssertionError(f"no row for {flag} of {command} in docs/limits.md")


def _numbers(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]


@pytest.mark.parametrize(
    ("flag", "command", "low", "high"),
    [
        ("--draws", "counter", 0, params.MAX_COUNTER_DRAWS),
        ("--top", "counter", 1, params.MAX_TOP),
        ("--limit", "what-it-takes", 1, params.MAX_TOP),
        ("--levels", "tradeoff", 3, params.MAX_LEVELS),
        ("--jobs", "tournament", 1, params.MAX_JOBS),
    ],
)
def test_the_stated_bounds_are_the_enforced_ones(flag, command, low, high) -> None:
    assert _numbers(_row(flag, command))[:2] == [low, high]


def test_the_outlook_bounds_are_the_enforced_ones() -> None:
    assert _numbers(_row("--draws", "outlook"))[:2] == [1, params.MAX_OUTLOOK_DRAWS]


def test_the_forecast_bounds_are_the_enforced_ones() -> None:
    stated = _numbers(_row("--draws", "forecast"))
    assert stated[:3] == [0, params.MAX_FORECAST_DRAWS, montecarlo.MAX_CELLS]


@pytest.mark.parametrize(
    "args",
    [
        ["counter", "logrolling", "split-both", "--draws", str(params.MAX_COUNTER_DRAWS + 1)],
        ["counter", "logrolling", "split-both", "--top", str(params.MAX_TOP + 1)],
        ["tradeoff", "logrolling", "split-both", "a", "b", "--levels", str(params.MAX_LEVELS + 1)],
        ["forecast", "logrolling", "--draws", str(params.MAX_FORECAST_DRAWS + 1)],
        ["analyze", "logrolling", "--draws", str(params.MAX_FORECAST_DRAWS + 1)],
    ],
    ids=lambda a: f"{a[0]} {a[-2]}",
)
def test_one_more_than_the_maximum_is_refused(cli, args) -> None:
    r = cli(*args)
    assert r.code == 2 and args[-2] in r.err and r.out == ""


def test_the_stated_search_budgets_are_the_enforced_ones() -> None:
    from zopa.kernels import budget

    scenarios = (Path(__file__).resolve().parents[2] / "docs" / "scenarios.md").read_text()
    for what, value in [
        ("integer programmes per search", budget.MAX_PROGRAMMES),
        ("branch-and-bound nodes per search", budget.MAX_NODES),
        ("issue values a counter-proposal search looks at", budget.MAX_SEARCH_VALUES),
    ]:
        for text in (DOC, scenarios):
            row = next(line for line in text.splitlines() if line.startswith(f"| {what}"))
            assert _numbers(row.split("|")[2]) == [value], (what, row)
    assert f"{budget.MAX_PROGRAMMES:,} integer programmes" in budget.STATEMENT
