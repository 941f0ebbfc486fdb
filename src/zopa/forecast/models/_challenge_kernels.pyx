# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""The challenge model's Monte Carlo batch in C, giving numpy's bits (see ``compiled.py``).

:func:`run_batch` solves every draw of one issue to its end, round after round, with the
operations :func:`zopa.forecast.models.challenge_kernel.run_challenge` performs on that draw,
in the same order: IEEE additions, products and quotients round alike in C and in numpy's
loops; the sums of ``sum_in_order`` add in index order; ``np.exp``, ``np.log`` and
``np.power`` are numpy's own loops, called through the ufuncs' function pointers (numpy's
SIMD code rounds some values differently from the C library's). The module is built without
floating-point contraction (``-ffp-contract=off``), so no product and sum are fused.

Inputs on which a selection between ``0.0`` and ``-0.0`` or a NaN could decide a result
(signed zero positions or bounds, non-finite or huge values, positions outside the scale with
its fixed range) are left to the numpy code: :func:`run_batch` then returns False.
"""

cimport numpy as cnp
import numpy as np
from libc.math cimport fabs, INFINITY
from libc.stdlib cimport free, malloc

cnp.import_array()
cnp.import_umath()

from zopa.kernels._numpy_bits cimport f8, find_loop, intp, loop_t, maximum0, unary

cdef extern from "fenv.h" nogil:
    int feclearexcept(int)
    int FE_ALL_EXCEPT

cdef extern from "math.h" nogil:
    bint signbit(double)
    bint isfinite(double)

#: Expected utilities closer to 0 than this are 0 (``challenge_kernel.EU_ZERO``).
cdef f8 EU_ZERO = 1e-12
#: Inputs larger than this in magnitude are left to numpy (no sum can overflow below it).
cdef f8 HUGE = 1e100

cdef loop_t EXP = NULL
cdef loop_t LOG = NULL
cdef loop_t POW = NULL
cdef void* EXP_DATA = NULL
cdef void* LOG_DATA = NULL
cdef void* POW_DATA = NULL


EXP = find_loop(np.exp, 1, &EXP_DATA)
LOG = find_loop(np.log, 1, &LOG_DATA)
POW = find_loop(np.power, 2, &POW_DATA)


cdef inline void half_power(f8* r, f8* dst, intp m) noexcept nogil:
    """``dst[:m] = 0.5 ** r[:m]`` by numpy's power loop, as numpy calls it for a scalar base."""
    cdef f8 half = 0.5
    cdef char* args[3]
    cdef cnp.npy_intp dims[1]
    cdef cnp.npy_intp steps[3]
    args[0] = <char*> &half
    args[1] = <char*> r
    args[2] = <char*> dst
    dims[0] = m
    steps[0] = 0
    steps[1] = sizeof(f8)
    steps[2] = sizeof(f8)
    POW(args, dims, steps, POW_DATA)


cdef struct Opts:
    bint fixed  # range_mode == "fixed"
    bint risk
    bint responder  # contest_salience == "responder" (A1)
    bint challengers  # security == "challengers" (A2)
    bint text  # upper_hand == "text" (A3)
    bint highest  # accept == "highest_eu" (A4)
    int conflict  # 0 none, 1 concede, 2 compromise
    intp max_rounds
    bint median_stop  # stop == "median"
    f8 settle  # tolerance times the scale width
    intp patience
    bint median_outcome  # outcome == "median"
    f8 q
    f8 lo
    f8 hi


cdef struct Work:
    intp n
    f8* x  # (n,) positions
    f8* xnew  # (n,)
    f8* w  # (n,) voting weights c * s
    f8* s  # (n,) saliences
    f8* f  # (n,) weighted distance sums
    f8* sec  # (n,)
    f8* r  # (n,) risk exponents
    f8* usq  # (n,) 2 - 4 * 0.5 ** r
    f8* dm  # (n,) |x - mu| / span
    f8* dist  # (n, n)
    f8* wd  # (n, n) dist * w
    f8* p  # (n, n)
    f8* d  # (n, n) dist / span
    f8* eu  # (n, n)
    f8* base  # (3, n, n)
    f8* lg  # (3, n, n)
    f8* clipped  # (n,) offers to one target
    f8* first  # (n,)
    f8* second  # (n,)
    char* valid  # (n,)
    intp* pair  # (n, n) index of the unordered pair {i, j}, i != j, in row-major order of i < j


cdef f8 geometry(Work* k) noexcept nogil:
    """``challenge_kernel.geometry``: fills ``dist``, ``wd``, ``f``; returns ``mu``."""
    cdef intp n = k.n, a, b
    cdef f8 acc, best, thr, mu, m
    cdef f8* x = k.x
    for a in range(n):
        for b in range(n):
            k.dist[a * n + b] = fabs(x[a] - x[b])
            k.wd[a * n + b] = k.dist[a * n + b] * k.w[b]
    for a in range(n):
        acc = k.wd[a * n]
        for b in range(1, n):
            acc = acc + k.wd[a * n + b]
        k.f[a] = acc
    best = k.f[0]
    for a in range(1, n):
        if k.f[a] < best:
            best = k.f[a]
    m = fabs(best)
    if not (m >= 1.0):
        m = 1.0
    thr = best + 1e-12 * m
    mu = INFINITY
    for a in range(n):
        if k.f[a] <= thr and x[a] < mu:
            mu = x[a]
    return mu


cdef void win_probabilities(Work* k) noexcept nogil:
    """``challenge_kernel.win_probabilities``: fills ``p``."""
    cdef intp n = k.n, i, j, a
    cdef f8 fmax, lim, mins, u, v, den, fi, fj, pij
    fmax = k.f[0]
    for a in range(1, n):
        if k.f[a] > fmax:
            fmax = k.f[a]
    if not (fmax >= 1.0):
        fmax = 1.0
    lim = 1e-12 * fmax
    for i in range(n):
        k.p[i * n + i] = 0.5
    for i in range(n):
        for j in range(i + 1, n):
            mins = 0.0
            for a in range(n):
                u = k.wd[i * n + a]
                v = k.wd[j * n + a]
                mins += u if u <= v else v
            fi = k.f[i]
            fj = k.f[j]
            den = fi + fj - 2.0 * mins
            if den > lim:
                pij = 0.5 * (den + fj - fi) / den
            else:
                pij = 0.5
            k.p[i * n + j] = pij
            k.p[j * n + i] = 1.0 - pij


cdef void scaled(Work* k, f8 span, f8 mu, bint extra) noexcept nogil:
    """``d = dist / span`` (symmetric to the bit, as ``dist`` is) and, when ``extra`` (q != 1),
    ``dm = |x - mu| / span``."""
    cdef intp n = k.n, i, j
    cdef f8 v
    for i in range(n):
        k.d[i * n + i] = k.dist[i * n + i] / span
        for j in range(i + 1, n):
            v = k.dist[i * n + j] / span
            k.d[i * n + j] = v
            k.d[j * n + i] = v
        if extra:
            k.dm[i] = fabs(k.x[i] - mu) / span


cdef void expected_utilities(Work* k, bint with_r, Opts* o) noexcept nogil:
    """``challenge_kernel.expected_utilities`` into ``eu`` from ``d`` and ``dm`` (:func:`scaled`),
    with ``r`` when ``with_r``.

    ``|x_i - x_j|`` is ``|x_j - x_i|`` to the bit, so ``log`` of the bases of ``U_s`` and ``U_f``
    is taken once per unordered pair (``pair``); the powers and the no-challenge branch's bases
    (which depend on ``i``) once per ordered pair ``i != j``, in row-major order (``o``).
    """
    cdef intp n = k.n, nn = n * n, i, j, ij, q, oo, lm
    cdef intp pairs = n * (n - 1) // 2, m = n * (n - 1)
    cdef f8 dd, drift, sigma, us, uf, e, ut, usq0, ri
    cdef bint extra = o.q != 1.0
    if with_r:
        # logs of max(base, 0): [U_s bases by pair | U_f bases by pair | branch bases by o]
        for i in range(n):
            for j in range(i + 1, n):
                q = k.pair[i * n + j]
                dd = k.d[i * n + j]
                k.base[q] = maximum0(0.5 - 0.5 * dd)
                k.base[pairs + q] = maximum0(0.5 + 0.5 * dd)
        lm = 2 * pairs
        if extra:
            oo = 0
            for i in range(n):
                for j in range(n):
                    if i != j:
                        dd = k.d[i * n + j]
                        drift = 0.25 * (k.dm[i] + dd)
                        k.base[lm + oo] = maximum0(
                            0.5 - drift if k.dm[i] < dd else 0.5 + drift
                        )
                        oo += 1
            lm = lm + m
        unary(LOG, LOG_DATA, k.base, k.lg, lm)
        # r_i * log(base) by ordered pair: [U_s | U_f | branch], then exp
        oo = 0
        for i in range(n):
            ri = k.r[i]
            for j in range(n):
                if i != j:
                    q = k.pair[i * n + j]
                    k.base[oo] = ri * k.lg[q]
                    k.base[m + oo] = ri * k.lg[pairs + q]
                    if extra:
                        k.base[2 * m + oo] = ri * k.lg[2 * pairs + oo]
                    oo += 1
        unary(EXP, EXP_DATA, k.base, k.lg, 3 * m if extra else 2 * m)
        half_power(k.r, k.usq, n)
        for i in range(n):
            k.usq[i] = 2.0 - 4.0 * k.usq[i]
    usq0 = 2.0 - 4.0 * 0.5
    oo = 0
    for i in range(n):
        for j in range(n):
            ij = i * n + j
            if i == j:
                k.eu[ij] = 0.0
                continue
            dd = k.d[ij]
            if with_r:
                us = 2.0 - 4.0 * k.lg[oo]
                uf = 2.0 - 4.0 * k.lg[m + oo]
            else:
                us = 2.0 - 4.0 * (0.5 - 0.5 * dd)
                uf = 2.0 - 4.0 * (0.5 + 0.5 * dd)
            sigma = k.s[j] if o.responder else k.s[i]
            e = us - sigma * (1.0 - k.p[ij]) * (us - uf)
            e = e - o.q * (k.usq[i] if with_r else usq0)
            if extra:
                if with_r:
                    ut = 2.0 - 4.0 * k.lg[2 * m + oo]
                else:
                    drift = 0.25 * (k.dm[i] + dd)
                    ut = 2.0 - 4.0 * (0.5 - drift if k.dm[i] < dd else 0.5 + drift)
                e = e - (1.0 - o.q) * ut
            if fabs(e) < EU_ZERO:
                e = 0.0
            k.eu[ij] = e
            oo += 1


cdef void risk_exponents(Work* k, Opts* o) noexcept nogil:
    """``challenge_kernel.risk_exponents`` into ``r``."""
    cdef intp n = k.n, i, j
    cdef f8 acc, hi, lo, width, big_r
    for j in range(n):
        if o.challengers:  # column sums, i = 0, 1, ...
            acc = k.eu[j]
            for i in range(1, n):
                acc = acc + k.eu[i * n + j]
        else:  # row sums
            acc = k.eu[j * n]
            for i in range(1, n):
                acc = acc + k.eu[j * n + i]
        k.sec[j] = acc
    hi = k.sec[0]
    lo = k.sec[0]
    for j in range(1, n):
        if k.sec[j] > hi:
            hi = k.sec[j]
        if k.sec[j] < lo:
            lo = k.sec[j]
    width = hi - lo
    for j in range(n):
        if width > 0:
            big_r = (2.0 * k.sec[j] - hi - lo) / width
        else:
            big_r = 0.0
        k.r[j] = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)


