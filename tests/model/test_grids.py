"""Range grids built with numpy equal, bit for bit, the grids built one point at a time with
Python's ``round``; grid sizes and outcome counts computed from the issues equal those of the
compiled game."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.compiler import grid_values
from zopa.model import bundled_scenarios, load_scenario
from zopa.model.grids import (
    compiled_outcome_count,
    compiled_size,
    round12,
    step_count,
    step_grid,
)
from zopa.model.schema import Issue, Scenario
from zopa.model.summary import scenario_row


def python_step_grid(lo: float, hi: float, step: float) -> tuple[float, ...]:
    """The grid as it was built before numpy: one ``round`` per point (the specification)."""
    count = int((hi - lo) / step + 1e-9) + 1
    pts = [round(lo + i * step, 12) for i in range(count)]
    if hi - pts[-1] > 1e-9 * max(1.0, abs(hi)):
        pts.append(hi)
    return tuple(pts)


def bits(values: tuple[float, ...] | list[float]) -> list[bytes]:
    return [struct.pack("<d", v) for v in values]


finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)


@given(st.lists(finite, min_size=1, max_size=200))
def test_round12_is_pythons_round(xs: list[float]) -> None:
    assert bits(round12(np.array(xs)).tolist()) == bits([round(x, 12) for x in xs])


@given(st.integers(-(10**15), 10**15), st.sampled_from([-1, 0, 1]))
def test_round12_at_and_beside_the_halves(k: int, side: int) -> None:
    """Points whose product with 10^12 is (almost) a half-integer: where rounding is hardest."""
    x = (k + 0.5) / 1e12
    x = float(np.nextafter(x, np.inf * side)) if side else x
    assert bits(round12(np.array([x])).tolist()) == bits([round(x, 12)])


def test_round12_where_multiplying_by_10_12_in_floats_would_round_wrongly() -> None:
    """Points found by search where ``rint(x * 1e12) / 1e12`` differs from ``round(x, 12)``
    (the product's own rounding moves it across a half), and large numbers, which stay as
    they are."""
    xs = [2436.3624801259007, -3774.2994892666034, -2795.2774341994314, 4129.504213047289]
    assert any(np.rint(x * 1e12) / 1e12 != round(x, 12) for x in xs)  # the naive way fails
    xs += [8192.0, -8192.5, 123456.789012345678, 1e15, -9999.0000000000001]
    assert bits(round12(np.array(xs)).tolist()) == bits([round(x, 12) for x in xs])


@settings(max_examples=300)
@given(
    lo=st.floats(-5000, 5000),
    step=st.floats(1e-6, 50),
    steps=st.integers(1, 3000),
    tail=st.floats(0, 1),
)
def test_step_grids_equal_the_point_by_point_grids(
    lo: float, step: float, steps: int, tail: float
) -> None:
    hi = lo + step * steps + step * tail
    if not hi > lo:
        return
    grid = step_grid(lo, hi, step)
    expected = python_step_grid(lo, hi, step)
    assert bits(grid.tolist()) == bits(expected)
    assert step_count(lo, hi, step) == len(expected)
    assert not grid.flags.writeable


@pytest.mark.parametrize(
    ("lo", "hi", "step"),
    [(0, 100, 0.01), (0, 1, 0.1), (-5, 5, 0.3), (0.1, 0.7, 0.1), (1e-6, 1e-3, 1e-7),
     (4000, 9000, 0.37), (-8191.9, 8200, 0.013), (0, 1, 1 / 3), (12.345, 99.999, 0.0011)],
)  # fmt: skip
def test_known_awkward_steps(lo: float, hi: float, step: float) -> None:
    assert bits(step_grid(lo, hi, step).tolist()) == bits(python_step_grid(lo, hi, step))


def _scenario(issue: dict[str, object], terms: list[float]) -> Scenario:
    return Scenario.model_validate(
        {
            "name": "g",
            "issues": {"x": issue, "y": {"options": ["a", "b"]}},
            "parties": {
                "p": {"reservation": 0, "interests": {"x": {"weight": 1, "prefers": "high"}}},
                "q": {"reservation": 0, "interests": {"y": {"weight": 1, "prefers": "high"}}},
            },
            "proposals": {f"p{i}": {"terms": {"x": t, "y": "a"}} for i, t in enumerate(terms)},
        }
    )


issues = st.one_of(
    st.builds(
        lambda lo, n, step, tail: {"range": [lo, lo + step * n + step * tail], "step": step},
        st.floats(-1000, 1000),
        st.integers(1, 400),
        st.floats(1e-3, 10),
        st.floats(0, 1),
    ),
    st.builds(lambda lo, w: {"range": [lo, lo + w]}, st.floats(-1000, 1000), st.floats(1e-3, 1e3)),
    st.builds(
        lambda pts: {"range": [pts[0], pts[-1] + 1], "grid": pts},
        st.lists(st.floats(-1000, 1000), min_size=1, max_size=30, unique=True).map(sorted),
    ),
)


@settings(max_examples=200, deadline=None)
@given(issue=issues, data=st.data())
def test_grid_sizes_from_the_issues_equal_the_compiled_grids(
    issue: dict[str, object], data: st.DataObject
) -> None:
    """Proposal numbers on the grid, within the tolerance of it, and off it."""
    rng = issue["range"]
    assert isinstance(rng, list)
    lo, hi = float(rng[0]), float(rng[1])
    if not hi > lo:
        return
    base = Issue.model_validate(issue).values
    on = st.sampled_from([float(v) for v in base])
    near = on.map(lambda v: v + 1e-10 * max(1.0, abs(v)))
    off = st.floats(lo, hi)
    terms = data.draw(st.lists(st.one_of(on, near, off), max_size=6))
    s = _scenario(issue, terms)
    assert compiled_size(s, "x") == len(grid_values(s, "x"))
    assert compiled_outcome_count(s) == s.compile().n_outcomes


@pytest.mark.parametrize("name", list(bundled_scenarios()))
def test_the_listing_counts_the_outcomes_of_the_compiled_game(name: str) -> None:
    s = load_scenario(name)
    assert scenario_row(name, s)["outcomes"] == s.compile().n_outcomes


def test_the_listing_read_without_validation_equals_the_validated_rows() -> None:
    """``zopa scenarios`` reads the bundled files without building the scenario models; its
    rows equal those of the validated scenarios, and the outcome counts the compiled games'."""
    from zopa.model.summary import bundled_rows

    rows = bundled_rows()
    assert [r["name"] for r in rows] == list(bundled_scenarios())
    for row in rows:
        s = load_scenario(str(row["name"]))
        assert row == scenario_row(str(row["name"]), s)
        assert row["outcomes"] == s.compile().n_outcomes
