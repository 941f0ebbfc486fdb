"""Bueno de Mesquita's expected-utility ("challenge") model as a registered forecast model.

Sources: Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in
Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP, pp. 71–104;
the reconstruction by Scholz, Calbert & Smith (2011), ICAART 2011, pp. 18–30; risk exponents
from Bueno de Mesquita (1985), *APSR* 79:156–177. The maths are in
:mod:`zopa.forecast.models.challenge_kernel`; this module validates options, applies presets and
runs each issue dimension separately (the model is one-dimensional). The Monte Carlo batch solves
each draw of an issue in C where the compiled kernel ``_challenge_kernels`` is built (the same
bits; ``zopa.kernels.compiled``).

Presets (``preset=``), each a full set of readings that other options then override:

* ``"standard"``: contested branch weighted by the responder's salience (A1), security from the
  challengers' expected utilities (A2), compromise fractions as in the octant figure (A3), the
  highest-EU proposer's offer accepted, ties to the least move (A4), no move in conflict, Q = 1,
  dynamic range; stop when the median moved less than ``tolerance`` (1/12 of the scale width:
  0.5 years on BDM's 4–10 year scale) in two consecutive rounds (cap 20).
* ``"scholz"``: the challenger's salience (A1), own-EU security (A2) and the least move (A4), as
  Scholz et al. read BDM; Q = 1; eight fixed rounds as in their Table 2. Conflicts (both expected
  utilities positive) are resolved by the lower-EU side compromising: the paper does not say
  what happens then, so this is zopa's choice, the only conflict rule with which the preset
  reaches their round-1 median (8.4; no move and a full concession both stay at 7.0).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from zopa._types import FloatArray
from zopa.errors import TooLargeError
from zopa.forecast.actors import Actors, ActorSample
from zopa.forecast.models.challenge_kernel import ChallengeOptions, run_challenge
from zopa.forecast.models.spatial import condorcet_position, weighted_mean
from zopa.forecast.options import Option, validate
from zopa.forecast.registry import Forecast, register_batch, register_model
from zopa.forecast.weights import require_weight, vote_weights
from zopa.kernels.compiled import declare, kernel
from zopa.seeds import SeedLike

#: The compiled batch (``_challenge_kernels.pyx``): every draw of an issue solved in C.
COMPILED = declare("zopa.forecast.models._challenge_kernels")

#: Pairwise contests make a round O(n^3) in time and O(n^2) in memory per draw.
MAX_ACTORS = 1000

PRESETS: dict[str, dict[str, Any]] = {
    "standard": {},
    "scholz": {
        "contest_salience": "challenger",
        "security": "own",
        "accept": "least_move",
        "conflict": "compromise",
        "stop": "rounds",
        "max_rounds": 8,
    },
}

OPTIONS: dict[str, Option] = {
    "preset": Option.choice(
        "standard (default) or scholz: a full set of readings, overridable one by one",
        *PRESETS,
    ),
    "q": Option.number(
        "probability the status quo holds when i does not challenge j (default 1.0)", 0.0, 1.0
    ),
    "range_mode": Option.choice(
        "dynamic (current spread, default) or fixed (the issue scale's width)", "dynamic", "fixed"
    ),
    "risk": Option.flag("true (two-pass risk exponents, default) or false (r = 1)"),
    "contest_salience": Option.choice(
        "A1: responder (default) or challenger salience weights the contest",
        "responder",
        "challenger",
    ),
    "security": Option.choice(
        "A2: challengers (others' EU of challenging i, default) or own", "challengers", "own"
    ),
    "upper_hand": Option.choice(
        "A3: figure (default) or text (printed sign when the later actor wins)", "figure", "text"
    ),
    "accept": Option.choice("A4: highest_eu (default) or least_move", "highest_eu", "least_move"),
    "conflict": Option.choice(
        "none (default), concede (full move) or compromise (move |b/a|)",
        "none",
        "concede",
        "compromise",
    ),
    "max_rounds": Option.integer("round cap (default 20)", 1, 10_000),
    "stop": Option.choice(
        "median (stop when the median settles, default) or rounds (run max_rounds)",
        "median",
        "rounds",
    ),
    "tolerance": Option.number(
        "median movement counted as settled, as a fraction of the scale width (default 0.5/6: "
        "half a year on BDM's 4-10 year scale)",
        0.0,
        1.0,
    ),
    "patience": Option.integer("settled rounds in a row needed to stop (default 2)", 1, 1000),
    "outcome": Option.choice(
        "median (median-voter position, default) or mean (c·s weighted mean)", "median", "mean"
    ),
}

#: Option name → help text.
OPTION_HELP: dict[str, str] = {k: v.help for k, v in OPTIONS.items()}


def challenge_options(preset: str = "standard", **overrides: Any) -> ChallengeOptions:
    """Validated :class:`ChallengeOptions` from a preset and option overrides."""
    checked = validate("challenge", OPTIONS, {"preset": preset, **overrides})
    values = {**PRESETS[checked.pop("preset")], **checked}
    return ChallengeOptions(**values)


def _chunk(n: int) -> int:
    """Draws per block: pairwise ``(n, n, draws)`` temporaries of ~320 kB stay in cache."""
    return max(1, 40_000 // max(n * n, 1))


def _check_size(n: int) -> None:
    if n > MAX_ACTORS:
        raise TooLargeError(
            f"the challenge model with {n} actors needs O(n^3) work and O(n^2) memory per round; "
            f"use at most {MAX_ACTORS} actors (merge minor actors into blocs)"
        )


def _relative_capability(capability: FloatArray) -> FloatArray:
    """Capabilities over their largest value (per draw), so huge values cannot overflow."""
    top = capability.max(axis=-1, keepdims=True)
    out: FloatArray = capability / np.where(top > 0, top, 1.0)
    return out


@register_model(
    "challenge",
    label="BDM expected utility (challenge)",
    cost=30,  # processor time of a draw, about 30 times the compromise's
    citation="Bueno de Mesquita 1994; Scholz, Calbert & Smith 2011",
    iterative=True,
    stochastic=False,
    multidimensional=False,
    separable=True,
    scale_dependent=True,
    options=OPTIONS,
)
def challenge(actors: Actors, seed: SeedLike = None, **options: Any) -> Forecast:
    """Bueno de Mesquita's challenge model, issue by issue, until the median settles."""
    opts = challenge_options(**options)
    n, dims = actors.n, actors.n_dimensions
    _check_size(n)
    require_weight(actors.dimensions, vote_weights(actors.capability, actors.salience, actors.mask))
    cap = _relative_capability(actors.capability)
    paths, outcome, per_dim = [], np.empty(dims), {}
    for k, name in enumerate(actors.dimensions):
        on = actors.mask[:, k]
        bounds = (float(actors.scale_low[k]), float(actors.scale_high[k]))
        c, s, x = cap[on], actors.salience[on, k], actors.position[on, k]
        run = run_challenge(x[:, None], c[:, None], s[:, None], bounds, opts, record=True)
        assert run.trajectory is not None
        traj = run.trajectory[:, :, 0]
        full = np.full((traj.shape[0], n), np.nan)
        full[:, on] = traj
        paths.append(full)
        outcome[k] = run.outcome[0]
        per_dim[name] = {
            "rounds": int(run.rounds[0]),
            "converged": bool(run.converged[0]),
            "median_by_round": condorcet_position(traj, c * s).tolist(),
            "mean_by_round": weighted_mean(traj, c * s).tolist(),
        }
    rounds = max(len(p) for p in paths) - 1
    trajectory = np.empty((rounds + 1, n, dims))
    for k, p in enumerate(paths):
        trajectory[:, :, k] = np.concatenate([p, np.repeat(p[-1:], rounds + 1 - len(p), 0)])
    details = {"options": dataclasses.asdict(opts), "dimensions": per_dim}
    return Forecast("challenge", actors.dimensions, outcome, trajectory, rounds, details)


