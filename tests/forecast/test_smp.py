"""KTAB's Spatial Model of Politics: challenges against a plain loop, invariants of whole runs,
every model option, the registered ``smp`` model and its Monte Carlo kernel."""

from __future__ import annotations

import json
import re
from itertools import product
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.errors import InputError, TooLargeError
from zopa.forecast.actors import Actors, Triangular, point_actors
from zopa.forecast.models.smp.challenge import (
    distances,
    interpolate,
    own_view_challenges,
    pair_challenges,
    utility,
)
from zopa.forecast.models.smp.model import MAX_ACTORS, run_smp, smp, smp_batch, to_unit
from zopa.forecast.models.smp.params import (
    ENUMS,
    BigRRange,
    InterVecBrgn,
    SMPParams,
    ThirdPartyCommit,
    VotingRule,
)
from zopa.forecast.models.smp.pce import vote
from zopa.forecast.registry import get_model


def scenario(seed: int, n: int = 6, dims: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 1, (n, dims)), 4)
    s = rng.uniform(0.05, 1.0, (n, dims))
    s *= rng.uniform(0.5, 1.0, (n, 1)) / s.sum(axis=1, keepdims=True)
    return x, s, rng.uniform(10, 200, n)


# ----- challenges against a plain loop over the written-out formulas ----------------------------


def plain_challenge(
    u: np.ndarray, w: np.ndarray, s: np.ndarray, ijk: tuple[int, int, int], rule: VotingRule,
    commit: ThirdPartyCommit,
) -> tuple[float, float]:  # fmt: skip
    """P(i beats j) and gain to k of i -> j, from one estimator's utility matrix ``u``."""
    i, j, k = ijk
    c_i = float(vote(rule, w[i], np.array(u[i, i] - u[i, j])))
    c_j = float(vote(rule, w[j], np.array(u[j, i] - u[j, j])))
    base_ij = 1e-10 + max(c_i, 0) + max(c_j, 0)
    base_ji = 1e-10 + max(-c_i, 0) + max(-c_j, 0)
    ch_ij, ch_ji = base_ij, base_ji
    for n in range(len(w)):
        if n in (i, j):
            continue
        c_n = float(vote(rule, w[n], np.array(u[n, i] - u[n, j])))
        p = (base_ij + max(c_n, 0)) / (base_ij + base_ji + abs(c_n))
        ni, nj, nn = u[n, i], u[n, j], u[n, n]
        if commit == ThirdPartyCommit.SEMI_COMMIT:  # sums of the three positions n would see
            with_i = p * (2 * ni + nn) + (1 - p) * 3 * nj
            with_j = p * 3 * ni + (1 - p) * (2 * nj + nn)
        elif commit == ThirdPartyCommit.FULL_COMMIT:
            with_i = with_j = p * 3 * ni + (1 - p) * 3 * nj
        else:
            with_i = with_j = p * (2 * ni + nn) + (1 - p) * (2 * nj + nn)
        v_n = float(vote(rule, w[n], np.array(with_i - with_j)))
        ch_ij, ch_ji = ch_ij + max(v_n, 0), ch_ji + max(-v_n, 0)
    p_ij = ch_ij / (ch_ij + ch_ji)
    contest = p_ij * 2 * u[k, i] + (1 - p_ij) * 2 * u[k, j]
    gain = (1 - s[j]) * 2 * u[k, i] + s[j] * contest - (u[k, i] + u[k, j])
    return p_ij, gain


