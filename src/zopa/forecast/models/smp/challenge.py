"""Utilities, challenges and bargains of KTAB's Spatial Model of Politics (SMP).

After the KTAB documentation (B. Wise, "An Introduction to KTAB", KAPSARC 2015; "Multidimensional
Bargaining using KTAB", KAPSARC 2016) and Efird, Lester & Wise (2016), J. East Asian Studies
16:117-145. In our words, with positions ``x`` and saliences ``s`` on [0, 1] and capability ``c``:

* **Distance** from actor i's ideal to a position y: ``d = sqrt(sum_k (s_ik (x_ik - y_k))^2 /
  sum_k s_ik^2)`` (in one dimension just ``|x_i - y|``); **utility** ``u = (1 - d)(1 + d R)``
  with risk attitude ``R`` (``(1 - d)(1 + R)`` beyond ``d = 1``).
* **Challenge** "i challenges j", as estimated by actor h for affected actor k, with ``u = u^h``
  (h's estimates, built from h's guesses of everyone's risk attitude): the principals vote with
  weights ``S_i c_i`` and ``S_j c_j`` (``S`` = total salience); each third party n looks at the
  "little conflict" of i, j and n alone, gets ``p_n`` = the odds of i in it, and votes weight
  ``S_n c_n`` between siding with i and siding with j, comparing the expected sums of the three
  positions it would end with. Under the default SemiCommit a third party on the winning side
  keeps its position and one on the losing side adopts the winner's; under NoCommit it always
  keeps it and under FullCommit it always adopts the winner's, and since KTAB uses the same odds
  for both sides these two make the sums equal: third parties abstain. The odds of i are
  ``P = C_ij / (C_ij + C_ji)`` (always linear, as in KTAB).
  The gain to k is ``(1 - S_j) 2u_ki + S_j (P 2u_ki + (1-P) 2u_kj) - (u_ki + u_kj)``.
* **Targets**: every i challenges the j with the largest own-view gain, if above 1e-5 (first
  such j on ties).
* **Bargains**: both take, per dimension, a weighted average of their two positions: weights
  ``(s P)^2`` (S2P2) or ``s P`` (S1P1), 1e-6 added to the own side, rounded to 1e-4; or the
  asymmetric S2PMax shift.

With ``ktab_quirks`` (the default) two details of KTAB's bargaining code are kept: the
receiver's "probability" used by the InitRcvrInterp and PWCompInterp bargain models is j's
estimate of the *gain* to i, not of i's odds, and the power-weighted compromise weighs j's
side with i's capability. Both are inert for the default InitOnlyInterp.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from zopa._types import FloatArray, IntArray
from zopa.forecast.models.smp.params import InterVecBrgn, ThirdPartyCommit, VotingRule
from zopa.forecast.models.smp.pce import BLOCK_ELEMENTS, blocks, vote

MIN_CONTRIB = 1e-10
MIN_GAIN = 1e-5
MIN_WEIGHT = 1e-6


def distances(
    ideals: FloatArray,
    positions: FloatArray,
    salience: FloatArray,
    norms: FloatArray | None = None,
) -> FloatArray:
    """``d[..., i, j]``: salience-weighted distance from i's ideal to j's position.

    An actor with no salience at all is indifferent (distance 0); KTAB refuses such actors.
    ``norms``, if given, is :func:`salience_norms` of ``salience`` (computed once a turn).
    """
    den = salience_norms(salience) if norms is None else norms
    diff = np.subtract(ideals[..., :, None, :], positions[..., None, :, :])
    diff *= salience[..., :, None, :]
    return scaled_norms(diff, den[..., :, None])


def salience_norms(salience: FloatArray) -> FloatArray:
    """``sum_k s_ik^2`` of every actor: the divisor of its distances."""
    norms: FloatArray = np.sum(salience * salience, axis=-1)
    return norms


def scaled_norms(diff: FloatArray, den: FloatArray) -> FloatArray:
    """``sqrt(sum(diff^2, -1) / den)``, 0 where ``den`` is 0; ``diff`` is overwritten."""
    num = np.sum(np.multiply(diff, diff, out=diff), axis=-1)
    if np.all(den > 0):
        root: FloatArray = np.sqrt(np.divide(num, den, out=num), out=num)
        return root
    safe = np.where(den > 0, den, 1.0)
    return np.asarray(np.where(den > 0, np.sqrt(num / safe), 0.0), dtype=np.float64)


def utility(d: FloatArray, r: FloatArray) -> FloatArray:
    """KTAB's utility of distance ``d`` under risk attitude ``r`` (broadcasting)."""
    near = np.multiply(d, r)
    near += 1.0
    near *= 1 - d
    if np.all(d <= 1):
        return near
    return np.asarray(np.where(d <= 1, near, (1 - d) * (1 + r)), dtype=np.float64)


