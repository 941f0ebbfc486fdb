"""Probabilistic Condorcet elections: votes, coalitions, victory odds, PCE variants, risk.

Known answers are hand-computed from the formulas in :mod:`zopa.forecast.models.smp.pce` (values in
the comments), independent plain-loop recomputations, fixed-point and eigenvector conditions of
the Markov variants, and the 70 bargain elections KTAB logs for ``dummyData_3Dim``.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from zopa.forecast.inputs.ktab_csv import read_ktab_table
from zopa.forecast.models.smp import pce
from zopa.forecast.models.smp.params import (
    BigRAdjust,
    BigRRange,
    PCEModel,
    VictoryProbModel,
    VotingRule,
)
from zopa.forecast.models.smp.pce import (
    coalitions,
    conditional_pce,
    estimated_risk,
    markov_incentive_pce,
    markov_uniform_pce,
    risk_from_probabilities,
    scalar_pce,
    victory_matrix,
    victory_odds,
    vote,
)

DU = np.array([-0.5, 0.0, 0.25])


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (VotingRule.PROP, [-1.0, 0.0, 0.5]),
        (VotingRule.BINARY, [-2.0, 0.0, 2.0]),
        (VotingRule.PROP_BIN, [-1.2, 0.0, 0.8]),  # 2 (0.8 du + 0.2 sign du)
        (VotingRule.PROP_CBC, [-0.625, 0.0, 0.265625]),  # 2 (du/2 + du^3/2)
        (VotingRule.CUBIC, [-0.25, 0.0, 0.03125]),
        (VotingRule.ASYM_PROSP, [-1.0, 0.0, 1.0 / 3.0]),  # losses in full, gains at 2/3
    ],
)
def test_vote_rules(rule: VotingRule, expected: list[float]) -> None:
    np.testing.assert_allclose(vote(rule, 2.0, DU), expected, rtol=0, atol=1e-15)


def test_binary_vote_interpolates_below_tolerance() -> None:
    assert vote(VotingRule.BINARY, 3.0, np.array([5e-9]))[0] == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (VictoryProbModel.LINEAR, 3 / 4),
        (VictoryProbModel.SQUARE, 9 / 10),
        (VictoryProbModel.QUARTIC, 81 / 82),
        (VictoryProbModel.OCTIC, 6561 / 6562),
        (VictoryProbModel.BINARY, 1 / (1 + 1e-6)),  # 3 >= 1.1 x 1: certain
    ],
)
def test_victory_odds(model: VictoryProbModel, expected: float) -> None:
    assert victory_odds(model, np.array(3.0), np.array(1.0)) == pytest.approx(expected, abs=1e-15)


def test_binary_victory_odds_interpolate_within_ten_percent() -> None:
    # ratio r = 1.05/2.05; p = (2.1 r - 1)/0.1
    expected = (2.1 * 1.05 / 2.05 - 1.0) / 0.1
    assert victory_odds(VictoryProbModel.BINARY, np.array(1.05), np.array(1.0)) == pytest.approx(
        expected
    )


def _plain_coalitions(u: np.ndarray, w: np.ndarray, rule: VotingRule) -> np.ndarray:
    """KTAB's loop: each pair (a > b) voted once; positive votes to a, negative to b."""
    voters, m = u.shape
    c = np.full((m, m), 1e-8)
    for a in range(m):
        for b in range(a):
            for k in range(voters):
                du = u[k, a] - u[k, b]
                if rule == VotingRule.PROP:
                    v = w[k] * du
                else:  # ASymProsp
                    v = w[k] * du if du < 0 else 2 * w[k] * du / 3
                if v > 0:
                    c[a, b] += v
                elif v < 0:
                    c[b, a] -= v
    return c


@given(
    st.integers(1, 6).flatmap(
        lambda m: st.tuples(
            arrays(np.float64, (5, m), elements=st.floats(0, 1)),
            arrays(np.float64, (5,), elements=st.floats(0.01, 100)),
        )
    ),
    st.sampled_from([VotingRule.PROP, VotingRule.ASYM_PROSP]),
)
def test_coalitions_equal_plain_loop(data: tuple[np.ndarray, np.ndarray], rule: VotingRule) -> None:
    u, w = data
    got = coalitions(u[None], w[None], rule)[0]
    np.testing.assert_allclose(got, _plain_coalitions(u, w, rule), rtol=1e-12, atol=1e-15)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    runs=st.sampled_from([1, 3, 40, 700, 3000, 9000]),
    voters=st.integers(1, pce.FEW_VOTERS - 1),
    m=st.integers(1, 9),
    rule=st.sampled_from(list(VotingRule)),
)
def test_few_voters_sum_coalitions_to_the_same_bytes(
    seed: int, runs: int, voters: int, m: int, rule: VotingRule
) -> None:
    """Voter by voter with the elections along the last axis, as the general way (in one
    pass or in blocks, with the pair (1, 0) summed on its own) sums them: bit for bit."""
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.integers(-12, 2, (runs, voters, m))  # so that the order of sums shows
    u = rng.uniform(-1, 1, (runs, voters, m)) * scale
    w = rng.uniform(0, 1, (runs, voters)) * 10.0 ** rng.integers(-9, 1, (runs, voters))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pce, "FEW_VOTERS_RUNS", 1)
        few = coalitions(u, w, rule)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pce, "FEW_VOTERS", 1)
        general = coalitions(u, w, rule)
    assert few.tobytes() == general.tobytes()