@pytest.mark.parametrize(
    ("rule", "commit"),
    list(product([VotingRule.PROP, VotingRule.PROP_CBC, VotingRule.ASYM_PROSP], ThirdPartyCommit)),
)
def test_challenges_equal_plain_loop(rule: VotingRule, commit: ThirdPartyCommit) -> None:
    x, s, c = scenario(1, n=7, dims=3)
    n = len(c)
    # plain distances: sqrt(sum (s_a (x_a - x_t))^2 / sum s_a^2)
    d = np.array(
        [[np.sqrt(np.sum((s[a] * (x[a] - x[t])) ** 2) / np.sum(s[a] ** 2)) for t in range(n)] for a in range(n)]
    )  # fmt: skip
    np.testing.assert_allclose(distances(x[None], x[None], s[None])[0], d, atol=1e-14)
    r_hat = np.random.default_rng(2).uniform(-0.5, 1.0, (n, n))
    w, s_tot = c * s.sum(axis=1), s.sum(axis=1)
    p_all, g_all = own_view_challenges(d[None], r_hat[None], w[None], s_tot[None], rule, commit)
    who = [(h, k, i, j) for h, k, i, j in product(range(n), repeat=4) if i != j][::7]
    arrays = tuple(np.array(col) for col in zip(*who, strict=True))
    zero = np.zeros(len(who), dtype=np.intp)
    p_pair, g_pair = pair_challenges(
        d[None], r_hat[None], w[None], s_tot[None], (zero, *arrays), rule, commit
    )
    for m, (h, k, i, j) in enumerate(who):
        u = (1 - d) * (1 + d * r_hat[h][:, None])  # h's estimates: rows use h's guess of a's R
        p, g = plain_challenge(u, w, s_tot, (i, j, k), rule, commit)
        assert p_pair[m] == pytest.approx(p, abs=1e-12)
        assert g_pair[m] == pytest.approx(g, abs=1e-12)
        if h == i == k:
            assert p_all[0, i, j] == pytest.approx(p, abs=1e-12)
            assert g_all[0, i, j] == pytest.approx(g, abs=1e-12)


def test_utility_shapes_risk() -> None:
    d = np.array([0.0, 0.25, 1.0, 1.2])
    np.testing.assert_allclose(utility(d, np.array(0.0)), [1.0, 0.75, 0.0, -0.2])
    # risk-averse (R = 1): concave, (1 - d)(1 + d); beyond d = 1, (1 - d)(1 + R)
    np.testing.assert_allclose(utility(d, np.array(1.0)), [1.0, 0.9375, 0.0, -0.4])


@given(
    st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1),
    st.sampled_from([InterVecBrgn.S1P1, InterVecBrgn.S2P2, InterVecBrgn.S2PMAX]),
)  # fmt: skip
def test_bargains_lie_between_the_positions(
    xi: float, xj: float, si: float, sj: float, p: float, kind: InterVecBrgn
) -> None:
    b_i, b_j = interpolate(
        np.array([xi]), np.array([si]), np.array(p), np.array([xj]), np.array([sj]),
        np.array(1 - p), kind,
    )  # fmt: skip
    lo, hi = min(xi, xj) - 5e-5, max(xi, xj) + 5e-5  # rounding to 1e-4
    assert lo <= b_i[0] <= hi and lo <= b_j[0] <= hi
    if kind != InterVecBrgn.S2PMAX:
        np.testing.assert_allclose(np.round(b_i * 1e4), b_i * 1e4, atol=1e-6)


# ----- whole runs --------------------------------------------------------------------------------


@settings(max_examples=25)
@given(st.integers(0, 10_000), st.integers(2, 9), st.integers(1, 3))
def test_runs_stay_in_the_hull_and_probabilities_add_up(seed: int, n: int, dims: int) -> None:
    x, s, c = scenario(seed, n, dims)
    res = run_smp(x, s, c)
    lo, hi = x.min(axis=0) - 5e-5, x.max(axis=0) + 5e-5
    assert np.all((res.positions >= lo) & (res.positions <= hi))
    assert 2 <= res.states - 1 <= 100
    assert res.ratios[-1] < 0.02 or res.states == 101
    assert np.all(res.ratios[:-1] >= 0.02) or res.states - 1 <= 2
    assert np.all((res.risk >= -0.5 - 1e-12) & (res.risk <= 1 + 1e-12))
    assert all(np.isclose(r.max(), 1.0) or np.all(r == 0) for r in res.risk)
    final = res.positions[-1]
    assert res.win_prob[-1, res.best] == pytest.approx(res.win_prob[-1].max())
    assert np.all((res.win_prob >= 0) & (res.win_prob <= 1))
    assert final.shape == x.shape


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_relabelling_actors_permutes_the_run(seed: int) -> None:
    x, s, c = scenario(seed, n=8, dims=2)
    perm = np.random.default_rng(seed + 10).permutation(8)
    a, b = run_smp(x, s, c), run_smp(x[perm], s[perm], c[perm])
    assert a.states == b.states
    np.testing.assert_allclose(b.positions, a.positions[:, perm], atol=1e-9)
    np.testing.assert_allclose(b.risk, a.risk[:, perm], atol=1e-9)