cdef void offers_and_accept(Work* k, Opts* o) noexcept nogil:
    """``challenge_kernel.offers`` and ``accept`` into ``xnew``: each target's new position."""
    cdef intp n = k.n, t, pp, pick
    cdef f8 a, b, frac, step, pos, best, tol, m, bv, xt, mv
    cdef bint any_valid, pos_a, conceding
    for t in range(n):
        xt = k.x[t]
        any_valid = False
        for pp in range(n):
            a = k.eu[pp * n + t]  # the proposer's EU
            b = k.eu[t * n + pp]  # the target's EU
            pos_a = a > 0
            conceding = o.conflict != 0 and pos_a and b > 0 and a > b
            k.valid[pp] = pp != t and ((pos_a and b < 0) or conceding)
            if not k.valid[pp]:
                continue
            any_valid = True
            if o.conflict == 1 and conceding:
                frac = 1.0
            else:  # np.minimum(1.0, |b| / a), a > 0
                frac = fabs(b) / a
                if frac >= 1.0:
                    frac = 1.0
            step = (k.x[pp] - xt) * frac
            if o.text and pp > t:
                step = -step
            pos = xt + step
            # np.clip: min(max(pos, lo), hi)
            if not (pos > o.lo):
                pos = o.lo
            if not (pos < o.hi):
                pos = o.hi
            k.clipped[pp] = pos
            mv = fabs(pos - xt)
            if o.highest:
                k.first[pp] = a
                k.second[pp] = -mv
            else:
                k.first[pp] = -mv
                k.second[pp] = a
        if not any_valid:
            k.xnew[t] = xt
            continue
        best = -INFINITY
        for pp in range(n):
            if k.valid[pp] and k.first[pp] > best:
                best = k.first[pp]
        m = fabs(best)
        if not (m >= 1.0):
            m = 1.0
        tol = 1e-12 * m
        pick = -1
        bv = -INFINITY
        for pp in range(n):
            if k.valid[pp] and k.first[pp] >= best - tol:
                if pick < 0 or k.second[pp] > bv:
                    pick = pp
                    bv = k.second[pp]
        k.xnew[t] = k.clipped[pick]


