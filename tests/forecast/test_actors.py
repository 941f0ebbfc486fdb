"""The Actors value: validation, immutability, sampling from triangular judgements."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from zopa.errors import InputError
from zopa.forecast import Actors, Triangular, point_actors
from zopa.forecast.actors import triangular_ppf


def _two() -> Actors:
    return point_actors(["a", "b"], ["x", "y"], [1, 2], [[10, 20], [30, 40]], [[0.5, 0.1], [1, 0]])


def test_arrays_are_read_only_copies() -> None:
    pos = np.array([[10.0], [20.0]])
    a = point_actors(["a", "b"], ["x"], [1, 1], pos, [[0.5], [0.5]])
    pos[0, 0] = 99
    assert a.position[0, 0] == 10
    with pytest.raises(ValueError):
        a.position[0, 0] = 5


def test_constructor_takes_only_built_fields() -> None:
    a = _two()
    fields = (
        a.names,
        a.dimensions,
        a.capability,
        a.position,
        a.salience,
        a.scale_low,
        a.scale_high,
    )
    assert Actors(*fields) == a
    with pytest.raises(TypeError, match="capability"):
        Actors(a.names, a.dimensions, [1.0, 2.0], *fields[3:])
    writable = a.position.copy()
    with pytest.raises(TypeError, match="position"):
        Actors(a.names, a.dimensions, a.capability, writable, *fields[4:])
    with pytest.raises(TypeError, match=r"uncertainty\.position"):
        Actors(*fields, {"position": Triangular(writable, writable, writable)})
    built = Actors.create(list(a.names), a.dimensions, [1, 2], writable, a.salience, 0, 100)
    assert built == a
    assert not built.uncertainty and built.mask.all() and built.origins == ("given", "given")


def test_problems_are_located() -> None:
    with pytest.raises(InputError) as err:
        point_actors(["a", "b"], ["x"], [1, -1], [[10], [120]], [[0.5], [1.5]])
    paths = {p.path for p in err.value.problems}
    assert paths == {"actors.b.capability", "actors.b.position.x", "actors.b.salience.x"}


def test_mode_must_equal_value_and_bounds_order() -> None:
    a = _two()
    with pytest.raises(InputError) as err:
        a.replace(uncertainty={"capability": Triangular([2, 1], [1, 2], [3, 3])})
    messages = {(p.path, p.message) for p in err.value.problems}
    assert ("actors.a.capability", "needs low <= mode <= high") in messages
    with pytest.raises(InputError):
        a.replace(uncertainty={"capability": Triangular([0, 1], [1.5, 2], [3, 3])})


def test_equality_and_dimension_view() -> None:
    a = _two()
    assert a == _two() and a != a.replace(capability=np.array([1.0, 3.0]))
    one = a.dimension(1)
    assert one.dimensions == ("y",) and one.position.tolist() == [[20], [40]]


def test_absent_dimension_is_refused() -> None:
    with pytest.raises(InputError) as err:
        _two().replace(present=np.array([[True, False], [True, False]]))
    assert err.value.problems[0].path == "actors.present.y"


@given(st.floats(0, 10), st.floats(0, 10), st.floats(0, 10))
def test_ppf_hits_the_ends_and_the_mode(a: float, b: float, c: float) -> None:
    low, mode, high = sorted((a, b, c))
    args = [np.array(v) for v in (low, mode, high)]
    assert triangular_ppf(np.array(0.0), *args) == pytest.approx(low)
    assert triangular_ppf(np.array(1.0), *args) == pytest.approx(high)
    if high > low:
        f_mode = (mode - low) / (high - low)
        assert triangular_ppf(np.array(f_mode), *args) == pytest.approx(mode, abs=1e-9)


def test_samples_follow_the_triangular_law() -> None:
    a = _two().replace(
        uncertainty={
            "position": Triangular([[0, 20], [30, 40]], [[10, 20], [30, 40]], [[50, 20], [30, 40]])
        }
    )
    assert len(a.factors()) == 1
    draws = a.sample_many(11, 20000).position[:, 0, 0]
    law = stats.triang(c=10 / 50, loc=0, scale=50)
    assert stats.kstest(draws, law.cdf).pvalue > 1e-4
    assert np.all(a.sample_many(11, 50).position[:, 1, :] == [30, 40])


def test_sample_many_prefix_and_single_sample() -> None:
    a = _two().replace(
        uncertainty={
            "salience": Triangular([[0.2, 0], [0.5, 0]], [[0.5, 0.1], [1, 0]], [[0.9, 0.3], [1, 0]])
        }
    )
    big, small = a.sample_many(5, 300), a.sample_many(5, 30)
    assert np.array_equal(big.salience[:30], small.salience)
    one = a.sample(np.random.default_rng(3))
    assert not one.uncertainty and one.names == a.names
    assert 0.2 <= one.salience[0, 0] <= 0.9