@pytest.mark.parametrize("seed", [3, 4])
def test_only_relative_capability_matters(seed: int) -> None:
    x, s, c = scenario(seed, n=7, dims=2)
    a, b = run_smp(x, s, c), run_smp(x, s, 7.5 * c)
    assert a.states == b.states
    np.testing.assert_allclose(b.positions, a.positions, atol=1e-9)


def test_consensus_does_not_move() -> None:
    x = np.full((4, 2), 0.3)
    res = run_smp(x, np.full((4, 2), 0.4), np.ones(4))
    assert res.states == 3  # two quiet steps, then the stop rule
    assert np.all(res.positions == 0.3) and np.all(res.targets == -1)


def test_a_lone_actor_keeps_its_position() -> None:
    res = run_smp([[0.2, 0.9]], [[0.5, 0.5]], [1.0])
    assert np.all(res.positions == [0.2, 0.9]) and res.win_prob[-1, 0] == 1.0


def test_identity_accommodation_is_the_default() -> None:
    x, s, c = scenario(5, n=6, dims=2)
    a, b = run_smp(x, s, c), run_smp(x, s, c, accommodation=np.eye(6))
    np.testing.assert_array_equal(a.positions, b.positions)
    lagged = run_smp(x, s, c, accommodation=0.5 * np.eye(6))
    assert lagged.states >= 2 and np.isfinite(lagged.positions).all()


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, member) for name, kind in ENUMS.items() for member in kind],
)
def test_every_option_runs(name: str, value: object) -> None:
    x, s, c = scenario(6, n=6, dims=2)
    params = SMPParams(**{name: value}, max_steps=12)
    res = run_smp(x, s, c, params, seed=5)
    assert np.isfinite(res.positions).all() and res.states <= 13
    expected_range = {BigRRange.MIN: (0, 1), BigRRange.MID: (-0.5, 1), BigRRange.MAX: (-1, 1)}
    lo, hi = expected_range[params.big_r_range]
    assert np.all((res.risk >= lo - 1e-12) & (res.risk <= hi + 1e-12))
    if params.bargain_model == 0 or not params.ktab_quirks:
        assert np.all((res.positions >= -5e-5) & (res.positions <= 1 + 5e-5))


def test_stochastic_transitions_reproduce_with_a_seed() -> None:
    x, s, c = scenario(7, n=8, dims=2)
    params = SMPParams(transitions="Stochastic")
    a, b = run_smp(x, s, c, params, seed=11), run_smp(x, s, c, params, seed=11)
    np.testing.assert_array_equal(a.positions, b.positions)
    others = [run_smp(x, s, c, params, seed=k).positions[-1] for k in range(5)]
    det = run_smp(x, s, c).positions[-1]
    assert any(not np.array_equal(o, det) for o in others)


def test_parameters_parse_ktab_names_and_codes() -> None:
    p = SMPParams.from_options(
        {"pce": "MarkovIncentive", "voting_rule": 3, "bargain_interp": "s2pmax"}
    )
    assert (p.pce.label, p.voting_rule.label, p.bargain_interp.label) == (
        "MarkovIncentive", "PropCbc", "S2PMax",
    )  # fmt: skip
    codes = (1, 2, 1, 5, 0, 2, 2, 0, 1)
    assert SMPParams.from_ktab_codes(codes).ktab_codes() == codes
    assert SMPParams().to_dict()["bargain_model"] == "InitOnlyInterp"


