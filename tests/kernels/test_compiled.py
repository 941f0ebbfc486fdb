"""The compiled kernels give the numpy code's numbers bit for bit, and can be turned off.

Each test computes the same thing twice in one process, with the compiled kernel and with
``ZOPA_COMPILED=0`` (the numpy code), and compares the bytes. Without a built kernel the tests
skip, saying so; with ``CI`` set they fail instead, so that a build that lost its kernels is
noticed.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.kernels.compiled_support import both as _both
from tests.kernels.compiled_support import require as _require
from tests.kernels.compiled_support import same_bits as _same_bits
from zopa.forecast.models.smp import pce
from zopa.forecast.models.smp.model import run_smp
from zopa.forecast.models.smp.params import SMPParams, VotingRule
from zopa.forecast.models.smp.run import assess
from zopa.forecast.models.smp.targets import _PairView
from zopa.kernels import compiled
from zopa.kernels.compiled import ENV, KERNELS, kernel

SMP = "zopa.forecast.models.smp._kernels"


def test_every_listed_kernel_is_built() -> None:
    for name in KERNELS:
        _require(name)


def test_setup_py_builds_the_listed_kernels() -> None:
    tree = ast.parse((Path(__file__).resolve().parents[2] / "setup.py").read_text())
    (listed,) = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "KERNELS"
    ]
    assert tuple(ast.literal_eval(listed)) == KERNELS
    for name in KERNELS:
        source = Path(__file__).resolve().parents[2] / "src" / f"{name.replace('.', '/')}.pyx"
        assert source.is_file() and source.with_suffix(".pyi").is_file()


def test_zopa_compiled_0_turns_the_kernels_off(monkeypatch: pytest.MonkeyPatch) -> None:
    _require(SMP)
    monkeypatch.setenv(ENV, "0")
    assert not compiled.enabled() and kernel(SMP) is None
    monkeypatch.setenv(ENV, "1")
    assert compiled.enabled() and kernel(SMP) is not None
    with pytest.raises(KeyError):
        kernel("zopa.no_such_kernel")


def _state(seed: int, runs: int, n: int, dims: int, far: bool) -> Any:
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 1, (runs, n, dims)), 2)
    s = rng.uniform(0.0, 1.0, (runs, n, dims))
    s /= np.maximum(s.sum(axis=-1, keepdims=True), 1e-9)
    c = rng.uniform(0.5, 5.0, (runs, n))
    ideals = x + (rng.uniform(-2, 2, x.shape) if far else 0.0)  # far: distances beyond 1
    return assess(x, ideals, s, c, SMPParams())


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    runs=st.integers(1, 3),
    n=st.integers(2, 40),
    dims=st.integers(1, 3),
    far=st.booleans(),
)
def test_pair_challenges_are_numpys_bits(
    seed: int, runs: int, n: int, dims: int, far: bool
) -> None:
    _require(SMP)
    ts = _state(seed, runs, n, dims, far)
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 200))
    b, i = rng.integers(0, runs, size), rng.integers(0, n, size)
    j = (i + rng.integers(1, n, size)) % n  # i != j

    def weigh() -> tuple[np.ndarray, np.ndarray]:
        view = _PairView(ts.d, ts.r_hat, ts.weight, ts.s_total)
        return view.challenges(b, i, j, VotingRule.PROP)

    (p_fast, g_fast), (p_slow, g_slow) = _both(weigh)
    assert _same_bits(p_fast, p_slow) and _same_bits(g_fast, g_slow)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    runs=st.integers(1, 40),
    voters=st.integers(1, 180),
    options=st.integers(2, 48),
    ties=st.booleans(),
)
def test_prop_coalitions_are_numpys_bits(
    seed: int, runs: int, voters: int, options: int, ties: bool
) -> None:
    _require(SMP)
    rng = np.random.default_rng(seed)
    utils = rng.uniform(-1, 1, (runs, voters, options))
    if ties:  # equal utilities: zero votes, and sums that cancel
        utils = np.round(utils, 1)
    # weights over many orders of magnitude, so that another order of summing rounds otherwise
    weights = np.exp(rng.uniform(-12, 12, (runs, voters)))
    fast, slow = _both(lambda: pce.coalitions(utils, weights, VotingRule.PROP))
    assert _same_bits(fast, slow)


def test_the_pair_1_0_alone_is_summed_pairwise_as_numpy_does() -> None:
    # One election of 200 voters and 100 options: numpy votes on the pair (1, 0) alone and adds
    # its votes pairwise, the others voter by voter. 1e16 absorbs each 1 added after it.
    _require(SMP)
    utils = np.zeros((1, 200, 100))
    utils[0, :, 1] = 1.0
    weights = np.ones((1, 200))
    weights[0, 0] = 1e16
    assert pce.BLOCK_ELEMENTS // (200 * 100) <= 1
    fast, slow = _both(lambda: pce.coalitions(utils, weights, VotingRule.PROP))
    assert _same_bits(fast, slow)
    assert fast[0, 1, 0] != 1e-8 + 1e16  # pairwise: the ones were added together first
    assert fast[0, 2, 0] == 1e-8  # options 2 and 0 are worth the same to every voter


@pytest.mark.parametrize(("n", "dims"), [(12, 2), (60, 1)])
def test_a_whole_smp_run_is_the_same_bytes(n: int, dims: int) -> None:
    _require(SMP)
    rng = np.random.default_rng(n)
    pos = rng.integers(0, 101, (n, dims)) / 100.0
    sal = rng.integers(5, 101, (n, dims)) / (100.0 * dims)  # at most 1 per actor
    cap = rng.integers(5, 301, n).astype(float)

    def run() -> list[np.ndarray]:
        r = run_smp(pos, sal, cap)
        return [r.positions, r.risk, r.win_prob, r.targets, np.asarray(r.best)]

    fast, slow = _both(run)
    assert all(_same_bits(a, b) for a, b in zip(fast, slow, strict=True))
    assert fast[0].shape[0] > 2  # the run moved: several states were compared


def test_every_kernel_is_loaded_with_the_module_that_declares_it() -> None:
    # threads never import a kernel: importing the models loads every built one, even with the
    # kernels turned off (they are then loaded, not used)
    import subprocess
    import sys

    code = (
        "import sys, zopa.forecast.models.smp.run, zopa.forecast.models.challenge, "
        "zopa.forecast.models.nash; from zopa.kernels.compiled import KERNELS; "
        "print(sorted(k for k in KERNELS if k in sys.modules))"
    )
    for name in KERNELS:
        _require(name)
    env = {**os.environ, ENV: "0"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == str(sorted(KERNELS))
    with pytest.raises(KeyError):
        compiled.declare("zopa.no_such_kernel")
