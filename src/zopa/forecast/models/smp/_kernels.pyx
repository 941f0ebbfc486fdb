# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""Compiled loops of the SMP's costliest steps, giving numpy's bits (see ``compiled.py``).

Every number is computed by the operations numpy performs in
:mod:`zopa.forecast.models.smp.targets` and :mod:`~zopa.forecast.models.smp.pce`, in the same
order: IEEE additions, products and quotients round alike in C and in numpy's loops, and a sum
over a row is numpy's pairwise summation (``kernels/_numpy_bits.pxd``). The module is built without
floating-point contraction (``-ffp-contract=off``), so no product and sum are fused.
"""

from libc.math cimport fabs
from libc.stdlib cimport free, malloc

from zopa.kernels._numpy_bits cimport f8, intp, maximum0, pairwise, row_sum


def pair_challenges(
    const f8[:, :, ::1] row,
    const f8[:, :, ::1] col,
    const f8[:, :, ::1] diag,
    const f8[:, :, ::1] d_t,
    const f8[:, :, ::1] r_hat,
    const f8[:, ::1] weight,
    const f8[:, ::1] s_total,
    const intp[::1] b,
    const intp[::1] i,
    const intp[::1] j,
    bint within,
    f8[::1] p_out,
    f8[::1] g_out,
):
    """Odds and gains of the challenges ``i[q] -> j[q]`` in runs ``b[q]`` in i's own view,
    Prop votes and SemiCommit third parties: ``targets._PairView._block``'s numbers."""
    cdef intp q, k, n = row.shape[2], count = b.shape[0]
    cdef intp bq, iq, jq
    cdef f8 uii, uij, uji, ujj, w_i, w_j, s_j, c_i, c_j, ch_ij, ch_ji, both
    cdef f8 uni, unj, unn, w_n, c_n, den, p, du, bk, d, r, net, total, p_ij, p_ji, win, lose
    cdef f8* v = <f8*> malloc(2 * n * sizeof(f8))
    if v == NULL:
        raise MemoryError()
    cdef f8* av = v + n
    try:
        with nogil:
            for q in range(count):
                bq = b[q]; iq = i[q]; jq = j[q]
                uii = diag[bq, iq, iq]
                uij = row[bq, iq, jq]
                uji = col[bq, iq, jq]
                ujj = diag[bq, iq, jq]
                w_i = weight[bq, iq]
                w_j = weight[bq, jq]
                s_j = s_total[bq, jq]
                c_i = w_i * (uii - uij)
                c_j = w_j * (uji - ujj)
                ch_ij = (1e-10 + maximum0(c_i)) + maximum0(c_j)
                ch_ji = (1e-10 + maximum0(-c_i)) + maximum0(-c_j)
                both = ch_ij + ch_ji
                for k in range(n):
                    d = d_t[bq, jq, k]
                    r = r_hat[bq, iq, k]
                    if within or d <= 1.0:
                        unj = (r * d + 1.0) * (1.0 - d)
                    else:
                        unj = (1.0 - d) * (1.0 + r)
                    uni = col[bq, iq, k]
                    unn = diag[bq, iq, k]
                    w_n = weight[bq, k]
                    c_n = (uni - unj) * w_n
                    bk = unj - unn
                    du = unn - uni
                    den = fabs(c_n) + both
                    p = (maximum0(c_n) + ch_ij) / den
                    du = (du - bk) * p + bk
                    v[k] = du * w_n
                v[iq] = 0.0
                v[jq] = 0.0
                for k in range(n):
                    av[k] = fabs(v[k])
                net = row_sum(v, n)
                total = row_sum(av, n)
                ch_ij = ch_ij + (total + net) / 2
                ch_ji = ch_ji + (total - net) / 2
                p_ij = ch_ij / (ch_ij + ch_ji)
                p_ji = ch_ji / (ch_ij + ch_ji)
                win = uii + uii
                lose = uij + uij
                p_out[q] = p_ij
                g_out[q] = ((1 - s_j) * win + s_j * (p_ij * win + p_ji * lose)) - (uii + uij)
    finally:
        free(v)


def prop_coalitions(
    const f8[:, :, ::1] utils,
    const f8[:, ::1] weights,
    const f8[:, ::1] net,
    bint alone,
    f8[:, :, ::1] out,
):
    """Prop coalitions of ``pce.coalitions``'s blocked way, ``utils`` ``(B, voters, m)`` and
    ``net`` its ``einsum('bk,bkm->bm', weights, utils)``; ``out`` ``(B, m, m)`` is filled off
    the diagonal. Each coalition for ``a > c`` sums from ``1e-8`` voter by voter, but for the
    pair (1, 0) when ``alone`` (numpy then adds the votes pairwise, and ``1e-8`` last); the
    coalition for ``c`` against ``a`` is that sum less the net vote ``net[a] - net[c]``."""
    cdef intp bsz = utils.shape[0], voters = utils.shape[1], m = utils.shape[2]
    cdef intp b, a, c, k
    cdef f8 ua, wk
    cdef const f8* uk
    cdef f8* acc = <f8*> malloc((m + voters + 1) * sizeof(f8))
    if acc == NULL:
        raise MemoryError()
    cdef f8* v = acc + m
    try:
        with nogil:
            for b in range(bsz):
                for a in range(1, m):
                    for c in range(a):
                        acc[c] = 1e-8
                    for k in range(voters):  # voter by voter, every c at once
                        uk = &utils[b, k, 0]
                        ua = uk[a]
                        wk = weights[b, k]
                        for c in range(a):
                            acc[c] += maximum0((ua - uk[c]) * wk)
                    if alone and a == 1:
                        for k in range(voters):
                            v[k] = maximum0((utils[b, k, 1] - utils[b, k, 0]) * weights[b, k])
                        acc[0] = 1e-8 + pairwise(v, voters, 1)
                    for c in range(a):
                        out[b, a, c] = acc[c]
                        out[b, c, a] = acc[c] - (net[b, a] - net[b, c])
    finally:
        free(acc)
