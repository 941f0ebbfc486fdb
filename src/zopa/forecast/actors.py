"""Actors: the three spatial judgements (capability, position, salience) every forecast model reads.

An :class:`Actors` value holds, for ``n`` actors and ``D`` issue dimensions,

* ``capability`` ``(n,)``: non-negative power resources (any unit; models normalise as needed);
* ``position`` ``(n, D)``: each actor's preferred outcome on the issue's own scale
  ``[scale_low[k], scale_high[k]]`` (0–100 for scenario-derived actors, years 4–10 for the
  BDM-1994 emission case, ...);
* ``salience`` ``(n, D)`` in ``[0, 1]``: how much the issue matters to the actor.

Any of these may be uncertain: an optional :class:`Triangular` per field gives ``low``/``mode``/
``high`` arrays of the field's shape (``mode`` equals the point value; cells with
``low == high`` are certain). :meth:`Actors.sample` draws one :class:`Actors` for Monte Carlo;
:meth:`Actors.sample_many` draws many at once as an :class:`ActorSample` (arrays with a leading
draws axis) through :meth:`Actors.at_quantiles`, the inverse triangular CDF, which sensitivity
analysis reuses with designed quantiles.

``present`` ``(n, D)`` marks which actors hold a judgement on each issue (all by default); an
absent actor takes no part in that issue's forecast (models drop it per issue).

``scale_origin`` says per dimension where its scale came from: ``"given"`` (stated by the user or
fixed by the input format; the default), ``"default"`` (assumed 0–100 because every position lies
in it) or ``"observed"`` (the range of the positions). Models whose forecast depends on the scale
(``scale_dependent`` in their metadata) should then be read with care; the CLI warns.

Each uncertain cell is an :class:`~zopa.forecast.uncertainty.InputFactor`; factors are numbered
in a fixed order (field, then actor, then dimension) so draw ``i``'s inputs depend only on the
seed and ``i``. :meth:`Actors.create` builds the value from array-likes (and checks it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from zopa._types import BoolArray, FloatArray
from zopa.errors import InputError
from zopa.forecast.streams import child_rng, root_seed, uniforms
from zopa.forecast.uncertainty import (
    InputFactor,
    Triangular,
    triangular_ppf,
)
from zopa.forecast.validation import (
    ARRAY_FIELDS,
    SCALE_ORIGINS,
    check_built,
    field_arrays,
    present_mask,
    problem,
    scale_origins,
    validate,
)
from zopa.forecast.weights import require_weight, vote_weights
from zopa.seeds import SeedLike, generator

FIELDS: tuple[str, ...] = ("capability", "position", "salience")
RngLike = SeedLike


def as_generator(seed: SeedLike) -> np.random.Generator:
    """A numpy Generator from a Generator, an int seed or None (seed 0, never the clock)."""
    return generator(seed)


@dataclass(frozen=True, eq=False)
class Actors:
    """Capability, position and salience of ``n`` actors on ``D`` issue dimensions (see module)."""

    names: tuple[str, ...]
    dimensions: tuple[str, ...]
    capability: FloatArray
    position: FloatArray
    salience: FloatArray
    scale_low: FloatArray
    scale_high: FloatArray
    uncertainty: Mapping[str, Triangular] = field(default_factory=dict)
    present: npt.NDArray[np.bool_] | None = None
    scale_origin: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        check_built(self)
        problems = validate(self)
        if problems:
            raise InputError(problems)

    @classmethod
    def create(
        cls,
        names: Sequence[str],
        dimensions: Sequence[str],
        capability: npt.ArrayLike,
        position: npt.ArrayLike,
        salience: npt.ArrayLike,
        scale_low: npt.ArrayLike,
        scale_high: npt.ArrayLike,
        uncertainty: Mapping[str, Triangular] | None = None,
        present: npt.ArrayLike | None = None,
        scale_origin: Sequence[str] | None = None,
    ) -> Actors:
        """Actors from array-likes: copied to read-only arrays of the right shapes, then checked.

        ``present`` defaults to every actor on every dimension, ``scale_origin`` to ``"given"``;
        a scalar broadcasts to its field's shape. Any problem is an :class:`InputError`.
        """
        names, dimensions = tuple(str(x) for x in names), tuple(str(x) for x in dimensions)
        n, d = len(names), len(dimensions)
        mask, origin = present_mask(present, (n, d)), scale_origins(scale_origin, d)
        raw = (capability, position, salience, scale_low, scale_high)
        cap, pos, sal, low, high = field_arrays(dict(zip(ARRAY_FIELDS, raw, strict=True)), n, d)
        shapes = {"capability": cap.shape, "position": pos.shape, "salience": sal.shape}
        problems = [
            problem(f"uncertainty.{k}", f"not one of {list(FIELDS)}")
            for k in dict(uncertainty or {})
            if k not in shapes
        ]
        unc = {k: t.frozen(shapes[k]) for k, t in dict(uncertainty or {}).items() if k in shapes}
        try:
            built = cls(names, dimensions, cap, pos, sal, low, high, unc, mask, origin)
        except InputError as err:
            raise InputError(problems + list(err.problems)) from None
        if problems:
            raise InputError(problems)
        return built

    # ----- shape and identity -------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.names)

    @property
    def n_dimensions(self) -> int:
        """Number of issue dimensions D."""
        return len(self.dimensions)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Actors):
            return NotImplemented
        same_arrays = all(
            np.array_equal(getattr(self, k), getattr(other, k))
            for k in ("capability", "position", "salience", "scale_low", "scale_high")
        )
        return (
            same_arrays
            and (self.names, self.dimensions) == (other.names, other.dimensions)
            and dict(self.uncertainty) == dict(other.uncertainty)
            and np.array_equal(self.mask, other.mask)
            and self.origins == other.origins
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def mask(self) -> BoolArray:
        """``(n, D)`` booleans: actor i holds a judgement on dimension k."""
        if self.present is None:
            return present_mask(None, (self.n, self.n_dimensions))
        return self.present

    @property
    def origins(self) -> tuple[str, ...]:
        """Where each dimension's scale came from (see module)."""
        if self.scale_origin is None:
            return scale_origins(None, self.n_dimensions)
        return self.scale_origin

    def replace(self, **changes: Any) -> Actors:
        """A copy with some fields replaced by array-likes (built and validated again)."""
        values = {k: getattr(self, k) for k in _ALL_FIELDS}
        values.update(changes)
        return Actors.create(**values)

    def point(self) -> Actors:
        """The same actors without uncertainty (the modes)."""
        return self.replace(uncertainty={})

    def dimension(self, k: int) -> Actors:
        """The one-dimensional actors of dimension ``k`` (uncertainty kept)."""
        sl = slice(k, k + 1)
        unc = {
            f: Triangular(t.low[:, sl], t.mode[:, sl], t.high[:, sl]) if f != "capability" else t
            for f, t in self.uncertainty.items()
        }
        return Actors(
            self.names,
            self.dimensions[sl],
            self.capability,
            self.position[:, sl],
            self.salience[:, sl],
            self.scale_low[sl],
            self.scale_high[sl],
            unc,
            self.mask[:, sl],
            self.origins[sl],
        )

    # ----- uncertainty ----------------------------------------------------------------------------
    def factors(self) -> tuple[InputFactor, ...]:
        """The uncertain cells (``low < high``) in canonical order: field, actor, dimension."""
        out: list[InputFactor] = []
        for name in FIELDS:
            tri = self.uncertainty.get(name)
            if tri is None:
                continue
            for idx in zip(*np.nonzero(tri.high > tri.low), strict=True):
                actor = int(idx[0])
                dim = int(idx[1]) if len(idx) > 1 else None
                where = "" if dim is None else f" ({self.dimensions[dim]})"
                out.append(
                    InputFactor(
                        name,
                        actor,
                        dim,
                        float(tri.low[idx]),
                        float(tri.mode[idx]),
                        float(tri.high[idx]),
                        f"{self.names[actor]} {name}{where}",
                    )
                )
        return tuple(out)

    def at_quantiles(self, u: npt.ArrayLike) -> ActorSample:
        """Inputs at quantiles ``u`` ``(draws, n_factors)`` of the factors' triangular laws."""
        q = np.atleast_2d(np.asarray(u, dtype=np.float64))
        factors = self.factors()
        if q.shape[1] != len(factors):
            raise ValueError(f"expected {len(factors)} quantile columns, got {q.shape[1]}")
        s = q.shape[0]
        arrays = {
            name: np.broadcast_to(getattr(self, name), (s, *getattr(self, name).shape)).copy()
            for name in FIELDS
        }
        start = 0
        for name in FIELDS:
            tri = self.uncertainty.get(name)
            if tri is None:
                continue
            mask = tri.high > tri.low
            count = int(mask.sum())
            if count:
                vals = triangular_ppf(
                    q[:, start : start + count], tri.low[mask], tri.mode[mask], tri.high[mask]
                )
                arrays[name][:, mask] = vals
            start += count
        for arr in arrays.values():
            arr.setflags(write=False)
        return ActorSample(
            self.names,
            self.dimensions,
            arrays["capability"],
            arrays["position"],
            arrays["salience"],
            self.scale_low,
            self.scale_high,
            self.mask,
        )

    def sample(self, seed: SeedLike = None) -> Actors:
        """One draw of every uncertain field (triangular); certain fields pass through.
        ``seed`` as everywhere (:mod:`zopa.seeds`): a Generator is drawn from as given."""
        u = generator(seed).random((1, len(self.factors())))
        return self.at_quantiles(u).draw(0)

    def sample_many(self, seed: SeedLike, draws: int) -> ActorSample:
        """``draws`` independent draws at once, reproducible per draw from the seed.

        With an int seed, draw ``i`` uses the counter-based stream ``i`` of
        :func:`zopa.forecast.streams.uniforms`, so it does not depend on how many draws are taken.
        """
        return self.at_quantiles(uniforms(seed, draws, len(self.factors())))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (point values, scale and uncertainty)."""
        out: dict[str, Any] = {
            "names": list(self.names),
            "dimensions": list(self.dimensions),
            "capability": self.capability.tolist(),
            "position": self.position.tolist(),
            "salience": self.salience.tolist(),
            "scale_low": self.scale_low.tolist(),
            "scale_high": self.scale_high.tolist(),
            "present": self.mask.tolist(),
            "scale_origin": list(self.origins),
        }
        out["uncertainty"] = {
            k: {"low": t.low.tolist(), "mode": t.mode.tolist(), "high": t.high.tolist()}
            for k, t in self.uncertainty.items()
        }
        return out


_ALL_FIELDS = (
    "names",
    "dimensions",
    "capability",
    "position",
    "salience",
    "scale_low",
    "scale_high",
    "uncertainty",
    "present",
    "scale_origin",
)


@dataclass(frozen=True, eq=False)
class ActorSample:
    """Many draws of actor inputs: like :class:`Actors` with a leading ``draws`` axis.

    Built by :meth:`Actors.at_quantiles` from read-only arrays.
    """

    names: tuple[str, ...]
    dimensions: tuple[str, ...]
    capability: FloatArray  # (S, n)
    position: FloatArray  # (S, n, D)
    salience: FloatArray  # (S, n, D)
    scale_low: FloatArray  # (D,)
    scale_high: FloatArray  # (D,)
    present: BoolArray | None = None  # (n, D), all True by default

    @property
    def mask(self) -> BoolArray:
        """``(n, D)`` booleans: actor i holds a judgement on dimension k."""
        shape = (len(self.names), len(self.dimensions))
        return present_mask(None, shape) if self.present is None else self.present

    @property
    def draws(self) -> int:
        """Number of draws S."""
        return int(self.capability.shape[0])

    def draw(self, i: int) -> Actors:
        """Draw ``i`` as a point :class:`Actors`."""
        return Actors(
            self.names,
            self.dimensions,
            self.capability[i],
            self.position[i],
            self.salience[i],
            self.scale_low,
            self.scale_high,
            present=self.mask,
        )

    def dimension(self, k: int) -> ActorSample:
        """The draws of dimension ``k`` only (arrays keep a length-1 dimension axis)."""
        sl = slice(k, k + 1)
        return ActorSample(
            self.names,
            self.dimensions[sl],
            self.capability,
            self.position[:, :, sl],
            self.salience[:, :, sl],
            self.scale_low[sl],
            self.scale_high[sl],
            self.mask[:, sl],
        )


def point_actors(
    names: Sequence[str],
    dimensions: Sequence[str],
    capability: npt.ArrayLike,
    position: npt.ArrayLike,
    salience: npt.ArrayLike,
    scale: tuple[float, float] | Sequence[tuple[float, float]] = (0.0, 100.0),
) -> Actors:
    """Certain inputs; ``scale`` is one ``(low, high)`` for all dimensions or one per dimension."""
    sc = np.asarray(scale, dtype=np.float64).reshape(-1, 2)
    sc = np.broadcast_to(sc, (len(dimensions), 2))
    pos = np.asarray(position, dtype=np.float64).reshape(len(names), len(dimensions))
    sal = np.asarray(salience, dtype=np.float64).reshape(len(names), len(dimensions))
    return Actors.create(names, dimensions, capability, pos, sal, sc[:, 0], sc[:, 1])


__all__ = [
    "FIELDS",
    "SCALE_ORIGINS",
    "ActorSample",
    "Actors",
    "FloatArray",
    "InputFactor",
    "RngLike",
    "Triangular",
    "as_generator",
    "child_rng",
    "point_actors",
    "require_weight",
    "root_seed",
    "triangular_ppf",
    "vote_weights",
]
