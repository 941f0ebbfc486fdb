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


def _by_kind(v: object) -> object:
    """The conversion by abstract kind only (no exact-type shortcuts), to compare with."""
    from collections.abc import Mapping

    if isinstance(v, Mapping):
        return {str(k): _by_kind(x) for k, x in v.items()}
    if isinstance(v, list | tuple | np.ndarray):
        return [_by_kind(x) for x in (v.tolist() if isinstance(v, np.ndarray) else v)]
    if isinstance(v, np.bool_ | bool):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating | float):
        return float(v) if math.isfinite(float(v)) else None
    return v


_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(width=64),
    st.text(max_size=5),
    st.floats(width=64).map(np.float64),
    st.integers(-(2**31), 2**31 - 1).map(np.int32),
    st.booleans().map(np.bool_),
)
_tree = st.recursive(
    _leaf,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.lists(kids, max_size=4).map(tuple),
        st.dictionaries(st.one_of(st.text(max_size=3), st.integers()), kids, max_size=4),
    ),
    max_leaves=20,
)


@given(_tree)
def test_plain_values_convert_exactly_as_by_their_kind(value: object) -> None:
    got, want = to_jsonable(value), _by_kind(value)
    assert json.dumps(got) == json.dumps(want)
    assert [type(x) for x in _leaves(got)] == [type(x) for x in _leaves(want)]


def _leaves(v: object) -> list[object]:
    if isinstance(v, dict):
        return [x for k in v for x in _leaves(v[k])]
    if isinstance(v, list):
        return [x for k in v for x in _leaves(k)]
    return [v]
