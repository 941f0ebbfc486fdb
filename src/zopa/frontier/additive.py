"""The Pareto frontier of an additive game, built issue by issue without enumerating outcomes.

When every party's utility is a sum of per-issue contributions, the utility vectors of the
outcome space are the Minkowski sum of the per-issue sets of utility vectors, and a point of
that sum is non-dominated only if each partial sum it is built from is non-dominated among the
partial sums over the same issues (if a partial sum were dominated, so would be every
completion of it). So the frontier is built by merging one issue at a time: add every option of
the next issue to every point kept so far, delete the dominated sums, repeat. This is the
classical decomposition of multi-objective knapsack and multiple-choice problems by dynamic
programming over items (Klamroth & Wiecek, "Dynamic programming approaches to the
multiple criteria knapsack problem", Naval Research Logistics 47(1):57-76, 2000; Bazgan, Hugot
& Vanderpooten, "Solving efficiently the 0-1 multi-objective knapsack problem", Computers &
Operations Research 36(1):260-279, 2009).

Issues coupled by a non-additive utility term or a red line (:class:`zopa.game.Factor`) are
first merged into one *compound* issue whose options are the allowed combinations of their
values. Each kept point carries the outcome code it is built from (codes are sums over issues
of ``value index * stride``, so they add up like utilities) and the number of outcomes with
exactly the same partial sums; among those only the lowest code is kept.

Pruning is conservative: a partial sum is deleted only when another is at least as good for
every party (exact float comparison) and better by more than ``TOL`` (plus rounding slack) for
some party, so any completion of it is strictly dominated on the comparison grid of
:mod:`zopa.kernels.skyline`. The result is a set of *candidates* that contains every outcome
on the frontier; :func:`zopa.frontier.frontier.frontier` recomputes the candidates' utilities
exactly as the game does and keeps the non-dominated ones.

The decomposition is only valid when the clip of utility to [0, 1] cannot bind;
:func:`blocks_of` reports that and the caller enumerates instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from zopa.errors import TooLargeError
from zopa.game import Factor, Game
from zopa.kernels.pareto_sum import pareto_sum_mask
from zopa.kernels.skyline import TOL, group_ties

__all__ = [
    "MAX_MERGE_CELLS",
    "Block",
    "blocks_of",
    "clip_can_bind",
    "minkowski_front",
    "minkowski_points",
]

#: Largest number of float cells (parties x candidate points) one merge step may create.
MAX_MERGE_CELLS = 1 << 27
#: Largest compound issue (allowed combinations of coupled issues) built for one merge.
MAX_COMPOUND = 1 << 22
#: Pruning margin: TOL plus slack for rounding differences between summation orders.
PRUNE_MARGIN = TOL + 1e-12


@dataclass(frozen=True, eq=False)
class Block:
    """One issue, or several coupled issues merged: its options as utility vectors.

    ``values`` is ``(parties, options)``: each party's contribution to its utility, already
    divided by the party's scale; ``codes`` is ``(options,)``: the option's part of the outcome
    code.
    """

    axes: tuple[int, ...]
    values: np.ndarray
    codes: np.ndarray


def blocks_of(game: Game) -> list[Block]:
    """The game's issues as blocks, coupled issues merged, options crossing a red line of any
    of the game's parties removed. ``game`` should already be restricted to the parties whose
    frontier is wanted (:meth:`zopa.game.Game.restrict`)."""
    shape = game.shape
    strides = _strides(shape)
    factors = list(game.terms) + list(game.constraints)
    blocks = []
    for axes in _components(len(shape), factors):
        size = math.prod(shape[a] for a in axes)
        if size > MAX_COMPOUND:
            raise TooLargeError(
                f"issues {', '.join(game.issue_ids[a] for a in axes)} are coupled by package "
                f"terms or red lines into {size:,} combinations (limit {MAX_COMPOUND:,}); "
                "simplify the rules that couple them"
            )
        blocks.append(_block(game, axes, strides))
    if any(not f.axes for f in factors):
        blocks.append(_constant_block(game))
    return blocks


def clip_can_bind(game: Game, blocks: list[Block]) -> bool:
    """Whether some party's summed utility can leave [0, 1], where the game clips it (then the
    issue-by-issue decomposition is not exact)."""
    n = game.n_parties
    lo = sum((b.values.min(axis=1) for b in blocks if b.values.size), np.zeros(n))
    hi = sum((b.values.max(axis=1) for b in blocks if b.values.size), np.zeros(n))
    return bool(np.any(lo < -TOL) or np.any(hi > 1.0 + TOL))


def minkowski_front(
    blocks: list[Block], margin: float = PRUNE_MARGIN
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate frontier outcomes of the sum of ``blocks``: ``(codes, counts)``.

    ``counts[i]`` is the number of outcomes whose per-issue contributions sum (in this order)
    to exactly the same floats as ``codes[i]``, the lowest such code.
    """
    codes, counts, _ = minkowski_points(blocks, margin)
    return codes, counts


