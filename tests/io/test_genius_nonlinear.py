"""Non-linear (hyper-rectangle) GENIUS profiles: package terms where the scenario language can say
it, direct evaluation where it cannot (min / max aggregation)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.errors import InputError
from zopa.io import load_genius

DOMAIN = (
    '<negotiation_template><utility_space><objective index="0" name="root">'
    + "".join(
        f'<issue index="{k}" name="i{k}" type="integer" lowerbound="0" upperbound="3"/>'
        for k in (1, 2, 3)
    )
    + "</objective></utility_space></negotiation_template>"
)


def _profile(ufun: str, maxutility: float) -> str:
    return (
        '\n\n<?xml version="1.0"?>\n<utility_space type="nonlinear"><objective index="0">'
        f'<utility maxutility="{maxutility}">{ufun}</utility></objective>'
        '<reservation value="0.75"/></utility_space>'
    )


def _write(tmp_path: Path, ufun: str, maxutility: float = 10.0) -> None:
    (tmp_path / "d.xml").write_text(DOMAIN)
    (tmp_path / "p.xml").write_text(_profile(ufun, maxutility))


def _outcomes() -> np.ndarray:
    return np.array(list(itertools.product(range(4), repeat=3)))


def _brute(
    rects: list[tuple[str, list[tuple[int, int, int]], float, float]], x: np.ndarray
) -> float:
    total = 0.0
    for kind, bounds, utility, weight in rects:
        inside = [lo <= x[k - 1] <= hi for k, lo, hi in bounds]
        hit = True if not bounds else (not all(inside) if kind == "EXCLUDES" else all(inside))
        total += utility * weight * hit
    return total


def _rect_xml(kind: str, bounds: list[tuple[int, int, int]], utility: float, weight: float) -> str:
    inner = "".join(f'<{kind} index="{k}" min="{lo}" max="{hi}"/>' for k, lo, hi in bounds)
    return f'<hyperRectangle utility="{utility}" weight="{weight}">{inner}</hyperRectangle>'


rect = st.tuples(
    st.sampled_from(["INCLUDES", "EXCLUDES"]),
    st.lists(
        st.tuples(st.integers(1, 3), st.integers(-1, 4), st.integers(-1, 4)),
        max_size=3,
        unique_by=lambda b: b[0],
    ),
    st.integers(0, 50),
    st.sampled_from([1.0, 0.5, 2.0]),
)


@given(st.lists(rect, min_size=1, max_size=6), st.integers(1, 120))
def test_sum_profiles_become_exact_package_terms(tmp_path_factory, rects, maxutility):
    tmp_path = tmp_path_factory.mktemp("nl")
    body = "".join(_rect_xml(*r) for r in rects)
    _write(
        tmp_path, f'<ufun type="PlainUfun" weight="3" aggregation="sum">{body}</ufun>', maxutility
    )
    domain = load_genius(tmp_path)
    scenario = domain.to_scenario()
    party = scenario.parties["p"]
    assert party.scale == maxutility and party.reservation.point == 0.75
    game = scenario.compile()
    x = _outcomes()
    expected = np.minimum([_brute(rects, row) / maxutility for row in x], 1.0)
    np.testing.assert_allclose(game.utilities()[0], expected, atol=1e-12)
    np.testing.assert_allclose(domain.utilities(x)[0], expected, atol=1e-12)


def test_nested_ufuns_multiply_their_weights(tmp_path):
    inner = (
        '<ufun weight="0.5" aggregation="sum">'
        + _rect_xml("INCLUDES", [(1, 2, 3)], 8, 1)
        + "</ufun>"
    )
    outer = (
        '<ufun weight="7" aggregation="sum">' + _rect_xml("INCLUDES", [], 1, 1) + inner + "</ufun>"
    )
    _write(tmp_path, outer)
    game = load_genius(tmp_path).to_scenario().compile()
    x = _outcomes()
    np.testing.assert_allclose(game.utilities()[0], (1 + 4 * (x[:, 0] >= 2)) / 10)


@pytest.mark.parametrize("agg", ["min", "max"])
def test_min_and_max_aggregation_are_evaluated_but_not_expressible(tmp_path, agg):
    rects = [("INCLUDES", [(1, 1, 3)], 6, 1.0), ("INCLUDES", [(2, 0, 1)], 4, 1.0)]
    body = "".join(_rect_xml(*r) for r in rects)
    _write(tmp_path, f'<ufun aggregation="{agg}">{body}</ufun>')
    domain = load_genius(tmp_path)
    with pytest.raises(InputError, match=f"'{agg}' aggregation"):
        domain.to_scenario()
    x = _outcomes()
    parts = np.stack([6.0 * (x[:, 0] >= 1), 4.0 * (x[:, 1] <= 1)])
    expected = (parts.min(axis=0) if agg == "min" else parts.max(axis=0)) / 10
    np.testing.assert_allclose(domain.utilities(x)[0], expected)


def test_bad_rectangles_are_located(tmp_path):
    _write(tmp_path, '<ufun>\n<hyperRectangle utility="x"/></ufun>')
    with pytest.raises(InputError) as err:
        load_genius(tmp_path)
    assert err.value.problems[0].line == 5  # two blank lines, the declaration, then the ufun
    _write(
        tmp_path,
        '<ufun><hyperRectangle utility="1"><INCLUDES index="9" min="0" max="1"/>'
        "</hyperRectangle></ufun>",
    )
    with pytest.raises(InputError, match="unknown issue index 9"):
        load_genius(tmp_path)
