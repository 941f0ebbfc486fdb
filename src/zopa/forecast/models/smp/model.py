"""KTAB's Spatial Model of Politics (SMP) as a zopa forecast model: ``smp``.

The SMP of the KAPSARC Toolkit for Behavioral Analysis (KTAB; B. Wise, "An Introduction to
KTAB", KAPSARC 2015; "Multidimensional Bargaining using KTAB", KAPSARC 2016; applied in Efird,
Lester & Wise 2016, J. East Asian Studies 16:117-145, doi:10.1017/jea.2015.4) is a turn-based
bargaining model on [0, 1]^D: each turn every actor assesses the others' risk attitudes from a
probabilistic Condorcet election over the current positions, challenges the actor whose defeat
it expects to gain most from, and settles on a bargain chosen by a capability-weighted vote.

This module is the facade: :func:`run_smp` runs one scenario given as arrays on [0, 1] and keeps
every state; the registered model ``smp`` maps :class:`~zopa.forecast.actors.Actors` (any issue
scale) to [0, 1] and back, and its batch kernel runs many Monte Carlo draws at once. The maths
live in :mod:`~zopa.forecast.models.smp.pce`, :mod:`~zopa.forecast.models.smp.challenge`,
:mod:`~zopa.forecast.models.smp.resolve` and :mod:`~zopa.forecast.models.smp.run`; the options in
:mod:`~zopa.forecast.models.smp.params`.

KTAB prints no single forecast. The ``smp`` outcome is, issue by issue, the **most probable
final position among the actors with a stake in that issue**: the win probabilities are KTAB's
(its final "prob" report: a PCE among the distinct final positions, Wise 2015, 2016), and on
each issue the forecast is the position there of the most probable final position held by an
actor present on the issue with a positive salience; the first actor holding it on ties. An
actor without a stake in an issue holds only a placeholder there (:func:`to_unit`), which is
no one's position, so it is never the forecast. When the most probable actor overall has a
stake in every issue this is its final position, KTAB's most probable outcome. ``details``
adds the holder per issue and every actor's final position, win probability and risk attitude.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray, IntArray
from zopa.errors import InputError, Problem, TooLargeError
from zopa.forecast.actors import Actors, ActorSample
from zopa.forecast.models.smp.params import SMPParams, StateTransitions
from zopa.forecast.models.smp.pce import CHUNK_ELEMENTS
from zopa.forecast.models.smp.run import simulate
from zopa.forecast.options import Option
from zopa.forecast.registry import Forecast, register_batch, register_model
from zopa.forecast.streams import child_rng, root_seed
from zopa.forecast.weights import require_weight, vote_weights
from zopa.seeds import SeedLike, generator

MAX_ACTORS = 1000  # O(n^3) work and O(n^2) memory per turn; KTAB itself stops at 250

CITATION = "KTAB: Wise 2015, 2016; Efird, Lester & Wise 2016"

_HELP: dict[str, str] = {
    "victory_prob": "Linear | Square | Quartic | Octic | Binary (default Linear)",
    "voting_rule": "Binary | PropBin | Prop | PropCbc | Cubic | ASymProsp (default Prop)",
    "pce": "Conditional | MarkovIncentive | MarkovUniform (default Conditional)",
    "transitions": "Deterministic | Stochastic (default Deterministic; Stochastic is seeded)",
    "big_r_range": "Min | Mid | Max: range of inferred risk attitudes (default Mid)",
    "big_r_adjust": "None | OneThird | Half | TwoThirds | Full (default OneThird)",
    "third_party": "NoCommit | SemiCommit | FullCommit (default SemiCommit)",
    "bargain_interp": "S1P1 | S2P2 | S2PMax (default S2P2)",
    "bargain_model": "InitOnlyInterp | InitRcvrInterp | PWCompInterp (default InitOnlyInterp)",
    "ktab_quirks": "keep KTAB's receiver-view bargain details (default true)",
    "min_steps": "fewest steps before the stop rule applies (default 2)",
    "max_steps": "most steps (default 100)",
    "min_delta_ratio": "stop once a step moves less than this share of step 1 (default 0.02)",
    "min_sig_delta": "added to step 1's movement (default 1e-4)",
    "position_tolerance": "positions closer than this on [0, 1] count as one (default 1e-3)",
    "accommodation": "n x n matrix letting ideals lag behind positions (KTAB's IdealAdjustment; "
    "default none: ideal = position)",
}
#: The options of ``smp``; the nine KTAB parameters and the stop rule are checked by
#: :class:`~zopa.forecast.models.smp.params.SMPParams` (KTAB names, codes or Python names).
OPTIONS: dict[str, Option] = {k: Option.free(v) for k, v in _HELP.items()}


def _params(options: dict[str, Any]) -> tuple[SMPParams, Any]:
    """The SMP parameters and the accommodation matrix (or None) of the model's options."""
    rest = dict(options)
    accommodation = rest.pop("accommodation", None)
    return SMPParams.from_options(rest), accommodation


