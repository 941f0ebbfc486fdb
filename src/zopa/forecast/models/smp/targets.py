"""Each actor's best target in KTAB's SMP, found without weighing every challenge.

An actor i challenges the j with the largest own-view gain (:mod:`~zopa.forecast.models.smp.
challenge`). Weighing one challenge takes a pass over every third party, so weighing them all
costs ``O(n^3)`` a turn. Only the best one matters, and the gain has a cheap upper bound: with
``a = u_ii``, ``b = u_ij``, ``S_j`` j's total salience and ``q`` the odds that j wins, the gain
to i is ``(1 - S_j) 2a + S_j (P 2a + q 2b) - (a + b) = (a - b)(1 - 2 S_j q)``, and since
``0 <= q <= 1`` it is at most ``a - b`` when ``a >= b`` and ``(a - b)(1 - 2 S_j)`` otherwise.

The search is branch and bound: weigh each actor's most promising targets first (ranked by the
gain the principals' votes alone would give, exact when third parties abstain), then, in
rounds, every target whose bound reaches the best gain found so far (or KTAB's 1e-5 floor).
What is left cannot be the best, nor tie with it, so the target is the one the full search
picks: the first of the largest gains, or none if no gain exceeds 1e-5. Each weighed challenge
is computed by the same operations, in the same order, as :func:`own_view_challenges`, so the
odds and gains are the same numbers to the last bit.
"""

from __future__ import annotations

import numpy as np

from zopa._types import FloatArray, IntArray
from zopa.forecast.models.smp.challenge import (
    MIN_GAIN,
    best_targets,
    challenge_core,
    own_view_challenges,
    utility,
)
from zopa.forecast.models.smp.few import MAX_ACTORS as FEW_ACTORS
from zopa.forecast.models.smp.few import few_actor_challenges
from zopa.forecast.models.smp.params import ThirdPartyCommit, VotingRule
from zopa.forecast.models.smp.pce import BLOCK_ELEMENTS, blocks
from zopa.kernels.compiled import declare, kernel

# Slack for rounding between the bound and a computed gain (both of size at most a few units).
BOUND_SLACK = 1e-9
FEW_RUNS = 64  # runs from which few actors' challenges are weighed with the runs last
FIRST_ROUND = 4  # targets weighed per actor before bounds are compared
KERNELS = declare("zopa.forecast.models.smp._kernels")  # the compiled weighing of challenges


def own_view_targets(
    d: FloatArray,
    r_hat: FloatArray,
    weight: FloatArray,
    s_total: FloatArray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
) -> tuple[IntArray, FloatArray]:
    """Each actor's target ``(B, n)`` (-1: none) and its odds against it, as
    ``best_targets(*own_view_challenges(...))`` gives them (same arguments)."""
    bsz, n, _ = d.shape
    if n - 1 <= FIRST_ROUND:  # every target would be weighed in the first round: weigh them all
        return _full(d, r_hat, weight, s_total, rule, commit)
    if not (np.isfinite(weight).all() and np.isfinite(s_total).all()):
        return _full(d, r_hat, weight, s_total, rule, commit)
    view = _PairView(d, r_hat, weight, s_total)
    p0, g0 = view.principals(rule)
    if commit != ThirdPartyCommit.SEMI_COMMIT:  # third parties abstain: the principals decide
        target, odds, _ = best_targets(p0, g0)
        return target, odds
    diff = view.uii[:, :, None] - view.row  # a - b
    bound = np.where(diff >= 0, diff, diff * (1.0 - 2.0 * s_total[:, None, :]))
    order = np.argsort(-g0, axis=-1, kind="stable")
    gain = np.full((bsz, n, n), -np.inf)
    odds = np.zeros((bsz, n, n))
    todo = np.ones((bsz, n, n), dtype=bool)
    todo[:, np.arange(n), np.arange(n)] = False
    take = FIRST_ROUND
    while True:
        best = np.maximum(gain.max(axis=-1), MIN_GAIN)
        todo &= bound + BOUND_SLACK >= best[..., None]
        ranked = np.take_along_axis(todo, order, axis=-1)
        pick = ranked & (np.cumsum(ranked, axis=-1) <= take)
        b, i, k = np.nonzero(pick)
        if len(b) == 0:
            break
        j = order[b, i, k]
        p, g = view.challenges(b, i, j, rule)
        if not np.isfinite(g).all():
            return _full(d, r_hat, weight, s_total, rule, commit)
        gain[b, i, j], odds[b, i, j] = g, p
        todo[b, i, j] = False
        take *= 2
    target, odd, _ = best_targets(odds, gain)
    return target, odd