def challenge_core(
    u: dict[str, FloatArray],
    w_i: FloatArray,
    w_j: FloatArray,
    w_n: FloatArray,
    s_j: FloatArray,
    drop: Callable[[FloatArray], FloatArray],
    rule: VotingRule,
    commit: ThirdPartyCommit,
    overwrite: bool = False,
) -> tuple[FloatArray, FloatArray]:
    """Odds that i beats j and expected gain to k, from h's utility estimates.

    ``u`` holds ``ii, ij, ji, jj, ki, kj`` (broadcastable to the batch shape) and ``ni, nj, nn``
    (batch shape plus a trailing axis over third parties n). ``drop`` zeroes the votes of that
    trailing axis that are not third parties' (n = i or n = j).

    Only SemiCommit gives third parties a stake: under NoCommit and FullCommit the expected
    position sums of siding with i and with j are equal, so their votes vanish (as in KTAB).
    ``overwrite`` lets the third parties' step reuse ``ni``, ``nj`` and ``nn`` as scratch.
    """
    c_i = vote(rule, w_i, u["ii"] - u["ij"])
    c_j = vote(rule, w_j, u["ji"] - u["jj"])
    ch_ij = (MIN_CONTRIB + np.maximum(c_i, 0.0)) + np.maximum(c_j, 0.0)
    ch_ji = (MIN_CONTRIB + np.maximum(-c_i, 0.0)) + np.maximum(-c_j, 0.0)
    if commit == ThirdPartyCommit.SEMI_COMMIT:
        ch_ij, ch_ji = _third_parties(u, w_n, ch_ij, ch_ji, drop, rule, overwrite)
    p_ij = ch_ij / (ch_ij + ch_ji)
    p_ji = ch_ji / (ch_ij + ch_ji)
    win, lose = u["ki"] + u["ki"], u["kj"] + u["kj"]
    gain = ((1 - s_j) * win + s_j * (p_ij * win + p_ji * lose)) - (u["ki"] + u["kj"])
    return np.asarray(p_ij, dtype=np.float64), np.asarray(gain, dtype=np.float64)


def _third_parties(
    u: dict[str, FloatArray],
    w_n: FloatArray,
    ch_ij: FloatArray,
    ch_ji: FloatArray,
    drop: Callable[[FloatArray], FloatArray],
    rule: VotingRule,
    overwrite: bool = False,
) -> tuple[FloatArray, FloatArray]:
    """Add the third parties' votes (SemiCommit) to the coalitions for i and for j.

    Third party n alone with the principals: ``p = (C_ij + max(c, 0)) / (C_ij + C_ji + |c|)``
    with ``c`` its vote between u_ni and u_nj; it then votes on siding with i rather than j,
    worth ``p (u_nn - u_ni) + (1 - p) (u_nj - u_nn)`` in sums of the three positions it would
    see. Written with few passes over the ``(..., n)`` arrays, in place where possible; with
    ``overwrite`` in ``u``'s ``ni``, ``nj`` and ``nn`` too (each of the full shape).
    """
    uni, unj, unn = u["ni"], u["nj"], u["nn"]
    c_n = _vote_in_place(rule, w_n, uni - unj)
    if overwrite:  # u's arrays are this call's own: fewer temporaries
        b = np.subtract(unj, unn, out=unj)  # u_nj - u_nn
        du = np.subtract(unn, uni, out=unn)
        den = np.abs(c_n, out=uni)
    else:
        den = np.abs(c_n)
    den += (ch_ij + ch_ji)[..., None]
    p = np.maximum(c_n, 0.0, out=c_n)
    p += ch_ij[..., None]
    p /= den
    if not overwrite:
        b = np.subtract(unj, unn, out=den)  # u_nj - u_nn
        du = unn - uni
    du = np.subtract(du, b, out=du if du.shape == b.shape else None)  # (u_nn - u_ni) - b
    du *= p
    du += b  # p (u_nn - u_ni) + (1 - p) (u_nj - u_nn)
    v = drop(_vote_in_place(rule, w_n, du))
    net = np.sum(v, axis=-1)
    total = np.sum(np.abs(v, out=v), axis=-1)
    return ch_ij + (total + net) / 2, ch_ji + (total - net) / 2