def _draws_randomly(options: dict[str, Any]) -> bool:
    return _params(options)[0].transitions == StateTransitions.STOCHASTIC


@dataclass(frozen=True, eq=False)
class SMPResult:
    """One SMP run on [0, 1]: every state's positions, risk attitudes and win probabilities.

    ``positions`` ``(T+1, n, D)``, ``risk`` and ``win_prob`` ``(T+1, n)``, ``ratios`` ``(T,)``
    (each step's movement over the first step's, the stop rule's test), ``targets`` ``(T, n)``
    (whom each actor challenged, -1 for nobody) and ``best`` (the actor holding the most probable
    final position).
    """

    positions: FloatArray
    risk: FloatArray
    win_prob: FloatArray
    ratios: FloatArray
    targets: IntArray
    best: int
    params: SMPParams

    @property
    def states(self) -> int:
        """Number of states, the initial one included."""
        return int(self.positions.shape[0])


def run_smp(
    position: npt.ArrayLike,
    salience: npt.ArrayLike,
    capability: npt.ArrayLike,
    params: SMPParams | None = None,
    *,
    seed: SeedLike = None,
    accommodation: npt.ArrayLike | None = None,
) -> SMPResult:
    """Run the SMP on one scenario: ``position``/``salience`` ``(n, D)`` on [0, 1] (each actor's
    saliences summing to at most 1), ``capability`` ``(n,)`` non-negative.

    ``seed`` only matters with Stochastic transitions. ``accommodation`` ``(n, n)`` (rows summing
    to at most 1) lets ideals lag behind positions, as KTAB's XML ``IdealAdjustment`` does.
    """
    p = params or SMPParams()
    x, s, c = _check_arrays(position, salience, capability)
    acc = None if accommodation is None else _check_accommodation(accommodation, len(c))
    gen = generator(seed) if p.transitions == StateTransitions.STOCHASTIC else None
    run = simulate(x[None], s[None], c[None], p, rng=gen, accommodation=acc, record=True)
    t = int(run.states[0])
    return SMPResult(
        positions=run.positions[:t, 0],
        risk=run.risk[:t, 0],
        win_prob=run.win_prob[:t, 0],
        ratios=run.ratios[: t - 1, 0],
        targets=run.targets[: t - 1, 0],
        best=int(run.best[0]),
        params=p,
    )