def _compiled_issue(
    compiled: Any,
    x: FloatArray,
    c: FloatArray,
    s: FloatArray,
    bounds: tuple[float, float],
    opts: ChallengeOptions,
    out: FloatArray,
) -> bool:
    """The outcomes of :func:`run_challenge` on one issue's draws ``(draws, n)`` into ``out``,
    by the compiled kernel; False when it leaves these inputs to the numpy code."""
    ok: bool = compiled.run_batch(
        x,
        c,
        s,
        bounds[0],
        bounds[1],
        opts.range_mode == "fixed",
        bool(opts.risk),
        opts.contest_salience == "responder",
        opts.security == "challengers",
        opts.upper_hand == "text",
        opts.accept == "highest_eu",
        ("none", "concede", "compromise").index(opts.conflict),
        int(opts.max_rounds),
        opts.stop == "median",
        opts.tolerance * (bounds[1] - bounds[0]),
        int(opts.patience),
        opts.outcome == "median",
        float(opts.q),
        out,
    )
    return ok


@register_batch("challenge")
def challenge_batch(sample: ActorSample, seed: SeedLike = None, **options: Any) -> FloatArray:
    """``(draws, D)`` converged outcomes, all draws of a block solved together (each draw to
    its end in C by the compiled kernel, where it is built: the same bits)."""
    opts = challenge_options(**options)
    _check_size(len(sample.names))
    out = np.empty((sample.draws, len(sample.dimensions)))
    cap = _relative_capability(sample.capability)
    step = _chunk(len(sample.names))
    compiled = kernel(COMPILED)
    for k in range(len(sample.dimensions)):
        bounds = (float(sample.scale_low[k]), float(sample.scale_high[k]))
        on = sample.mask[:, k]
        if compiled is not None:
            x = np.ascontiguousarray(sample.position[:, on, k], dtype=np.float64)
            c = np.ascontiguousarray(cap[:, on], dtype=np.float64)
            s = np.ascontiguousarray(sample.salience[:, on, k], dtype=np.float64)
            issue = np.empty(sample.draws)
            if _compiled_issue(compiled, x, c, s, bounds, opts, issue):
                out[:, k] = issue
                continue
        for start in range(0, sample.draws, step):
            sl = slice(start, start + step)
            run = run_challenge(
                sample.position[sl, on, k].T,
                cap[sl][:, on].T,
                sample.salience[sl, on, k].T,
                bounds,
                opts,
            )
            out[sl, k] = run.outcome
    weights = vote_weights(sample.capability, sample.salience, sample.mask)
    out[weights.sum(axis=1) <= 0] = np.nan  # no actor with weight: nothing to forecast
    return out


__all__ = [
    "MAX_ACTORS",
    "OPTIONS",
    "OPTION_HELP",
    "PRESETS",
    "challenge",
    "challenge_batch",
    "challenge_options",
]
