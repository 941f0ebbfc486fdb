"""Bargains and their resolution in KTAB's Spatial Model of Politics (one turn's second half).

After the KTAB documentation (see :mod:`zopa.forecast.models.smp.challenge`). In our words: every
challenge i -> j yields a bargain (two new positions); each actor's queue holds its status quo
plus every bargain it is party to; all actors vote on the queue with capability weights, valuing
an option by their mean utility over all positions after it (a scalar PCE); the actor takes its
position from the most probable option (Deterministic) or from a draw (Stochastic).

**Tie-break order** (fixed, documented): an actor's queue is ordered by the initiator of each
option, its own status quo sitting at its own index just before its own challenge; with
InitRcvrInterp the initiator's bargain precedes the receiver's. This is the order KTAB's serial
code builds (its threaded build orders queues by thread completion). Equal probabilities go to
the earliest option, as do equal gains among targets (the lowest index).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from zopa._types import FloatArray, IntArray
from zopa.forecast.models.smp.challenge import (
    interpolate,
    pair_challenges,
    scaled_norms,
    utility,
)
from zopa.forecast.models.smp.params import BargnModel, SMPParams, StateTransitions
from zopa.forecast.models.smp.pce import BLOCK_ELEMENTS, scalar_pce


@dataclass(frozen=True)
class TurnState:
    """Everything one turn needs about the current state of a batch of ``B`` runs."""

    positions: FloatArray  # (B, n, D)
    salience: FloatArray  # (B, n, D)
    capability: FloatArray  # (B, n)
    weight: FloatArray  # (B, n): capability x total salience
    s_total: FloatArray  # (B, n)
    d: FloatArray  # (B, n, n): ideal-to-position distances
    risk: FloatArray  # (B, n): inferred risk attitudes
    r_hat: FloatArray  # (B, n, n): r_hat[b, h, i] = h's estimate of i's risk attitude
    norms: FloatArray  # (B, n): sum of squared saliences, the divisor of distances

    @cached_property
    def own_utilities(self) -> FloatArray:
        """``U[b, a, t]``: a's (own-estimate) utility of t's position."""
        n = self.d.shape[-1]
        ar = np.arange(n)
        return utility(self.d, self.r_hat[:, ar, ar][:, :, None])


def make_bargains(
    st: TurnState, target: IntArray, odds: FloatArray, params: SMPParams
) -> tuple[FloatArray, FloatArray]:
    """``(b_init, b_rcvr)``, each ``(B, n, nb, D)``: the bargain(s) initiated by each actor.

    ``nb`` is 2 for InitRcvrInterp (initiator's view, then receiver's), else 1. Rows of actors
    without a target are NaN.
    """
    bsz, n, dims = st.positions.shape
    nb = 2 if params.bargain_model == BargnModel.INIT_RCVR else 1
    b_init = np.full((bsz, n, nb, dims), np.nan)
    b_rcvr = np.full((bsz, n, nb, dims), np.nan)
    bi, ii = np.nonzero(target >= 0)
    if len(bi) == 0:
        return b_init, b_rcvr
    jj = target[bi, ii]
    x_i, x_j = st.positions[bi, ii], st.positions[bi, jj]
    s_i, s_j = st.salience[bi, ii], st.salience[bi, jj]

    def interp(p: FloatArray) -> tuple[FloatArray, FloatArray]:
        return interpolate(x_i, s_i, p[:, None], x_j, s_j, (1 - p)[:, None], params.bargain_interp)

    own_i, own_j = interp(odds[bi, ii])
    if params.bargain_model == BargnModel.INIT_ONLY:
        b_init[bi, ii, 0], b_rcvr[bi, ii, 0] = own_i, own_j
        return b_init, b_rcvr
    who = (bi, jj, ii, ii, jj)  # j's view of i -> j, effect on i
    p_r, gain_r = pair_challenges(
        st.d, st.r_hat, st.weight, st.s_total, who, params.voting_rule, params.third_party
    )
    rcv_i, rcv_j = interp(gain_r if params.ktab_quirks else p_r)
    if params.bargain_model == BargnModel.INIT_RCVR:
        b_init[bi, ii, 0], b_rcvr[bi, ii, 0] = own_i, own_j
        b_init[bi, ii, 1], b_rcvr[bi, ii, 1] = rcv_i, rcv_j
        return b_init, b_rcvr
    cap_i, cap_j = st.capability[bi, ii], st.capability[bi, jj]
    w_i = (cap_i * st.s_total[bi, ii])[:, None]
    w_j = ((cap_i if params.ktab_quirks else cap_j) * st.s_total[bi, jj])[:, None]
    b_init[bi, ii, 0] = (w_i * own_i + w_j * rcv_i) / (w_i + w_j)
    b_rcvr[bi, ii, 0] = (w_i * own_j + w_j * rcv_j) / (w_i + w_j)
    return b_init, b_rcvr


def option_utilities(
    st: TurnState, target: IntArray, b_init: FloatArray, b_rcvr: FloatArray
) -> FloatArray:
    """``T[b, a, slot]``: voter a's mean utility over the state each queue slot would create.

    Slot ``(i, 0)`` is a status quo; slot ``(i, 1 + v)`` is bargain ``v`` initiated by i: i and
    its target move, everyone else stays. Voters judge new positions with their true risk
    attitude and unchanged ones with their own estimate, as KTAB does.
    """
    bsz, n, nb, _ = b_init.shape
    own = st.own_utilities  # (B, a, t)
    row = np.cumsum(own, axis=-1)[..., -1]  # added in order, as KTAB does
    safe_t = np.broadcast_to(np.where(target >= 0, target, 0)[:, None, :], own.shape)
    kept = (row[:, :, None] - own) - np.take_along_axis(own, safe_t, axis=-1)  # (B, a, i)
    table = np.empty((bsz, n, n, 1 + nb))
    table[..., 0] = (row / n)[:, :, None]
    moved = _position_utility(st, b_init) + _position_utility(st, b_rcvr)  # (B, a, i, v)
    table[..., 1:] = (kept[..., None] + moved) / n
    return table.reshape(bsz, n, n * (1 + nb))


def _position_utility(st: TurnState, points: FloatArray) -> FloatArray:
    """``u[b, a, i, v]``: a's utility (true risk attitude) of point ``points[b, i, v]``."""
    diff = np.subtract(st.positions[:, :, None, None, :], points[:, None])
    diff *= st.salience[:, :, None, None, :]
    dist = scaled_norms(diff, st.norms[:, :, None, None])
    return utility(dist, st.risk[:, :, None, None])


