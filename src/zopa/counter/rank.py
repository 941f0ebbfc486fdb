"""Ranking candidate packages and picking a short, diverse list.

Keys (smaller is better), compared in order, values rounded to 12 decimals so that equal
numbers computed in different orders tie:

* ``changes``:  (issues changed, weighted distance, outcome code)
* ``proposer``: (−proposer's utility, issues changed, weighted distance, outcome code)
* ``nash``:     (−Σ log gains of the required parties, issues changed, distance, code)

Diversity, in two phases:

1. *Different routes* (:func:`pick_diverse`): packages are taken in rank order, and a package is
   skipped when the set of issues it changes contains the set changed by a package already
   taken. Each later package therefore keeps at least one term of the proposal that every
   earlier package gave up. Under the ``changes`` ranking this makes the list exactly the
   minimal concession sets in order of size and distance (a package with a proper subset that
   works would have been preceded by it). The rule is linear (``Σ_{k∈S} keep_k ≥ 1``), so the
   integer-programming engine applies the same rule and returns the same list.
2. *Different values* (:func:`spread`), when phase 1 runs out before ``top`` (e.g. one issue on
   the table, or a single minimal set): let ``D`` be the largest distance any accepted package
   keeps from its nearest listed package (the max–min, or dispersion, criterion: Ravi,
   Rosenkrantz & Tayi 1994, *Operations Research* 42(2)); the next package is the best-ranked
   one whose distance to every listed package is at least ``D / 2``. Halving ``D`` keeps the
   ranking in charge (a near-best package that differs enough beats the farthest one) while
   each pick is at least half as far from the list as the farthest-point rule's (Gonzalez 1985)
   would be. It stops when every accepted package is already listed (``D = 0``). Distances are
   the salience-weighted city-block distance of :mod:`zopa.counter.distance` between packages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

DECIMALS = 12
#: Distances closer than this count as equal in :func:`spread`.
SPREAD_TOL = 1e-9


def order(
    rank: str,
    *,
    codes: np.ndarray,
    n_changed: np.ndarray,
    distance: np.ndarray,
    proposer_utility: np.ndarray | None = None,
    nash: np.ndarray | None = None,
) -> np.ndarray:
    """Positions of the candidates sorted best first under ``rank``."""
    dist = np.round(distance, DECIMALS)
    keys: list[np.ndarray] = [codes, dist, n_changed]
    if rank == "proposer":
        if proposer_utility is None:
            raise ValueError("the proposer ranking needs the proposer's utilities")
        keys.append(-np.round(proposer_utility, DECIMALS))
    elif rank == "nash":
        if nash is None:
            raise ValueError("the nash ranking needs the Nash values")
        keys.append(-np.where(np.isfinite(nash), np.round(nash, DECIMALS), -np.inf))
    elif rank != "changes":
        raise ValueError(f"unknown ranking {rank!r}")
    return np.lexsort(tuple(keys))


def pick_diverse(masks: np.ndarray, top: int) -> list[int]:
    """Positions (into ``masks``, already in rank order) of up to ``top`` packages, none of which
    changes a superset of the issues an earlier one changes."""
    alive = np.arange(len(masks))
    chosen: list[int] = []
    while len(chosen) < top and len(alive):
        first = int(alive[0])
        chosen.append(first)
        s = masks[first]
        alive = alive[(masks[alive] & s) != s]
    return chosen


def popcount(masks: np.ndarray) -> np.ndarray:
    """Number of set bits of each non-negative int64."""
    m = np.asarray(masks, dtype=np.int64).copy()
    count = np.zeros(m.shape, dtype=np.int64)
    while np.any(m):
        count += m & 1
        m >>= 1
    return count


def spread(
    n: int, chosen: Sequence[int], top: int, distance: Callable[[int], np.ndarray]
) -> list[int]:
    """Extend ``chosen`` (positions among ``n`` candidates in rank order) to at most ``top`` by
    the max–min half rule (module docstring); ``distance(i)`` gives every candidate's distance
    from candidate ``i``."""
    out = list(chosen)
    if not out:
        return out
    nearest = np.full(n, np.inf)
    for i in out:
        nearest = np.minimum(nearest, distance(i))
    while len(out) < top:
        far = float(nearest.max())
        if far <= SPREAD_TOL:
            break
        i = int(np.flatnonzero(nearest >= far / 2 - SPREAD_TOL)[0])
        out.append(i)
        nearest = np.minimum(nearest, distance(i))
    return out
