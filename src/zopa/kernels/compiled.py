"""The compiled kernels: C extensions built with the package, each standing for numpy code.

A compiled kernel computes the numbers the numpy code it stands for computes, to the last bit:
every product, sum and quotient in the same order (numpy's pairwise summation included), and
compiled without floating-point contraction. The numpy code stays the reference and runs
wherever a kernel is not there: a package built without a C compiler, or
``ZOPA_COMPILED=0`` in the environment (the tests run both ways and compare the bytes).

Kernels are C extensions written in Cython (``*.pyx`` beside the code they stand for, listed in
``setup.py``); a process loads one in about a millisecond, unlike a JIT compiler, which is why
the everyday commands' kernels are compiled this way and the frontier's larger loops with numba.
"""

from __future__ import annotations

import importlib
import os
from functools import cache
from types import ModuleType

__all__ = ["ENV", "KERNELS", "declare", "enabled", "kernel"]

#: Environment variable that turns the compiled kernels off when set to ``0``.
ENV = "ZOPA_COMPILED"

#: Every compiled kernel module, as ``setup.py`` builds them.
KERNELS = (
    "zopa.forecast.models.smp._kernels",
    "zopa.forecast.models.smp._batch",
    "zopa.forecast.models._challenge_kernels",
    "zopa.forecast.models._nash_kernels",
)


def enabled() -> bool:
    """Whether compiled kernels may be used (``ZOPA_COMPILED`` is not ``0``)."""
    return os.environ.get(ENV, "1").strip() != "0"


def declare(name: str) -> str:
    """Load the compiled module ``name`` now, when the module that uses it is imported, and
    return its name for :func:`kernel`: a kernel is then never first imported by a thread (the
    analysis's sections and the forecast's models run on threads, and two threads importing at
    once can deadlock on an import cycle). Where it is not built, nothing is loaded."""
    _load(name)
    return name


def kernel(name: str) -> ModuleType | None:
    """The compiled module ``name`` (one of :data:`KERNELS`), or None when it is not built or
    compiled kernels are turned off."""
    if not enabled():
        return None
    return _load(name)


@cache
def _load(name: str) -> ModuleType | None:
    if name not in KERNELS:
        raise KeyError(f"no compiled kernel {name!r}")
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
