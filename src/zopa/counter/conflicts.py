"""Minimal conflict sets: why no outcome satisfies everyone who must sign.

The constraints are each required party's red lines and its walk-away value (utility at least
its reservation). A *conflict set* is a set of them no outcome satisfies at once; it is
*minimal* when every proper subset is satisfiable (a minimal unsatisfiable subset, MUS, in the
constraint-satisfaction literature: Liffiton & Sakallah 2008, *J. Automated Reasoning* 40).

Conflict sets are searched by increasing size, skipping supersets of those already found, so
each one found is minimal and the first ones are the smallest. Over an enumerated space a
subset ``C`` is satisfiable iff some outcome's satisfied-constraint bitmask contains ``C``; the
distinct bitmasks are computed once with numpy. Beyond enumeration each check is an integer
programme with the constraints outside ``C`` switched off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import combinations

import numpy as np

from zopa.game import TOL, Game
from zopa.kernels.milp_space import Constraint, Model, SolverError, constraints_of

#: The most subsets examined before the search stops (``complete`` is then False).
MAX_CHECKS = 200_000


def satisfied_masks(game: Game, constraints: Sequence[Constraint]) -> np.ndarray:
    """Distinct bitmasks (bit j = constraint j holds) over every outcome of the space."""
    if len(constraints) > 62:
        raise ValueError("at most 62 constraints fit a bitmask")
    shape = game.shape
    bits = np.zeros(game.n_outcomes, dtype=np.int64)
    parties = sorted({c.party for c in constraints})
    sub = game.restrict(parties)
    utilities = sub.utilities()
    for j, c in enumerate(constraints):
        if c.factor is None:
            row = parties.index(c.party)
            ok = utilities[row] >= game.reservations[c.party] - TOL
        else:
            f = game.constraints[c.factor]
            view = [1] * len(shape)
            for a in f.axes:
                view[a] = shape[a]
            ok = np.broadcast_to(np.asarray(f.table).reshape(view), shape).reshape(-1)
        bits |= ok.astype(np.int64) << j
    return np.unique(bits)


def search(n: int, satisfiable: Callable[[int], bool], limit: int) -> tuple[list[int], bool]:
    """Minimal unsatisfiable subsets of ``n`` constraints (as bitmasks), smallest first."""
    found: list[int] = []
    checks = 0
    for size in range(1, n + 1):
        for combo in combinations(range(n), size):
            mask = sum(1 << j for j in combo)
            if any(f & mask == f for f in found):
                continue
            checks += 1
            if checks > MAX_CHECKS:
                return found, False
            if not satisfiable(mask):
                found.append(mask)
                if len(found) >= limit:
                    return found, _exhausted(n, size, combo)
    return found, True


def _exhausted(n: int, size: int, combo: tuple[int, ...]) -> bool:
    """True when ``combo`` is the last subset of the last size (nothing left to examine)."""
    return size == n and combo == tuple(range(n))


def exhaustive(
    game: Game, parties: Sequence[int], limit: int = 10
) -> tuple[tuple[Constraint, ...], list[int], bool]:
    """Constraints, minimal conflict sets (bitmasks) and completeness, by enumeration."""
    cons = constraints_of(game, parties)
    masks = satisfied_masks(game, cons)

    def ok(c: int) -> bool:
        return bool(np.any(masks & c == c))

    found, complete = search(len(cons), ok, limit)
    return cons, found, complete


def integer_programming(
    game: Game, parties: Sequence[int], limit: int = 10
) -> tuple[tuple[Constraint, ...], list[int], bool]:
    """The same, each subset checked by an integer programme."""
    model = Model(game, parties, parties)
    cons = model.constraints
    zero = np.zeros(model.n_cols)

    def ok(c: int) -> bool:
        model.switch([bool((c >> j) & 1) for j in range(len(cons))])
        extra: list[int] = []
        try:
            for _ in range(100):
                if model.solve(zero) is None:
                    return False
                idx = model.outcome()
                if _holds(game, cons, c, idx):
                    return True
                extra.append(model.exclude(idx))
            raise SolverError("did not settle on an exactly checked outcome")
        finally:
            model.drop_rows(extra)

    found, complete = search(len(cons), ok, limit)
    return cons, found, complete


def _holds(game: Game, cons: Sequence[Constraint], mask: int, idx: tuple[int, ...]) -> bool:
    """Whether outcome ``idx`` satisfies every constraint in ``mask``, exactly."""
    code = int(np.ravel_multi_index(idx, game.shape))
    u = game.utilities_of([code])[:, 0]
    for j in _bits(mask):
        c = cons[j]
        if c.factor is None:
            if u[c.party] < game.reservations[c.party] - TOL:
                return False
        else:
            f = game.constraints[c.factor]
            if not bool(np.asarray(f.table)[tuple(idx[a] for a in f.axes)]):
                return False
    return True


def _bits(mask: int) -> Iterator[int]:
    j = 0
    while mask >> j:
        if (mask >> j) & 1:
            yield j
        j += 1