cdef f8 solve(Work* k, Opts* o) noexcept nogil:
    """One draw of ``run_challenge`` to its end; its outcome."""
    cdef intp n = k.n, rnd, i, calm = 0
    cdef f8 mu, mu_new, lo, hi, span, total, num
    cdef f8* swap
    mu = geometry(k)
    for rnd in range(o.max_rounds):
        if o.fixed:
            span = o.hi - o.lo
        else:
            lo = k.x[0]
            hi = k.x[0]
            for i in range(1, n):
                if k.x[i] > hi:
                    hi = k.x[i]
                if k.x[i] < lo:
                    lo = k.x[i]
            span = hi - lo
            if not (span > 0):
                span = 1.0
        win_probabilities(k)
        scaled(k, span, mu, o.q != 1.0)
        expected_utilities(k, False, o)
        if o.risk:
            risk_exponents(k, o)
            expected_utilities(k, True, o)
        offers_and_accept(k, o)
        swap = k.x
        k.x = k.xnew
        k.xnew = swap
        mu_new = geometry(k)
        if o.median_stop:
            if fabs(mu_new - mu) < o.settle:
                calm += 1
            else:
                calm = 0
            mu = mu_new
            if calm >= o.patience:
                break
        else:
            mu = mu_new
    if o.median_outcome:
        return mu
    total = k.w[0]
    num = k.w[0] * k.x[0]
    for i in range(1, n):
        total = total + k.w[i]
        num = num + k.w[i] * k.x[i]
    return num / (total if total > 0 else 1.0)