def _vote_in_place(rule: VotingRule, weight: FloatArray, du: FloatArray) -> FloatArray:
    """:func:`~zopa.forecast.models.smp.pce.vote`, overwriting ``du`` (of the votes' shape)
    under the Prop rule."""
    if rule == VotingRule.PROP:
        du *= weight
        return du
    return vote(rule, weight, du)


def own_view_challenges(
    d: FloatArray,
    r_hat: FloatArray,
    weight: FloatArray,
    s_total: FloatArray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
) -> tuple[FloatArray, FloatArray]:
    """``(P[..., i, j], gain[..., i, j])`` of every challenge i -> j as i itself sees it.

    ``d`` is ``(B, n, n)``, ``r_hat[b, h, i]`` h's estimate of i's risk attitude, ``weight`` the
    ``(B, n)`` vote weights ``S c``. Cost is ``O(B n^3)``, run in cache-sized blocks of
    challengers, runs and targets.
    """
    b, n, _ = d.shape
    p_out = np.zeros((b, n, n))
    g_out = np.full((b, n, n), -np.inf)
    d_t = np.ascontiguousarray(np.swapaxes(d, 1, 2))[:, None]  # d_t[b, 0, t, a] = d[b, a, t]
    ar = np.arange(n)
    for chal in blocks(n, n * n):
        idx = ar[chal]
        for runs in blocks(b, len(idx) * n * n, 4 * BLOCK_ELEMENTS):
            view = _EstimatorView(d_t[runs], r_hat[runs], idx)
            for tgt in blocks(n, view.size * n):
                p, g = view.challenges(weight[runs], s_total[runs], tgt, rule, commit)
                p_out[runs, chal, tgt] = p
                g_out[runs, chal, tgt] = g
    g_out[:, ar, ar] = -np.inf
    return p_out, g_out


class _EstimatorView:
    """Utility estimates of a block of challengers (each its own estimator) over all actors."""

    def __init__(self, d_t: FloatArray, r_hat: FloatArray, idx: IntArray) -> None:
        n = d_t.shape[-1]
        ar, c = np.arange(n), np.arange(len(idx))
        self.idx, self.c = idx, c
        self.ut = utility(d_t, r_hat[:, idx, None, :])  # (B, c, t, a) = u^h_{a t}, h = idx[c]
        self.diag = self.ut[:, :, ar, ar]  # (B, c, n): u^h_{jj}
        self.col_i = self.ut[:, c, idx, :]  # (B, c, n): u^h_{n i}
        self.row_i = self.ut[:, c, :, idx].transpose(1, 0, 2)  # (B, c, n): u^h_{i n}
        self.uii = self.diag[:, c, idx][..., None]  # (B, c, 1)
        self.size = self.ut.shape[0] * len(idx)

    def challenges(
        self,
        weight: FloatArray,
        s_total: FloatArray,
        tgt: slice,
        rule: VotingRule,
        commit: ThirdPartyCommit,
    ) -> tuple[FloatArray, FloatArray]:
        """Odds and gains of the block's challengers against the targets ``tgt``."""
        u = {
            "ii": self.uii,
            "ij": self.row_i[..., tgt],
            "ji": self.col_i[..., tgt],
            "jj": self.diag[..., tgt],
            "ki": self.uii,
            "kj": self.row_i[..., tgt],
            "ni": self.col_i[:, :, None, :],
            "nj": self.ut[:, :, tgt, :],
            "nn": self.diag[:, :, None, :],
        }
        c, idx = self.c, self.idx
        targets = np.arange(tgt.start, tgt.stop)
        local = np.arange(len(targets))

        def drop(v: FloatArray) -> FloatArray:
            v[:, c, :, idx] = 0.0  # n = i
            v[:, :, local, targets] = 0.0  # n = j
            return v

        return challenge_core(
            u,
            weight[:, idx, None],
            weight[:, None, tgt],
            weight[:, None, None, :],
            s_total[:, None, tgt],
            drop,
            rule,
            commit,
        )


