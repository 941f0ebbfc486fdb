# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""The SMP's turn loop for a batch of runs in C, giving :func:`~zopa.forecast.models.smp.run.
simulate`'s bits (``record=False``, no accommodation, Prop votes, InitOnlyInterp bargains,
Conditional PCE with a power victory model, argmax transitions, 2 to 7 actors).

Every run goes through the turns of ``simulate`` (assess, targets, bargains, resolve, stop
rule, and ``win_probabilities`` of its final state) with no Python between the steps. The runs
are advanced together, step by step, because numpy's results depend on a few counts of the
whole batch, and this module reproduces those too: each PCE's coalitions
(:func:`~zopa.forecast.models.smp.pce.coalitions`) take the Prop votes against either as
their own sums or as the votes for less the net vote, depending on how many elections are
solved in one call (``small``), and sum the votes on the pair of options (1, 0) before or after
``1e-8`` (``alone``); the elections of a step are the active runs (assessment), the finishing
runs with the same number of distinct positions (win probabilities) and the bargain queues of
one group of :func:`~zopa.forecast.models.smp.resolve._length_groups`, whose padding to the
group's longest queue also shapes the sums of the Conditional PCE.

Each number is computed by numpy's operations in numpy's order: IEEE sums, products and
quotients round alike in C, a sum over a row is numpy's pairwise summation (``kernels/_numpy_bits.pxd``),
the net vote is ``einsum``'s running sum of products, and ``log``/``exp`` are numpy's own loops,
called through the ufuncs' function pointers (they differ from libm's in the last bit). The
module is built without floating-point contraction (``-ffp-contract=off``).
"""

cimport numpy as cnp
import numpy as np
from libc.math cimport INFINITY, NAN, fabs, floor, sqrt
from libc.stdlib cimport free, malloc

cnp.import_array()
cnp.import_umath()

from zopa.kernels._numpy_bits cimport (
    f8,
    find_loop,
    intp,
    loop_t,
    maximum0,
    pairwise,
    row_sum,
    unary,
)

#: Most actors of a run (numpy's sums over fewer than 8 voters go voter by voter).
MAX_ACTORS = 7
cdef enum:
    NMAX = 7
    SLOTS = 14  # 2 * NMAX queue slots: status quo and bargain of each initiator
    BLOCK = 32768  # pce.BLOCK_ELEMENTS

cdef f8 MIN_COALITION = 1e-8  # pce.MIN_COALITION
cdef f8 MIN_CONTRIB = 1e-10  # challenge.MIN_CONTRIB
cdef f8 MIN_GAIN = 1e-5  # challenge.MIN_GAIN
cdef f8 MIN_WEIGHT = 1e-6  # challenge.MIN_WEIGHT

cdef loop_t _log_loop = NULL
cdef loop_t _exp_loop = NULL
cdef void* _log_data = NULL
cdef void* _exp_data = NULL


_log_loop = find_loop(np.log, 1, &_log_data)
_exp_loop = find_loop(np.exp, 1, &_exp_data)


cdef inline f8 utility(f8 d, f8 r) noexcept nogil:
    """``challenge.utility``: ``(1 - d)(1 + d r)``, ``(1 - d)(1 + r)`` beyond ``d = 1``."""
    if d <= 1.0:
        return (d * r + 1.0) * (1.0 - d)
    return (1.0 - d) * (1.0 + r)


cdef inline intp argmax(const f8* a, intp n) noexcept nogil:
    """``np.argmax``: the first largest value, or the first NaN."""
    cdef intp i, best = 0
    cdef f8 top = a[0]
    if top != top:
        return 0
    for i in range(1, n):
        if a[i] != a[i]:
            return i
        if a[i] > top:
            top = a[i]
            best = i
    return best


cdef inline f8 round4(f8 x) noexcept nogil:
    """``challenge.round4``."""
    return floor(0.5 + x * 10000.0) / 10000.0


cdef struct Election:
    # scratch of one PCE among at most SLOTS options
    f8 coal[SLOTS * SLOTS]
    f8 vic[SLOTS * SLOTS]
    f8 logv[SLOTS * SLOTS]
    f8 row[SLOTS]
    f8 lg[SLOTS]
    f8 ex[SLOTS]
    f8 p[SLOTS]
    f8 net[SLOTS]
    f8 votes[NMAX]


cdef inline bint is_small(intp b, intp voters, intp m) noexcept nogil:
    """Whether ``pce.coalitions`` takes the votes against as their own sums."""
    return b * voters * m * m <= BLOCK


cdef inline bint is_alone(intp b, intp voters, intp m) noexcept nogil:
    """Whether ``pce.coalitions`` adds the votes on the pair (1, 0) first and 1e-8 last."""
    return m > 1 and not is_small(b, voters, m) and BLOCK // (b * voters * m) <= 1


cdef void pce(
    const f8* u, intp ld, intp n, intp k, intp width, const f8* w, intp calls, int squarings,
    Election* s, f8* prob
) noexcept nogil:
    """``scalar_pce`` (Prop votes, Conditional PCE) of one election: ``u[a * ld + c]`` voter
    a's utility of option c < k, ``w`` the voters' weights, padded to ``width`` options in a
    call of ``calls`` elections; ``prob[0:width]`` (0 for the padding)."""
    cdef bint small = is_small(calls, n, width)
    cdef bint alone = is_alone(calls, n, width)
    cdef intp a, c, v
    cdef f8 pos, neg, acc, x1, x2, top, total
    cdef bint nan_top
    if not small:  # einsum('bk,bkm->bm'): a running sum of products from 0
        for c in range(k):
            acc = 0.0
            for v in range(n):
                acc = acc + w[v] * u[v * ld + c]
            s.net[c] = acc
    for a in range(1, k):
        for c in range(a):
            if alone and a == 1:
                for v in range(n):
                    s.votes[v] = maximum0(w[v] * (u[v * ld + 1] - u[v * ld]))
                pos = MIN_COALITION + pairwise(s.votes, n, 1)
            else:
                pos = MIN_COALITION
                for v in range(n):
                    pos += maximum0(w[v] * (u[v * ld + a] - u[v * ld + c]))
            if small:
                neg = MIN_COALITION
                for v in range(n):
                    neg += maximum0(-(w[v] * (u[v * ld + a] - u[v * ld + c])))
            else:
                neg = pos - (s.net[a] - s.net[c])
            s.coal[a * k + c] = pos
            s.coal[c * k + a] = neg
    for a in range(k):
        for c in range(k):
            if a == c:
                s.vic[a * k + c] = 0.5
            else:
                x1 = s.coal[a * k + c]
                x2 = s.coal[c * k + a]
                for v in range(squarings):
                    x1 = x1 * x1
                    x2 = x2 * x2
                s.vic[a * k + c] = x1 / (x1 + x2)
    unary(_log_loop, _log_data, s.vic, s.logv, k * k)
    for c in range(k, width):
        s.row[c] = 0.0
    for a in range(k):
        for c in range(k):
            s.row[c] = s.logv[a * k + c]
        s.lg[a] = row_sum(s.row, width)
    for a in range(k, width):
        s.lg[a] = -INFINITY
    # logs.max(): NaN propagates
    top = s.lg[0]
    nan_top = top != top
    for a in range(1, width):
        if s.lg[a] != s.lg[a]:
            nan_top = True
        elif s.lg[a] > top:
            top = s.lg[a]
    if nan_top:
        top = NAN
    for a in range(width):
        s.ex[a] = s.lg[a] - top
    unary(_exp_loop, _exp_data, s.ex, s.p, width)
    total = row_sum(s.p, width)
    for a in range(width):
        prob[a] = s.p[a] / total


cdef struct Draw:
    # one run's state of this step (after the assessment)
    f8 norms[NMAX]
    f8 s_total[NMAX]
    f8 weight[NMAX]
    f8 d[NMAX * NMAX]
    f8 neutral[NMAX * NMAX]
    f8 prob[NMAX]
    f8 risk[NMAX]
    f8 r_hat[NMAX * NMAX]
    f8 own[NMAX * NMAX]
    f8 u[NMAX * NMAX * NMAX]
    f8 gain[NMAX * NMAX]
    f8 odds[NMAX * NMAX]
    f8 v[NMAX]
    f8 av[NMAX]
    f8 utils[NMAX * SLOTS]
    f8 qprob[SLOTS]
    intp slots[SLOTS]


cdef struct Params:
    intp n
    intp dims
    int squarings
    int big_r_range
    int big_r_adjust
    int third_party
    int interp
    f8 tol


cdef void assess(const f8* x, const f8* sal, const f8* cap, intp calls, Params* q, Draw* st,
                 Election* el, f8* tmp) noexcept nogil:
    """``run.assess`` of one run (``calls`` runs assessed together)."""
    cdef intp n = q.n, dims = q.dims, i, j, k
    cdef f8 num, lo, hi, span, safe, r, ph
    cdef bint nan_seen
    for i in range(n):
        for k in range(dims):
            tmp[k] = sal[i * dims + k] * sal[i * dims + k]
        st.norms[i] = row_sum(tmp, dims)
        st.s_total[i] = row_sum(&sal[i * dims], dims)
        st.weight[i] = cap[i] * st.s_total[i]
    for i in range(n):
        for j in range(n):
            for k in range(dims):
                tmp[k] = (x[i * dims + k] - x[j * dims + k]) * sal[i * dims + k]
                tmp[k] = tmp[k] * tmp[k]
            num = row_sum(tmp, dims)
            st.d[i * n + j] = sqrt(num / st.norms[i]) if st.norms[i] > 0 else 0.0
            st.neutral[i * n + j] = utility(st.d[i * n + j], 0.0)
    pce(st.neutral, n, n, n, n, cap, calls, q.squarings, el, st.prob)
    # risk_from_probabilities (min and max propagate NaN)
    lo = st.prob[0]
    hi = st.prob[0]
    nan_seen = lo != lo
    for i in range(1, n):
        ph = st.prob[i]
        if ph != ph:
            nan_seen = True
        else:
            if ph < lo:
                lo = ph
            if ph > hi:
                hi = ph
    if nan_seen:
        lo = NAN
        hi = NAN
    span = hi - lo
    safe = span if span > 0 else 1.0
    for i in range(n):
        ph = st.prob[i]
        if q.big_r_range == 0:
            r = (ph - lo) / safe
        elif q.big_r_range == 1:
            r = (3.0 * ph - (hi + 2.0 * lo)) / (2.0 * safe)
        else:
            r = (2.0 * ph - (hi + lo)) / safe
        st.risk[i] = r if span > 0 else 0.0
    for i in range(n):  # r_hat[h, i], h = i below
        for j in range(n):
            ph = st.risk[i]  # r_h
            r = st.risk[j]  # r_i
            if q.big_r_adjust == 4:
                st.r_hat[i * n + j] = r + 0.0 * ph
            elif q.big_r_adjust == 3:
                st.r_hat[i * n + j] = (ph + 2.0 * r) / 3.0
            elif q.big_r_adjust == 2:
                st.r_hat[i * n + j] = (ph + r) / 2.0
            elif q.big_r_adjust == 1:
                st.r_hat[i * n + j] = (2.0 * ph + r) / 3.0
            else:
                st.r_hat[i * n + j] = ph + 0.0 * r
    for i in range(n):
        for j in range(n):
            st.own[i * n + j] = utility(st.d[i * n + j], st.r_hat[i * n + i])


cdef intp distinct(const f8* x, Params* q, bint* close, bint* rep, intp* rank,
                   f8* tmp) noexcept nogil:
    """``run.distinct_positions`` of one run; returns the number of distinct positions."""
    cdef intp n = q.n, dims = q.dims, i, j, k, m = 0
    for i in range(n):
        for j in range(n):
            for k in range(dims):
                tmp[k] = x[i * dims + k] - x[j * dims + k]
                tmp[k] = tmp[k] * tmp[k]
            close[i * n + j] = sqrt(row_sum(tmp, dims)) < q.tol
    for i in range(n):
        rep[i] = True
        for j in range(i):
            if close[i * n + j] and rep[j]:
                rep[i] = False
                break
        if rep[i]:
            m += 1
        rank[i] = m - 1
    return m


cdef void win_probabilities(const f8* x, const f8* cap, intp calls, Params* q, Draw* st,
                            Election* el, f8* tmp, f8* probs, intp* best) noexcept nogil:
    """``run.win_probabilities`` of one run (``calls`` runs with as many distinct positions)."""
    cdef intp n = q.n, i, j, m, last, top
    cdef bint close[NMAX * NMAX]
    cdef bint rep[NMAX]
    cdef intp rank[NMAX]
    cdef intp cols[NMAX]
    cdef f8 option_p[SLOTS]
    m = distinct(x, q, close, rep, rank, tmp)
    j = 0
    for i in range(n):
        if rep[i]:
            cols[j] = i
            j += 1
    for i in range(n):
        for j in range(m):
            st.utils[i * m + j] = st.own[i * n + cols[j]]
    pce(st.utils, m, n, m, m, cap, calls, q.squarings, el, option_p)
    for j in range(m, n):
        option_p[j] = 0.0
    for i in range(n):
        last = n - 1
        for j in range(n - 1, -1, -1):
            if close[i * n + j] and rep[j]:
                last = j
                break
        probs[i] = option_p[rank[last]]
    top = argmax(option_p, n)
    best[0] = 0
    for i in range(n):
        if rep[i] and rank[i] == top:
            best[0] = i
            break


cdef void targets(Params* q, Draw* st, intp* target, f8* odds_out) noexcept nogil:
    """``targets.own_view_targets`` of one run (``few.few_actor_challenges``' order)."""
    cdef intp n = q.n, h, a, t, i, j, k
    cdef f8 uii, uij, uji, ujj, wi, wj, c_i, c_j, ch_ij, ch_ji, both, uni, unj, unn
    cdef f8 c, den, p, b, du, net, total, p_ij, p_ji, win, lose, sj
    cdef f8* u = st.u
    for h in range(n):  # u[h, a, t] = utility(d[a, t], r_hat[h, a])
        for a in range(n):
            for t in range(n):
                u[(h * n + a) * n + t] = utility(st.d[a * n + t], st.r_hat[h * n + a])
    for i in range(n):
        uii = u[(i * n + i) * n + i]
        for j in range(n):
            uij = u[(i * n + i) * n + j]  # row
            uji = u[(i * n + j) * n + i]  # col
            ujj = u[(i * n + j) * n + j]  # diag
            wi = st.weight[i]
            wj = st.weight[j]
            c_i = wi * (uii - uij)
            c_j = wj * (uji - ujj)
            ch_ij = (MIN_CONTRIB + maximum0(c_i)) + maximum0(c_j)
            ch_ji = (MIN_CONTRIB + maximum0(-c_i)) + maximum0(-c_j)
            if q.third_party == 1:
                both = ch_ij + ch_ji
                for k in range(n):
                    uni = u[(i * n + k) * n + i]
                    unj = u[(i * n + k) * n + j]
                    unn = u[(i * n + k) * n + k]
                    c = (uni - unj) * st.weight[k]
                    den = fabs(c) + both
                    p = (maximum0(c) + ch_ij) / den
                    b = unj - unn
                    du = (unn - uni) - b
                    du = du * p
                    du = du + b
                    st.v[k] = du * st.weight[k]
                st.v[i] = 0.0
                st.v[j] = 0.0
                for k in range(n):
                    st.av[k] = fabs(st.v[k])
                net = row_sum(st.v, n)
                total = row_sum(st.av, n)
                ch_ij, ch_ji = ch_ij + (total + net) / 2, ch_ji + (total - net) / 2
            p_ij = ch_ij / (ch_ij + ch_ji)
            p_ji = ch_ji / (ch_ij + ch_ji)
            win = uii + uii
            lose = uij + uij
            sj = st.s_total[j]
            st.odds[i * n + j] = p_ij
            if i == j:
                st.gain[i * n + j] = -INFINITY
            else:
                st.gain[i * n + j] = ((1 - sj) * win + sj * (p_ij * win + p_ji * lose)) - (
                    uii + uij
                )
        t = argmax(&st.gain[i * n], n)
        odds_out[i] = st.odds[i * n + t]
        target[i] = t if st.gain[i * n + t] > MIN_GAIN else -1


cdef void bargains(const f8* x, const f8* sal, Params* q, const intp* target,
                   const f8* odds, f8* b_init, f8* b_rcvr) noexcept nogil:
    """``resolve.make_bargains`` (InitOnlyInterp) of one run: ``challenge.interpolate``."""
    cdef intp n = q.n, dims = q.dims, i, j, k
    cdef f8 pi, pj, xi, xj, si, sj, wi, wj, den, di, dj, si2, sj2, dik, djk
    for i in range(n):
        j = target[i]
        if j < 0:
            for k in range(dims):
                b_init[i * dims + k] = NAN
                b_rcvr[i * dims + k] = NAN
            continue
        pi = odds[i]
        pj = 1 - pi
        for k in range(dims):
            xi = x[i * dims + k]
            xj = x[j * dims + k]
            si = sal[i * dims + k]
            sj = sal[j * dims + k]
            if q.interp == 2:  # S2PMax
                di = pj - pi if pj > pi else 0.0
                dj = pi - pj if pi > pj else 0.0
                si2 = si * si
                sj2 = sj * sj
                dik = (di * sj2) / (((di * sj2) + MIN_WEIGHT) + ((1 - di) * si2))
                djk = (dj * si2) / (((dj * si2) + MIN_WEIGHT) + ((1 - dj) * sj2))
                b_init[i * dims + k] = xi + dik * (xj - xi)
                b_rcvr[i * dims + k] = xj + djk * (xi - xj)
                continue
            if q.interp == 1:  # S2P2
                wi = (si * si) * (pi * pi)
                wj = (sj * sj) * (pj * pj)
            else:  # S1P1
                wi = si * pi
                wj = sj * pj
            den = (wi + MIN_WEIGHT) + wj
            b_init[i * dims + k] = round4(((wi + MIN_WEIGHT) * xi + wj * xj) / den)
            b_rcvr[i * dims + k] = round4((wi * xi + (MIN_WEIGHT + wj) * xj) / den)


cdef f8 position_utility(const f8* x, const f8* sal, Params* q, Draw* st, intp a,
                         const f8* point, f8* tmp) noexcept nogil:
    """``resolve._position_utility``: a's utility (true risk attitude) of ``point``."""
    cdef intp dims = q.dims, k
    cdef f8 num, dist
    for k in range(dims):
        tmp[k] = (x[a * dims + k] - point[k]) * sal[a * dims + k]
        tmp[k] = tmp[k] * tmp[k]
    num = row_sum(tmp, dims)
    dist = sqrt(num / st.norms[a]) if st.norms[a] > 0 else 0.0
    return utility(dist, st.risk[a])


cdef void table_of(const f8* x, const f8* sal, Params* q, Draw* st, const intp* target,
                   const f8* b_init, const f8* b_rcvr, f8* table, f8* tmp) noexcept nogil:
    """``resolve.option_utilities`` of one run: ``table[(a * n + i) * 2 + sub]``."""
    cdef intp n = q.n, dims = q.dims, a, i, t
    cdef f8 row, kept, moved
    for a in range(n):
        row = st.own[a * n]
        for t in range(1, n):  # cumsum: added in order
            row = row + st.own[a * n + t]
        for i in range(n):
            table[(a * n + i) * 2] = row / n
            if target[i] < 0:
                table[(a * n + i) * 2 + 1] = NAN
                continue
            kept = (row - st.own[a * n + i]) - st.own[a * n + target[i]]
            moved = position_utility(x, sal, q, st, a, &b_init[i * dims], tmp) + (
                position_utility(x, sal, q, st, a, &b_rcvr[i * dims], tmp)
            )
            table[(a * n + i) * 2 + 1] = (kept + moved) / n


cdef intp queue(intp n, intp k, const intp* target, intp* slots) noexcept nogil:
    """Actor k's queue slots (``resolve.queue_slots``) in order, then the other slots in
    order (numpy's padding); returns the queue's length."""
    cdef intp i, sub, slot, m = 0, rest
    cdef bint valid
    for slot in range(2 * n):
        i = slot // 2
        sub = slot % 2
        valid = (i == k) if sub == 0 else (target[i] >= 0 and (i == k or target[i] == k))
        if valid:
            slots[m] = slot
            m += 1
    rest = m
    for slot in range(2 * n):
        i = slot // 2
        sub = slot % 2
        valid = (i == k) if sub == 0 else (target[i] >= 0 and (i == k or target[i] == k))
        if not valid:
            slots[rest] = slot
            rest += 1
    return m


cdef inline int length_group(intp count) noexcept nogil:
    """``ceil(log2(count))`` for counts 1 to 8."""
    if count <= 1:
        return 0
    if count == 2:
        return 1
    if count <= 4:
        return 2
    return 3


def simulate_batch(
    f8[:, :, ::1] x,
    const f8[:, :, ::1] sal,
    const f8[:, ::1] cap,
    int squarings,
    int big_r_range,
    int big_r_adjust,
    int third_party,
    int interp,
    intp min_steps,
    intp max_steps,
    f8 min_delta_ratio,
    f8 min_sig_delta,
    f8 tol,
    f8[:, ::1] final_p,
    f8[:, ::1] final_r,
    intp[::1] states,
    intp[::1] best,
):
    """``simulate(x, sal, cap, params, record=False)`` for 2 to 7 actors: ``x`` ``(B, n, D)``
    is advanced to the final positions in place; ``final_p``/``final_r`` ``(B, n)`` (win
    probabilities and risk attitudes of the final state), ``states`` and ``best`` ``(B,)``
    are filled. ``squarings`` is 0, 1, 2, 3 for Linear, Square, Quartic, Octic; the other
    codes are KTAB's (``params``)."""
    cdef intp bsz = x.shape[0], n = x.shape[1], dims = x.shape[2]
    if n < 2 or n > NMAX:
        raise ValueError(f"simulate_batch takes 2 to {NMAX} actors, not {n}")
    if cap.shape[0] != bsz or cap.shape[1] != n or sal.shape[0] != bsz:
        raise ValueError("shapes of x, sal and cap differ")
    cdef Params q
    q.n = n
    q.dims = dims
    q.squarings = squarings
    q.big_r_range = big_r_range
    q.big_r_adjust = big_r_adjust
    q.third_party = third_party
    q.interp = interp
    q.tol = tol
    cdef intp nd = n * dims
    cdef char* done = <char*> malloc(bsz * 2)
    cdef f8* first = <f8*> malloc(bsz * sizeof(f8))
    cdef f8* table = <f8*> malloc(bsz * n * n * 2 * sizeof(f8))
    cdef f8* b_init = <f8*> malloc(bsz * nd * sizeof(f8))
    cdef f8* b_rcvr = <f8*> malloc(bsz * nd * sizeof(f8))
    cdef intp* target = <intp*> malloc(bsz * n * sizeof(intp))
    cdef intp* counts = <intp*> malloc(bsz * n * sizeof(intp))
    cdef f8* tmp = <f8*> malloc((dims + 1) * sizeof(f8))
    cdef f8* newx = <f8*> malloc((nd + n + 1) * sizeof(f8))
    cdef Draw* st = <Draw*> malloc(sizeof(Draw))
    cdef Election* el = <Election*> malloc(sizeof(Election))
    if (done == NULL or first == NULL or table == NULL or b_init == NULL or b_rcvr == NULL
            or target == NULL or counts == NULL or tmp == NULL or newx == NULL or st == NULL
            or el == NULL):
        free(done); free(first); free(table); free(b_init); free(b_rcvr); free(target)
        free(counts); free(tmp); free(newx); free(st); free(el)
        raise MemoryError()
    cdef char* stop = done + bsz
    cdef f8* dist = newx + nd
    cdef intp b, i, k, t, g, m, active, going, pick, slot, ii, sub, j
    cdef intp tally[NMAX + 1]
    cdef intp sizes[4]
    cdef intp widths[4]
    cdef long long separate, merged
    cdef int nonzero
    cdef bint close[NMAX * NMAX]
    cdef bint rep[NMAX]
    cdef intp rank[NMAX]
    cdef f8 odds[NMAX]
    cdef f8 move, ratio
    try:
        with nogil:
            for b in range(bsz):
                done[b] = 0
                stop[b] = 0
                states[b] = 1
                first[b] = 0.0
                for i in range(n):
                    final_p[b, i] = NAN
                    final_r[b, i] = NAN
                best[b] = 0
            t = 0
            while True:
                active = 0
                for m in range(n + 1):
                    tally[m] = 0
                for b in range(bsz):
                    if not done[b]:
                        active += 1
                        if stop[b]:
                            tally[distinct(&x[b, 0, 0], &q, close, rep, rank, tmp)] += 1
                if active == 0:
                    break
                going = 0
                for b in range(bsz):
                    if done[b]:
                        continue
                    assess(&x[b, 0, 0], &sal[b, 0, 0], &cap[b, 0], active, &q, st, el, tmp)
                    if stop[b]:
                        m = distinct(&x[b, 0, 0], &q, close, rep, rank, tmp)
                        win_probabilities(&x[b, 0, 0], &cap[b, 0], tally[m], &q, st, el, tmp,
                                          &final_p[b, 0], &best[b])
                        for i in range(n):
                            final_r[b, i] = st.risk[i]
                        done[b] = 1
                        continue
                    going += 1
                    targets(&q, st, &target[b * n], odds)
                    bargains(&x[b, 0, 0], &sal[b, 0, 0], &q, &target[b * n], odds,
                             &b_init[b * nd], &b_rcvr[b * nd])
                    table_of(&x[b, 0, 0], &sal[b, 0, 0], &q, st, &target[b * n],
                             &b_init[b * nd], &b_rcvr[b * nd], &table[b * n * n * 2], tmp)
                    for k in range(n):
                        counts[b * n + k] = queue(n, k, &target[b * n], st.slots)
                if going == 0:
                    break
                # resolve._length_groups over every queue of the step
                for g in range(4):
                    sizes[g] = 0
                    widths[g] = 0
                for b in range(bsz):
                    if done[b]:
                        continue
                    for k in range(n):
                        m = counts[b * n + k]
                        g = length_group(m)
                        sizes[g] += 1
                        if m > widths[g]:
                            widths[g] = m
                separate = 0
                nonzero = 0
                for g in range(4):
                    separate += (<long long> sizes[g]) * n * (1 << (2 * g))
                    if sizes[g] > 0:
                        nonzero += 1
                merged = (<long long> going) * n * n * 64
                if merged - separate < (<long long> BLOCK) * 4 * (nonzero - 1):
                    for g in range(3):
                        sizes[3] += sizes[g]
                        if widths[g] > widths[3]:
                            widths[3] = widths[g]
                        sizes[g] = 0
                for b in range(bsz):
                    if done[b]:
                        continue
                    for k in range(n):
                        m = queue(n, k, &target[b * n], st.slots)
                        g = length_group(m)
                        if sizes[g] == 0:
                            g = 3
                        for i in range(n):
                            for j in range(m):
                                st.utils[i * m + j] = table[b * n * n * 2 + i * n * 2
                                                            + st.slots[j]]
                        pce(st.utils, m, n, m, widths[g], &cap[b, 0], sizes[g], q.squarings,
                            el, st.qprob)
                        pick = argmax(st.qprob, widths[g])
                        slot = st.slots[pick]
                        ii = slot // 2
                        sub = slot % 2
                        for j in range(dims):
                            if sub == 0:
                                newx[k * dims + j] = x[b, k, j]
                            elif ii == k:
                                newx[k * dims + j] = b_init[b * nd + ii * dims + j]
                            else:
                                newx[k * dims + j] = b_rcvr[b * nd + ii * dims + j]
                    for k in range(n):
                        for j in range(dims):
                            tmp[j] = newx[k * dims + j] - x[b, k, j]
                            tmp[j] = tmp[j] * tmp[j]
                        dist[k] = sqrt(row_sum(tmp, dims))
                    move = row_sum(dist, n)
                    for k in range(n):
                        for j in range(dims):
                            x[b, k, j] = newx[k * dims + j]
                    states[b] += 1
                    if t == 0:
                        first[b] = move + min_sig_delta
                    ratio = move / first[b]
                    stop[b] = (t + 1 >= max_steps) or (
                        t + 1 >= min_steps and ratio < min_delta_ratio
                    )
                t += 1
    finally:
        free(done); free(first); free(table); free(b_init); free(b_rcvr); free(target)
        free(counts); free(tmp); free(newx); free(st); free(el)
