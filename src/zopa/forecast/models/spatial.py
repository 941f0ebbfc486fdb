"""Closed-form spatial aggregates over actor positions, vectorised over leading axes.

The weighted mean of positions with weights ``capability × salience`` is the "compromise model"
(Van den Bos 1991; Achen 2006, "Evaluating political decision-making models", in Thomson et al.
(eds.) *The European Union Decides*, who derives it as an approximation to Nash bargaining); the
weighted median is the position of the weighted median voter (Black 1948), which with
single-peaked preferences is the Condorcet winner among actor positions. Both read the last axis
as the actors axis, so ``(draws, n)`` arrays give ``(draws,)`` results.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray

MedianTie = Literal["lower", "upper", "midpoint"]


def weighted_mean(x: npt.ArrayLike, w: npt.ArrayLike) -> FloatArray:
    """``Σ w x / Σ w`` over the last axis; NaN where the weights sum to zero."""
    xa = np.asarray(x, dtype=np.float64)
    wa = np.broadcast_to(np.asarray(w, dtype=np.float64), xa.shape)
    total = wa.sum(axis=-1)
    num = (wa * xa).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = np.where(total > 0, num / np.where(total > 0, total, 1.0), np.nan)
    return out


def _sorted_cumulative(
    x: npt.ArrayLike, w: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Positions sorted ascending, their cumulative weights, half the total and its tolerance."""
    xa = np.asarray(x, dtype=np.float64)
    wa = np.broadcast_to(np.asarray(w, dtype=np.float64), xa.shape)
    order = np.argsort(xa, axis=-1, kind="stable")
    xs = np.take_along_axis(xa, order, axis=-1)
    cum = np.cumsum(np.take_along_axis(wa, order, axis=-1), axis=-1)
    total = cum[..., -1:]
    return xs, cum, 0.5 * total, 1e-12 * np.abs(total)


def median_ties(x: npt.ArrayLike, w: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Where the tie rule of :func:`weighted_median` decides (last axis = actors).

    True when the cumulative weight reaches exactly half at a position and the next position
    up is a different one, so the lower, upper and midpoint medians differ.
    """
    xs, cum, half, tol = _sorted_cumulative(x, w)
    lower_idx = np.argmax(cum >= half - tol, axis=-1)[..., None]
    upper_idx = np.argmax(cum > half + tol, axis=-1)[..., None]
    exact = np.abs(np.take_along_axis(cum, lower_idx, axis=-1) - half) <= tol
    lower = np.take_along_axis(xs, lower_idx, axis=-1)
    upper = np.take_along_axis(xs, upper_idx, axis=-1)
    out: npt.NDArray[np.bool_] = (exact & (upper > lower) & (half > 0))[..., 0]
    return out


def weighted_median(x: npt.ArrayLike, w: npt.ArrayLike, tie: MedianTie = "lower") -> FloatArray:
    """The weighted median of ``x`` over the last axis; NaN where the weights sum to zero.

    The lower weighted median is the smallest position at which the cumulative weight (positions
    sorted ascending) reaches half the total. When it reaches exactly half, every point up to the
    next position is also a median: ``tie`` picks the lower end (default), the upper end or the
    midpoint. Half is compared with a relative tolerance of 1e-12 so that it does not depend on
    the summation order.
    """
    xs, cum, half, tol = _sorted_cumulative(x, w)
    total = 2.0 * half
    lower_idx = np.argmax(cum >= half - tol, axis=-1)[..., None]
    lower = np.take_along_axis(xs, lower_idx, axis=-1)[..., 0]
    if tie == "lower":
        result = lower
    else:
        exact = np.abs(np.take_along_axis(cum, lower_idx, axis=-1) - half) <= tol
        upper_idx = np.argmax(cum > half + tol, axis=-1)[..., None]
        upper = np.take_along_axis(xs, upper_idx, axis=-1)[..., 0]
        alt = upper if tie == "upper" else 0.5 * (lower + upper)
        result = np.where(exact[..., 0], alt, lower)
    out: FloatArray = np.where(total[..., 0] > 0, result, np.nan)
    return out


def condorcet_position(x: npt.ArrayLike, w: npt.ArrayLike) -> FloatArray:
    """The actor position that beats every other in pairwise weighted votes (last axis).

    With votes ``v(a, b) = Σ_k w_k (|x_k − b| − |x_k − a|)`` a position beats all others iff it
    minimises ``f(y) = Σ_k w_k |x_k − y|`` over actor positions; ties go to the lowest position.
    This is the median-voter position of Bueno de Mesquita's model, equal to the lower weighted
    median up to ties.
    """
    xa = np.asarray(x, dtype=np.float64)
    wa = np.broadcast_to(np.asarray(w, dtype=np.float64), xa.shape)
    f = np.abs(xa[..., :, None] - xa[..., None, :]) @ wa[..., :, None]
    f = f[..., 0]
    best = f.min(axis=-1, keepdims=True)
    cand = f <= best + 1e-12 * np.maximum(np.abs(best), 1.0)
    out: FloatArray = np.where(cand, xa, np.inf).min(axis=-1)
    return out


__all__ = ["MedianTie", "condorcet_position", "median_ties", "weighted_mean", "weighted_median"]