def pair_challenges(
    d: FloatArray,
    r_hat: FloatArray,
    weight: FloatArray,
    s_total: FloatArray,
    who: tuple[IntArray, IntArray, IntArray, IntArray, IntArray],
    rule: VotingRule,
    commit: ThirdPartyCommit,
) -> tuple[FloatArray, FloatArray]:
    """Odds and gains for a list of ``(batch, h, k, i, j)`` index arrays: h's view, gain to k."""
    bi, h, k, i, j = who
    n = d.shape[-1]
    ar = np.arange(n)
    rh = r_hat[bi, h, :]  # (L, n): h's estimate of every actor's risk attitude

    def u_of(a: IntArray, t: IntArray) -> FloatArray:
        return utility(d[bi, a, t], rh[np.arange(len(bi)), a])

    u = {
        "ii": u_of(i, i),
        "ij": u_of(i, j),
        "ji": u_of(j, i),
        "jj": u_of(j, j),
        "ki": u_of(k, i),
        "kj": u_of(k, j),
        "ni": utility(d[bi, :, i], rh),
        "nj": utility(d[bi, :, j], rh),
        "nn": utility(d[bi][:, ar, ar], rh),
    }
    mask = (ar[None, :] == i[:, None]) | (ar[None, :] == j[:, None])

    def drop(v: FloatArray) -> FloatArray:
        return np.asarray(np.where(mask, 0.0, v), dtype=np.float64)

    return challenge_core(
        u, weight[bi, i], weight[bi, j], weight[bi], s_total[bi, j], drop, rule, commit
    )


def best_targets(p: FloatArray, gain: FloatArray) -> tuple[IntArray, FloatArray, FloatArray]:
    """Each actor's target (-1 if none gains over 1e-5), its odds and its gain."""
    target = np.argmax(gain, axis=-1)
    best = np.take_along_axis(gain, target[..., None], axis=-1)[..., 0]
    odds = np.take_along_axis(p, target[..., None], axis=-1)[..., 0]
    target = np.where(best > MIN_GAIN, target, -1)
    return target.astype(np.intp), odds, best


def round4(x: FloatArray) -> FloatArray:
    """Round half up to 1e-4 (KTAB's rounding of bargain coordinates)."""
    return np.asarray(np.floor(0.5 + x * 10000.0) / 10000.0, dtype=np.float64)


def interpolate(
    x_i: FloatArray,
    s_i: FloatArray,
    p_i: FloatArray,
    x_j: FloatArray,
    s_j: FloatArray,
    p_j: FloatArray,
    kind: InterVecBrgn,
) -> tuple[FloatArray, FloatArray]:
    """The bargain's new positions for i and j, per dimension (``p`` broadcast over dims)."""
    if kind == InterVecBrgn.S2PMAX:
        di = np.where(p_j > p_i, p_j - p_i, 0.0)
        dj = np.where(p_i > p_j, p_i - p_j, 0.0)
        si2, sj2 = s_i * s_i, s_j * s_j
        dik = (di * sj2) / (((di * sj2) + MIN_WEIGHT) + ((1 - di) * si2))
        djk = (dj * si2) / (((dj * si2) + MIN_WEIGHT) + ((1 - dj) * sj2))
        return x_i + dik * (x_j - x_i), x_j + djk * (x_i - x_j)
    if kind == InterVecBrgn.S2P2:
        wi, wj = (s_i * s_i) * (p_i * p_i), (s_j * s_j) * (p_j * p_j)
    else:
        wi, wj = s_i * p_i, s_j * p_j
    den = (wi + MIN_WEIGHT) + wj
    b_i = round4(((wi + MIN_WEIGHT) * x_i + wj * x_j) / den)
    b_j = round4((wi * x_i + (MIN_WEIGHT + wj) * x_j) / den)
    return b_i, b_j


__all__ = [
    "best_targets",
    "challenge_core",
    "distances",
    "interpolate",
    "own_view_challenges",
    "pair_challenges",
    "round4",
    "salience_norms",
    "scaled_norms",
    "utility",
]
