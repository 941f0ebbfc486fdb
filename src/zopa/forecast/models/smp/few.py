"""Every own-view challenge among a few actors, with the runs of a batch along the last axis.

:func:`~zopa.forecast.models.smp.challenge.own_view_challenges` lays a batch out as
``(runs, i, j, n)``: with four actors every numpy loop then runs over four numbers, and most of
the time goes to starting loops. Here the runs are the last, contiguous axis, so each operation
is one long loop, and the third parties n are taken one at a time.

The numbers are the same to the last bit: each odds and gain is computed by the same operations
in the same order (:func:`~zopa.forecast.models.smp.challenge.challenge_core`). The only sums
are those of the third parties' votes, which numpy takes along a row of ``n`` numbers: below 8
terms it adds them one after the other and then adds the sum to 0, which is what is done here
(so this layout serves fewer than :data:`MAX_ACTORS` actors).
"""

from __future__ import annotations

import numpy as np

from zopa._types import FloatArray
from zopa.forecast.models.smp.challenge import MIN_CONTRIB, utility
from zopa.forecast.models.smp.params import ThirdPartyCommit, VotingRule
from zopa.forecast.models.smp.pce import vote
from zopa.kernels.rowsum import SEQUENTIAL_TERMS

#: Actors up to which this layout applies (numpy sums longer rows pairwise).
MAX_ACTORS = SEQUENTIAL_TERMS - 1


def few_actor_challenges(
    d: FloatArray,
    r_hat: FloatArray,
    weight: FloatArray,
    s_total: FloatArray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
) -> tuple[FloatArray, FloatArray]:
    """``own_view_challenges(d, r_hat, weight, s_total, rule, commit)`` for at most
    :data:`MAX_ACTORS` actors: ``(P[b, i, j], gain[b, i, j])``, the same bytes."""
    n = d.shape[-1]
    if n > MAX_ACTORS:
        raise ValueError(f"few_actor_challenges takes at most {MAX_ACTORS} actors, not {n}")
    dist = np.ascontiguousarray(np.moveaxis(d, 0, -1))  # [a, t, b] = d[b, a, t]
    risk = np.ascontiguousarray(np.moveaxis(r_hat, 0, -1))  # [h, a, b] = r_hat[b, h, a]
    w = np.ascontiguousarray(weight.T)  # [a, b]
    ar = np.arange(n)
    u = utility(dist[None], risk[:, :, None, :])  # [h, a, t, b] = u^h_{a t}
    diag = u[:, ar, ar]  # [h, a] = u^h_{a a}
    col = u[ar, :, ar]  # [h, a] = u^h_{a h}: a's utility of the challenger's position
    row = u[ar, ar]  # [h, t] = u^h_{h t}
    uii = diag[ar, ar][:, None]  # (i, 1, b)
    c_i = vote(rule, w[:, None], uii - row)
    c_j = vote(rule, w[None], col - diag)
    ch_ij = (MIN_CONTRIB + np.maximum(c_i, 0.0)) + np.maximum(c_j, 0.0)
    ch_ji = (MIN_CONTRIB + np.maximum(-c_i, 0.0)) + np.maximum(-c_j, 0.0)
    if commit == ThirdPartyCommit.SEMI_COMMIT:
        ch_ij, ch_ji = _third_parties(u, col, diag, w, ch_ij, ch_ji, rule)
    p_ij = ch_ij / (ch_ij + ch_ji)
    p_ji = ch_ji / (ch_ij + ch_ji)
    win, lose = uii + uii, row + row
    s_j = s_total.T[None]
    gain = ((1 - s_j) * win + s_j * (p_ij * win + p_ji * lose)) - (uii + row)
    gain[ar, ar] = -np.inf
    return np.ascontiguousarray(np.moveaxis(p_ij, -1, 0)), np.ascontiguousarray(
        np.moveaxis(gain, -1, 0)
    )


def _third_parties(
    u: FloatArray,
    col: FloatArray,
    diag: FloatArray,
    w: FloatArray,
    ch_ij: FloatArray,
    ch_ji: FloatArray,
    rule: VotingRule,
) -> tuple[FloatArray, FloatArray]:
    """The third parties' votes added to the coalitions ``(i, j, b)``, party by party, as
    :func:`~zopa.forecast.models.smp.challenge._third_parties` computes and sums them."""
    n = col.shape[0]
    both = ch_ij + ch_ji
    net = total = None
    for k in range(n):
        uni = col[:, k][:, None]  # (i, 1, b): k's utility of i's position
        unj = u[:, k]  # (i, j, b): k's utility of j's position, u^i_{k j}
        unn = diag[:, k][:, None]
        c = uni - unj
        c = np.multiply(c, w[k], out=c) if rule == VotingRule.PROP else vote(rule, w[k], c)
        den = np.abs(c)
        den += both
        p = np.maximum(c, 0.0, out=c)
        p += ch_ij
        p /= den
        b = np.subtract(unj, unn, out=den)
        du = np.subtract(unn - uni, b)
        du *= p
        du += b
        v = np.multiply(du, w[k], out=du) if rule == VotingRule.PROP else vote(rule, w[k], du)
        v[k] = 0.0  # k = i
        v[:, k] = 0.0  # k = j
        if net is None or total is None:
            net, total = v.copy(), np.abs(v, out=v)
        else:
            net += v
            total += np.abs(v, out=v)
    assert net is not None and total is not None
    net, total = 0.0 + net, 0.0 + total
    return ch_ij + (total + net) / 2, ch_ji + (total - net) / 2


__all__ = ["MAX_ACTORS", "few_actor_challenges"]
