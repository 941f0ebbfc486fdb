"""Tornado and Sobol sensitivity against analytic answers.

Known answers: for the compromise model with only positions uncertain the forecast is linear,
``Y = Σ w_i X_i / Σ w``, so ``S_i = ST_i = w_i² Var(X_i) / Σ_j w_j² Var(X_j)`` with the
triangular variance ``(a² + b² + c² − ab − ac − bc) / 18``, and the tornado swing of ``X_i`` is
``w_i (high − low) / Σ w``. For a non-linear check the Ishigami function (Ishigami & Homma
1990, a = 7, b = 0.1) has S = (0.3139, 0.4424, 0) and ST = (0.5576, 0.4424, 0.2437).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from zopa.errors import InputError
from zopa.forecast import (
    Actors,
    ActorSample,
    Forecast,
    Triangular,
    point_actors,
    register_batch,
    register_model,
    sobol,
    tornado,
    widen,
)
from zopa.forecast import registry as reg
from zopa.forecast.actors import RngLike


def _linear_case() -> tuple[Actors, np.ndarray, np.ndarray]:
    x = np.array([10.0, 40.0, 70.0, 90.0])
    w = np.array([1.0, 2.0, 0.5, 1.5])
    low, high = x - np.array([10, 5, 20, 30]), x + np.array([10, 15, 20, 5])
    actors = point_actors(["a", "b", "c", "d"], ["d"], w, x, [1, 1, 1, 1])
    tri = Triangular(low[:, None], x[:, None], high[:, None])
    var = (low**2 + x**2 + high**2 - low * x - low * high - x * high) / 18
    share = w**2 * var / np.sum(w**2 * var)
    return actors.replace(uncertainty={"position": tri}), share, (high - low) * w / w.sum()


def test_tornado_swings_of_a_linear_model() -> None:
    actors, _, swing = _linear_case()
    result = tornado(actors, "compromise")
    bars = {b.actor: b.swing for b in result.issues["d"].bars}
    for name, expected in zip(actors.names, swing, strict=True):
        assert bars[name] == pytest.approx(expected)
    order = [b.actor for b in result.issues["d"].bars]
    assert order == [actors.names[i] for i in np.argsort(-swing)]


def test_sobol_indices_of_a_linear_model() -> None:
    actors, share, _ = _linear_case()
    result = sobol(actors, "compromise", samples=4096, seed=3).to_dict()
    rows = {r["label"]: r for r in result["issues"]["d"]["actors"]}
    for name, s in zip(actors.names, share, strict=True):
        assert rows[name]["first"] == pytest.approx(s, abs=0.03)
        assert rows[name]["total"] == pytest.approx(s, abs=0.03)
        lo, hi = rows[name]["total_ci95"]
        assert lo <= rows[name]["total"] <= hi
    assert result["runs"] == 4096 * (4 + 4 + 2)


@pytest.fixture
def ishigami() -> Iterator[Actors]:
    """Positions Tri(0, 0, 1) mapped back to U(0, 1) by their CDF, then to U(−π, π)."""
    with reg.MODELS.restored():

        def f(sample_pos: np.ndarray) -> np.ndarray:
            u = 1.0 - (1.0 - sample_pos) ** 2
            z = -np.pi + 2 * np.pi * u
            return (
                np.sin(z[..., 0])
                + 7 * np.sin(z[..., 1]) ** 2
                + 0.1 * z[..., 2] ** 4 * np.sin(z[..., 0])
            )

        @register_model("test-ishigami")
        def model(actors: Actors, rng: RngLike = None, **options: Any) -> Forecast:
            """Ishigami."""
            return Forecast("test-ishigami", actors.dimensions, [f(actors.position[:, 0])])

        @register_batch("test-ishigami")
        def batch(sample: ActorSample, rng: RngLike = None, **options: Any) -> np.ndarray:
            return f(sample.position[:, :, 0])[:, None]

        actors = point_actors(["x1", "x2", "x3"], ["d"], [1, 1, 1], [0, 0, 0], [1, 1, 1], (0, 1))
        tri = Triangular(np.zeros((3, 1)), np.zeros((3, 1)), np.ones((3, 1)))
        yield actors.replace(uncertainty={"position": tri})


def test_sobol_indices_of_the_ishigami_function(ishigami: Actors) -> None:
    result = sobol(ishigami, "test-ishigami", samples=2**14, seed=1, bootstrap=50).to_dict()
    rows = {r["label"]: r for r in result["issues"]["d"]["actors"]}
    for name, s1, st in (("x1", 0.3139, 0.5576), ("x2", 0.4424, 0.4424), ("x3", 0.0, 0.2437)):
        assert rows[name]["first"] == pytest.approx(s1, abs=0.02)
        assert rows[name]["total"] == pytest.approx(st, abs=0.02)


def test_widen_gives_ranges_only_where_none_were_stated(emission: Actors) -> None:
    w = widen(emission)
    assert len(w.factors()) == 3 * emission.n
    tri = w.uncertainty["position"]
    assert np.all(tri.low >= 4) and np.all(tri.high <= 10)
    assert tri.high[4, 0] == 10 and tri.low[4, 0] == pytest.approx(9.4)
    kept = widen(w, position=0.5)
    assert kept.uncertainty["position"] == tri


def test_no_uncertainty_is_an_input_error(emission: Actors) -> None:
    with pytest.raises(InputError):
        tornado(emission, "compromise")
    with pytest.raises(InputError):
        sobol(emission, "compromise")


def test_only_inputs_that_can_move_an_issue_are_listed() -> None:
    from zopa.forecast import actors_from_scenario
    from zopa.model import load_scenario

    actors = actors_from_scenario(load_scenario("minerals-2025"))
    result = tornado(actors, "compromise")
    for k, dim in enumerate(actors.dimensions):
        present = {actors.names[i] for i in range(actors.n) if actors.mask[i, k]}
        for bar in result.issues[dim].bars:
            assert bar.actor in present
            assert bar.field == "capability" or f"({dim})" in bar.label


def test_constant_forecast_has_no_variance_to_share() -> None:
    a = point_actors(["a", "b"], ["d"], [1, 1], [20, 20], [1, 1])
    a = a.replace(uncertainty={"capability": Triangular([0.5, 0.5], [1, 1], [2, 2])})
    result = sobol(a, "compromise", samples=64).to_dict()
    assert result["issues"]["d"]["variance"] == 0
    assert all(np.isnan(r["total"]) for r in result["issues"]["d"]["actors"])


def test_oversized_sobol_request_is_refused(widened: Actors) -> None:
    from zopa.errors import TooLargeError

    with pytest.raises(TooLargeError) as err:
        sobol(widened, "compromise", samples=2**26)
    assert str(err.value).endswith("lower `samples`")


def test_cli_names_its_flags_where_the_library_names_parameters(cli: Any) -> None:
    r = cli("sensitivity", "minerals-2025", "--samples", str(2**26), "--method", "sobol")
    assert r.code == 2 and r.err.rstrip().endswith("lower --samples") and "`" not in r.err
    r = cli("backtest", "bdm1994", "--salience-max", "0")
    assert r.code == 2 and ": --salience-max: the salience maximum" in r.err


@pytest.fixture
def rare_step() -> Iterator[Actors]:
    """A model whose forecast jumps only when x1 is in its top 2%: few draws carry its index."""
    with reg.MODELS.restored():

        def f(pos: np.ndarray) -> np.ndarray:
            return np.where(pos[..., 0] > 0.9, 50.0, 0.0) + 1e-3 * pos[..., 1]

        @register_model("test-rare")
        def model(actors: Actors, rng: RngLike = None, **options: Any) -> Forecast:
            """Rare step."""
            return Forecast("test-rare", actors.dimensions, [f(actors.position[:, 0])])

        @register_batch("test-rare")
        def batch(sample: ActorSample, rng: RngLike = None, **options: Any) -> np.ndarray:
            return f(sample.position[:, :, 0])[:, None]

        actors = point_actors(["x1", "x2"], ["d"], [1, 1], [0.5, 0.5], [1, 1], (0, 1))
        tri = Triangular(np.zeros((2, 1)), np.full((2, 1), 0.5), np.ones((2, 1)))
        yield actors.replace(uncertainty={"position": tri})


def test_indices_resting_on_few_changes_are_marked_and_clipped(rare_step: Actors) -> None:
    result = sobol(rare_step, "test-rare", samples=256, seed=2).to_dict()
    rows = {r["label"]: r for r in result["issues"]["d"]["factors"]}
    step = rows["x1 position (d)"]
    # x1 > 0.9 has probability 0.02 under Tri(0, .5, 1): swapping it changes ~4% of 256 rows.
    assert 0 < step["changes"] < 20 and not step["reliable"]
    smooth = rows["x2 position (d)"]
    assert smooth["changes"] == 256 and smooth["reliable"]
    for r in result["issues"]["d"]["factors"] + result["issues"]["d"]["actors"]:
        assert 0.0 <= r["first"] <= 1.0 and 0.0 <= r["total"] <= 1.0
        assert 0.0 <= r["total_ci95"][0] <= r["total_ci95"][1] <= 1.0
    assert result["issues"]["d"]["moving_draws"] <= 2 * 256


def test_round_off_variance_is_no_variance() -> None:
    a = point_actors(["a", "b"], ["d"], [1, 1], [20, 20 + 1e-5], [1, 1])
    a = a.replace(uncertainty={"capability": Triangular([0.5, 0.5], [1, 1], [2, 2])})
    result = sobol(a, "compromise", samples=64).to_dict()
    # The forecast moves by at most 1e-5 on a 0-100 scale: below the floor (1e-6 of the width).
    assert result["issues"]["d"]["variance"] == 0


def test_cli_analyses_every_certain_judgement_of_minerals(cli: Any) -> None:
    """Issue 5: `zopa sensitivity minerals-2025` names the judgements that matter. Minerals
    states ranges for capabilities only, so positions and saliences get default ranges one by
    one and appear in the ranking."""
    import json

    r = cli("sensitivity", "minerals-2025", "--method", "tornado", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["model"] == "compromise" and data["default_ranges"] > 0
    for dim, info in data["tornado"]["issues"].items():
        fields = {b["field"] for b in info["bars"]}
        assert {"position", "salience"} <= fields, dim
        assert info["bars"][0]["swing"] > 0
    r = cli("sensitivity", "minerals-2025", "--method", "tornado", "--stated-ranges", "--json")
    stated = json.loads(r.out)
    assert stated["default_ranges"] == 0
    assert "position" not in {
        b["field"] for i in stated["tornado"]["issues"].values() for b in i["bars"]
    }
    r = cli("sensitivity", "minerals-2025", "--samples", "64", "--detail")
    assert r.code == 0 and "one at a time" in r.out and "share of forecast variance" in r.out


def test_sensitivity_says_in_one_row_per_issue_what_moves_it_most(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    r = cli("sensitivity", "minerals-2025", "--samples", "64", "--no-record")
    assert r.code == 0 and "What moves each forecast" in r.out
    assert "one at a time (base" not in r.out  # the per-issue tables need --detail
    data = json.loads(cli("sensitivity", "minerals-2025", "--samples", "64", "--json").out)
    lines = r.out.splitlines()
    for dim, issue in data["tornado"]["issues"].items():
        (row,) = [ln for ln in lines if ln.startswith(f"│ {dim} ")]
        assert f"{issue['base']:.4g}" in row
        first = data["sobol"]["issues"][dim]["actors"][0]
        assert first["label"] in r.out
    assert len(lines) < 60


@pytest.mark.parametrize(
    ("dims", "groups", "rows"), [(1, 3, 64), (1, 2, 5), (11, 17, 512), (4, 44, 128)]
)
@pytest.mark.parametrize("block", [1, 5_000, 1 << 30])
@pytest.mark.parametrize("masked", [False, True])
def test_bootstrap_in_blocks_equals_the_whole_array_at_once(
    dims: int, groups: int, rows: int, block: int, masked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue by issue, in blocks, on the relevant cells only: the same bits as the indices of
    every resample computed at once, and 0 in the cells left out."""
    from zopa.forecast.runs import sensitivity as sens

    rng = np.random.default_rng(dims * groups)
    fa, fb = rng.normal(40, 30, (dims, rows)), rng.normal(40, 30, (dims, rows))
    fab = rng.normal(40, 30, (dims, groups, rows))
    idx = rng.integers(0, rows, size=(13, rows))
    relevant = rng.random((dims, groups)) < 0.4 if masked else None
    whole = sens._indices(fa[:, idx], fb[:, idx], fab[:, :, idx].transpose(0, 2, 1, 3))
    monkeypatch.setattr(sens, "BOOTSTRAP_BLOCK", block)
    blocked = sens._bootstrap(fa, fb, fab, idx, relevant)
    keep = np.ones((dims, groups), dtype=bool) if relevant is None else relevant
    cells = np.broadcast_to(keep[:, None, :], whole[0].shape)
    for a, b in zip(whole, blocked, strict=True):
        assert np.array_equal(a[cells], b[cells])
        assert not b[~cells].any()