def _check_arrays(
    position: npt.ArrayLike, salience: npt.ArrayLike, capability: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    x = np.asarray(position, dtype=np.float64)
    s = np.asarray(salience, dtype=np.float64)
    c = np.asarray(capability, dtype=np.float64)
    problems = []
    if x.ndim != 2 or s.shape != x.shape or c.shape != (x.shape[0],) or x.shape[0] < 1:
        raise InputError.single(
            f"need position and salience (n, D) and capability (n,), got {x.shape}, {s.shape}, "
            f"{c.shape}",
            path="smp",
        )
    if x.shape[0] > MAX_ACTORS:
        raise TooLargeError(
            f"the SMP with {x.shape[0]} actors needs O(n^3) work per turn; use at most "
            f"{MAX_ACTORS} actors (merge minor actors into blocs)"
        )
    checks = (
        ("position", np.isfinite(x).all() and (x >= 0).all() and (x <= 1).all(), "in [0, 1]"),
        ("salience", np.isfinite(s).all() and (s >= 0).all(), "non-negative"),
        ("salience", (s.sum(axis=1) <= 1 + 1e-9).all(), "summing to at most 1 per actor"),
        ("capability", np.isfinite(c).all() and (c >= 0).all() and c.sum() > 0, "non-negative"),
    )
    for name, ok, what in checks:
        if not ok:
            problems.append(Problem(None, None, f"smp.{name}", f"must be {what}"))
    if problems:
        raise InputError(problems)
    return x, s, c


def _check_accommodation(accommodation: npt.ArrayLike, n: int) -> FloatArray:
    a = np.asarray(accommodation, dtype=np.float64)
    ok = a.shape == (n, n) and (a >= 0).all() and (a.sum(axis=1) <= 1 + 1e-9).all()
    if not ok:
        raise InputError.single(
            f"accommodation must be ({n}, {n}), non-negative, rows summing to at most 1",
            path="smp.accommodation",
        )
    return a


def per_issue(
    final: FloatArray, probs: FloatArray, best: IntArray, stake: npt.NDArray[np.bool_]
) -> tuple[FloatArray, IntArray]:
    """Per run and issue, the forecast and the actor holding it (see the module docstring):
    ``final`` ``(B, n, D)`` final positions, ``probs`` ``(B, n)`` their win probabilities,
    ``best`` ``(B,)`` the most probable actor, ``stake`` ``(B, n, D)`` who has a stake where.
    The most probable actor keeps an issue it has a stake in; elsewhere the most probable
    actor with a stake there (the first on ties; the most probable actor if none has)."""
    score = np.where(stake, probs[:, :, None], -np.inf)
    other = np.argmax(score, axis=1)  # (B, D), the first on ties
    own = np.take_along_axis(stake, best[:, None, None], axis=1)[:, 0, :]
    holder = np.where(own | ~stake.any(axis=1), best[:, None], other).astype(np.intp)
    out: FloatArray = np.take_along_axis(final, holder[:, None, :], axis=1)[:, 0, :]
    return out, holder


def to_unit(actors: Actors | ActorSample) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """SMP inputs on [0, 1]: positions, saliences, capabilities and the salience divisor.

    Positions are mapped from the issue scale to [0, 1]. An actor absent from an issue
    (``present`` false) gets salience 0 there and, as a placeholder others can judge, the
    capability x salience weighted mean position of the actors present. If any actor's saliences
    sum to more than 1 (KTAB's limit), all saliences are divided by the largest such total
    (per draw for a sample), which keeps their ratios. Capabilities are divided by the largest
    one, so huge values cannot overflow the vote sums; only their ratios matter, except against
    KTAB's 1e-8 coalition floor, where the difference stays far below KTAB's printed precision
    (the conformance runs agree to it).
    """
    lo, hi = actors.scale_low, actors.scale_high
    x = np.clip((actors.position - lo) / (hi - lo), 0.0, 1.0)
    present = actors.mask
    s = np.where(present, actors.salience, 0.0)
    c = np.asarray(actors.capability, dtype=np.float64)
    top = c.max(axis=-1, keepdims=True)
    c = c / np.where(top > 0, top, 1.0)
    if not present.all():
        w = c[..., :, None] * s * present
        w = np.where(w.sum(axis=-2, keepdims=True) > 0, w, 1.0 * present)
        mean = (w * x).sum(axis=-2, keepdims=True) / w.sum(axis=-2, keepdims=True)
        x = np.where(present, x, mean)
    total = s.sum(axis=-1).max(axis=-1)
    divisor = np.maximum(total, 1.0)
    return x, s / np.asarray(divisor)[..., None, None], c, divisor


@register_model(
    "smp",
    label="KTAB Spatial Model of Politics",
    cost=200,  # processor time of a draw, about 200 times the compromise's
    citation=CITATION,
    iterative=True,
    stochastic=_draws_randomly,
    multidimensional=True,
    scale_dependent=True,
    options=OPTIONS,
)
def smp(actors: Actors, seed: SeedLike = None, **options: Any) -> Forecast:
    """KTAB's Spatial Model of Politics: risk-aware challenges, bargains and PCE votes."""
    params, accommodation = _params(options)
    require_weight(actors.dimensions, vote_weights(actors.capability, actors.salience, actors.mask))
    x, s, c, divisor = to_unit(actors)
    res = run_smp(x, s, c, params, seed=seed, accommodation=accommodation)
    lo, span = actors.scale_low, actors.scale_high - actors.scale_low
    traj = lo + res.positions * span
    names = actors.names
    final = traj[-1]
    outcome, holder = per_issue(
        final[None], res.win_prob[-1][None], np.array([res.best]), (s > 0)[None]
    )
    details = {
        "holder_per_issue": {
            d: names[h] for d, h in zip(actors.dimensions, holder[0], strict=True)
        },
        "most_probable_actor": names[res.best],
        "most_probable_win_probability": float(res.win_prob[-1, res.best]),
        "final_positions": {a: final[i].tolist() for i, a in enumerate(names)},
        "win_probabilities": {a: float(res.win_prob[-1, i]) for i, a in enumerate(names)},
        "risk_attitudes_first": {a: float(res.risk[0, i]) for i, a in enumerate(names)},
        "risk_attitudes_final": {a: float(res.risk[-1, i]) for i, a in enumerate(names)},
        "win_probability_history": res.win_prob.tolist(),
        "states": res.states,
        "stop_ratios": res.ratios.tolist(),
        "salience_divisor": float(divisor),
        "parameters": params.to_dict(),
        "accommodation": None if accommodation is None else np.asarray(accommodation).tolist(),
    }
    return Forecast("smp", actors.dimensions, outcome[0], traj, res.states - 1, details)


@register_batch("smp")
def smp_batch(sample: ActorSample, seed: SeedLike = None, **options: Any) -> FloatArray:
    """``(draws, D)`` forecasts of many draws (the most probable final position among the
    actors with a stake, issue by issue), solved together.

    With Stochastic transitions draw ``i`` is run alone with its own generator
    :func:`~zopa.forecast.actors.child_rng` ``(seed, i)``: the result of each draw then depends
    only on the seed and ``i``, as for every stochastic model in Monte Carlo. Draws (or issues)
    on which no actor has weight give NaN.
    """
    params, accommodation = _params(options)
    x, s, c, _ = to_unit(sample)
    draws, n, dims = x.shape
    if n > MAX_ACTORS:
        raise TooLargeError(f"the SMP with {n} actors is too large; use at most {MAX_ACTORS}")
    acc = None if accommodation is None else _check_accommodation(accommodation, n)
    out = np.empty((draws, dims))
    if params.transitions == StateTransitions.STOCHASTIC:
        root = root_seed(seed)
        for i in range(draws):
            run = simulate(
                x[i : i + 1], s[i : i + 1], c[i : i + 1], params, child_rng(root, i), acc, False
            )
            out[i] = per_issue(run.positions[-1], run.win_prob[-1], run.best, s[i : i + 1] > 0)[0]
    else:
        chunk = max(1, CHUNK_ELEMENTS // (n * n))
        for start in range(0, draws, chunk):
            rows = slice(start, min(draws, start + chunk))
            run = simulate(x[rows], s[rows], c[rows], params, None, acc, False)
            out[rows] = per_issue(run.positions[-1], run.win_prob[-1], run.best, s[rows] > 0)[0]
    lo, span = sample.scale_low, sample.scale_high - sample.scale_low
    result: FloatArray = lo + out * span
    weights = vote_weights(sample.capability, sample.salience, sample.mask)
    result[weights.sum(axis=1) <= 0] = np.nan  # no actor with weight: nothing to forecast
    return result


__all__ = [
    "CITATION",
    "OPTIONS",
    "SMPResult",
    "per_issue",
    "run_smp",
    "smp",
    "smp_batch",
    "to_unit",
]
