# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""Compiled bisection of the Nash model, giving numpy's bits (see ``compiled.py``).

:func:`bisect` finds what :func:`zopa.forecast.models.nash._bisect` finds: every halving
computes the numbers the numpy code computes for each draw and actor, by the same operations
in the same order (IEEE products, differences and quotients round alike in C and in numpy's
loops), and sums them over actors as numpy does: in index order below
:data:`zopa.kernels.rowsum.SEQUENTIAL_TERMS` actors, numpy's pairwise summation of the row
from there up. The module is built without floating-point contraction
(``-ffp-contract=off``), so no product and sum are fused.

Draws are solved :data:`BLOCK` at a time, each to its last halving, with the block's numbers
laid out actor by actor so that the loops over the block's draws are vector loops.
:func:`outcomes_worst` does the same for every issue of a batch with the default disagreement
point, computing what :func:`zopa.forecast.models.nash.nash_outcome` computes around the
bisection (the scale, the reach, the outcome) as it computes it.
"""

from libc.math cimport INFINITY
from libc.stdlib cimport free, malloc

from zopa.kernels._numpy_bits cimport f8, intp, pairwise

# The halving's arithmetic on two draws at a time, written with GCC's vector extensions (each
# lane rounds as the scalar operation does; no lane is fused or reordered). A mask keeps a
# lane's value where the condition holds and gives +0.0 elsewhere, as ``np.copyto(slope, 0.0,
# where=...)``; ``np.sign`` and ``np.abs`` are written out on the lanes' bits.
cdef extern from *:
    """
    #include <string.h>
    #define ZOPA_NASH_BLOCK 8
    #define ZOPA_NAN_OR_AT_LEAST(x, y) ((x) >= (y) || (x) != (x))
    typedef double zopa_v2 __attribute__((vector_size(16)));
    typedef long long zopa_m2 __attribute__((vector_size(16)));

    static inline zopa_v2 zopa_load(const double* p) { zopa_v2 v; memcpy(&v, p, 16); return v; }
    static inline void zopa_store(double* p, zopa_v2 v) { memcpy(p, &v, 16); }
    static inline zopa_v2 zopa_keep(zopa_m2 m, zopa_v2 v) { return (zopa_v2)(m & (zopa_m2)v); }
    static inline zopa_v2 zopa_pick(zopa_m2 m, zopa_v2 a, zopa_v2 b) {
        return (zopa_v2)((m & (zopa_m2)a) | (~m & (zopa_m2)b));
    }

    /* mid = (a + b) * 0.5 */
    static inline void zopa_nash_mid(const double* a, const double* b, double* mid) {
        for (int j = 0; j < ZOPA_NASH_BLOCK; j += 2)
            zopa_store(mid + j, (zopa_load(a + j) + zopa_load(b + j)) * 0.5);
    }

    /* quadratic loss: d = mid - x, gain = reach - d*d, slope = (w2*d)/gain where gain > 0 */
    static inline void zopa_nash_quadratic(const double* mid, const double* x,
            const double* w2, const double* reach, double* slope) {
        const zopa_v2 zero = {0.0, 0.0};
        for (int j = 0; j < ZOPA_NASH_BLOCK; j += 2) {
            zopa_v2 d = zopa_load(mid + j) - zopa_load(x + j);
            zopa_v2 g = zopa_load(reach + j) - d * d;
            zopa_v2 q = (zopa_load(w2 + j) * d) / g;
            zopa_store(slope + j, zopa_keep(g > zero, q));
        }
    }

    /* linear loss: d = mid - x, gain = reach - |d|, slope = (w*-sign(d))/gain where gain > 0 */
    static inline void zopa_nash_linear(const double* mid, const double* x,
            const double* w, const double* reach, double* slope) {
        const zopa_v2 zero = {0.0, 0.0}, one = {1.0, 1.0};
        const zopa_m2 magnitude = {0x7fffffffffffffffLL, 0x7fffffffffffffffLL};
        for (int j = 0; j < ZOPA_NASH_BLOCK; j += 2) {
            zopa_v2 d = zopa_load(mid + j) - zopa_load(x + j);
            zopa_m2 pos = d > zero, neg = d < zero, eq = d == zero;
            /* np.sign: 1, -1, +0.0 for either zero, the NaN itself */
            zopa_v2 sg = (zopa_v2)((pos & (zopa_m2)one) | (neg & (zopa_m2)(-one))
                                   | (~(pos | neg | eq) & (zopa_m2)d));
            zopa_v2 g = zopa_load(reach + j) - (zopa_v2)((zopa_m2)d & magnitude);
            zopa_v2 q = (zopa_load(w + j) * -sg) / g;
            zopa_store(slope + j, zopa_keep(g > zero, q));
        }
    }

    /* total += slope */
    static inline void zopa_nash_add(double* total, const double* slope) {
        for (int j = 0; j < ZOPA_NASH_BLOCK; j += 2)
            zopa_store(total + j, zopa_load(total + j) + zopa_load(slope + j));
    }

    /* a = mid where total > 0, b = mid elsewhere */
    static inline void zopa_nash_halve(const double* total, const double* mid,
            double* a, double* b) {
        const zopa_v2 zero = {0.0, 0.0};
        for (int j = 0; j < ZOPA_NASH_BLOCK; j += 2) {
            zopa_m2 rising = zopa_load(total + j) > zero;
            zopa_v2 m = zopa_load(mid + j);
            zopa_store(a + j, zopa_pick(rising, m, zopa_load(a + j)));
            zopa_store(b + j, zopa_pick(rising, zopa_load(b + j), m));
        }
    }
    """
    enum: ZOPA_NASH_BLOCK
    bint ZOPA_NAN_OR_AT_LEAST(f8 x, f8 y) noexcept nogil
    void zopa_nash_mid(const f8* a, const f8* b, f8* mid) noexcept nogil
    void zopa_nash_quadratic(
        const f8* mid, const f8* x, const f8* w2, const f8* reach, f8* slope
    ) noexcept nogil
    void zopa_nash_linear(
        const f8* mid, const f8* x, const f8* w, const f8* reach, f8* slope
    ) noexcept nogil
    void zopa_nash_add(f8* total, const f8* slope) noexcept nogil
    void zopa_nash_halve(const f8* total, const f8* mid, f8* a, f8* b) noexcept nogil

#: Draws solved side by side.
BLOCK = ZOPA_NASH_BLOCK


cdef void solve_block(
    const f8* xs,
    const f8* wk,
    const f8* reach,
    f8* slope,
    f8* a,
    f8* b,
    intp n,
    bint quadratic,
    int iterations,
) noexcept nogil:
    """Bisect the block's draws, whose numbers are laid out actor by actor, ``(n, BLOCK)``:
    ``xs``, ``wk`` (``-2 w`` for quadratic loss, ``w`` for linear loss) and ``reach`` (-inf
    for an actor without weight), from the intervals ``[a, b]``, in place. The sum over
    actors adds whole rows in index order below 8 actors (numpy's order for so few terms, and
    the numpy code's actor-by-actor layout), and is numpy's pairwise sum of each draw's row
    from there up, added to 0.0 as ``np.sum`` does."""
    cdef intp i, j, k
    cdef int it
    cdef f8 mid[ZOPA_NASH_BLOCK]
    cdef f8 total[ZOPA_NASH_BLOCK]
    for it in range(iterations):
        zopa_nash_mid(a, b, mid)
        for i in range(n):
            k = i * ZOPA_NASH_BLOCK
            if quadratic:
                zopa_nash_quadratic(mid, xs + k, wk + k, reach + k, slope + k)
            else:
                zopa_nash_linear(mid, xs + k, wk + k, reach + k, slope + k)
        if n == 0:
            for j in range(ZOPA_NASH_BLOCK):
                total[j] = 0.0
        elif n < 8:
            for j in range(ZOPA_NASH_BLOCK):
                total[j] = slope[j]
            for i in range(1, n):
                zopa_nash_add(total, slope + i * ZOPA_NASH_BLOCK)
        else:
            for j in range(ZOPA_NASH_BLOCK):
                total[j] = 0.0 + pairwise(slope + j, n, ZOPA_NASH_BLOCK)
        zopa_nash_halve(total, mid, a, b)


def bisect(
    const f8[:, ::1] xs,
    const f8[:, ::1] w,
    const f8[:, ::1] reach,
    const f8[::1] left,
    const f8[::1] right,
    f8 power,
    int iterations,
    f8[::1] out,
):
    """``nash._bisect(xs, w, reach, left, right, power, iterations)`` into ``out``, for
    ``power`` 2 (quadratic loss) or 1 (linear loss); ``xs``, ``w`` and ``reach`` are
    ``(draws, n)``."""
    cdef intp draws = xs.shape[0], n = xs.shape[1]
    cdef intp start, m, i, j, k
    cdef bint quadratic = power == 2.0
    cdef f8 wij
    cdef f8 a[ZOPA_NASH_BLOCK]
    cdef f8 b[ZOPA_NASH_BLOCK]
    if not quadratic and power != 1.0:
        raise ValueError(f"no compiled bisection for power {power}")
    if (
        w.shape[0] != draws or w.shape[1] != n or reach.shape[0] != draws
        or reach.shape[1] != n or left.shape[0] != draws or right.shape[0] != draws
        or out.shape[0] != draws
    ):
        raise ValueError("bisect: arrays of different shapes")
    cdef intp size = (n if n > 0 else 1) * ZOPA_NASH_BLOCK
    cdef f8* buf = <f8*> malloc(4 * size * sizeof(f8))
    if buf == NULL:
        raise MemoryError()
    cdef f8* bx = buf
    cdef f8* bw = buf + size
    cdef f8* br = buf + 2 * size
    cdef f8* bs = buf + 3 * size
    try:
        with nogil:
            start = 0
            while start < draws:
                m = draws - start if draws - start < ZOPA_NASH_BLOCK else ZOPA_NASH_BLOCK
                for j in range(ZOPA_NASH_BLOCK):
                    if j < m:
                        a[j] = left[start + j]
                        b[j] = right[start + j]
                    else:  # padding: no actor counts
                        a[j] = 0.0
                        b[j] = 1.0
                    for i in range(n):
                        k = i * ZOPA_NASH_BLOCK + j
                        if j < m:
                            wij = w[start + j, i]
                            bx[k] = xs[start + j, i]
                            bw[k] = -2.0 * wij if quadratic else wij
                            br[k] = reach[start + j, i] if wij > 0 else -INFINITY
                        else:
                            bx[k] = 0.0
                            bw[k] = 0.0
                            br[k] = -INFINITY
                solve_block(bx, bw, br, bs, a, b, n, quadratic, iterations)
                for j in range(m):
                    out[start + j] = 0.5 * (a[j] + b[j])
                start += ZOPA_NASH_BLOCK
    finally:
        free(buf)


def outcomes_worst(
    const f8[:, :, ::1] position,
    const f8[:, :, ::1] w,
    const f8[::1] lo,
    const f8[::1] hi,
    f8 power,
    int iterations,
    f8[:, ::1] out,
):
    """Every issue's ``nash_outcome(position[:, :, k], w[:, :, k], lo[k], hi[k],
    disagreement="worst", power=power, iterations=iterations)[0]`` into ``out[:, k]``, for
    ``power`` 2 or 1; ``position`` and ``w`` are ``(draws, n, D)``. On the scale ``[0, 1]``
    an actor's reach is ``max(xs, 1 - xs) ** power`` (``np.maximum``: NaN stays NaN), the
    feasible interval is the whole scale, and the outcome ``lo + width * y``."""
    cdef intp draws = position.shape[0], n = position.shape[1], dims = position.shape[2]
    cdef intp start, m, i, j, k, q, s
    cdef bint quadratic = power == 2.0
    cdef f8 wij, width, x, far
    cdef f8 a[ZOPA_NASH_BLOCK]
    cdef f8 b[ZOPA_NASH_BLOCK]
    if not quadratic and power != 1.0:
        raise ValueError(f"no compiled bisection for power {power}")
    if (
        w.shape[0] != draws or w.shape[1] != n or w.shape[2] != dims or lo.shape[0] != dims
        or hi.shape[0] != dims or out.shape[0] != draws or out.shape[1] != dims
    ):
        raise ValueError("outcomes_worst: arrays of different shapes")
    cdef intp size = (n if n > 0 else 1) * ZOPA_NASH_BLOCK
    cdef f8* buf = <f8*> malloc(4 * size * sizeof(f8))
    if buf == NULL:
        raise MemoryError()
    cdef f8* bx = buf
    cdef f8* bw = buf + size
    cdef f8* br = buf + 2 * size
    cdef f8* bs = buf + 3 * size
    try:
        with nogil:
            start = 0
            while start < draws:
                m = draws - start if draws - start < ZOPA_NASH_BLOCK else ZOPA_NASH_BLOCK
                for k in range(dims):
                    width = hi[k] - lo[k]
                    for j in range(ZOPA_NASH_BLOCK):
                        a[j] = 0.0
                        b[j] = 1.0
                        for i in range(n):
                            q = i * ZOPA_NASH_BLOCK + j
                            if j < m:
                                s = start + j
                                x = (position[s, i, k] - lo[k]) / width
                                far = x if ZOPA_NAN_OR_AT_LEAST(x, 1.0 - x) else 1.0 - x
                                wij = w[s, i, k]
                                bx[q] = x
                                bw[q] = -2.0 * wij if quadratic else wij
                                if not wij > 0:
                                    br[q] = -INFINITY
                                elif quadratic:
                                    br[q] = far * far
                                else:
                                    br[q] = far
                            else:  # padding: no actor counts
                                bx[q] = 0.0
                                bw[q] = 0.0
                                br[q] = -INFINITY
                    solve_block(bx, bw, br, bs, a, b, n, quadratic, iterations)
                    for j in range(m):
                        out[start + j, k] = lo[k] + width * (0.5 * (a[j] + b[j]))
                start += ZOPA_NASH_BLOCK
    finally:
        free(buf)
