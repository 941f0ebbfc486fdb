"""Spatial Nash bargaining: the asymmetric Nash solution on each issue.

Nash (1950), "The bargaining problem", *Econometrica* 18:155–162, generalised to asymmetric
bargaining power by Kalai (1977) / Roth (1979), and applied to EU legislative bargaining by
Achen (2006), "Evaluating political decision-making models", in Thomson, Stokman, Achen & König
(eds.), *The European Union Decides*, Cambridge UP, ch. 4. On each issue the outcome ``y``
maximises the weighted Nash product

    ``Σ_i w_i log(u_i(y) − u_i(d))``,  ``u_i(y) = −(|y − x_i| / R)^p``,  ``w_i = c_i s_i``

over the outcomes every actor weakly prefers to the disagreement point ``d`` (``R`` is the scale
width; ``p = 2`` quadratic loss by default, ``p = 1`` linear). The disagreement point is an
explicit choice:

* ``"worst"`` (default): breakdown gives each actor its worst outcome on the issue scale (the
  scale end farthest from its position). Every interior outcome is then a gain for everyone and
  the solution is interior; with quadratic loss it lies close to the compromise (weighted mean),
  as Achen shows.
* ``"status_quo"``: breakdown keeps a reference point ``status_quo`` (one number per issue, on
  the issue scale, e.g. DEU's reference point). Actors at the status quo gain nothing anywhere,
  so the feasible set can shrink to the status quo itself (reported in ``details``).
* ``"median"``: the status quo is the weighted median; a degenerate choice kept for comparison
  (any actor sitting at the median makes it the answer).

The objective is concave on the feasible interval, so its derivative is decreasing and the
maximiser is found by bisection (54 halvings, to the float resolution of the scale),
vectorised over draws. With quadratic or linear loss, the compiled kernel ``_nash_kernels``
(see ``zopa.kernels.compiled``) solves each draw to its last halving with the bits of the numpy
code, :func:`_bisect`, which runs for other powers and wherever the kernel is not there; with
the default disagreement point, :func:`nash_batch` has it solve every issue in one call.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray
from zopa.errors import InputError
from zopa.forecast.actors import Actors, ActorSample
from zopa.forecast.models.spatial import weighted_median
from zopa.forecast.options import Option
from zopa.forecast.registry import Forecast, register_batch, register_model
from zopa.forecast.weights import require_weight, vote_weights
from zopa.kernels.compiled import declare, kernel
from zopa.kernels.rowsum import SEQUENTIAL_TERMS, sum_in_order
from zopa.seeds import SeedLike

Disagreement = Literal["worst", "status_quo", "median"]

#: The compiled bisection (quadratic and linear loss), standing for :func:`_bisect`.
KERNELS = declare("zopa.forecast.models._nash_kernels")

#: Halvings of the bisection: to the float resolution of the scale.
HALVINGS = 54


def nash_outcome(
    x: FloatArray,
    w: FloatArray,
    lo: float,
    hi: float,
    *,
    disagreement: Disagreement = "worst",
    status_quo: npt.ArrayLike | None = None,
    power: float = 2.0,
    iterations: int = HALVINGS,
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Nash outcomes ``(S,)`` for positions/weights ``(S, n)`` on the scale ``[lo, hi]``.

    Returns the outcomes and a flag per draw that is true when the feasible set is a single point
    (every weighted actor's gain is zero except at the disagreement point).
    """
    width = hi - lo
    xs = (x - lo) / width
    if disagreement == "worst":
        reach = np.maximum(xs, 1.0 - xs) ** power
        left, right = np.zeros(x.shape[0]), np.ones(x.shape[0])
    else:
        if disagreement == "median":
            sq = (weighted_median(x, w) - lo) / width
        else:
            sq = (
                np.broadcast_to(np.asarray(status_quo, dtype=np.float64), x.shape[:1]) - lo
            ) / width
        radius = np.abs(sq[:, None] - xs)
        reach = radius**power
        active = w > 0
        left = np.where(active, xs - radius, -np.inf).max(axis=1)
        right = np.where(active, xs + radius, np.inf).min(axis=1)
        left, right = np.maximum(left, 0.0), np.minimum(right, 1.0)
    degenerate = right - left <= 1e-12
    y = np.empty(x.shape[0])
    compiled = kernel(KERNELS) if power in (1.0, 2.0) else None
    if compiled is not None and all(a.dtype == np.float64 for a in (xs, w, reach, left, right)):
        compiled.bisect(
            np.ascontiguousarray(xs),
            np.ascontiguousarray(w),
            np.ascontiguousarray(reach),
            np.ascontiguousarray(left),
            np.ascontiguousarray(right),
            power,
            iterations,
            y,
        )
    else:
        for rows in _blocks(x.shape[0], x.shape[1]):
            y[rows] = _bisect(
                xs[rows], w[rows], reach[rows], left[rows], right[rows], power, iterations
            )
    y = np.where(degenerate, 0.5 * (left + right), y)
    return lo + width * y, degenerate


