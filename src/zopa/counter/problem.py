"""What a counter-proposal search is asked: a base proposal and the parties that must accept.

A :class:`CounterProblem` is the shared input of both search engines (exhaustive enumeration and
integer programming). It holds only indices into a compiled :class:`zopa.game.Game`; labels and
wording live in the scenario-level facade.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from zopa.counter.distance import Metric, default_ordered, weighted_tables
from zopa.game import Game

#: Ways the search engines rank counter-proposals: fewest changes (then smallest weighted
#: distance), the proposer's utility, or the Nash product of the required parties' gains.
RANKINGS: tuple[str, ...] = ("changes", "proposer", "nash")
#: Rankings of a counter report: ``robust`` (the default) re-ranks the best packages by fewest
#: changes and by Nash product by the share of draws of the uncertain inputs in which every
#: required party accepts, then fewest changes, then the largest smallest margin.
REPORT_RANKINGS: tuple[str, ...] = ("robust", *RANKINGS)


@dataclass(frozen=True, eq=False)
class CounterProblem:
    """Find outcomes near ``base`` that every party in ``required`` accepts."""

    game: Game
    base: tuple[int, ...]
    required: tuple[int, ...]
    ordered: tuple[bool, ...]
    proposer: int | None = None

    @classmethod
    def build(
        cls,
        game: Game,
        base: Sequence[int],
        required: Sequence[int],
        *,
        ordered: Sequence[bool] | None = None,
        proposer: int | None = None,
    ) -> CounterProblem:
        if len(base) != len(game.shape):
            raise ValueError("base needs one value index per issue")
        if not required:
            raise ValueError("at least one party must be required to accept")
        return cls(
            game=game,
            base=tuple(int(b) for b in base),
            required=tuple(sorted({int(p) for p in required})),
            ordered=tuple(ordered) if ordered is not None else default_ordered(game),
            proposer=proposer,
        )

    @cached_property
    def base_code(self) -> int:
        return int(np.ravel_multi_index(self.base, self.game.shape))

    @cached_property
    def distance_tables(self) -> tuple[np.ndarray, ...]:
        """Per issue, ``w_k · δ_k(v)`` (see :mod:`zopa.counter.distance`)."""
        return weighted_tables(self.game, self.base, self.ordered)

    @cached_property
    def metric(self) -> Metric:
        """The distance between any two packages (:class:`~zopa.counter.distance.Metric`)."""
        return Metric.of(self.game, self.ordered)

    def changed_mask(self, indices: Sequence[int]) -> int:
        """Bit ``k`` set where issue ``k`` differs from the base."""
        pairs = enumerate(zip(indices, self.base, strict=True))
        return sum(1 << k for k, (v, b) in pairs if v != b)

    def with_required(self, required: Sequence[int]) -> CounterProblem:
        return CounterProblem.build(
            self.game, self.base, required, ordered=self.ordered, proposer=self.proposer
        )


def issues_of(mask: int) -> tuple[int, ...]:
    """The issue indices whose bits are set in ``mask``."""
    out = []
    k = 0
    while mask >> k:
        if (mask >> k) & 1:
            out.append(k)
        k += 1
    return tuple(out)


def nash_log(utilities: np.ndarray, reservations: np.ndarray) -> np.ndarray:
    """``Σ_p log(u_p − r_p)`` per column; ``-inf`` where some gain is not positive."""
    gains = utilities - reservations[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(gains > 0, np.log(np.maximum(gains, 1e-300)), -np.inf)
    return np.asarray(logs.sum(axis=0))
