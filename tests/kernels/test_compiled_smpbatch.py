"""The compiled SMP turn loop (``smp/_batch.pyx``) gives ``simulate``'s bytes, numpy's way.

Each test runs the same batch twice in one process, with the compiled kernels and with
``ZOPA_COMPILED=0``, and compares the bytes of everything ``simulate(record=False)`` returns:
final positions, win probabilities, risk attitudes, state counts and the most probable actor.
Batches are random (2 to 7 actors, 1 to 12 issues, tied positions, zero saliences, tied and
zero capabilities, the options the kernel covers) and, to reach numpy's ways for many elections
per call, some are the same few runs repeated, perturbed, to more than a thousand.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kernels.compiled_support import both, require, same_bits
from zopa.forecast import Actors, Triangular, get_model
from zopa.forecast.models.smp import run as smp_run
from zopa.forecast.models.smp.params import SMPParams
from zopa.forecast.models.smp.run import BatchRun, simulate

BATCH = "zopa.forecast.models.smp._batch"
FIELDS = ("positions", "win_prob", "risk", "states", "best", "ratios", "targets")

#: Options the compiled loop covers (each value may change its path).
OPTIONS: dict[str, list[Any]] = {
    "victory_prob": ["Linear", "Square", "Quartic", "Octic"],
    "big_r_range": ["Min", "Mid", "Max"],
    "big_r_adjust": ["None", "OneThird", "Half", "TwoThirds", "Full"],
    "third_party": ["NoCommit", "SemiCommit", "FullCommit"],
    "bargain_interp": ["S1P1", "S2P2", "S2PMax"],
    "ktab_quirks": [True, False],
    "position_tolerance": [0.0, 1e-3, 0.05],
}


@st.composite
def batches(draw: st.DrawFn, max_actors: int = 7) -> tuple[np.ndarray, ...]:
    """``(x, s, c)`` of a random batch on [0, 1]; saliences sum to at most 1 per actor."""
    n, d = draw(st.integers(2, max_actors)), draw(st.integers(1, 12))
    runs = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    grid = draw(st.sampled_from([None, 2, 4, 10]))  # coarse positions: ties
    x = rng.random((runs, n, d)) if grid is None else rng.integers(0, grid + 1, (runs, n, d)) / grid
    s = rng.random((runs, n, d))
    s[rng.random((runs, n, d)) < draw(st.sampled_from([0.0, 0.2, 0.5]))] = 0.0
    if draw(st.booleans()):
        s[:, 0] = 0.0  # an actor without any salience
    s /= np.maximum(s.sum(axis=-1).max(axis=-1), 1.0)[:, None, None]
    c = (
        rng.choice([0.0, 0.5, 1.0, 1.0, 2.0, 7.0], (runs, n))
        if draw(st.booleans())
        else (rng.random((runs, n)))
    )
    c[:, -1] = np.maximum(c[:, -1], 0.1)
    size = draw(st.sampled_from([1, 2, 50, 70, 300, 1100]))
    reps = -(-size // runs)
    x, s, c = (np.concatenate([a] * reps)[:size] for a in (x, s, c))
    jitter = rng.random(x.shape) < 0.3  # many runs, not all alike
    x = np.where(jitter, np.clip(x + rng.normal(0, 0.05, x.shape), 0.0, 1.0), x)
    return x, s, c


@st.composite
def params(draw: st.DrawFn) -> SMPParams:
    chosen = {k: draw(st.sampled_from(v)) for k, v in OPTIONS.items()}
    max_steps = draw(st.sampled_from([1, 3, 100]))
    min_steps = draw(st.integers(1, min(max_steps, 3)))
    return SMPParams(**chosen, min_steps=min_steps, max_steps=max_steps)


def _simulate(x: np.ndarray, s: np.ndarray, c: np.ndarray, p: SMPParams) -> BatchRun:
    return simulate(x, s, c, p, record=False)


def _same_runs(a: BatchRun, b: BatchRun) -> None:
    for name in FIELDS:
        assert same_bits(getattr(a, name), getattr(b, name)), name


def test_the_kernel_is_taken_for_the_default_parameters() -> None:
    require(BATCH)
    assert smp_run._compiled(SMPParams(), 4, None) is not None
    assert smp_run._compiled(SMPParams(), 8, None) is None
    assert smp_run._compiled(SMPParams(pce="MarkovIncentive"), 4, None) is None
    assert smp_run._compiled(SMPParams(bargain_model="InitRcvrInterp"), 4, None) is None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=batches(), p=params())
def test_the_compiled_turn_loop_gives_numpys_bytes(
    batch: tuple[np.ndarray, ...], p: SMPParams
) -> None:
    require(BATCH)
    x, s, c = batch
    fast, slow = both(lambda: _simulate(x, s, c, p))
    _same_runs(fast, slow)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=batches(), cut=st.integers(1, 1099))
def test_parts_of_a_batch_give_numpys_bytes_for_those_parts(
    batch: tuple[np.ndarray, ...], cut: int
) -> None:
    require(BATCH)
    x, s, c = batch
    cut = min(cut, len(x) - 1) if len(x) > 1 else 1
    for part in (slice(0, cut), slice(cut, None)):
        fast, slow = both(lambda part=part: _simulate(x[part], s[part], c[part], SMPParams()))
        _same_runs(fast, slow)


def test_the_minerals_batch_gives_numpys_bytes() -> None:
    require(BATCH)
    from zopa.forecast.inputs.sources import load_source

    src = load_source("minerals-2025", salience_max=100, scale=None, salience="party")
    sample = src.actors.sample_many(0, 3000)
    spec = get_model("smp")
    fast, slow = both(lambda: spec.outcomes(sample, 0))
    assert same_bits(fast, slow)
    from zopa.forecast.models.smp.model import to_unit

    x, s, c, _ = to_unit(sample)
    _same_runs(*both(lambda: _simulate(x, s, c, SMPParams())))


@pytest.mark.parametrize("options", [{}, {"third_party": "NoCommit", "victory_prob": "Square"}])
def test_absent_actors_and_uncertain_inputs_give_numpys_outcomes(options: dict[str, Any]) -> None:
    require(BATCH)
    rng = np.random.default_rng(5)
    n, d = 5, 3
    pos = rng.integers(0, 101, (n, d)).astype(float)
    sal = rng.random((n, d)) / d
    cap = rng.random(n) * 10 + 0.1
    present = rng.random((n, d)) < 0.7
    present[:2] = True
    uncertainty = {
        "position": Triangular(np.clip(pos - 20, 0, 100), pos, np.clip(pos + 20, 0, 100))
    }
    actors = Actors.create(
        [f"a{i}" for i in range(n)], [f"d{k}" for k in range(d)], cap, pos, sal, 0.0, 100.0,
        uncertainty, present,
    )  # fmt: skip
    sample = actors.sample_many(1, 400)
    spec = get_model("smp")
    fast, slow = both(lambda: spec.outcomes(sample, 0, **options))
    assert same_bits(fast, slow)
