"""The turn loop of KTAB's Spatial Model of Politics, vectorised over a batch of runs.

Each turn (after the KTAB documentation; see :mod:`zopa.forecast.models.smp.challenge`):

1. **Assess the state.** A PCE over all actors' positions, with capability weights and
   risk-neutral utilities ``1 - d``, gives each position a probability; KTAB maps it to a risk
   attitude (:func:`~zopa.forecast.models.smp.pce.risk_from_probabilities`), and every actor h
   forms its own estimate of everyone's attitude (BigRAdjust).
2. **Challenge.** Every actor picks its most profitable target (own view).
3. **Bargain and resolve** (:mod:`zopa.forecast.models.smp.resolve`).
4. **Stop** after at least ``min_steps`` steps once the movement of this step (sum over actors
   of the Euclidean change) is below ``min_delta_ratio`` times the first step's movement plus
   ``min_sig_delta``, or after ``max_steps`` steps.

KTAB also reports, for every state, each actor's "win probability": a PCE (capability weights,
proportional votes, each actor's own risk-aware utilities) among the distinct positions, where
positions closer than ``position_tolerance`` (Euclidean, on [0, 1]) count as one, the first actor
holding it representing it. Runs of a batch stop independently; finished runs are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray, IntArray
from zopa.forecast.models.smp.challenge import distances, salience_norms, utility
from zopa.forecast.models.smp.params import (
    BargnModel,
    PCEModel,
    SMPParams,
    StateTransitions,
    VictoryProbModel,
    VotingRule,
)
from zopa.forecast.models.smp.pce import (
    coalitions,
    estimated_risk,
    option_probabilities,
    risk_from_probabilities,
    scalar_pce,
)
from zopa.forecast.models.smp.resolve import TurnState, make_bargains, resolve
from zopa.forecast.models.smp.targets import own_view_targets
from zopa.kernels.compiled import declare, kernel

# The compiled turn loop of whole runs (see simulate), for 2 to 7 actors.
KERNELS = declare("zopa.forecast.models.smp._batch")
KERNEL_ACTORS = (2, 7)
# Squarings of the coalitions' strengths of each power victory model (victory_odds).
_SQUARINGS = {
    VictoryProbModel.LINEAR: 0,
    VictoryProbModel.SQUARE: 1,
    VictoryProbModel.QUARTIC: 2,
    VictoryProbModel.OCTIC: 3,
}


def assess(
    positions: FloatArray,
    ideals: FloatArray,
    salience: FloatArray,
    capability: FloatArray,
    params: SMPParams,
) -> TurnState:
    """Distances, inferred risk attitudes and everyone's estimates of them for a batch."""
    norms = salience_norms(salience)
    d = distances(ideals, positions, salience, norms)
    neutral = utility(d, np.zeros(1))
    strength = coalitions(neutral, capability, params.voting_rule)
    p = option_probabilities(strength, params.victory_prob, params.pce)
    risk = risk_from_probabilities(p, params.big_r_range)
    r_hat = estimated_risk(risk[:, :, None], risk[:, None, :], params.big_r_adjust)
    s_total = np.sum(salience, axis=-1)
    weight = capability * s_total
    return TurnState(positions, salience, capability, weight, s_total, d, risk, r_hat, norms)


def subset(st: TurnState, rows: IntArray) -> TurnState:
    """The runs ``rows`` of a batch state."""
    if len(rows) == st.positions.shape[0] and np.array_equal(rows, np.arange(len(rows))):
        return st
    return TurnState(*(getattr(st, f.name)[rows] for f in fields(st)))


def step(
    st: TurnState, params: SMPParams, rng: np.random.Generator | None
) -> tuple[FloatArray, IntArray]:
    """Next positions of every run in the batch, and each actor's target (-1: none)."""
    target, odds = own_view_targets(
        st.d, st.r_hat, st.weight, st.s_total, params.voting_rule, params.third_party
    )
    b_init, b_rcvr = make_bargains(st, target, odds, params)
    return resolve(st, target, b_init, b_rcvr, params, rng), target


