"""Counter-based random streams: one independent child stream per Monte Carlo draw, vectorised.

Draw ``i`` of a Monte Carlo run must be reproducible from the master seed and ``i`` alone (so a
run of 100 draws is the prefix of a run of 10,000, and draws can be split across processes),
yet creating one numpy Generator per draw costs more than solving the draw. A counter-based
generator gives both: the uniforms of draw ``i`` are ``Philox4x32-10(key, counter=(j, i, stream))``
for blocks ``j = 0, 1, ...``, computed for all draws at once with numpy integer arithmetic.

Philox4x32-10 is from Salmon, Moraes, Dror & Shaw (2011), "Parallel random numbers: as easy as
1, 2, 3", SC'11 (doi:10.1145/2063384.2063405); it passes TestU01 BigCrush. The 64-bit key is
derived from the master seed with ``numpy.random.SeedSequence(seed).generate_state(2)``; each
uniform takes 53 bits from two 32-bit output words.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from zopa.seeds import FORECAST_MODEL_NOISE, SeedLike, as_seed, child

U32 = npt.NDArray[np.uint32]
_MASK = np.uint64(0xFFFFFFFF)
_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_W0, _W1 = 0x9E3779B9, 0xBB67AE85


def philox4x32(counter: npt.ArrayLike, key: tuple[int, int], rounds: int = 10) -> U32:
    """Philox4x32 of ``counter`` (``(..., 4)`` uint32 words) under ``key``: ``(..., 4)`` uint32."""
    c = np.asarray(counter, dtype=np.uint64) & _MASK
    c0, c1, c2, c3 = (c[..., i] for i in range(4))
    k0, k1 = int(key[0]) & 0xFFFFFFFF, int(key[1]) & 0xFFFFFFFF
    for r in range(rounds):
        if r:
            k0, k1 = (k0 + _W0) & 0xFFFFFFFF, (k1 + _W1) & 0xFFFFFFFF
        p0 = _M0 * c0
        p1 = _M1 * c2
        c0, c1, c2, c3 = (
            (p1 >> np.uint64(32)) ^ c1 ^ np.uint64(k0),
            p1 & _MASK,
            (p0 >> np.uint64(32)) ^ c3 ^ np.uint64(k1),
            p0 & _MASK,
        )
    return np.stack([c0, c1, c2, c3], axis=-1).astype(np.uint32)


def root_seed(seed: SeedLike) -> int:
    """An int seed: the seed itself, 0 for None, or one number drawn from a Generator
    (:func:`zopa.seeds.as_seed`)."""
    return as_seed(seed)


def child_rng(seed: int, draw: int) -> np.random.Generator:
    """Draw ``draw``'s own generator, ``SeedSequence(seed, spawn_key=(FORECAST_MODEL_NOISE,
    draw))``: a stochastic model's noise in Monte Carlo draw ``i`` depends only on the seed and
    ``i``."""
    return child(seed, FORECAST_MODEL_NOISE, draw)


def seed_key(seed: SeedLike) -> tuple[int, int]:
    """The 64-bit Philox key of a master seed (int/None via SeedSequence) or of a Generator."""
    if isinstance(seed, np.random.Generator):
        a, b = seed.integers(0, 2**32, size=2, dtype=np.uint64).tolist()
    else:
        seq = np.random.SeedSequence(0 if seed is None else seed)
        a, b = seq.generate_state(2, np.uint32).tolist()
    return int(a), int(b)


def uniforms(
    seed: SeedLike,
    draws: int,
    width: int,
    *,
    stream: int = 0,
    first_draw: int = 0,
) -> npt.NDArray[np.float64]:
    """``(draws, width)`` uniforms in ``[0, 1)``; row ``r`` is child stream ``first_draw + r``.

    ``stream`` separates independent uses of one seed (e.g. inputs vs. model-internal noise).
    """
    if draws < 0 or width < 0:
        raise ValueError("draws and width must be non-negative")
    key = seed_key(seed)
    blocks = (width + 1) // 2
    idx = np.arange(first_draw, first_draw + draws, dtype=np.uint64)
    ctr = np.empty((draws, blocks, 4), dtype=np.uint64)
    ctr[..., 0] = np.arange(blocks, dtype=np.uint64)[None, :]
    ctr[..., 1] = (idx & _MASK)[:, None]
    ctr[..., 2] = (idx >> np.uint64(32))[:, None]
    ctr[..., 3] = np.uint64(stream) & _MASK
    words = philox4x32(ctr, key).astype(np.uint64).reshape(draws, blocks * 2, 2)
    bits = ((words[..., 0] << np.uint64(32)) | words[..., 1]) >> np.uint64(11)
    out: npt.NDArray[np.float64] = bits[:, :width].astype(np.float64) * 2.0**-53
    return out


__all__ = ["child_rng", "philox4x32", "root_seed", "seed_key", "uniforms"]
