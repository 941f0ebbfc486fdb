"""Monte Carlo estimates of the indices for bodies too large to count exactly.

Shapley–Shubik: ``m`` uniformly random orders of the members; in each, the member whose arrival
first makes the coalition win is pivotal, and φ_i is estimated by the share of orders in which
*i* is pivotal (Mann & Shapley 1960). Banzhaf: ``m`` uniformly random coalitions (each member in
with probability 1/2); for each member *i* the coalition without *i* is a uniform random
coalition of the others, and the absolute index is estimated by the share in which *i* swings.
Both are binomial proportions: the standard error stated is ``sqrt(p (1 - p) / m)``. The
normalised Banzhaf index is the ratio of the estimates; its error is not stated separately.
"""

from __future__ import annotations

import numpy as np

from zopa.power.body import Body

#: Rows handled at once (bounds memory).
_CELLS_PER_BATCH = 2_000_000


def sample_indices(
    body: Body, samples: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``(shapley_shubik, banzhaf_absolute)`` estimates from ``samples`` draws each."""
    n = body.n
    w = body.weight_matrix()
    batch = max(1, _CELLS_PER_BATCH // (n * (w.shape[1] + 1)))
    pivots = np.zeros(n, dtype=np.int64)
    swings = np.zeros(n, dtype=np.int64)
    done = 0
    while done < samples:
        b = min(batch, samples - done)
        order = np.argsort(rng.random((b, n)), axis=1)
        sums = np.cumsum(w[order], axis=1)
        sizes = np.broadcast_to(np.arange(1, n + 1), (b, n))
        first = np.argmax(body.wins(sizes, sums), axis=1)
        pivots += np.bincount(order[np.arange(b), first], minlength=n)
        bits = rng.random((b, n)) < 0.5
        total = bits.astype(float) @ w
        size = bits.sum(axis=1)
        for i in range(n):
            inside = bits[:, i]
            rest = total - np.outer(inside, w[i])
            k = size - inside
            swings[i] += int((body.wins(k + 1, rest + w[i]) & ~body.wins(k, rest)).sum())
        done += b
    return pivots / samples, swings / samples


def standard_error(p: np.ndarray, samples: int) -> np.ndarray:
    """The standard error of binomial proportions estimated from ``samples`` draws."""
    out: np.ndarray = np.sqrt(p * (1 - p) / samples)
    return out
