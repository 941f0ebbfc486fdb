"""``zopa._json.to_jsonable``: the one conversion of analysis values to plain JSON data."""

from __future__ import annotations

import json
import math
from types import MappingProxyType

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from zopa._json import to_jsonable


def test_numpy_values_become_plain_json() -> None:
    value = {
        1: np.array([[1.5, np.nan], [np.inf, -2.0]]),
        "flags": (np.bool_(True), False),
        "count": np.int64(7),
        "view": MappingProxyType({"x": np.float32(0.5)}),
    }
    assert to_jsonable(value) == {
        "1": [[1.5, None], [None, -2.0]],
        "flags": [True, False],
        "count": 7,
        "view": {"x": 0.5},
    }
    assert type(to_jsonable(np.int64(7))) is int and type(to_jsonable(np.bool_(False))) is bool


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=20))
def test_floats_round_trip_through_json_with_non_finite_as_null(xs: list[float]) -> None:
    out = json.loads(json.dumps(to_jsonable(np.array(xs, dtype=np.float64))))
    assert out == [x if math.isfinite(x) else None for x in xs]