def minkowski_points(
    blocks: list[Block], margin: float = PRUNE_MARGIN
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`minkowski_front` with the candidates' summed contributions ``(parties, M)``.

    No candidate is dominated by another under "at least as good for every party and better by
    more than ``margin`` for one" on these sums, and no two have equal sums.
    """
    n_parties = blocks[0].values.shape[0] if blocks else 0
    vals = np.zeros((n_parties, 1))
    codes = np.zeros(1, dtype=np.int64)
    counts = np.ones(1, dtype=np.int64)
    for b in sorted(blocks, key=lambda b: b.values.shape[1]):
        n_opt = b.values.shape[1]
        if n_opt == 0:
            none = np.zeros(0, dtype=np.int64)
            return none, none.copy(), np.zeros((n_parties, 0))
        cells = n_parties * vals.shape[1] * n_opt
        if cells > MAX_MERGE_CELLS:
            raise TooLargeError(
                f"the Pareto frontier of this space is too large to build issue by issue "
                f"({vals.shape[1]:,} points so far x {n_opt} options x {n_parties} parties); "
                "use fewer parties or issues, or a coarser grid (larger 'step')"
            )
        keep = np.flatnonzero(pareto_sum_mask(vals, b.values, margin))
        i, j = np.divmod(keep, n_opt)
        cand = vals[:, i] + b.values[:, j]
        rep, grouped = group_ties(cand, codes[i] + b.codes[j], counts[i])
        vals, codes, counts = cand[:, rep], codes[i[rep]] + b.codes[j[rep]], grouped
    return codes, counts, vals


def _strides(shape: tuple[int, ...]) -> np.ndarray:
    """C-order strides of outcome codes (last issue varies fastest)."""
    out = np.ones(len(shape), dtype=np.int64)
    for k in range(len(shape) - 2, -1, -1):
        out[k] = out[k + 1] * shape[k + 1]
    return out


def _components(n_issues: int, factors: list[Factor]) -> list[tuple[int, ...]]:
    """Groups of issues linked by factors (union-find), each sorted, in order of first issue."""
    parent = list(range(n_issues))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for f in factors:
        for a in f.axes[1:]:  # factors without axes are constants, see _constant_block
            parent[find(a)] = find(f.axes[0])
    groups: dict[int, list[int]] = {}
    for k in range(n_issues):
        groups.setdefault(find(k), []).append(k)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: g[0])


def _block(game: Game, axes: tuple[int, ...], strides: np.ndarray) -> Block:
    """Enumerate the combinations of the issues in ``axes``; drop those crossing a red line."""
    sub = tuple(game.shape[a] for a in axes)
    idx = np.indices(sub).reshape(len(axes), -1)  # (len(axes), combos), C order
    pos = {a: i for i, a in enumerate(axes)}
    raw = np.zeros((game.n_parties, idx.shape[1]))
    for a in axes:
        raw += game.tables[a][:, idx[pos[a]]]
    for f in game.terms:
        if f.axes and f.axes[0] in pos:
            raw[f.party] += f.table[tuple(idx[pos[a]] for a in f.axes)]
    allowed = np.ones(idx.shape[1], dtype=bool)
    for f in game.constraints:
        if f.axes and f.axes[0] in pos:
            allowed &= f.table[tuple(idx[pos[a]] for a in f.axes)].astype(bool)
    codes = (strides[list(axes)][:, None] * idx).sum(axis=0)
    values = raw / game.scale[:, None]
    return Block(axes, values[:, allowed], codes[allowed].astype(np.int64))


def _constant_block(game: Game) -> Block:
    """Factors over no issue: a constant term for a party, or a red line always (not) crossed."""
    raw = np.zeros((game.n_parties, 1))
    for f in game.terms:
        if not f.axes:
            raw[f.party] += float(f.table)
    allowed = all(bool(f.table) for f in game.constraints if not f.axes)
    n = 1 if allowed else 0
    return Block((), (raw / game.scale[:, None])[:, :n], np.zeros(n, dtype=np.int64))