@pytest.mark.parametrize(
    "options",
    [
        {"pce": "Markov"},
        {"voting_rule": 9},
        {"colour": "red"},
        {"max_steps": 0},
        {"max_steps": 5.5},
        {"ktab_quirks": "yes"},
        {"min_delta_ratio": -1},
    ],
)
def test_bad_options_are_input_errors(options: dict[str, object]) -> None:
    with pytest.raises(InputError):
        SMPParams.from_options(options)


@pytest.mark.parametrize(
    ("x", "s", "c"),
    [
        ([[0.5], [1.5]], [[0.5], [0.5]], [1, 1]),  # position off [0, 1]
        ([[0.5, 0.5], [0.2, 0.1]], [[0.7, 0.7], [0.5, 0.5]], [1, 1]),  # saliences sum to 1.4
        ([[0.5], [0.2]], [[0.5], [0.5]], [1, -1]),  # negative capability
        ([[0.5], [0.2]], [[0.5], [0.5]], [1, 1, 1]),  # shapes disagree
    ],
)
def test_bad_arrays_are_input_errors(
    x: list[list[float]], s: list[list[float]], c: list[float]
) -> None:
    with pytest.raises(InputError):
        run_smp(x, s, c)


def test_too_many_actors_is_refused_before_any_work() -> None:
    n = MAX_ACTORS + 1
    with pytest.raises(TooLargeError):
        run_smp(np.zeros((n, 1)), np.zeros((n, 1)), np.ones(n))


# ----- the registered model ----------------------------------------------------------------------


def actors_on(scale: tuple[float, float], seed: int = 8) -> Actors:
    x, s, c = scenario(seed, n=6, dims=2)
    lo, hi = scale
    return point_actors(
        [f"a{i}" for i in range(6)], ["tax", "spend"], c, lo + x * (hi - lo), s, scale=scale
    )


def test_smp_model_forecasts_the_most_probable_final_position() -> None:
    actors = actors_on((0.0, 100.0))
    fc = get_model("smp")(actors)
    best = fc.details["most_probable_actor"]
    assert fc.outcome.tolist() == fc.details["final_positions"][best]
    probs = fc.details["win_probabilities"]
    assert probs[best] == max(probs.values())
    assert fc.trajectory is not None and fc.trajectory.shape == (fc.rounds + 1, 6, 2)
    np.testing.assert_array_equal(fc.trajectory[0], actors.position)
    json.dumps(fc.to_dict())


def _per_issue_by_hand(fc, actors: Actors) -> list[float]:  # type: ignore[no-untyped-def]
    """Each issue's forecast from the run's details, by a plain loop: the most probable actor's
    final position where it has a stake, else the most probable stakeholder's (first on ties)."""
    probs = fc.details["win_probabilities"]
    final = fc.details["final_positions"]
    best = fc.details["most_probable_actor"]
    out = []
    for d in range(len(actors.dimensions)):
        stake = [
            a for i, a in enumerate(actors.names) if actors.mask[i, d] and actors.salience[i, d] > 0
        ]
        if best in stake:
            out.append(final[best][d])
            continue
        top = max(probs[a] for a in stake)
        out.append(final[next(a for a in stake if probs[a] == top)][d])
    return out


