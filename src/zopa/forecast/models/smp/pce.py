"""Probabilistic Condorcet elections (PCE): votes, coalitions, victory odds, option probabilities.

The building blocks of every collective choice in KTAB's Spatial Model of Politics, after
B. Wise & S. Bankes (2015), "Non-spatial Probabilistic Condorcet Election Methodology"
(arXiv:1505.02930) and the KTAB documentation ("An Introduction to KTAB", KAPSARC 2015; "Markov
Voting with Incentives in KTAB"). In our words:

* Voter ``k`` with weight ``w_k`` and utility difference ``du = u_k(a) - u_k(b)`` casts
  ``v = w_k f(du)``: ``f = du`` (Prop), ``clip(du/1e-8, -1, 1)`` (Binary),
  ``0.8 du + 0.2 Binary`` (PropBin), ``0.5 du + 0.5 du^3`` (PropCbc), ``du^3`` (Cubic), or
  ``du`` for losses and ``2/3 du`` for gains (ASymProsp).
* The coalition for ``a`` against ``b`` is ``C(a:b) = 1e-8 + sum_k max(0, v_k(a:b))``. As in
  KTAB, each pair is voted once with the higher-indexed option first, so the one asymmetric rule
  (ASymProsp) discounts the gains of the higher-indexed option.
* ``P(a > b) = C(a:b)^m / (C(a:b)^m + C(b:a)^m)`` with ``m`` = 1, 2, 4, 8 (Linear ... Octic); the
  Binary model gives certainty once one side is 10% stronger and interpolates linearly inside.
* Conditional PCE: ``p_a`` proportional to ``prod_b P(a > b)`` (with ``P(a > a) = 1/2``), computed
  in log space so hundreds of options do not underflow. The Markov variants are the stationary
  distribution of a challenge process whose challenger odds are proportional to
  ``C(i:j) P(i>j)`` (MarkovIncentive) or uniform; KTAB approaches it by iterating
  ``p <- (p + q)/2`` to a tolerance of 1e-8 (1e-6 for the uniform one), we solve the linear
  fixed-point equations exactly.

Every function works on a leading batch axis so many elections (Monte Carlo draws, actors'
bargain queues) are solved in one call.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray
from zopa.forecast.models.smp.params import (
    BigRAdjust,
    BigRRange,
    PCEModel,
    VictoryProbModel,
    VotingRule,
)
from zopa.kernels.compiled import declare, kernel
from zopa.kernels.rowsum import SEQUENTIAL_TERMS

MIN_COALITION = 1e-8
# Elements per temporary array of the O(n^3) kernels: small enough to stay in cache (256 kB).
BLOCK_ELEMENTS = 1 << 15
# Elements per persistent (runs x n x n) array of a batch of runs (8 MB of float64).
CHUNK_ELEMENTS = 1 << 20
# Below this many voters coalitions are summed voter by voter (numpy adds longer rows pairwise,
# an order a running sum does not follow).
FEW_VOTERS = SEQUENTIAL_TERMS
# ... for a batch of at least this many elections (for fewer the general way is as fast).
FEW_VOTERS_RUNS = 64
# The compiled Prop coalitions of the blocked way (see zopa.kernels.compiled).
KERNELS = declare("zopa.forecast.models.smp._kernels")


def blocks(total: int, per_item: int, budget: int | None = None) -> list[slice]:
    """Slices of ``range(total)`` holding at most ``budget // per_item`` items (at least 1);
    the budget defaults to :data:`BLOCK_ELEMENTS`."""
    step = max(1, (BLOCK_ELEMENTS if budget is None else budget) // max(1, per_item))
    return [slice(start, min(total, start + step)) for start in range(0, total, step)]


def vote(rule: VotingRule, weight: FloatArray | float, du: FloatArray) -> FloatArray:
    """Votes ``w f(du)`` of voters with weights ``weight`` and utility differences ``du``."""
    if rule == VotingRule.PROP:
        return np.asarray(weight * du, dtype=np.float64)
    if rule == VotingRule.BINARY:
        return np.asarray(weight * np.clip(du / 1e-8, -1.0, 1.0), dtype=np.float64)
    if rule == VotingRule.PROP_BIN:
        return np.asarray(weight * (0.8 * du + 0.2 * np.clip(du / 1e-8, -1.0, 1.0)))
    if rule == VotingRule.PROP_CBC:
        return np.asarray(weight * (0.5 * du + 0.5 * (du * du * du)), dtype=np.float64)
    if rule == VotingRule.CUBIC:
        return np.asarray(weight * (du * du * du), dtype=np.float64)
    gains = (2.0 * weight * du) / 3.0
    return np.asarray(np.where(du > 0, gains, np.where(du < 0, weight * du, 0.0)))


def victory_odds(model: VictoryProbModel, c_ab: FloatArray, c_ba: FloatArray) -> FloatArray:
    """``P(a > b)`` from the coalition strengths for ``a`` (``c_ab``) and for ``b`` (``c_ba``)."""
    if model == VictoryProbModel.BINARY:
        ratio = c_ab / (c_ab + c_ba)
        inner = (ratio * (1.1 + 1.0) - 1.0) / (1.1 - 1.0)
        x1 = np.where(c_ab >= 1.1 * c_ba, 1.0, np.where(c_ba >= 1.1 * c_ab, 1e-6, inner))
        x2 = np.where(c_ab >= 1.1 * c_ba, 1e-6, np.where(c_ba >= 1.1 * c_ab, 1.0, 1.0 - inner))
    else:
        power = {
            VictoryProbModel.LINEAR: 1,
            VictoryProbModel.SQUARE: 2,
            VictoryProbModel.QUARTIC: 4,
            VictoryProbModel.OCTIC: 8,
        }[model]
        x1, x2 = c_ab, c_ba
        for _ in range(power.bit_length() - 1):
            x1, x2 = x1 * x1, x2 * x2
    return np.asarray(x1 / (x1 + x2), dtype=np.float64)


def coalitions(utils: FloatArray, weights: FloatArray, rule: VotingRule) -> FloatArray:
    """``C[..., a, b]``: strength of the coalition for option ``a`` against ``b``.

    ``utils`` is ``(B, voters, m)`` (utility to each voter of each option), ``weights`` is
    ``(B, voters)``. As in KTAB each pair ``(a, b)`` with ``a > b`` is voted once; the positive
    votes build ``C[a, b]``, the negative ones ``C[b, a]``; each sum starts at ``1e-8``. The
    diagonal is ``1e-8``. The work runs in cache-sized blocks of elections and option rows.
    """
    b, voters, m = utils.shape
    if voters < FEW_VOTERS and b >= FEW_VOTERS_RUNS:
        return _few_voters(utils, weights, rule)
    if b * voters * m * m <= BLOCK_ELEMENTS:
        return _small_coalitions(utils, weights, rule)
    out = np.full((b, m, m), MIN_COALITION)
    # Prop votes are linear: the negative parts are the positive parts minus the net vote
    net = np.einsum("bk,bkm->bm", weights, utils) if rule == VotingRule.PROP else None
    compiled = None if net is None else kernel(KERNELS)
    if compiled is not None:  # the same sums, voter by voter ((1, 0) alone: as numpy adds it)
        alone = m > 1 and BLOCK_ELEMENTS // (b * voters * m) <= 1
        contiguous = (np.ascontiguousarray(x, dtype=np.float64) for x in (utils, weights, net))
        compiled.prop_coalitions(*contiguous, alone, out)
        return out
    for rows in blocks(m - 1, b * voters * m):
        start, stop = rows.start + 1, rows.stop + 1
        lower = np.arange(stop - 1)[None, :] < np.arange(start, stop)[:, None]  # a > b
        for runs in blocks(b, voters * (stop - start) * (stop - 1)):
            u = utils[runs]
            du = u[:, :, start:stop, None] - u[:, :, None, : stop - 1]  # (b, voters, r, c)
            if net is not None:  # Prop: the votes in place, only their positive parts kept
                du *= weights[runs][:, :, None, None]
                pos = np.sum(np.maximum(du, 0.0, out=du), axis=1, initial=MIN_COALITION)
            else:
                v = vote(rule, weights[runs][:, :, None, None], du)
                pos = np.sum(np.maximum(v, 0.0), axis=1, initial=MIN_COALITION)
            if net is None:
                neg = np.sum(np.maximum(-v, 0.0), axis=1, initial=MIN_COALITION)
            else:
                nr = net[runs]
                neg = pos - (nr[:, start:stop, None] - nr[:, None, : stop - 1])
            np.copyto(out[runs, start:stop, : stop - 1], pos, where=lower)
            np.copyto(out[runs, : stop - 1, start:stop], np.swapaxes(neg, 1, 2), where=lower.T)
    return out


def _few_voters(utils: FloatArray, weights: FloatArray, rule: VotingRule) -> FloatArray:
    """:func:`coalitions` for fewer than :data:`FEW_VOTERS` voters, with the elections of a
    block along the last axis (numpy's loops are slow over rows of a few numbers): the same
    sums, term by term, as the other two ways.

    Those sum each coalition from ``1e-8`` voter by voter, except where the blocked way votes on
    the pair of options (1, 0) alone (``b * voters * m > BLOCK_ELEMENTS / 2``): numpy then adds
    its votes first and ``1e-8`` last, so that pair is summed that way here too. The blocked
    way's Prop votes against are its votes for less the net vote, taken from the same call.
    """
    b, voters, m = utils.shape
    out = np.empty((b, m, m))
    small = b * voters * m * m <= BLOCK_ELEMENTS
    alone = m > 1 and not small and BLOCK_ELEMENTS // (b * voters * m) <= 1
    net = None if small or rule != VotingRule.PROP else np.einsum("bk,bkm->bm", weights, utils)
    for runs in blocks(b, voters * m):
        ut = np.ascontiguousarray(np.moveaxis(utils[runs], 0, -1))  # (voters, m, runs)
        wt = np.ascontiguousarray(weights[runs].T)[:, None, :]
        nt = None if net is None else np.ascontiguousarray(net[runs].T)
        part = np.full((m, m, ut.shape[-1]), MIN_COALITION)
        for a in range(1, m):
            v = vote(rule, wt, ut[:, a : a + 1] - ut[:, :a])  # (voters, b < a, runs)
            first = alone and a == 1
            part[a, :a] = _voter_sum(np.maximum(v, 0.0), first)
            if nt is None:
                part[:a, a] = _voter_sum(np.maximum(np.negative(v, out=v), 0.0, out=v), first)
            else:
                part[:a, a] = part[a, :a] - (nt[a] - nt[:a])
        out[runs] = np.moveaxis(part, -1, 0)
    return out


def _voter_sum(votes: FloatArray, first: bool) -> FloatArray:
    """``1e-8`` plus the votes ``(voters, ...)`` added voter by voter, or (``first``) the votes
    added first and ``1e-8`` last."""
    total: FloatArray = votes[0].copy() if first else MIN_COALITION + votes[0]
    for k in range(1, votes.shape[0]):
        total += votes[k]
    if first:
        total = MIN_COALITION + total
    return total


def _small_coalitions(utils: FloatArray, weights: FloatArray, rule: VotingRule) -> FloatArray:
    """:func:`coalitions` in one pass, for elections that fit in a block."""
    m = utils.shape[2]
    v = vote(rule, weights[:, :, None, None], utils[:, :, :, None] - utils[:, :, None, :])
    pos = np.sum(np.maximum(v, 0.0), axis=1, initial=MIN_COALITION)  # (B, a, b)
    neg = np.sum(np.maximum(-v, 0.0), axis=1, initial=MIN_COALITION)
    lower = np.tri(m, m, -1, dtype=bool)  # a > b: the pair is voted as (a, b)
    out = np.where(lower, pos, np.swapaxes(neg, 1, 2))
    idx = np.arange(m)
    out[:, idx, idx] = MIN_COALITION
    return np.asarray(out, dtype=np.float64)


def victory_matrix(model: VictoryProbModel, coalition: FloatArray) -> FloatArray:
    """``V[..., a, b] = P(a > b)`` with ``1/2`` on the diagonal."""
    v = victory_odds(model, coalition, np.swapaxes(coalition, -1, -2))
    m = coalition.shape[-1]
    idx = np.arange(m)
    v[..., idx, idx] = 0.5
    return v


def conditional_pce(victory: FloatArray) -> FloatArray:
    """Option probabilities ``p_a`` proportional to ``prod_b P(a > b)`` (log-space, batched)."""
    with np.errstate(divide="ignore"):
        logs = np.log(victory).sum(axis=-1)
    top = logs.max(axis=-1, keepdims=True)
    p = np.exp(logs - top)
    return np.asarray(p / p.sum(axis=-1, keepdims=True), dtype=np.float64)


def markov_incentive_pce(coalition: FloatArray, victory: FloatArray) -> FloatArray:
    """Stationary odds of a challenge process whose challengers are drawn by incentive.

    With ``chi[i, j] = I[i, j] / sum_k I[k, j]`` the chance that i challenges the holder j
    (incentive ``I = C * V``, plus 1e-10 on the diagonal), KTAB iterates
    ``q_i = sum_j V_ij (p_i chi_ji + p_j chi_ij)``; ``q`` is linear in ``p``, so its fixed point
    is solved for directly.
    """
    m = victory.shape[-1]
    incentive = coalition * victory + 1e-10 * np.eye(m)
    chi = incentive / incentive.sum(axis=-2, keepdims=True)
    step = victory * chi
    idx = np.arange(m)
    step[..., idx, idx] += np.sum(victory * np.swapaxes(chi, -1, -2), axis=-1)
    return _stationary(step)


def markov_uniform_pce(victory: FloatArray) -> FloatArray:
    """Stationary odds of a challenge process with uniformly drawn challengers.

    KTAB iterates ``q_i = sum_j V_ij (p_i + p_j) / m``; its fixed point is solved for directly.
    """
    m = victory.shape[-1]
    step = victory / m
    idx = np.arange(m)
    step[..., idx, idx] += victory.sum(axis=-1) / m
    return _stationary(step)


def _stationary(step: FloatArray) -> FloatArray:
    """The ``p`` with ``step @ p = p`` and ``sum(p) = 1`` (``step`` is column-stochastic)."""
    m = step.shape[-1]
    system = step - np.eye(m)
    system[..., -1, :] = 1.0
    rhs = np.zeros(step.shape[:-1])
    rhs[..., -1] = 1.0
    p = np.linalg.solve(system, rhs[..., None])[..., 0]
    p = np.clip(p, 0.0, None)
    return np.asarray(p / p.sum(axis=-1, keepdims=True), dtype=np.float64)


def option_probabilities(
    coalition: FloatArray, model: VictoryProbModel, pce: PCEModel
) -> FloatArray:
    """The PCE distribution over options from a ``(B, m, m)`` coalition-strength matrix."""
    victory = victory_matrix(model, coalition)
    if pce == PCEModel.CONDITIONAL:
        return conditional_pce(victory)
    if pce == PCEModel.MARKOV_INCENTIVE:
        return markov_incentive_pce(coalition, victory)
    return markov_uniform_pce(victory)


def scalar_pce(
    utils: FloatArray,
    weights: FloatArray,
    rule: VotingRule,
    model: VictoryProbModel,
    pce: PCEModel,
    valid: npt.NDArray[np.bool_] | None = None,
) -> FloatArray:
    """``(B, m)`` option probabilities of elections with ``(B, voters, m)`` utilities.

    ``valid`` ``(B, m)`` marks the real options of elections padded to a common size; padded
    options get probability 0 and do not enter the others' odds.
    """
    if valid is None or valid.all():
        return option_probabilities(coalitions(utils, weights, rule), model, pce)
    if pce == PCEModel.CONDITIONAL:
        victory = victory_matrix(model, coalitions(utils, weights, rule))
        with np.errstate(divide="ignore"):
            logs = np.sum(np.where(valid[:, None, :], np.log(victory), 0.0), axis=-1)
        logs = np.where(valid, logs, -np.inf)
        p = np.exp(logs - logs.max(axis=-1, keepdims=True))
        return np.asarray(p / p.sum(axis=-1, keepdims=True), dtype=np.float64)
    out = np.zeros(valid.shape)
    counts = valid.sum(axis=-1)
    for m in np.unique(counts):
        rows = np.nonzero(counts == m)[0]
        cols = np.nonzero(valid[rows])[1].reshape(len(rows), int(m))
        sub = np.take_along_axis(utils[rows], cols[:, None, :], axis=-1)
        probs = option_probabilities(coalitions(sub, weights[rows], rule), model, pce)
        out[rows[:, None], cols] = probs
    return out


def risk_from_probabilities(p: FloatArray, kind: BigRRange) -> FloatArray:
    """KTAB's inferred risk attitudes from the actors' position probabilities ``(B, n)``.

    With ``lo``/``hi`` the smallest/largest probability: Min gives ``(p-lo)/(hi-lo)`` in [0, 1],
    Mid ``(3p-(hi+2lo))/(2(hi-lo))`` in [-1/2, 1], Max ``(2p-(hi+lo))/(hi-lo)`` in [-1, 1]. The
    most probable position gets 1 (risk averse). If all probabilities are equal (KTAB divides by
    zero there) every actor is risk neutral, 0.
    """
    lo = p.min(axis=-1, keepdims=True)
    hi = p.max(axis=-1, keepdims=True)
    span = hi - lo
    safe = np.where(span > 0, span, 1.0)
    if kind == BigRRange.MIN:
        r = (p - lo) / safe
    elif kind == BigRRange.MID:
        r = (3 * p - (hi + 2 * lo)) / (2 * safe)
    else:
        r = (2 * p - (hi + lo)) / safe
    return np.asarray(np.where(span > 0, r, 0.0), dtype=np.float64)


def estimated_risk(r_h: FloatArray, r_i: FloatArray, adjust: BigRAdjust) -> FloatArray:
    """h's estimate of i's risk attitude: a blend of its own ``r_h`` and i's true ``r_i``."""
    if adjust == BigRAdjust.FULL:
        return np.asarray(r_i + 0.0 * r_h, dtype=np.float64)
    if adjust == BigRAdjust.TWO_THIRDS:
        return np.asarray((r_h + 2.0 * r_i) / 3.0, dtype=np.float64)
    if adjust == BigRAdjust.HALF:
        return np.asarray((r_h + r_i) / 2, dtype=np.float64)
    if adjust == BigRAdjust.ONE_THIRD:
        return np.asarray((2.0 * r_h + r_i) / 3.0, dtype=np.float64)
    return np.asarray(r_h + 0.0 * r_i, dtype=np.float64)


__all__ = [
    "BLOCK_ELEMENTS",
    "CHUNK_ELEMENTS",
    "FEW_VOTERS",
    "MIN_COALITION",
    "blocks",
    "coalitions",
    "conditional_pce",
    "estimated_risk",
    "markov_incentive_pce",
    "markov_uniform_pce",
    "option_probabilities",
    "risk_from_probabilities",
    "scalar_pce",
    "victory_matrix",
    "victory_odds",
    "vote",
]