@given(arrays(np.float64, (4, 4), elements=st.floats(1e-6, 50)))
def test_conditional_pce_is_normalised_product(c: np.ndarray) -> None:
    v = victory_matrix(VictoryProbModel.LINEAR, c[None])[0]
    direct = np.prod(v, axis=1)
    np.testing.assert_allclose(conditional_pce(v[None])[0], direct / direct.sum(), rtol=1e-10)
    np.testing.assert_allclose(v + v.T, np.ones((4, 4)), rtol=1e-12)


def test_conditional_pce_survives_hundreds_of_options() -> None:
    rng = np.random.default_rng(3)
    c = rng.uniform(0.1, 10.0, (1, 300, 300))
    p = conditional_pce(victory_matrix(VictoryProbModel.LINEAR, c))
    assert np.isfinite(p).all() and p.sum() == pytest.approx(1.0)


@given(arrays(np.float64, (5, 5), elements=st.floats(1e-3, 50)))
def test_markov_uniform_is_the_stationary_distribution(c: np.ndarray) -> None:
    v = victory_matrix(VictoryProbModel.LINEAR, c[None])[0]
    m = len(v)
    # p_i = sum_j V_ij (p_i + p_j) / m: eigenvector of the column-stochastic (diag(V 1) + V)/m
    chain = (np.diag(v.sum(axis=1)) + v) / m
    vals, vecs = np.linalg.eig(chain)
    stationary = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    stationary /= stationary.sum()
    np.testing.assert_allclose(markov_uniform_pce(v[None])[0], stationary, atol=1e-9)


def _incentive_fixed_point(c: np.ndarray) -> None:
    v = victory_matrix(VictoryProbModel.LINEAR, c[None])[0]
    p = markov_incentive_pce(c[None], v[None])[0]
    incentive = c * v + 1e-10 * np.eye(4)
    challenge = incentive / incentive.sum(axis=0)
    ct = p[:, None] * challenge.T
    q = (v * (ct + ct.T)).sum(axis=1)
    np.testing.assert_allclose(q, p, atol=1e-12)
    assert p.sum() == pytest.approx(1.0)


@given(arrays(np.float64, (4, 4), elements=st.floats(1e-3, 50)))
def test_markov_incentive_is_a_fixed_point(c: np.ndarray) -> None:
    _incentive_fixed_point(c)


def test_markov_incentive_when_mixing_is_slow() -> None:
    c = np.full((4, 4), 0.0078125)  # nearly reducible: iterating converges very slowly
    c[0, 0], c[1, 1] = 1.0, 2.0
    _incentive_fixed_point(c)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (BigRRange.MIN, [0.0, 1 / 6, 1.0]),
        (BigRRange.MID, [-0.5, -0.25, 1.0]),  # (3p - (0.7 + 0.2)) / 1.2
        (BigRRange.MAX, [-1.0, -2 / 3, 1.0]),
    ],
)
def test_risk_from_probabilities(kind: BigRRange, expected: list[float]) -> None:
    got = risk_from_probabilities(np.array([[0.1, 0.2, 0.7]]), kind)[0]
    np.testing.assert_allclose(got, expected, atol=1e-12)


def test_equal_probabilities_give_neutral_risk() -> None:
    assert np.all(risk_from_probabilities(np.full((1, 4), 0.25), BigRRange.MID) == 0)


@pytest.mark.parametrize(
    ("adjust", "expected"),
    [
        (BigRAdjust.NONE, 0.9),
        (BigRAdjust.ONE_THIRD, (2 * 0.9 - 0.3) / 3),
        (BigRAdjust.HALF, 0.3),
        (BigRAdjust.TWO_THIRDS, (0.9 - 0.6) / 3),
        (BigRAdjust.FULL, -0.3),
    ],
)
def test_estimated_risk(adjust: BigRAdjust, expected: float) -> None:
    assert estimated_risk(np.array(0.9), np.array(-0.3), adjust) == pytest.approx(expected)


def test_bargain_elections_logged_by_ktab(reference_dir: Path) -> None:
    """KTAB's 70 bargain votes in dummyData_3Dim: utilities printed to 5 decimals."""
    ref = reference_dir / "ktab_smp"
    cap = read_ktab_table(ref / "inputs" / "dummyData_3Dim.csv").capability
    log = ref / "outputs" / "dummyData_3Dim" / "dummyData_3Dim_smpc_log_full.txt.gz"
    lines = gzip.decompress(log.read_bytes()).decode().splitlines()
    checked = 0
    for k, line in enumerate(lines):
        if not line.startswith("u_im:"):
            continue
        rows = []
        for nxt in lines[k + 1 :]:
            if not re.fullmatch(r"(\s+[\d.]+)+\s*", nxt):
                break
            rows.append([float(v) for v in nxt.split()])
        j = next(i for i in range(k, len(lines)) if lines[i].strip() == "Probability Opt_i")
        logged = []
        for nxt in lines[j + 1 :]:
            if not re.fullmatch(r"\s*[\d.]+\s*", nxt):
                break
            logged.append(float(nxt))
        chosen = next(lines[i] for i in range(j, len(lines)) if "Chosen bargain" in lines[i])
        got = scalar_pce(
            np.array(rows)[None],
            cap[None],
            VotingRule.PROP,
            VictoryProbModel.LINEAR,
            PCEModel.CONDITIONAL,
        )[0]
        # 5-decimal utilities of near-equal options move the odds by up to ~0.016
        np.testing.assert_allclose(got, logged, rtol=0, atol=0.02)
        assert int(chosen.split(":")[1].split()[1]) == int(np.argmax(got)) + 1
        checked += 1
    assert checked == 70
