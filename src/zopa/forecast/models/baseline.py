"""The two closed-form baselines: the compromise model and the weighted median.

* **Compromise** (Van den Bos 1991, *Dutch EC Policy Making*; Achen 2006, in Thomson, Stokman,
  Achen & König (eds.), *The European Union Decides*, ch. 4): the outcome on each issue is the mean
  of the actors' positions weighted by capability × salience, ``Σ c_i s_i x_i / Σ c_i s_i``. It is
  the baseline every spatial model should beat, and in the DEU backtests it is hard to beat.
* **Weighted median** (Black 1948, "On the rationale of group decision-making", *J. Political
  Economy* 56:23–34): the position of the median voter when each actor casts ``c_i s_i`` votes;
  with single-peaked preferences no other actor position beats it in a pairwise vote.

Both solve each issue dimension separately and are one-shot (no trajectory).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray
from zopa.forecast.actors import Actors, ActorSample
from zopa.forecast.models.spatial import MedianTie, median_ties, weighted_mean, weighted_median
from zopa.forecast.options import Option
from zopa.forecast.registry import Forecast, register_batch, register_model
from zopa.forecast.weights import require_weight, vote_weights
from zopa.seeds import SeedLike

Weighting = Literal["capability_salience", "capability"]

WEIGHTING = Option.choice(
    "capability_salience (default) or capability", "capability_salience", "capability"
)
TIE = Option.choice(
    "lower (default), upper or midpoint when the cumulative weight hits half exactly",
    "lower",
    "upper",
    "midpoint",
)


def _weights(
    capability: FloatArray,
    salience: FloatArray,
    present: npt.NDArray[np.bool_],
    weighting: Weighting,
) -> FloatArray:
    """``(..., n, D)`` voting weights of present actors: ``c·s`` (default) or capability alone."""
    if weighting == "capability":
        salience = np.ones_like(salience)
    return vote_weights(capability, salience, present)


@register_model(
    "compromise",
    label="Compromise (weighted mean)",
    citation="Van den Bos 1991; Achen 2006",
    iterative=False,
    stochastic=False,
    multidimensional=True,
    separable=True,
    options={"weighting": WEIGHTING},
)
def compromise(
    actors: Actors, seed: SeedLike = None, *, weighting: Weighting = "capability_salience"
) -> Forecast:
    """Capability × salience weighted mean of positions, per issue."""
    w = _weights(actors.capability, actors.salience, actors.mask, weighting)
    require_weight(actors.dimensions, w)
    outcome = weighted_mean(actors.position.T, w.T)
    return Forecast("compromise", actors.dimensions, outcome, details={"weighting": weighting})


@register_batch("compromise")
def compromise_batch(
    sample: ActorSample, seed: SeedLike = None, *, weighting: Weighting = "capability_salience"
) -> FloatArray:
    """``(draws, D)`` compromise outcomes (NaN where a dimension has no weight)."""
    w = _weights(sample.capability, sample.salience, sample.mask, weighting)
    return weighted_mean(np.swapaxes(sample.position, -1, -2), np.swapaxes(w, -1, -2))


@register_model(
    "median",
    label="Weighted median",
    citation="Black 1948",
    iterative=False,
    stochastic=False,
    multidimensional=True,
    separable=True,
    options={"weighting": WEIGHTING, "tie": TIE},
)
def median(
    actors: Actors,
    seed: SeedLike = None,
    *,
    weighting: Weighting = "capability_salience",
    tie: MedianTie = "lower",
) -> Forecast:
    """Position of the capability × salience weighted median actor, per issue.

    ``details["tie_decides"]`` lists the issues on which the cumulative weight reaches exactly
    half, so that the ``tie`` rule chooses between two positions.
    """
    w = _weights(actors.capability, actors.salience, actors.mask, weighting)
    require_weight(actors.dimensions, w)
    outcome = weighted_median(actors.position.T, w.T, tie)
    ties = median_ties(actors.position.T, w.T)
    details: dict[str, Any] = {
        "weighting": weighting,
        "tie": tie,
        "tie_decides": [d for d, t in zip(actors.dimensions, ties.tolist(), strict=True) if t],
    }
    return Forecast("median", actors.dimensions, outcome, details=details)


@register_batch("median")
def median_batch(
    sample: ActorSample,
    seed: SeedLike = None,
    *,
    weighting: Weighting = "capability_salience",
    tie: MedianTie = "lower",
) -> FloatArray:
    """``(draws, D)`` weighted-median outcomes (NaN where a dimension has no weight)."""
    w = _weights(sample.capability, sample.salience, sample.mask, weighting)
    return weighted_median(np.swapaxes(sample.position, -1, -2), np.swapaxes(w, -1, -2), tie)