def queue_slots(target: IntArray, nb: int) -> npt.NDArray[np.bool_]:
    """``valid[b, k, slot]``: which slots are in actor k's queue."""
    bsz, n = target.shape
    ar = np.arange(n)
    own = ar[:, None] == ar[None, :]  # (k, i)
    party = own[None] | (target[:, None, :] == ar[None, :, None])  # (B, k, i)
    party &= (target >= 0)[:, None, :]
    valid = np.zeros((bsz, n, n, 1 + nb), dtype=bool)
    valid[..., 0] = own[None]
    valid[..., 1:] = party[..., None]
    return valid.reshape(bsz, n, n * (1 + nb))


def resolve(
    st: TurnState,
    target: IntArray,
    b_init: FloatArray,
    b_rcvr: FloatArray,
    params: SMPParams,
    rng: np.random.Generator | None,
) -> FloatArray:
    """The next positions ``(B, n, D)``: each actor's pick from its queue of bargains."""
    nb = b_init.shape[2]
    table = option_utilities(st, target, b_init, b_rcvr)  # (B, a, L)
    valid = queue_slots(target, nb)  # (B, k, L)
    counts = valid.sum(axis=-1)
    new = st.positions.copy()
    groups = _length_groups(counts, voters=counts.shape[1])
    for g in np.unique(groups):
        rows_b, rows_k = np.nonzero(groups == g)
        width = int(counts[rows_b, rows_k].max())
        # each queue's slots in order, padded to the group's longest queue
        cols = np.argsort(~valid[rows_b, rows_k], axis=-1, kind="stable")[:, :width]
        real = np.take_along_axis(valid[rows_b, rows_k], cols, axis=-1)
        voters = np.arange(table.shape[1])[None, :, None]
        utils = table[rows_b[:, None, None], voters, cols[:, None, :]]  # (q, a, m)
        probs = scalar_pce(
            utils, st.capability[rows_b], params.voting_rule, params.victory_prob, params.pce, real
        )
        pick = _choose(probs, params.transitions, rng)
        slot = cols[np.arange(len(rows_b)), pick]
        init, sub = slot // (1 + nb), slot % (1 + nb)
        moved = sub > 0
        b, k, i, v = rows_b[moved], rows_k[moved], init[moved], sub[moved] - 1
        new[b, k] = np.where((i == k)[:, None], b_init[b, i, v], b_rcvr[b, i, v])
    return new


def _length_groups(counts: IntArray, voters: int) -> IntArray:
    """Group labels for queues solved together, padded: lengths 1, 2, 3-4, 5-8, ..., with the
    groups up to 8 merged when padding costs less than the calls it saves (small batches)."""
    groups = np.ceil(np.log2(counts)).astype(np.intp)
    short = groups <= 3
    sizes = np.bincount(groups[short], minlength=4)
    separate = sum(int(q) * voters * 4**g for g, q in enumerate(sizes))
    merged = int(short.sum()) * voters * 64
    if merged - separate < BLOCK_ELEMENTS * 4 * (int(np.count_nonzero(sizes)) - 1):
        groups[short] = 3
    return groups


def _choose(probs: FloatArray, mode: StateTransitions, rng: np.random.Generator | None) -> IntArray:
    """Most probable option (first on ties), or a draw when transitions are Stochastic."""
    if mode == StateTransitions.DETERMINISTIC or rng is None:
        first: IntArray = np.argmax(probs, axis=-1).astype(np.intp)
        return first
    u = rng.random(probs.shape[0])
    cum = np.cumsum(probs, axis=-1)
    pick: IntArray = (cum < (u * cum[:, -1])[:, None]).sum(axis=-1).astype(np.intp)
    last: IntArray = np.minimum(pick, probs.shape[-1] - 1)
    return last


__all__ = ["TurnState", "make_bargains", "option_utilities", "queue_slots", "resolve"]
