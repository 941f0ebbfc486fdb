"""The exhaustive engine: every outcome of the enumerated space is scored at once with numpy.

Per-outcome arrays (acceptance of the required parties, the bitmask of issues changed from the
proposal, the weighted distance) are built by broadcasting one small table per issue over the
outcome grid, so a 10^6-outcome space costs a few vectorised passes, never a Python loop over
outcomes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from zopa.counter import rank as rk
from zopa.counter.distance import distance_of
from zopa.counter.problem import CounterProblem, nash_log
from zopa.game import Game


def grid(shape: tuple[int, ...], per_issue: Sequence[np.ndarray], dtype: type) -> np.ndarray:
    """``Σ_k per_issue[k][x_k]`` for every outcome ``x``, flattened in code order."""
    acc: np.ndarray = np.zeros(shape, dtype=dtype)
    for k, t in enumerate(per_issue):
        view = [1] * len(shape)
        view[k] = shape[k]
        acc += np.asarray(t, dtype=dtype).reshape(view)
    return acc.reshape(-1)


def changed_masks(shape: tuple[int, ...], base: Sequence[int]) -> np.ndarray:
    """Bitmask of the issues each outcome changes from ``base`` (bit k = issue k)."""
    bits = [np.where(np.arange(n) != base[k], np.int64(1) << k, 0) for k, n in enumerate(shape)]
    return grid(shape, bits, np.int64)


def accepted(game: Game, parties: Sequence[int]) -> np.ndarray:
    """Codes of the outcomes every party in ``parties`` accepts."""
    sub = game.restrict(list(parties))
    return np.flatnonzero(sub.acceptable().all(axis=0))


@dataclass(frozen=True)
class Candidates:
    """The accepted outcomes with their change masks, change counts and distances."""

    codes: np.ndarray
    masks: np.ndarray
    n_changed: np.ndarray
    distance: np.ndarray

    @classmethod
    def of(cls, problem: CounterProblem) -> Candidates:
        game = problem.game
        codes = accepted(game, problem.required)
        masks = changed_masks(game.shape, problem.base)[codes]
        distance = grid(game.shape, problem.distance_tables, np.float64)[codes]
        return cls(codes, masks, rk.popcount(masks), distance)


@lru_cache(maxsize=4)
def candidates(problem: CounterProblem) -> Candidates:
    """The accepted outcomes of a problem (cached per problem object)."""
    return Candidates.of(problem)


def counters(problem: CounterProblem, rank: str, top: int) -> list[int]:
    """Codes of up to ``top`` diverse counter-proposals, best first (see :mod:`.rank`)."""
    cand = candidates(problem)
    if not len(cand.codes):
        return []
    proposer_u = nash = None
    if rank == "proposer":
        if problem.proposer is None:
            raise ValueError("the proposer ranking needs a proposer")
        proposer_u = problem.game.utilities_of(cand.codes)[problem.proposer]
    elif rank == "nash":
        sub = problem.game.restrict(list(problem.required))
        nash = nash_log(sub.utilities_of(cand.codes), sub.reservations)
    pos = rk.order(
        rank,
        codes=cand.codes,
        n_changed=cand.n_changed,
        distance=cand.distance,
        proposer_utility=proposer_u,
        nash=nash,
    )
    picked = rk.pick_diverse(cand.masks[pos], top)
    if len(picked) < top:
        idx = problem.game.indices(cand.codes[pos])
        metric = problem.metric
        picked = rk.spread(len(pos), picked, top, lambda i: metric.to(idx, idx[i]))
    return [int(cand.codes[pos[i]]) for i in picked]


@dataclass(frozen=True, eq=False)
class MinimalSet:
    """A minimal set of issues to change, with the closest package that changes exactly them,
    the values each issue may take in such packages, how many such packages there are, and —
    when known — the packages themselves (``combos``: value indices on the set's issues, one
    row per package)."""

    mask: int
    closest: int
    allowed: dict[int, tuple[int, ...]]
    n_packages: int | None
    combos: np.ndarray | None = None


def minimal_sets(problem: CounterProblem, limit: int | None) -> tuple[list[MinimalSet], bool]:
    """All minimal concession sets (up to ``limit``), in order of size then distance of their
    closest package, and whether that is all of them.

    Taking the accepted packages in ``changes`` order and skipping supersets of sets already
    taken (:func:`zopa.counter.rank.pick_diverse`) yields exactly the minimal sets: a package
    whose changed set has a proper subset that works comes after that subset's packages.
    """
    cand = candidates(problem)
    if not len(cand.codes):
        return [], True
    pos = rk.order("changes", codes=cand.codes, n_changed=cand.n_changed, distance=cand.distance)
    masks = cand.masks[pos]
    cap = len(masks) if limit is None else limit
    picked = rk.pick_diverse(masks, cap + 1)
    complete = len(picked) <= cap
    idx_all = problem.game.indices(cand.codes[pos])
    out = []
    for i in picked[:cap]:
        mask = int(masks[i])
        issues = [k for k in range(len(problem.base)) if (mask >> k) & 1]
        combos = idx_all[masks == mask][:, issues]
        out.append(
            MinimalSet(mask, int(cand.codes[pos[i]]), _allowed(issues, combos), len(combos), combos)
        )
    return out, complete


def _allowed(issues: list[int], combos: np.ndarray) -> dict[int, tuple[int, ...]]:
    return {k: tuple(int(v) for v in np.unique(combos[:, j])) for j, k in enumerate(issues)}


#: Packages that change exactly a given set of issues are enumerated up to this many.
SUBSPACE_LIMIT = 1_000_000
_CHUNK = 1 << 16


def exactly(problem: CounterProblem, mask: int, limit: int = SUBSPACE_LIMIT) -> MinimalSet | None:
    """The accepted packages that change exactly the issues of ``mask`` (and keep the proposal's
    other terms), by enumerating that subspace; None when it has more than ``limit`` packages
    or none is accepted."""
    game, base = problem.game, problem.base
    issues = [k for k in range(len(base)) if (mask >> k) & 1]
    choices = [np.array([v for v in range(game.shape[k]) if v != base[k]]) for k in issues]
    total = int(np.prod([len(c) for c in choices])) if issues else 1
    if total > limit or total == 0:
        return None
    sizes = [len(c) for c in choices]
    hits = []
    for start in range(0, total, _CHUNK):
        flat = np.arange(start, min(start + _CHUNK, total))
        idx = np.tile(np.asarray(base, dtype=np.int64), (len(flat), 1))
        if issues:
            pos = np.unravel_index(flat, sizes)
            idx[:, issues] = np.stack([c[i] for c, i in zip(choices, pos, strict=True)], axis=-1)
        ok = game.acceptable_of(game.codes(idx))[list(problem.required)].all(axis=0)
        hits.append(idx[ok])
    found = np.concatenate(hits)
    if not len(found):
        return None
    dist = distance_of(problem.distance_tables, found)
    order = rk.order(
        "changes",
        codes=game.codes(found),
        n_changed=np.full(len(found), len(issues)),
        distance=dist,
    )
    combos = found[order][:, issues]
    closest = int(game.codes(found[order[:1]])[0])
    return MinimalSet(mask, closest, _allowed(issues, combos), len(combos), combos)


def essential(
    problem: CounterProblem, witnesses: Sequence[int] = ()
) -> dict[int, tuple[int, ...]] | None:
    """Issues every accepted outcome changes, with the values they take; None if nothing is
    accepted. (``witnesses`` is the integer-programming engine's hint; unused here.)"""
    cand = candidates(problem)
    if not len(cand.codes):
        return None
    every = int(np.bitwise_and.reduce(cand.masks))
    if not every:
        return {}
    idx = problem.game.indices(cand.codes)
    return {
        k: tuple(int(v) for v in np.unique(idx[:, k]))
        for k in range(len(problem.base))
        if (every >> k) & 1
    }
