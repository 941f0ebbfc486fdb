"""The compiled game: outcome space, utilities and red-line masks as numpy arrays.

``scenario.compile()`` enumerates nothing up front. It builds, per issue, each party's weighted
value for every value of the issue (``tables``), plus the factors that couple issues (package
``terms`` and red-line ``constraints``, each a table over just the issues it mentions). The full
utility matrix ``U[party, outcome]`` is assembled on demand by broadcasting, and refused with a
clear message when it would not fit in memory; analyses that exploit the factored form never
need it.

Outcome codes are C-order ravel indices over ``shape`` (the last issue varies fastest).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from zopa._types import Value as Value  # re-exported: the values of an outcome
from zopa.errors import InputError, TooLargeError
from zopa.model.grids import MAX_OUTCOMES as _MAX_OUTCOMES

if TYPE_CHECKING:
    pass

#: Absolute tolerance used whenever utilities are compared.
TOL = 1e-9
#: The most float cells a full utility matrix may have (2.5e8 cells ≈ 2 GB of float64).
MAX_CELLS = 250_000_000
#: The most outcomes a game may have at all (codes are int64; defined with the grids).
MAX_OUTCOMES = _MAX_OUTCOMES


@dataclass(frozen=True, eq=False)
class Factor:
    """A table over a few issues: a utility term (float) or a red line (bool, True = allowed).

    ``deal`` marks a deal-level rule (the scenario's ``constraints:``): it is copied to every
    party, so each party's feasibility, and every analysis built on it, includes the rule."""

    party: int
    axes: tuple[int, ...]
    table: np.ndarray
    label: str = ""
    deal: bool = False


@dataclass(frozen=True, eq=False)
class Game:
    """Arrays every analysis shares. Build with :func:`compile_scenario` or :meth:`from_arrays`."""

    party_ids: tuple[str, ...]
    party_names: tuple[str, ...]
    signatory: np.ndarray
    issue_ids: tuple[str, ...]
    values: tuple[tuple[Value, ...], ...]
    tables: tuple[np.ndarray, ...]
    reservations: np.ndarray
    scale: np.ndarray
    terms: tuple[Factor, ...] = ()
    constraints: tuple[Factor, ...] = ()
    max_cells: int = field(default=MAX_CELLS, repr=False)

    # -- construction --------------------------------------------------------------------------

    @classmethod
    def from_arrays(
        cls,
        *,
        tables: Sequence[np.ndarray],
        reservations: Sequence[float] | np.ndarray,
        party_ids: Sequence[str],
        issue_ids: Sequence[str],
        values: Sequence[Sequence[Value]],
        signatory: Sequence[bool] | np.ndarray | None = None,
        terms: Sequence[Factor] = (),
        constraints: Sequence[Factor] = (),
        scale: Sequence[float] | np.ndarray | None = None,
        party_names: Sequence[str] | None = None,
    ) -> Game:
        """A game from per-issue utility tables ``(P, n_k)``; checks the shapes agree."""
        n_parties = len(party_ids)
        tabs = tuple(np.asarray(t, dtype=float) for t in tables)
        vals = tuple(tuple(v) for v in values)
        if len(tabs) != len(issue_ids) or len(vals) != len(issue_ids):
            raise ValueError("tables, values and issue_ids must have one entry per issue")
        for k, (t, v) in enumerate(zip(tabs, vals, strict=True)):
            if t.shape != (n_parties, len(v)):
                raise ValueError(f"table {k} has shape {t.shape}, expected {(n_parties, len(v))}")
        game = cls(
            party_ids=tuple(party_ids),
            party_names=tuple(party_names or party_ids),
            signatory=np.asarray(
                signatory if signatory is not None else [True] * n_parties, dtype=bool
            ),
            issue_ids=tuple(issue_ids),
            values=vals,
            tables=tabs,
            reservations=np.asarray(reservations, dtype=float),
            scale=np.asarray(scale if scale is not None else [1.0] * n_parties, dtype=float),
            terms=tuple(terms),
            constraints=tuple(constraints),
        )
        if game.n_outcomes > MAX_OUTCOMES:
            raise TooLargeError(
                f"the outcome space has {game.n_outcomes:.3g} outcomes; zopa handles at most "
                f"{MAX_OUTCOMES:.3g}: merge or coarsen issues"
            )
        return game

    # -- sizes ---------------------------------------------------------------------------------

    @cached_property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.values)

    @cached_property
    def n_outcomes(self) -> int:
        return math.prod(self.shape)

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

    @cached_property
    def signatories(self) -> tuple[int, ...]:
        return tuple(int(i) for i in np.flatnonzero(self.signatory))

    @cached_property
    def additive(self) -> bool:
        """True when utility is the plain sum of the per-issue tables (no package terms and the
        clip to [0, 1] can never bind), so issue-by-issue algorithms are exact."""
        if self.terms:
            return False
        lo = sum((t.min(axis=1) for t in self.tables), np.zeros(self.n_parties))
        hi = sum((t.max(axis=1) for t in self.tables), np.zeros(self.n_parties))
        return bool(np.all(lo >= -TOL) and np.all(hi <= self.scale + TOL))

    def party_index(self, party: str) -> int:
        try:
            return self.party_ids.index(party)
        except ValueError:
            raise InputError.single(
                f"unknown party {party!r}; parties are {', '.join(self.party_ids)}"
            ) from None

    # -- full matrices -------------------------------------------------------------------------

    def check_size(self, rows: int | None = None, what: str = "utility matrix") -> None:
        """Raise TooLargeError if a (rows, N) matrix would exceed the memory budget."""
        rows = self.n_parties if rows is None else rows
        cells = rows * self.n_outcomes
        if cells > self.max_cells:
            raise TooLargeError(
                f"the {what} would have {self.n_outcomes:,} outcomes x {rows} parties "
                f"= {cells:,} cells (~{cells * 8 / 2**30:.1f} GiB), over the budget of "
                f"{self.max_cells:,}; use a coarser grid (larger 'step'), fewer issues, or an "
                "analysis that works without enumerating (frontier, counter)"
            )

    def utilities(self) -> np.ndarray:
        """``U[party, outcome]`` for every outcome (cached)."""
        return self._utilities

    @cached_property
    def _utilities(self) -> np.ndarray:
        self.check_size()
        acc = np.zeros((self.n_parties,))
        for t in self.tables:
            acc = acc[..., None] + t.reshape((self.n_parties,) + (1,) * (acc.ndim - 1) + (-1,))
        acc = acc.reshape((self.n_parties, *self.shape))
        for f in self.terms:
            acc[f.party] += _broadcast(f, self.shape)
        out = acc.reshape(self.n_parties, self.n_outcomes)
        out /= self.scale[:, None]
        np.clip(out, 0.0, 1.0, out=out)
        out.flags.writeable = False
        return out

    def feasible(self) -> np.ndarray:
        """``F[party, outcome]``: True where the outcome crosses none of the party's red lines."""
        return self._feasible

    @cached_property
    def _feasible(self) -> np.ndarray:
        self.check_size(what="red-line mask")
        out = np.ones((self.n_parties, *self.shape), dtype=bool)
        for f in self.constraints:
            out[f.party] &= _broadcast(f, self.shape)
        flat = out.reshape(self.n_parties, self.n_outcomes)
        flat.flags.writeable = False
        return flat

    def acceptable(self) -> np.ndarray:
        """``A[party, outcome]``: feasible and at least as good as walking away."""
        return self._acceptable

    @cached_property
    def _acceptable(self) -> np.ndarray:
        out = self.feasible() & (self.utilities() >= self.reservations[:, None] - TOL)
        out.flags.writeable = False
        return out

    # -- selected outcomes ---------------------------------------------------------------------

    def indices(self, codes: np.ndarray | Sequence[int]) -> np.ndarray:
        """``(len(codes), K)`` per-issue value indices of outcome codes."""
        idx = np.unravel_index(np.asarray(codes, dtype=np.int64), self.shape)
        return np.stack(idx, axis=-1) if idx else np.zeros((len(codes), 0), dtype=np.int64)

    def codes(self, indices: np.ndarray) -> np.ndarray:
        """Outcome codes of ``(n, K)`` per-issue value indices."""
        arr = np.asarray(indices, dtype=np.int64)
        out: np.ndarray = np.ravel_multi_index(tuple(arr.T), self.shape).astype(np.int64)
        return out

    def utilities_of(self, codes: np.ndarray | Sequence[int]) -> np.ndarray:
        """``(P, len(codes))`` utilities without building the full matrix."""
        return self.utilities_at(self.indices(codes))

    def utilities_at(self, idx: np.ndarray) -> np.ndarray:
        """:meth:`utilities_of` the outcomes with per-issue value indices ``idx`` ``(n, K)``."""
        acc = np.zeros((self.n_parties, len(idx)))
        for k, t in enumerate(self.tables):
            acc += t[:, idx[:, k]]
        for f in self.terms:
            acc[f.party] += f.table[tuple(idx[:, a] for a in f.axes)]
        acc /= self.scale[:, None]
        return np.clip(acc, 0.0, 1.0)

    def feasible_of(self, codes: np.ndarray | Sequence[int]) -> np.ndarray:
        """``(P, len(codes))`` red-line masks without building the full matrix."""
        return self.feasible_at(self.indices(codes))

    def feasible_at(self, idx: np.ndarray) -> np.ndarray:
        """:meth:`feasible_of` the outcomes with per-issue value indices ``idx`` ``(n, K)``."""
        out = np.ones((self.n_parties, len(idx)), dtype=bool)
        for f in self.constraints:
            out[f.party] &= f.table[tuple(idx[:, a] for a in f.axes)]
        return out

    def acceptable_of(self, codes: np.ndarray | Sequence[int]) -> np.ndarray:
        return self.acceptable_at(self.indices(codes))

    def acceptable_at(self, idx: np.ndarray) -> np.ndarray:
        """``(P, n)``: who accepts the outcomes with per-issue value indices ``idx`` (the codes
        of games of one shape share them, so a caller asking many games converts once)."""
        return self.feasible_at(idx) & (self.utilities_at(idx) >= self.reservations[:, None] - TOL)

    def encode(self, terms: Mapping[str, Value]) -> int:
        """The code of an outcome; range values snap to the nearest grid point."""
        idx = []
        for issue_id, vals in zip(self.issue_ids, self.values, strict=True):
            if issue_id not in terms:
                raise InputError.single(f"no value given for issue {issue_id!r}", path=issue_id)
            idx.append(_value_index(vals, terms[issue_id], issue_id))
        return int(np.ravel_multi_index(tuple(idx), self.shape))

    def decode(self, code: int) -> dict[str, Value]:
        """The terms of an outcome code."""
        if not 0 <= code < self.n_outcomes:
            raise InputError.single(f"outcome code {code} is outside 0..{self.n_outcomes - 1}")
        idx = np.unravel_index(int(code), self.shape)
        return {i: self.values[k][int(idx[k])] for k, i in enumerate(self.issue_ids)}

    def restrict(self, parties: Sequence[int]) -> Game:
        """The same game seen by a subset of parties (e.g. the signatories)."""
        keep = list(parties)
        remap = {old: new for new, old in enumerate(keep)}
        return replace(
            self,
            party_ids=tuple(self.party_ids[i] for i in keep),
            party_names=tuple(self.party_names[i] for i in keep),
            signatory=self.signatory[keep],
            tables=tuple(t[keep] for t in self.tables),
            reservations=self.reservations[keep],
            scale=self.scale[keep],
            terms=tuple(replace(f, party=remap[f.party]) for f in self.terms if f.party in remap),
            constraints=tuple(
                replace(f, party=remap[f.party]) for f in self.constraints if f.party in remap
            ),
        )


def _broadcast(f: Factor, shape: tuple[int, ...]) -> np.ndarray:
    """Reshape a factor's table so it broadcasts over the full outcome grid."""
    view = [1] * len(shape)
    for a in f.axes:
        view[a] = shape[a]
    return f.table.reshape(view)


def _value_index(vals: tuple[Value, ...], value: Value, issue_id: str) -> int:
    if vals and isinstance(vals[0], str):
        if value not in vals:
            raise InputError.single(f"{value!r} is not an option of {issue_id!r}", path=issue_id)
        return vals.index(value)
    if isinstance(value, str):
        raise InputError.single(f"{issue_id!r} is numeric, got {value!r}", path=issue_id)
    grid = np.asarray(vals, dtype=float)
    k = int(np.argmin(np.abs(grid - float(value))))
    if abs(grid[k] - float(value)) > 1e-9 * max(1.0, abs(float(value))):
        raise InputError.single(
            f"{float(value):g} is not on the grid of {issue_id!r} (nearest: {grid[k]:g}); "
            "use a grid value, or name it in a proposal (proposal values join the grid)",
            path=issue_id,
        )
    return k