def _blocks(draws: int, n: int) -> list[slice]:
    """Slices of draws whose ``(draws, n)`` work arrays stay in cache (about 128 kB each)."""
    step = max(1, 16_384 // max(n, 1))
    return [slice(start, min(draws, start + step)) for start in range(0, draws, step)]


def _bisect(
    xs: FloatArray,
    w: FloatArray,
    reach: FloatArray,
    left: FloatArray,
    right: FloatArray,
    power: float,
    iterations: int,
) -> FloatArray:
    """Bisection on the derivative ``Σ_i w_i u_i'(y) / (u_i(y) − u_i(d))`` of the objective.

    An actor counts where its weight and its gain over the disagreement point are positive (an
    actor without weight is given a gain of -inf). Work arrays are reused from one halving to the
    next; every number is the one the formula gives term by term (``w · slope / gain``, summed
    over actors in index order by numpy). With quadratic loss ``w · (-2 diff)`` is computed as
    ``(-2 w) · diff``: doubling is exact, so both are the one rounding of ``-2 w diff``.

    With fewer than :data:`SEQUENTIAL_TERMS` actors the work arrays are laid out actor by actor,
    ``(n, draws)``, and the sum over actors adds whole rows in index order: the order in which
    numpy sums so few numbers along a row (it sums 8 or more pairwise), so the bits are the
    same, and adding rows costs less than a reduction along short rows.
    """
    a, b = left.copy(), right.copy()
    reach = np.where(w > 0, reach, -np.inf)
    by_actor = 0 < xs.shape[1] < SEQUENTIAL_TERMS
    if by_actor:
        xs, w, reach = xs.T.copy(), w.T.copy(), reach.T.copy()
    w2 = -2.0 * w
    diff, gain, slope = np.empty_like(xs), np.empty_like(xs), np.empty_like(xs)
    skip = np.empty(xs.shape, dtype=bool)
    mid, total = np.empty_like(a), np.empty_like(a)
    at = mid[None, :] if by_actor else mid[:, None]
    for _ in range(iterations):
        np.add(a, b, out=mid)
        mid *= 0.5
        np.subtract(at, xs, out=diff)
        if power == 2.0:
            np.multiply(diff, diff, out=gain)
            np.multiply(w2, diff, out=slope)
        else:
            if power == 1.0:
                np.abs(diff, out=gain)
                np.sign(diff, out=slope)
                np.negative(slope, out=slope)
            else:
                np.abs(diff, out=gain)
                np.multiply(-power * gain ** (power - 1.0), np.sign(diff), out=slope)
                gain **= power
            np.multiply(w, slope, out=slope)
        np.subtract(reach, gain, out=gain)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(slope, gain, out=slope)
        np.greater(gain, 0.0, out=skip)
        np.logical_not(skip, out=skip)
        np.copyto(slope, 0.0, where=skip)
        if by_actor:
            sum_in_order(slope, 0, out=total)
        else:
            np.sum(slope, axis=1, out=total)
        rising = total > 0
        np.copyto(a, mid, where=rising)
        np.copyto(b, mid, where=~rising)
    out: FloatArray = 0.5 * (a + b)
    return out


def _status_quo(value: Any, dims: int) -> FloatArray | None:
    if value is None:
        return None
    arr = np.atleast_1d(np.asarray(value, dtype=np.float64))
    if arr.size == 1:
        arr = np.full(dims, arr[0])
    if arr.shape != (dims,):
        raise InputError.single(f"give one status quo per issue ({dims})", path="nash.status_quo")
    return arr


def _check(
    disagreement: str, status_quo: FloatArray | None, lo: FloatArray, hi: FloatArray
) -> None:
    if status_quo is not None and not np.all((status_quo >= lo) & (status_quo <= hi)):
        raise InputError.single(
            "the status quo must lie on each issue's scale", path="nash.status_quo"
        )
    if disagreement == "status_quo" and status_quo is None:
        raise InputError.single(
            "disagreement=status_quo needs status_quo=<value per issue>", path="nash.status_quo"
        )
    if disagreement != "status_quo" and status_quo is not None:
        raise InputError.single(
            f"status_quo is only used with disagreement=status_quo (not {disagreement}); "
            "drop it or set nash.disagreement=status_quo",
            path="nash.status_quo",
        )


@register_model(
    "nash",
    label="Spatial Nash bargaining",
    cost=40,  # processor time of a draw, about 40 times the compromise's
    citation="Nash 1950; Achen 2006",
    iterative=False,
    stochastic=False,
    multidimensional=True,
    separable=True,
    scale_dependent=True,
    options={
        "disagreement": Option.choice(
            "worst (each actor's worst scale end, default), status_quo or median",
            "worst",
            "status_quo",
            "median",
        ),
        "status_quo": Option.numbers(
            "reference point per issue, on the issue scale (only with disagreement=status_quo)"
        ),
        "power": Option.number("loss exponent p: 2 quadratic (default), 1 linear", 1.0, 16.0),
    },
)
def nash(
    actors: Actors,
    seed: SeedLike = None,
    *,
    disagreement: Disagreement = "worst",
    status_quo: Any = None,
    power: float = 2.0,
) -> Forecast:
    """Asymmetric Nash bargaining solution per issue, with a documented disagreement point."""
    sq = _status_quo(status_quo, actors.n_dimensions)
    _check(disagreement, sq, actors.scale_low, actors.scale_high)
    w = vote_weights(actors.capability, actors.salience, actors.mask)
    require_weight(actors.dimensions, w)
    out = np.empty(actors.n_dimensions)
    flags = []
    for k in range(actors.n_dimensions):
        y, deg = nash_outcome(
            actors.position[None, :, k],
            w[None, :, k],
            float(actors.scale_low[k]),
            float(actors.scale_high[k]),
            disagreement=disagreement,
            status_quo=None if sq is None else sq[k],
            power=power,
        )
        out[k] = y[0]
        flags.append(bool(deg[0]))
    details = {
        "disagreement": disagreement,
        "status_quo": None if sq is None else sq.tolist(),
        "power": power,
        "degenerate": dict(zip(actors.dimensions, flags, strict=True)),
    }
    return Forecast("nash", actors.dimensions, out, details=details)


@register_batch("nash")
def nash_batch(
    sample: ActorSample,
    seed: SeedLike = None,
    *,
    disagreement: Disagreement = "worst",
    status_quo: Any = None,
    power: float = 2.0,
) -> FloatArray:
    """``(draws, D)`` Nash outcomes."""
    dims = len(sample.dimensions)
    sq = _status_quo(status_quo, dims)
    _check(disagreement, sq, sample.scale_low, sample.scale_high)
    w = vote_weights(sample.capability, sample.salience, sample.mask)
    out = np.empty((sample.draws, dims))
    compiled = kernel(KERNELS) if disagreement == "worst" and power in (1.0, 2.0) else None
    position = np.asarray(sample.position)
    if compiled is not None and position.dtype == w.dtype == np.float64:
        # every issue's nash_outcome(..., disagreement="worst") in one call
        compiled.outcomes_worst(
            np.ascontiguousarray(position),
            np.ascontiguousarray(w),
            np.array([float(v) for v in sample.scale_low]),
            np.array([float(v) for v in sample.scale_high]),
            power,
            HALVINGS,
            out,
        )
    else:
        for k in range(dims):
            out[:, k], _ = nash_outcome(
                sample.position[:, :, k],
                w[:, :, k],
                float(sample.scale_low[k]),
                float(sample.scale_high[k]),
                disagreement=disagreement,
                status_quo=None if sq is None else sq[k],
                power=power,
            )
    out[w.sum(axis=1) <= 0] = np.nan  # no actor with weight: nothing to forecast
    return out


__all__ = ["nash", "nash_batch", "nash_outcome"]
