"""The branch-and-bound target search of the SMP picks exactly what weighing every challenge
picks: the same target (first on ties, none below 1e-5) and the same odds, bit for bit; the
few-actor layout weighs every challenge to the same bytes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.forecast.models.smp.challenge import best_targets, own_view_challenges
from zopa.forecast.models.smp.few import MAX_ACTORS as FEW_ACTORS
from zopa.forecast.models.smp.few import few_actor_challenges
from zopa.forecast.models.smp.params import SMPParams, ThirdPartyCommit, VotingRule
from zopa.forecast.models.smp.run import assess, step
from zopa.forecast.models.smp.targets import own_view_targets


def _state(
    seed: int, runs: int, n: int, dims: int, twins: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 1, (runs, n, dims)), 2)
    s = rng.uniform(0.0, 1.0, (runs, n, dims))
    s *= rng.uniform(0.1, 1.0, (runs, n, 1)) / np.maximum(s.sum(axis=-1, keepdims=True), 1e-9)
    c = rng.uniform(0.5, 5.0, (runs, n))
    if twins and n >= 4:  # actors alike in every respect: their challenges tie exactly
        x[:, 1], s[:, 1], c[:, 1] = x[:, 0], s[:, 0], c[:, 0]
        x[:, 3], s[:, 3], c[:, 3] = x[:, 2], s[:, 2], c[:, 2]
    return x, s, c


def _both(
    x: np.ndarray, s: np.ndarray, c: np.ndarray, rule: VotingRule, commit: ThirdPartyCommit
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    ts = assess(x, x, s, c, SMPParams(voting_rule=rule))
    args = (ts.d, ts.r_hat, ts.weight, ts.s_total, rule, commit)
    target, odds, _ = best_targets(*own_view_challenges(*args))
    return (target, odds), own_view_targets(*args)


def _assert_same(full: tuple[np.ndarray, np.ndarray], fast: tuple[np.ndarray, np.ndarray]) -> None:
    np.testing.assert_array_equal(fast[0], full[0])
    chosen = full[0] >= 0
    assert np.array_equal(fast[1][chosen], full[1][chosen])  # bit for bit


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    runs=st.integers(1, 3),
    n=st.integers(1, 24),
    dims=st.integers(1, 3),
    twins=st.booleans(),
    rule=st.sampled_from(list(VotingRule)),
    commit=st.sampled_from(list(ThirdPartyCommit)),
)
def test_search_picks_what_weighing_every_challenge_picks(
    seed: int, runs: int, n: int, dims: int, twins: bool, rule: VotingRule,
    commit: ThirdPartyCommit,
) -> None:  # fmt: skip
    full, fast = _both(*_state(seed, runs, n, dims, twins), rule, commit)
    _assert_same(full, fast)


def test_twins_tie_and_the_first_is_taken() -> None:
    x, s, c = _state(3, 1, 12, 1, twins=True)
    full, fast = _both(x, s, c, VotingRule.PROP, ThirdPartyCommit.SEMI_COMMIT)
    _assert_same(full, fast)
    # actor 0 and its twin 1 are the same target for everyone else: nobody picks 1 over 0
    assert not np.any(fast[0][0, 2:] == 1)


def test_many_actors_over_several_turns() -> None:
    x, s, c = _state(11, 1, 90, 1, twins=False)
    params = SMPParams()
    for _ in range(3):
        ts = assess(x, x, s, c, params)
        args = (ts.d, ts.r_hat, ts.weight, ts.s_total, params.voting_rule, params.third_party)
        full = best_targets(*own_view_challenges(*args))[:2]
        _assert_same(full, own_view_targets(*args))
        x = step(ts, params, None)[0]


def test_non_finite_weights_fall_back_to_weighing_everything() -> None:
    x, s, c = _state(5, 1, 6, 2, twins=False)
    ts = assess(x, x, s, c, SMPParams())
    weight = ts.weight.copy()
    weight[0, 2] = np.inf
    with np.errstate(all="ignore"):
        args = (ts.d, ts.r_hat, weight, ts.s_total, VotingRule.PROP, ThirdPartyCommit.SEMI_COMMIT)
        full = best_targets(*own_view_challenges(*args))[:2]
        fast = own_view_targets(*args)
    np.testing.assert_array_equal(fast[0], full[0])


@pytest.mark.parametrize("n", [2, 3])
def test_tiny_scenarios(n: int) -> None:
    full, fast = _both(*_state(n, 2, n, 1, False), VotingRule.PROP, ThirdPartyCommit.SEMI_COMMIT)
    _assert_same(full, fast)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    runs=st.integers(1, 40),
    n=st.integers(1, FEW_ACTORS),
    far=st.booleans(),
    rule=st.sampled_from(list(VotingRule)),
    commit=st.sampled_from(list(ThirdPartyCommit)),
)
def test_few_actor_layout_gives_the_same_bytes(
    seed: int, runs: int, n: int, far: bool, rule: VotingRule, commit: ThirdPartyCommit
) -> None:
    """Runs along the last axis: every odds and gain, the diagonal too, bit for bit."""
    rng = np.random.default_rng(seed)
    d = np.round(rng.uniform(0, 1.4 if far else 1.0, (runs, n, n)), int(rng.integers(1, 17)))
    r_hat = rng.uniform(-1, 1, (runs, n, n))
    weight = rng.uniform(0, 3, (runs, n)) * 10.0 ** rng.integers(-6, 1, (runs, n))
    s_total = rng.uniform(0, 1, (runs, n))
    args = (d, r_hat, weight, s_total, rule, commit)
    for full, few in zip(own_view_challenges(*args), few_actor_challenges(*args), strict=True):
        assert full.shape == few.shape and full.tobytes() == few.tobytes()


def test_few_actor_layout_refuses_many_actors() -> None:
    d = np.zeros((1, FEW_ACTORS + 1, FEW_ACTORS + 1))
    w = np.ones((1, FEW_ACTORS + 1))
    with pytest.raises(ValueError, match="at most"):
        few_actor_challenges(d, d, w, w, VotingRule.PROP, ThirdPartyCommit.SEMI_COMMIT)
