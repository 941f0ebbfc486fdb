"""Counter-based streams: Philox4x32-10 known answers and the per-draw stream properties.

Known answers: the Random123 ``kat_vectors`` file (Salmon et al. 2011), philox4x32 with 10 rounds.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from zopa.forecast.streams import philox4x32, seed_key, uniforms

KAT = [
    ([0, 0, 0, 0], (0, 0), [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
    ([0xFFFFFFFF] * 4, (0xFFFFFFFF, 0xFFFFFFFF), [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
    (
        [0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344],
        (0xA4093822, 0x299F31D0),
        [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1],
    ),
]


@pytest.mark.parametrize(("counter", "key", "expected"), KAT)
def test_philox_known_answers(
    counter: list[int], key: tuple[int, int], expected: list[int]
) -> None:
    assert philox4x32(counter, key).tolist() == expected


def test_vectorised_equals_one_by_one() -> None:
    ctr = np.arange(40, dtype=np.uint64).reshape(10, 4) * 977
    together = philox4x32(ctr, (5, 9))
    for row, out in zip(ctr, together, strict=True):
        assert philox4x32(row, (5, 9)).tolist() == out.tolist()


def test_draws_are_reproducible_and_prefix_stable() -> None:
    a = uniforms(7, 1000, 5)
    assert a.tobytes() == uniforms(7, 1000, 5).tobytes()
    assert np.array_equal(uniforms(7, 10, 5), a[:10])
    assert np.array_equal(uniforms(7, 10, 5, first_draw=990), a[990:])
    assert np.array_equal(uniforms(7, 10, 3), a[:10, :3])
    assert not np.array_equal(uniforms(8, 10, 5), a[:10])
    assert not np.array_equal(uniforms(7, 10, 5, stream=1), a[:10])


def test_uniforms_are_uniform_and_independent() -> None:
    u = uniforms(2024, 20000, 4)
    assert u.min() >= 0.0 and u.max() < 1.0
    for col in u.T:
        assert stats.kstest(col, "uniform").pvalue > 1e-4
    corr = np.corrcoef(u.T)
    assert np.all(np.abs(corr[np.triu_indices(4, 1)]) < 0.03)


def test_seed_key_from_generator_and_int() -> None:
    assert seed_key(3) == seed_key(3) != seed_key(4)
    g1, g2 = np.random.default_rng(1), np.random.default_rng(1)
    assert seed_key(g1) == seed_key(g2)
