"""Coalitions: which subsets of the signatories could agree among themselves, and who blocks.

For every subset *S* of the signatories, its own ZOPA is the set of deals every member of *S*
accepts. A deal is *blocked* by *S* when every signatory outside *S* accepts it and some member
of *S* does not. Both are counted from one pass over the outcome space: each outcome's
acceptance pattern (one bit per signatory) is tallied once, and a subset's counts are sums over
the patterns that contain it (2^P patterns for P signatories).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from zopa.errors import InputError
from zopa.game import Game

#: The most signatories whose subsets are listed (2^P subsets and patterns).
MAX_SIGNATORIES = 12


@dataclass(frozen=True)
class Coalition:
    members: tuple[str, ...]
    zopa: int
    blocks: int

    def to_dict(self) -> dict[str, Any]:
        return {"members": list(self.members), "zopa": self.zopa, "blocks": self.blocks}


@dataclass(frozen=True)
class Coalitions:
    signatories: tuple[str, ...]
    n_outcomes: int
    coalitions: tuple[Coalition, ...]

    def of(self, *members: str) -> Coalition:
        key = tuple(m for m in self.signatories if m in members)
        return next(c for c in self.coalitions if c.members == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "signatories": list(self.signatories),
            "n_outcomes": self.n_outcomes,
            "coalitions": [c.to_dict() for c in self.coalitions],
        }


def coalitions(game: Game) -> Coalitions:
    """Own ZOPA and blocked deals of every non-empty subset of the game's signatories."""
    sig = list(game.signatories)
    if len(sig) > MAX_SIGNATORIES:
        raise InputError.single(
            f"{len(sig)} signatories give {2 ** len(sig):,} coalitions; at most "
            f"{MAX_SIGNATORIES} signatories are listed"
        )
    accept = game.acceptable()[sig]
    pattern = np.zeros(game.n_outcomes, dtype=np.int64)
    for bit, row in enumerate(accept):
        pattern |= row.astype(np.int64) << bit
    tally = np.bincount(pattern, minlength=2 ** len(sig))
    full = 2 ** len(sig) - 1
    names = [game.party_ids[p] for p in sig]
    out = []
    for size in range(1, len(sig) + 1):
        for combo in itertools.combinations(range(len(sig)), size):
            mask = sum(1 << b for b in combo)
            rest = full & ~mask
            zopa = sum(int(tally[q]) for q in range(full + 1) if q & mask == mask)
            blocks = sum(
                int(tally[q]) for q in range(full + 1) if q & rest == rest and q & mask != mask
            )
            out.append(Coalition(tuple(names[b] for b in combo), zopa, blocks))
    return Coalitions(tuple(names), game.n_outcomes, tuple(out))