def _full(
    d: FloatArray,
    r_hat: FloatArray,
    weight: FloatArray,
    s_total: FloatArray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
) -> tuple[IntArray, FloatArray]:
    few = d.shape[-1] <= FEW_ACTORS and d.shape[0] >= FEW_RUNS
    weigh = few_actor_challenges if few else own_view_challenges
    target, odds, _ = best_targets(*weigh(d, r_hat, weight, s_total, rule, commit))
    return target, odds


class _PairView:
    """The utilities a challenge i -> j needs in i's own view, for lists of pairs.

    ``u^i_{a t} = utility(d[a, t], r_hat[i, a])``: i's estimate of a's utility of t's position.
    """

    def __init__(
        self, d: FloatArray, r_hat: FloatArray, weight: FloatArray, s_total: FloatArray
    ) -> None:
        n = d.shape[-1]
        ar = np.arange(n)
        self.d_t = np.ascontiguousarray(np.swapaxes(d, 1, 2))  # d_t[b, t, a] = d[b, a, t]
        self.r_hat, self.weight, self.s_total = r_hat, weight, s_total
        self.row = utility(d, r_hat[:, ar, ar][:, :, None])  # [b, i, t] = u^i_{i t}
        self.col = utility(self.d_t, r_hat)  # [b, i, a] = u^i_{a i}
        self.diag = utility(d[:, ar, ar][:, None, :], r_hat)  # [b, i, a] = u^i_{a a}
        self.uii = self.diag[:, ar, ar]  # [b, i] = u^i_{i i}
        self.within = bool(np.all(d <= 1))  # every distance on the near branch of utility

    def principals(self, rule: VotingRule) -> tuple[FloatArray, FloatArray]:
        """Odds and gains of every challenge ``(B, i, j)`` with the principals' votes alone."""
        n = self.row.shape[-1]
        u = {
            "ii": self.uii[:, :, None],
            "ij": self.row,
            "ji": self.col,
            "jj": self.diag,
            "ki": self.uii[:, :, None],
            "kj": self.row,
        }
        w = self.weight
        p, g = challenge_core(
            u,
            w[:, :, None],
            w[:, None, :],
            w,
            self.s_total[:, None, :],
            lambda v: v,
            rule,
            ThirdPartyCommit.NO_COMMIT,
        )
        g[:, np.arange(n), np.arange(n)] = -np.inf
        return p, g

    def challenges(
        self, b: IntArray, i: IntArray, j: IntArray, rule: VotingRule
    ) -> tuple[FloatArray, FloatArray]:
        """Exact odds and gains of the challenges ``i -> j`` in runs ``b`` (SemiCommit), in
        cache-sized blocks of pairs (Prop votes: by the compiled kernel, when built)."""
        p_out, g_out = np.empty(len(b)), np.empty(len(b))
        compiled = kernel(KERNELS) if rule == VotingRule.PROP else None
        if compiled is not None:
            arrays: tuple[FloatArray, ...] = (self.row, self.col, self.diag, self.d_t)
            arrays += (self.r_hat, self.weight, self.s_total)
            compiled.pair_challenges(
                *(np.ascontiguousarray(x, dtype=np.float64) for x in arrays),
                *(np.ascontiguousarray(x, dtype=np.intp) for x in (b, i, j)),
                self.within, p_out, g_out,
            )  # fmt: skip
            return p_out, g_out
        for part in blocks(len(b), self.row.shape[-1], BLOCK_ELEMENTS // 2):
            p_out[part], g_out[part] = self._block(b[part], i[part], j[part], rule)
        return p_out, g_out

    def _block(
        self, b: IntArray, i: IntArray, j: IntArray, rule: VotingRule
    ) -> tuple[FloatArray, FloatArray]:
        uii, uij = self.uii[b, i], self.row[b, i, j]
        rows = np.arange(len(b))
        u = {
            "ii": uii,
            "ij": uij,
            "ji": self.col[b, i, j],
            "jj": self.diag[b, i, j],
            "ki": uii,
            "kj": uij,
            "ni": self.col[b, i],
            "nj": self._utility(self.d_t[b, j], self.r_hat[b, i]),
            "nn": self.diag[b, i],
        }

        def drop(v: FloatArray) -> FloatArray:
            v[rows, i] = 0.0  # n = i
            v[rows, j] = 0.0  # n = j
            return v

        w = self.weight
        w_n = w[:1] if w.shape[0] == 1 else w[b]  # one run: broadcast its weights
        commit = ThirdPartyCommit.SEMI_COMMIT
        return challenge_core(
            u, w[b, i], w[b, j], w_n, self.s_total[b, j], drop, rule, commit, overwrite=True
        )

    def _utility(self, d: FloatArray, r: FloatArray) -> FloatArray:
        """:func:`utility` of fresh arrays ``d`` and ``r``, overwriting them."""
        if not self.within:
            return utility(d, r)
        r *= d
        r += 1.0
        r *= np.subtract(1.0, d, out=d)
        return r


__all__ = ["own_view_targets"]
