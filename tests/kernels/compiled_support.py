"""What the compiled kernels' tests share: computing a thing with the kernels and without."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from zopa.kernels.compiled import ENV, kernel


def require(name: str) -> None:
    """Skip (fail in CI) unless the compiled kernel ``name`` is built."""
    if kernel(name) is None:
        reason = f"{name} is not built (pip install -e . builds it; a C compiler is needed)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def both(compute: Callable[[], Any]) -> tuple[Any, Any]:
    """``compute()`` with the compiled kernels, then with the numpy code."""
    before = os.environ.pop(ENV, None)
    try:
        fast = compute()
        os.environ[ENV] = "0"
        slow = compute()
    finally:
        os.environ.pop(ENV, None)
        if before is not None:
            os.environ[ENV] = before
    return fast, slow


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Same shape and the same bytes (NaNs and signed zeros included)."""
    return a.shape == b.shape and a.tobytes() == b.tobytes()