def distinct_positions(
    positions: FloatArray, tol: float
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """``(close, is_rep)``: pairs of positions within ``tol``, and the representatives.

    As in KTAB, actors are scanned in order; an actor close to an earlier representative is a
    duplicate, otherwise it represents a new distinct position.
    """
    n = positions.shape[1]
    gap = positions[:, :, None, :] - positions[:, None, :, :]
    close = np.sqrt(np.sum(gap * gap, axis=-1)) < tol
    earlier = close & np.tri(n, n, -1, dtype=bool)  # j < i within tol
    # i represents a position iff no earlier representative is close: solved by iteration,
    # which settles after as many rounds as the longest chain of close actors
    is_rep = np.ones(close.shape[:2], dtype=bool)
    for _ in range(n):
        nxt = ~np.any(earlier & is_rep[:, None, :], axis=2)
        if np.array_equal(nxt, is_rep):
            break
        is_rep = nxt
    return close, is_rep


def win_probabilities(st: TurnState, params: SMPParams) -> tuple[FloatArray, IntArray]:
    """Each actor's position's PCE probability ``(B, n)`` and the most probable actor ``(B,)``.

    An actor close to several representatives reports the probability of the last of them,
    as KTAB's report does; the most probable position is the representative with the largest
    probability (the first on ties).
    """
    bsz, n, _ = st.positions.shape
    close, is_rep = distinct_positions(st.positions, params.position_tolerance)
    rank = np.cumsum(is_rep, axis=1) - 1  # option index of each representative
    own = st.own_utilities
    counts = is_rep.sum(axis=1)
    option_p = np.zeros((bsz, n))
    for m in np.unique(counts):
        rows = np.nonzero(counts == m)[0]
        cols = np.nonzero(is_rep[rows])[1].reshape(len(rows), int(m))
        utils = np.take_along_axis(own[rows], cols[:, None, :], axis=-1)
        option_p[rows, :m] = scalar_pce(
            utils, st.capability[rows], VotingRule.PROP, params.victory_prob, params.pce
        )
    near_rep = close & is_rep[:, None, :]
    last = n - 1 - np.argmax(near_rep[:, :, ::-1], axis=2)  # last representative near each actor
    probs = np.take_along_axis(option_p, np.take_along_axis(rank, last, axis=1), axis=1)
    best_option = np.argmax(option_p, axis=1)
    best_actor = np.argmax(is_rep & (rank == best_option[:, None]), axis=1).astype(np.intp)
    return probs, best_actor


@dataclass(frozen=True)
class BatchRun:
    """Result of :func:`simulate` for ``B`` runs; arrays of states are padded after a run ends.

    ``positions`` ``(T+1, B, n, D)`` on [0, 1] (only the final state unless recorded),
    ``risk``/``win_prob`` ``(T+1, B, n)`` (NaN after a run's last state; final state only unless
    recorded), ``ratios`` ``(T, B)`` the stop-rule ratio of each step, ``states`` ``(B,)`` the
    number of states of each run, ``best`` ``(B,)`` the actor holding the most probable final
    position, ``targets`` ``(T, B, n)`` each actor's target per step (-1: none); ``ratios`` and
    ``targets`` have no steps unless recorded.
    """

    positions: FloatArray
    risk: FloatArray
    win_prob: FloatArray
    ratios: FloatArray
    states: IntArray
    best: IntArray
    targets: IntArray


def simulate(
    positions: FloatArray,
    salience: FloatArray,
    capability: FloatArray,
    params: SMPParams,
    rng: np.random.Generator | None = None,
    accommodation: FloatArray | None = None,
    record: bool = True,
) -> BatchRun:
    """Run the SMP on a batch: ``positions``/``salience`` ``(B, n, D)`` on [0, 1], ``capability``
    ``(B, n)``. ``accommodation`` (``(n, n)``, rows summing to at most 1) lets ideals lag behind
    positions; ``None`` is KTAB's identity (ideal = current position).

    Without a record, with KTAB's identity and the options the compiled turn loop covers
    (:func:`_compiled`: 2 to 7 actors), the runs go through the compiled kernel, which gives
    these bits."""
    x = np.array(positions, dtype=np.float64)
    sal = np.asarray(salience, dtype=np.float64)
    cap = np.asarray(capability, dtype=np.float64)
    bsz, n, _ = x.shape
    if not record and accommodation is None:
        compiled = _compiled(params, n, rng)
        if compiled is not None:
            return _run_compiled(compiled, x, sal, cap, params)
    ideals = x.copy()
    stop = np.zeros(bsz, dtype=bool)
    done = np.zeros(bsz, dtype=bool)
    states = np.ones(bsz, dtype=np.intp)
    first = np.zeros(bsz)
    hist_x, hist_r, hist_p, hist_ratio, hist_t = [x.copy()], [], [], [], []
    final_r, final_p = np.full((bsz, n), np.nan), np.full((bsz, n), np.nan)
    best = np.zeros(bsz, dtype=np.intp)
    for t in range(params.max_steps + 1):
        rows = np.nonzero(~done)[0]
        if len(rows) == 0:
            break
        st = assess(x[rows], ideals[rows], sal[rows], cap[rows], params)
        ending = stop[rows]
        if record or ending.any():
            keep = np.arange(len(rows)) if record else np.nonzero(ending)[0]
            probs, top = win_probabilities(subset(st, keep), params)
            final_p[rows[keep]], final_r[rows[keep]] = probs, st.risk[keep]
            best[rows[keep]] = top
        if record:
            hist_r.append(_scatter(bsz, rows, st.risk))
            hist_p.append(_scatter(bsz, rows, final_p[rows]))
        done[rows[ending]] = True
        go = np.nonzero(~ending)[0]
        if len(go) == 0:
            break
        moving = rows[go]
        new, target = step(subset(st, go), params, rng)
        move = np.sum(np.sqrt(np.sum((new - x[moving]) ** 2, axis=-1)), axis=-1)
        x[moving] = new
        ideals[moving] = _ideals(new, ideals[moving], accommodation)
        states[moving] += 1
        if t == 0:
            first[moving] = move + params.min_sig_delta
        ratio = move / first[moving]
        n_steps = t + 1
        stop[moving] = (n_steps >= params.max_steps) | (
            (n_steps >= params.min_steps) & (ratio < params.min_delta_ratio)
        )
        if record:
            hist_ratio.append(_scatter(bsz, moving, ratio))
            hist_t.append(_scatter(bsz, moving, target, fill=-1).astype(np.intp))
            hist_x.append(x.copy())
    return BatchRun(
        positions=np.stack(hist_x) if record else x[None].copy(),
        risk=np.stack(hist_r) if record else final_r[None],
        win_prob=np.stack(hist_p) if record else final_p[None],
        ratios=np.stack(hist_ratio) if hist_ratio else np.zeros((0, bsz)),
        states=states,
        best=best,
        targets=np.stack(hist_t) if hist_t else np.zeros((0, bsz, n), dtype=np.intp),
    )


def _compiled(params: SMPParams, n: int, rng: np.random.Generator | None) -> Any:
    """The compiled turn loop if it covers these runs: Prop votes, Conditional PCE, a power
    victory model, InitOnlyInterp bargains, argmax transitions and 2 to 7 actors (numpy sums
    the votes of fewer than 8 voters one after the other), else None."""
    covered = (
        params.voting_rule == VotingRule.PROP
        and params.pce == PCEModel.CONDITIONAL
        and params.victory_prob in _SQUARINGS
        and params.bargain_model == BargnModel.INIT_ONLY
        and (params.transitions == StateTransitions.DETERMINISTIC or rng is None)
        and KERNEL_ACTORS[0] <= n <= KERNEL_ACTORS[1]
    )
    return kernel(KERNELS) if covered else None


def _run_compiled(
    compiled: Any, x: FloatArray, sal: FloatArray, cap: FloatArray, params: SMPParams
) -> BatchRun:
    """:func:`simulate` (``record=False``, no accommodation) by the compiled turn loop."""
    bsz, n, _ = x.shape
    x = np.ascontiguousarray(x)
    final_p, final_r = np.empty((bsz, n)), np.empty((bsz, n))
    states, best = np.empty(bsz, dtype=np.intp), np.empty(bsz, dtype=np.intp)
    compiled.simulate_batch(
        x,
        np.ascontiguousarray(sal),
        np.ascontiguousarray(cap),
        _SQUARINGS[params.victory_prob],
        int(params.big_r_range),
        int(params.big_r_adjust),
        int(params.third_party),
        int(params.bargain_interp),
        params.min_steps,
        params.max_steps,
        float(params.min_delta_ratio),
        float(params.min_sig_delta),
        float(params.position_tolerance),
        final_p,
        final_r,
        states,
        best,
    )
    return BatchRun(
        positions=x[None].copy(),
        risk=final_r[None],
        win_prob=final_p[None],
        ratios=np.zeros((0, bsz)),
        states=states,
        best=best,
        targets=np.zeros((0, bsz, n), dtype=np.intp),
    )


def _ideals(new: FloatArray, old: FloatArray, accommodation: FloatArray | None) -> FloatArray:
    if accommodation is None:
        return new.copy()
    a = np.asarray(accommodation, dtype=np.float64)
    lag = np.clip(1.0 - a.sum(axis=1), 0.0, 1.0)
    return np.asarray(np.einsum("ij,bjd->bid", a, new) + lag[None, :, None] * old)


def _scatter(
    size: int, rows: IntArray, values: npt.NDArray[np.generic], fill: float = np.nan
) -> FloatArray:
    out = np.full((size, *values.shape[1:]), fill)
    out[rows] = values
    return out


__all__ = [
    "BatchRun",
    "assess",
    "distinct_positions",
    "simulate",
    "step",
    "subset",
    "win_probabilities",
]
