"""Bueno de Mesquita's expected-utility ("challenge") model as a registered forecast model.

Sources: Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in
Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP, pp. 71–104;
the reconstruction by Scholz, Calbert & Smith (2011), ICAART 2011, pp. 18–30; risk exponents
from Bueno de Mesquita (1985), *APSR* 79:156–177. The maths are in
:mod:`zopa.forecast.challenge_kernel`; this module validates options, applies presets and runs
each issue dimension separately (the model is one-dimensional).

Presets (``preset=``), each a full set of readings that other options then override:

* ``"standard"``: contested branch weighted by the responder's salience (A1), security from the
  challengers' expected utilities (A2), compromise fractions as in the octant figure (A3), the
  highest-EU proposer's offer accepted, ties to the least move (A4), no move in conflict, Q = 1,
  dynamic range; stop when the median moved < 0.5 in two consecutive rounds (cap 20).
* ``"scholz"``: the challenger's salience (A1), own-EU security (A2), the least move (A4) and
  conflicts resolved by the lower-EU side compromising; Q = 1; eight fixed rounds as in
  Scholz et al.'s Table 2.
"""

from __future__ import annotations

import dataclasses
from typing import Any, get_args, get_type_hints

import numpy as np

from zopa.errors import InputError, Problem
from zopa.forecast.actors import Actors, ActorSample, FloatArray, RngLike
from zopa.forecast.challenge_kernel import ChallengeOptions, run_challenge
from zopa.forecast.registry import Forecast, register_batch, register_model
from zopa.forecast.spatial import condorcet_position, weighted_mean

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

OPTION_HELP: dict[str, str] = {
    "preset": "standard (default) or scholz: a full set of readings, overridable one by one",
    "q": "probability the status quo holds when i does not challenge j (default 1.0)",
    "range_mode": "dynamic (current spread, default) or fixed (the issue scale's width)",
    "risk": "true (two-pass risk exponents, default) or false (r = 1)",
    "contest_salience": "A1: responder (default) or challenger salience weights the contest",
    "security": "A2: challengers (others' EU of challenging i, default) or own",
    "upper_hand": "A3: figure (default) or text (printed sign when the later actor wins)",
    "accept": "A4: highest_eu (default) or least_move",
    "conflict": "none (default), concede (full move) or compromise (move |b/a|)",
    "max_rounds": "round cap (default 20)",
    "stop": "median (stop when the median settles, default) or rounds (run max_rounds)",
    "tolerance": "median movement counted as settled (default 0.5, in issue units)",
    "patience": "settled rounds in a row needed to stop (default 2)",
    "outcome": "median (median-voter position, default) or mean (c·s weighted mean)",
}


def challenge_options(preset: str = "standard", **overrides: Any) -> ChallengeOptions:
    """Validated :class:`ChallengeOptions` from a preset and option overrides."""
    if preset not in PRESETS:
        raise InputError.single(
            f"unknown preset {preset!r}; known: {', '.join(PRESETS)}", path="options.preset"
        )
    values = {**PRESETS[preset], **overrides}
    hints = get_type_hints(ChallengeOptions)
    fields = {f.name for f in dataclasses.fields(ChallengeOptions)}
    problems = []
    for key, value in values.items():
        if key not in fields:
            problems.append(Problem(None, None, f"options.{key}", "unknown option of challenge"))
            continue
        allowed = get_args(hints[key])
        if allowed and value not in allowed:
            problems.append(
                Problem(None, None, f"options.{key}", f"expected one of {list(allowed)}")
            )
    if problems:
        raise InputError(problems)
    opts = ChallengeOptions(**values)
    numeric = [
        ("q", 0.0 <= opts.q <= 1.0),
        ("max_rounds", opts.max_rounds >= 1),
        ("tolerance", opts.tolerance >= 0),
        ("patience", opts.patience >= 1),
    ]
    bad = [Problem(None, None, f"options.{k}", "out of range") for k, ok in numeric if not ok]
    if bad:
        raise InputError(bad)
    return opts


def _chunk(n: int) -> int:
    """Draws per block: pairwise ``(n, n, draws)`` temporaries of ~320 kB stay in cache."""
    return max(1, 40_000 // max(n * n, 1))


@register_model(
    "challenge",
    label="BDM expected utility (challenge)",
    citation="Bueno de Mesquita 1994; Scholz, Calbert & Smith 2011",
    iterative=True,
    stochastic=False,
    multidimensional=False,
    separable=True,
    options=OPTION_HELP,
)
def challenge(actors: Actors, rng: RngLike = None, **options: Any) -> Forecast:
    """Bueno de Mesquita's challenge model, issue by issue, until the median settles."""
    opts = challenge_options(**options)
    n, dims = actors.n, actors.n_dimensions
    paths, outcome, per_dim = [], np.empty(dims), {}
    for k, name in enumerate(actors.dimensions):
        on = actors.mask[:, k]
        bounds = (float(actors.scale_low[k]), float(actors.scale_high[k]))
        c, s, x = actors.capability[on], actors.salience[on, k], actors.position[on, k]
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


@register_batch("challenge")
def challenge_batch(sample: ActorSample, rng: RngLike = None, **options: Any) -> FloatArray:
    """``(draws, D)`` converged outcomes, all draws of a block solved together."""
    opts = challenge_options(**options)
    out = np.empty((sample.draws, len(sample.dimensions)))
    step = _chunk(len(sample.names))
    for k in range(len(sample.dimensions)):
        bounds = (float(sample.scale_low[k]), float(sample.scale_high[k]))
        on = sample.mask[:, k]
        for start in range(0, sample.draws, step):
            sl = slice(start, start + step)
            run = run_challenge(
                sample.position[sl, on, k].T,
                sample.capability[sl][:, on].T,
                sample.salience[sl, on, k].T,
                bounds,
                opts,
            )
            out[sl, k] = run.outcome
    return out


__all__ = ["OPTION_HELP", "PRESETS", "challenge", "challenge_batch", "challenge_options"]