cdef bint plain(f8 v) noexcept nogil:
    """Finite, not huge, and not -0.0."""
    return isfinite(v) and fabs(v) <= HUGE and not (v == 0.0 and signbit(v))


def run_batch(
    const f8[:, ::1] x0,
    const f8[:, ::1] c,
    const f8[:, ::1] s,
    f8 lo,
    f8 hi,
    bint fixed,
    bint risk,
    bint responder,
    bint challengers,
    bint text,
    bint highest,
    int conflict,
    intp max_rounds,
    bint median_stop,
    f8 settle,
    intp patience,
    bint median_outcome,
    f8 q,
    f8[::1] out,
):
    """Outcomes of ``run_challenge`` for the draws ``x0``, ``c``, ``s`` ``(draws, n)`` (positions,
    capabilities, saliences; draws first) into ``out``; the options are those of
    ``ChallengeOptions``, ``settle`` is the tolerance times the scale width. Returns False,
    writing nothing, on inputs left to the numpy code (module docstring)."""
    cdef intp draws = x0.shape[0], n = x0.shape[1], nn, g, i, j
    cdef Opts o
    cdef Work k
    cdef f8* mem
    cdef bint ok = True
    if n == 0 or c.shape[0] != draws or s.shape[0] != draws or out.shape[0] != draws:
        return False
    if c.shape[1] != n or s.shape[1] != n:
        return False
    if not (plain(lo) and plain(hi) and lo < hi and plain(q) and isfinite(settle)):
        return False
    if max_rounds < 1 or patience < 1 or conflict < 0 or conflict > 2:
        return False
    o.fixed = fixed
    o.risk = risk
    o.responder = responder
    o.challengers = challengers
    o.text = text
    o.highest = highest
    o.conflict = conflict
    o.max_rounds = max_rounds
    o.median_stop = median_stop
    o.settle = settle
    o.patience = patience
    o.median_outcome = median_outcome
    o.q = q
    o.lo = lo
    o.hi = hi
    with nogil:
        for g in range(draws):
            for i in range(n):
                if not (plain(x0[g, i]) and plain(c[g, i]) and plain(s[g, i])):
                    ok = False
                elif fixed and not (lo <= x0[g, i] <= hi):
                    ok = False
    if not ok:
        return False
    nn = n * n
    mem = <f8*> malloc((12 * n + 11 * nn) * sizeof(f8) + nn * sizeof(intp) + n)
    if mem == NULL:
        raise MemoryError()
    k.n = n
    k.x = mem
    k.xnew = mem + n
    k.w = mem + 2 * n
    k.s = mem + 3 * n
    k.f = mem + 4 * n
    k.sec = mem + 5 * n
    k.r = mem + 6 * n
    k.usq = mem + 7 * n
    k.dm = mem + 8 * n
    k.clipped = mem + 9 * n
    k.first = mem + 10 * n
    k.second = mem + 11 * n
    k.dist = mem + 12 * n
    k.wd = k.dist + nn
    k.p = k.wd + nn
    k.d = k.p + nn
    k.eu = k.d + nn
    k.base = k.eu + nn
    k.lg = k.base + 3 * nn
    k.pair = <intp*> (k.lg + 3 * nn)
    k.valid = <char*> (k.pair + nn)
    g = 0
    for i in range(n):
        k.pair[i * n + i] = -1
        for j in range(i + 1, n):
            k.pair[i * n + j] = g
            k.pair[j * n + i] = g
            g += 1
    try:
        with nogil:
            for g in range(draws):
                for i in range(n):
                    k.x[i] = x0[g, i]
                    k.s[i] = s[g, i]
                    k.w[i] = c[g, i] * s[g, i]
                out[g] = solve(&k, &o)
            # log(0) raised the divide-by-zero flag, which the numpy code ignores (np.errstate)
            feclearexcept(FE_ALL_EXCEPT)
    finally:
        free(mem)
    return True
