"""Voting weights ``c·s`` shared by every forecast model, and the check that an issue has any.

Each model weighs an actor on an issue by capability × salience (Bueno de Mesquita 1994; Achen
2006; KTAB's vote weights). Capabilities enter divided by the largest one, since only their
ratios matter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray
from zopa.errors import InputError, Problem


def vote_weights(
    capability: npt.ArrayLike, salience: npt.ArrayLike, present: npt.ArrayLike
) -> FloatArray:
    """``(..., n, D)`` weights ``c·s`` of the actors present on each dimension.

    Capabilities are divided by their largest value first (per draw): only their ratios matter
    to every model, and huge values (1e308) would otherwise overflow the weighted sums.
    """
    c = np.asarray(capability, dtype=np.float64)
    top = c.max(axis=-1, keepdims=True)
    c = c / np.where(top > 0, top, 1.0)
    s = np.asarray(salience, dtype=np.float64)
    out: FloatArray = c[..., :, None] * s * np.asarray(present, dtype=bool)
    return out


def require_weight(dimensions: Sequence[str], weights: npt.ArrayLike) -> None:
    """:class:`InputError` naming the dimensions on which no actor has a positive weight.

    ``weights`` is ``(n, D)`` (e.g. :func:`vote_weights`). Without any weight there is no
    bargaining to forecast on that issue, and every model would otherwise return an arbitrary
    position; batch kernels return NaN for such draws instead.
    """
    w = np.asarray(weights, dtype=np.float64)
    empty = [dim for dim, total in zip(dimensions, w.sum(axis=0), strict=True) if not total > 0]
    if empty:
        raise InputError(
            Problem(
                None,
                None,
                f"actors.salience.{dim}",
                "no actor has positive capability × salience on this issue; nothing to forecast",
            )
            for dim in empty
        )


__all__ = ["require_weight", "vote_weights"]