def test_smp_forecasts_each_issue_among_the_actors_with_a_stake() -> None:
    # A ends up most probable but has no stake in spend, where it holds only the placeholder
    # (the capability x salience weighted mean of the others). The spend forecast is the final
    # spend position of the most probable actor that has a stake there, not A's placeholder.
    actors = point_actors(
        ["A", "B", "C", "D"],
        ["tax", "spend"],
        capability=[5.0, 7.0, 4.0, 7.0],
        position=[[83.0, 5.0], [83.0, 81.0], [92.0, 66.0], [16.0, 44.0]],
        salience=[[0.2, 0.2], [0.3, 0.3], [0.1, 0.5], [0.4, 0.4]],
    ).replace(present=np.array([[True, False], [True, True], [True, True], [True, True]]))
    fc = get_model("smp")(actors)
    assert fc.details["most_probable_actor"] == "A"
    assert fc.outcome.tolist() == _per_issue_by_hand(fc, actors)
    holder = fc.details["holder_per_issue"]
    assert holder["tax"] == "A" and holder["spend"] in ("B", "C", "D")
    assert fc.outcome[1] != pytest.approx(fc.details["final_positions"]["A"][1])
    assert fc.outcome[1] == fc.details["final_positions"][holder["spend"]][1]
    # with everyone at stake everywhere the forecast is the most probable final position
    full = get_model("smp")(actors_on((0.0, 100.0)))
    assert set(full.details["holder_per_issue"].values()) == {full.details["most_probable_actor"]}


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 5))
def test_per_issue_forecast_equals_the_hand_loop(seed: int, absent: int) -> None:
    base = actors_on((0.0, 100.0), seed=seed)
    present = np.ones((6, 2), dtype=bool)
    present[absent, seed % 2] = False
    actors = base.replace(present=present)
    fc = get_model("smp")(actors)
    assert fc.outcome.tolist() == _per_issue_by_hand(fc, actors)
    pos = actors.position
    unc = Triangular(np.clip(pos - 15, 0, 100), pos, np.clip(pos + 15, 0, 100))
    sample = actors.replace(uncertainty={"position": unc}).sample_many(seed, 3)
    single = np.array([smp(sample.draw(i)).outcome for i in range(sample.draws)])
    np.testing.assert_allclose(smp_batch(sample), single, atol=1e-12)


def test_issue_scale_does_not_change_the_forecast() -> None:
    a, b = smp(actors_on((0.0, 100.0))), smp(actors_on((4.0, 10.0)))
    np.testing.assert_allclose((b.outcome - 4.0) / 6.0, a.outcome / 100.0, atol=1e-9)


def test_saliences_over_one_are_scaled_down_together() -> None:
    actors = actors_on((0.0, 1.0)).replace(salience=np.full((6, 2), 0.75))
    _, s, _, divisor = to_unit(actors)
    assert divisor == 1.5 and np.allclose(s, 0.5)
    assert smp(actors).details["salience_divisor"] == 1.5


def test_absent_actors_get_no_salience_and_a_neutral_placeholder() -> None:
    base = actors_on((0.0, 100.0))
    present = np.ones((6, 2), dtype=bool)
    present[2, 1] = False
    actors = base.replace(present=present)
    x, s, c, _ = to_unit(actors)
    w = c * s[:, 1]
    assert s[2, 1] == 0 and x[2, 1] == pytest.approx(np.sum(w * x[:, 1]) / w.sum())
    assert np.isfinite(smp(actors).outcome).all()


def test_batch_kernel_equals_one_run_per_draw() -> None:
    base = actors_on((0.0, 100.0))
    pos = base.position
    unc = Triangular(np.clip(pos - 15, 0, 100), pos, np.clip(pos + 15, 0, 100))
    sample = base.replace(uncertainty={"position": unc}).sample_many(3, 12)
    batch = smp_batch(sample)
    single = np.array([smp(sample.draw(i)).outcome for i in range(sample.draws)])
    np.testing.assert_allclose(batch, single, atol=1e-12)


def test_the_documented_example_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "forecast.md").read_text()
    section = doc.split("## KTAB Spatial Model of Politics (SMP)")[1].split("\n## ")[0]
    block = re.findall(r"```python\n(.*?)```", section, re.S)[0]
    exec(compile(block, "docs/forecast.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    promised = [ln.split("  # ")[1] for ln in block.splitlines() if ln.startswith("print(")]
    assert printed == promised


def test_stochastic_batches_reproduce_with_a_seed() -> None:
    base = actors_on((0.0, 100.0), seed=9)
    pos = base.position
    unc = Triangular(np.clip(pos - 10, 0, 100), pos, np.clip(pos + 10, 0, 100))
    sample = base.replace(uncertainty={"position": unc}).sample_many(4, 6)
    a = smp_batch(sample, 21, transitions="Stochastic", max_steps=15)
    b = smp_batch(sample, 21, transitions="Stochastic", max_steps=15)
    np.testing.assert_array_equal(a, b)
    assert np.all((a >= 0) & (a <= 100))
    with pytest.raises(InputError):
        smp_batch(sample, 21, transitions="Sometimes")
