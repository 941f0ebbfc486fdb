"""Validation of :class:`~zopa.forecast.actors.Actors`: shapes, bounds, names, coverage.

Every problem is located at ``actors.<actor>.<field>[.<dimension>]`` so that readers of actor
tables and scenarios can translate it into their own terms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from zopa.errors import InputError, Problem

if TYPE_CHECKING:
    from zopa.forecast.actors import Actors, ActorSample

SCALE_ORIGINS: tuple[str, ...] = ("given", "default", "observed")


def set_present(obj: Actors | ActorSample, shape: tuple[int, int]) -> None:
    """Store ``obj.present`` as a read-only ``(n, D)`` boolean mask (all True when None)."""
    raw = obj.present
    mask = np.ones(shape, dtype=bool) if raw is None else np.array(raw, dtype=bool, copy=True)
    if mask.shape != shape:
        raise InputError.single(f"expected shape {shape}, got {mask.shape}", path="actors.present")
    mask.setflags(write=False)
    object.__setattr__(obj, "present", mask)


def set_origin(obj: Actors, dims: int) -> None:
    """Store ``obj.scale_origin`` as a tuple of :data:`SCALE_ORIGINS` (all "given" when None)."""
    raw = obj.scale_origin
    origin = ("given",) * dims if raw is None else tuple(str(x) for x in raw)
    if len(origin) != dims or not set(origin) <= set(SCALE_ORIGINS):
        raise InputError.single(
            f"expected {dims} of {', '.join(SCALE_ORIGINS)}, got {raw!r}",
            path="actors.scale_origin",
        )
    object.__setattr__(obj, "scale_origin", origin)


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


__all__ = ["SCALE_ORIGINS", "problem", "set_origin", "set_present", "validate"]
