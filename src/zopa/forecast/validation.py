"""Validation of :class:`~zopa.forecast.actors.Actors`: shapes, bounds, names, coverage.

Every problem is located at ``actors.<actor>.<field>[.<dimension>]`` so that readers of actor
tables and scenarios can translate it into their own terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from zopa._types import BoolArray, FloatArray
from zopa.errors import InputError, Problem
from zopa.forecast.uncertainty import frozen_array

if TYPE_CHECKING:
    from zopa.forecast.actors import Actors


SCALE_ORIGINS: tuple[str, ...] = ("given", "default", "observed")
#: The array fields of :class:`~zopa.forecast.actors.Actors`, in field order.
ARRAY_FIELDS: tuple[str, ...] = ("capability", "position", "salience", "scale_low", "scale_high")


def field_arrays(raw: Mapping[str, npt.ArrayLike], n: int, d: int) -> tuple[FloatArray, ...]:
    """The array fields (:data:`ARRAY_FIELDS`) of ``n`` actors on ``d`` dimensions as read-only
    float arrays of their shapes (a scalar broadcasts); a wrong shape is an :class:`InputError`."""
    shapes = dict(zip(ARRAY_FIELDS, ((n,), (n, d), (n, d), (d,), (d,)), strict=True))
    arrays, problems = {}, []
    for name, shape in shapes.items():
        arr = np.asarray(raw[name], dtype=np.float64)
        if arr.shape != shape and arr.size != 1:
            problems.append(problem(name, f"expected shape {shape}, got {arr.shape}"))
            continue
        arrays[name] = frozen_array(arr, shape)
    if problems:
        raise InputError(problems)
    return tuple(arrays[name] for name in ARRAY_FIELDS)


def present_mask(raw: npt.ArrayLike | None, shape: tuple[int, int]) -> BoolArray:
    """``raw`` as a read-only ``(n, D)`` boolean mask (all True when None)."""
    mask = np.ones(shape, dtype=bool) if raw is None else np.array(raw, dtype=bool, copy=True)
    if mask.shape != shape:
        raise InputError.single(f"expected shape {shape}, got {mask.shape}", path="actors.present")
    mask.setflags(write=False)
    return mask


def scale_origins(raw: Sequence[str] | None, dims: int) -> tuple[str, ...]:
    """``raw`` as a tuple of :data:`SCALE_ORIGINS` (all "given" when None)."""
    origin = ("given",) * dims if raw is None else tuple(str(x) for x in raw)
    if len(origin) != dims or not set(origin) <= set(SCALE_ORIGINS):
        raise InputError.single(
            f"expected {dims} of {', '.join(SCALE_ORIGINS)}, got {raw!r}",
            path="actors.scale_origin",
        )
    return origin


def check_built(a: Actors) -> None:
    """Refuse (``TypeError``) an :class:`Actors` whose fields are not in built form.

    Built form: names and dimensions as tuples of strings; read-only float arrays of the fields'
    shapes (also in ``uncertainty``); ``present`` a read-only ``(n, D)`` boolean array or None;
    ``scale_origin`` a tuple of :data:`SCALE_ORIGINS` or None.
    :meth:`~zopa.forecast.actors.Actors.create` builds that form from array-likes.
    """
    n, d = len(a.names), len(a.dimensions)
    shapes = {"capability": (n,), "position": (n, d), "salience": (n, d)}
    wrong = [k for k in ("names", "dimensions") if not _strings(getattr(a, k))]
    arrays = {**shapes, "scale_low": (d,), "scale_high": (d,)}
    wrong += [k for k, shape in arrays.items() if not _built(getattr(a, k), shape, np.float64)]
    for k, tri in a.uncertainty.items():
        parts = (tri.low, tri.mode, tri.high)
        if k not in shapes or not all(_built(x, shapes[k], np.float64) for x in parts):
            wrong.append(f"uncertainty.{k}")
    if a.present is not None and not _built(a.present, (n, d), np.bool_):
        wrong.append("present")
    origin = a.scale_origin
    if origin is not None and not (_strings(origin) and len(origin) == d):
        wrong.append("scale_origin")
    if wrong:
        raise TypeError(
            f"Actors fields not in built form: {', '.join(wrong)}; "
            "Actors.create builds them from array-likes"
        )


def _strings(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(x, str) for x in value)


def _built(arr: Any, shape: tuple[int, ...], dtype: type[np.generic]) -> bool:
    return (
        isinstance(arr, np.ndarray)
        and arr.dtype == dtype
        and arr.shape == shape
        and not arr.flags.writeable
    )


def problem(path: str, message: str) -> Problem:
    return Problem(None, None, f"actors.{path}", message)


def validate(a: Actors) -> list[Problem]:
    """Every problem of ``a``: names, scales, bounds of each field, uncertainty, coverage."""
    problems: list[Problem] = []
    if a.n < 1 or a.n_dimensions < 1:
        return [problem("", "need at least one actor and one dimension")]
    if len(set(a.names)) != a.n:
        problems.append(problem("names", "actor names must be unique"))
    if len(set(a.dimensions)) != a.n_dimensions:
        problems.append(problem("dimensions", "dimension names must be unique"))
    for k, dim in enumerate(a.dimensions):
        if not a.scale_low[k] < a.scale_high[k]:
            problems.append(problem(f"scale.{dim}", "scale_low must be below scale_high"))
        elif not _finite_width(a.scale_low[k], a.scale_high[k]):
            problems.append(problem(f"scale.{dim}", "the scale must have a finite width"))
    bounds = {
        "capability": (0.0, np.inf),
        "position": (a.scale_low, a.scale_high),
        "salience": (0.0, 1.0),
    }
    for name, (lo, hi) in bounds.items():
        tri = a.uncertainty.get(name)
        cells = [getattr(a, name)] + ([] if tri is None else [tri.low, tri.high])
        for arr in cells:
            bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
            problems += _cell_problems(a, name, bad, f"must lie in [{_fmt(lo)}, {_fmt(hi)}]")
        if tri is not None:
            order = ~((tri.low <= tri.mode) & (tri.mode <= tri.high))
            problems += _cell_problems(a, name, order, "needs low <= mode <= high")
            differs = ~np.isclose(tri.mode, getattr(a, name), rtol=0, atol=1e-12)
            problems += _cell_problems(a, name, differs, "uncertainty mode must equal the value")
    covered = [bool(a.mask[:, k].any()) for k in range(a.n_dimensions)]
    for dim, has_actor in zip(a.dimensions, covered, strict=True):
        if not has_actor:
            problems.append(problem(f"present.{dim}", "no actor on this dimension"))
    if not problems and not float(a.capability.max()) > 0:
        problems.append(problem("capability", "at least one actor needs positive capability"))
    return problems


def _finite_width(low: float, high: float) -> bool:
    with np.errstate(over="ignore"):
        return bool(np.isfinite(np.float64(high) - np.float64(low)))


def _cell_problems(a: Actors, name: str, bad: npt.NDArray[np.bool_], message: str) -> list[Problem]:
    out = []
    for idx in zip(*np.nonzero(bad), strict=True):
        path = f"{a.names[int(idx[0])]}.{name}"
        if len(idx) > 1:
            path += f".{a.dimensions[int(idx[1])]}"
        out.append(problem(path, message))
    return out


def _fmt(bound: Any) -> str:
    arr = np.atleast_1d(np.asarray(bound, dtype=np.float64))
    if np.all(arr == arr[0]):
        return f"{arr[0]:g}"
    return "scale"


__all__ = [
    "ARRAY_FIELDS",
    "SCALE_ORIGINS",
    "check_built",
    "field_arrays",
    "present_mask",
    "problem",
    "scale_origins",
    "validate",
]
