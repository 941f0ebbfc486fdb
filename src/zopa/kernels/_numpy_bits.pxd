# cython: language_level=3
# numpy's arithmetic as the compiled kernels reproduce it, bit for bit (cimported by them).
#
# * :c:func:`maximum0` is ``np.maximum(x, 0.0)``: NaN stays NaN.
# * :c:func:`pairwise` is numpy's pairwise summation of ``n`` terms ``stride`` apart: in order
#   below 8 terms, 8 running partial sums up to 128 terms, halves beyond; :c:func:`row_sum` is
#   ``np.sum`` of a contiguous row, that sum added to 0.0.
# * :c:func:`find_loop` finds numpy's own float64 inner loop of a ufunc (``np.exp``, ``np.log``,
#   ``np.power``: numpy's SIMD code rounds some values unlike the C library) and :c:func:`unary`
#   calls a one-input loop on contiguous buffers.

cimport numpy as cnp

ctypedef double f8
ctypedef Py_ssize_t intp
ctypedef void (*loop_t)(char**, cnp.npy_intp*, cnp.npy_intp*, void*) noexcept nogil


cdef extern from *:
    """
    #define ZOPA_NAN_OR_AT_LEAST_ZERO(x) ((x) >= 0.0 || (x) != (x))
    """
    bint ZOPA_NAN_OR_AT_LEAST_ZERO(double x) nogil


cdef inline f8 maximum0(f8 x) noexcept nogil:
    return x if ZOPA_NAN_OR_AT_LEAST_ZERO(x) else 0.0


cdef inline f8 pairwise(const f8* a, intp n, intp stride) noexcept nogil:
    cdef intp i, n2
    cdef f8 res, r0, r1, r2, r3, r4, r5, r6, r7
    if n < 8:
        res = -0.0
        for i in range(n):
            res += a[i * stride]
        return res
    if n <= 128:
        r0 = a[0]; r1 = a[stride]; r2 = a[2 * stride]; r3 = a[3 * stride]
        r4 = a[4 * stride]; r5 = a[5 * stride]; r6 = a[6 * stride]; r7 = a[7 * stride]
        i = 8
        while i < n - (n % 8):
            r0 += a[i * stride]; r1 += a[(i + 1) * stride]
            r2 += a[(i + 2) * stride]; r3 += a[(i + 3) * stride]
            r4 += a[(i + 4) * stride]; r5 += a[(i + 5) * stride]
            r6 += a[(i + 6) * stride]; r7 += a[(i + 7) * stride]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            res += a[i * stride]
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return pairwise(a, n2, stride) + pairwise(a + n2 * stride, n - n2, stride)


cdef inline f8 row_sum(const f8* a, intp n) noexcept nogil:
    return 0.0 + pairwise(a, n, 1)


cdef inline loop_t find_loop(object uf, int nin, void** data) except NULL:
    cdef cnp.ufunc f = uf
    cdef int t, k, nargs = nin + 1
    cdef bint ok
    for t in range(f.ntypes):
        ok = True
        for k in range(nargs):
            if f.types[nargs * t + k] != cnp.NPY_DOUBLE:
                ok = False
        if ok:
            data[0] = f.data[t]
            return <loop_t> <void*> f.functions[t]  # numpy's loops need no GIL
    raise ImportError(f"numpy's {uf.__name__} has no float64 loop")


cdef inline void unary(loop_t fn, void* data, f8* src, f8* dst, intp m) noexcept nogil:
    cdef char* args[2]
    cdef cnp.npy_intp dims[1]
    cdef cnp.npy_intp steps[2]
    args[0] = <char*> src
    args[1] = <char*> dst
    dims[0] = m
    steps[0] = sizeof(f8)
    steps[1] = sizeof(f8)
    fn(args, dims, steps, data)
