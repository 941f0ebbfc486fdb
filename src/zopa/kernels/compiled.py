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
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

__all__ = ["ENV", "KERNELS", "KernelState", "Kernels", "declare", "enabled", "kernel", "states"]

#: Environment variable that turns the compiled kernels off when set to ``0``.
ENV = "ZOPA_COMPILED"

#: Every compiled kernel module, as ``setup.py`` builds them.
KERNELS = (
    "zopa.forecast.models.smp._kernels",
    "zopa.forecast.models.smp._batch",
    "zopa.forecast.models._challenge_kernels",
    "zopa.forecast.models._nash_kernels",
)

#: What each kernel computes in C (and the numpy code computes where it is not built).
STANDS_FOR = {
    "zopa.forecast.models.smp._kernels": "KTAB SMP: a challenge weighed against every third "
    "party, and the blocked coalitions of the Prop voting rule",
    "zopa.forecast.models.smp._batch": "KTAB SMP: the whole turn loop of a Monte Carlo batch "
    "of 2 to 7 actors",
    "zopa.forecast.models._challenge_kernels": "challenge model: each draw of an issue solved "
    "to its end",
    "zopa.forecast.models._nash_kernels": "Nash bargaining model: the bisection, eight draws "
    "side by side",
}


@dataclass(frozen=True)
class KernelState:
    """One compiled kernel: whether it is built, whether it is used, and why not."""

    name: str
    stands_for: str
    built: bool
    used: bool
    #: Why it cannot be loaded: ``"not built"`` or the import's error (None when it loads).
    problem: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "stands_for": self.stands_for,
            "built": self.built,
            "used": self.used,
            "problem": self.problem,
        }


@dataclass(frozen=True)
class Kernels:
    """The compiled kernels of this installation, and whether ``ZOPA_COMPILED`` allows them."""

    enabled: bool
    kernels: tuple[KernelState, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "env": ENV,
            "enabled": self.enabled,
            "kernels": [k.to_dict() for k in self.kernels],
        }


def states() -> Kernels:
    """Which compiled kernels this installation has and uses (loading each one)."""
    on = enabled()
    rows = []
    for name in KERNELS:
        built = _load(name) is not None
        rows.append(KernelState(name, STANDS_FOR[name], built, built and on, _PROBLEMS.get(name)))
    return Kernels(on, tuple(rows))


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


#: Why a kernel did not load, by name (filled by :func:`_load`).
_PROBLEMS: dict[str, str] = {}


@cache
def _load(name: str) -> ModuleType | None:
    if name not in KERNELS:
        raise KeyError(f"no compiled kernel {name!r}")
    try:
        return importlib.import_module(name)
    except ImportError as err:  # not built, or built for another numpy or Python
        missing = isinstance(err, ModuleNotFoundError) and err.name == name
        _PROBLEMS[name] = "not built" if missing else _first_line(err)
        return None


def _first_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return f"{type(err).__name__}: {lines[0]}" if lines else type(err).__name__
