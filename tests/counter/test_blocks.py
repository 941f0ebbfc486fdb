"""Working packages written as blocks, and value lists written as intervals."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.counter.blocks import blocks, runs
from zopa.counter.explain import choice_text

rows_st = st.integers(1, 4).flatmap(
    lambda m: st.lists(st.tuples(*[st.integers(0, 4)] * m), min_size=0, max_size=60).map(
        lambda rows: (m, rows)
    )
)


@settings(max_examples=300)
@given(rows_st)
def test_blocks_are_an_exact_disjoint_cover(case) -> None:
    m, rows = case
    wanted = set(rows)
    found = blocks(np.array(rows, dtype=np.int64).reshape(len(rows), m))
    covered: list[tuple[int, ...]] = []
    for block in found:
        assert len(block) == m
        assert all(list(col) == sorted(set(col)) for col in block)
        covered.extend(itertools.product(*block))
    assert sorted(covered) == sorted(wanted)  # every combination works, each package once
    sizes = [int(np.prod([len(c) for c in b])) for b in found]
    assert sizes == sorted(sizes, reverse=True)


def test_a_full_product_is_one_block_and_a_staircase_is_not() -> None:
    full = np.array(list(itertools.product(range(9), [1, 2], [0])))
    assert blocks(full) == [(tuple(range(9)), (1, 2), (0,))]
    # (x ≤ 8 with y = 0) or (x ≤ 7 with y = 1): two blocks, not "x 0–8, y 0 or 1"
    stair = np.array([(x, 0) for x in range(9)] + [(x, 1) for x in range(8)])
    assert blocks(stair) == [(tuple(range(9)), (0,)), (tuple(range(8)), (1,))]


def test_runs_and_intervals() -> None:
    assert runs([0, 1, 2, 5, 7, 8]) == [(0, 2), (5, 5), (7, 8)]
    grid = tuple(float(v) for v in range(0, 101, 5))
    assert choice_text(range(9), grid, "%") == "0–40%"
    assert choice_text([0, 1], grid, "%") == "0% or 5%"
    assert choice_text([0, 1, 2, 5, 6, 7, 8], grid, "%") == "0–10% or 25–40%"
    assert choice_text([3, 10, 11, 12], grid, "k") == "15 k or 50–60 k"
    options = ("us_law_us_immunity", "neutral_arbitration", "ukrainian_law_eu_compatible")
    assert choice_text([1, 2], options) == "neutral_arbitration or ukrainian_law_eu_compatible"
