"""Monte Carlo: reproducibility, common random numbers, summaries, size limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from zopa.errors import InputError, TooLargeError
from zopa.forecast import Actors, Forecast, Triangular, monte_carlo, register_model
from zopa.forecast import registry as reg
from zopa.forecast.actors import RngLike, as_generator


def test_byte_identical_for_a_seed_and_prefix_stable(widened: Actors) -> None:
    a = monte_carlo(widened, draws=240, seed=9)
    b = monte_carlo(widened, draws=240, seed=9)
    small = monte_carlo(widened, draws=60, seed=9)
    for name, dist in a.distributions.items():
        assert dist.outcomes.tobytes() == b.distributions[name].outcomes.tobytes()
        assert np.array_equal(dist.outcomes[:60], small.distributions[name].outcomes), name
    other = monte_carlo(widened, ["compromise"], draws=240, seed=10)
    assert not np.array_equal(
        other.distributions["compromise"].outcomes, a.distributions["compromise"].outcomes
    )


def test_summaries_are_the_quantiles_of_the_draws(widened: Actors) -> None:
    mc = monte_carlo(
        widened, ["compromise", "challenge"], draws=2000, seed=1, thresholds={"emission": [8.833]}
    )
    for dist in mc.distributions.values():
        col = dist.outcomes[:, 0]
        assert dist.median[0] == np.quantile(col, 0.5)
        assert dist.interval80[0].tolist() == np.quantile(col, [0.1, 0.9]).tolist()
        assert dist.interval95[0].tolist() == np.quantile(col, [0.025, 0.975]).tolist()
        assert dist.exceedance(8.833, 0) == np.mean(col > 8.833)
        d = dist.to_dict()["issues"]["emission"]
        assert d["p_above"] == {"8.833": np.mean(col > 8.833)}
        assert d["interval80"][0] <= d["median"] <= d["interval80"][1]
    # Common random numbers: the compromise of every draw is computed from the same inputs.
    comp = mc.distributions["compromise"].outcomes[:, 0]
    sample = widened.sample_many(1, 2000)
    w = sample.capability * sample.salience[:, :, 0]
    np.testing.assert_allclose(comp, (w * sample.position[:, :, 0]).sum(1) / w.sum(1))


def test_point_inputs_skip_the_draws_and_say_so(emission: Actors) -> None:
    mc = monte_carlo(emission, ["compromise", "challenge"], draws=500, seed=0)
    assert mc.factors == 0 and mc.draws == 0 and mc.skipped
    dist = mc.distributions["compromise"]
    assert dist.outcomes.shape == (0, 1) and np.isnan(dist.interval80).all()
    assert dist.point[0] == pytest.approx(7.389955686853766)
    data = mc.to_dict()
    assert data["skipped"] and data["models"]["challenge"]["draws"] == 0
    # One uncertain input is enough to draw.
    tri = Triangular(emission.capability * 0.9, emission.capability, emission.capability * 1.1)
    drawn = monte_carlo(emission.replace(uncertainty={"capability": tri}), ["compromise"], draws=50)
    assert drawn.draws == 50 and drawn.skipped is None


def test_limits_and_bad_requests(emission: Actors) -> None:
    with pytest.raises(InputError):
        monte_carlo(emission, draws=0)
    with pytest.raises(InputError, match="draws: expected a whole number from 1 to"):
        monte_carlo(emission, draws=10**9)
    with pytest.raises(InputError):
        monte_carlo(emission, ["no-such-model"], draws=5)


def test_the_largest_number_of_draws_a_refusal_recommends_is_accepted() -> None:
    """Many actors on several issues: the memory bound, not the stated cap, limits the draws;
    the refusal names the largest number that fits, and that number passes the check."""
    from zopa.forecast import point_actors
    from zopa.forecast.runs.montecarlo import MAX_CELLS, max_draws

    n, dims = 40, [f"d{k}" for k in range(5)]
    actors = point_actors([f"a{i}" for i in range(n)], dims, [1.0] * n, [[50.0] * 5] * n,
                          [[1.0] * 5] * n)  # fmt: skip
    most = max_draws(actors)
    assert most == MAX_CELLS // (n * n * len(dims))
    with pytest.raises(TooLargeError, match=f"use at most {most:,} draws"):
        monte_carlo(actors, ["compromise"], draws=most + 1)
    # certain inputs and a deterministic model: the check passes and the draws are skipped
    assert monte_carlo(actors, ["compromise"], draws=most).draws == 0


@pytest.fixture
def noisy_model() -> Iterator[str]:
    """A stochastic test model without a batch kernel: outcome = position mean + N(0, 1)."""
    with reg.MODELS.restored():

        @register_model("test-noisy", stochastic=True)
        def noisy(actors: Actors, rng: RngLike = None, **options: Any) -> Forecast:
            """Noisy mean."""
            noise = as_generator(rng).normal(size=actors.n_dimensions)
            return Forecast("test-noisy", actors.dimensions, actors.position.mean(0) + noise)

        yield "test-noisy"


def test_stochastic_models_get_a_child_seed_per_draw(emission: Actors, noisy_model: str) -> None:
    a = monte_carlo(emission, [noisy_model], draws=300, seed=4).distributions[noisy_model]
    b = monte_carlo(emission, [noisy_model], draws=300, seed=4).distributions[noisy_model]
    assert a.outcomes.tobytes() == b.outcomes.tobytes()
    col = a.outcomes[:, 0] - emission.position.mean()
    assert abs(col.mean()) < 0.25 and 0.8 < col.std() < 1.2
    assert len(np.unique(col)) == 300


def test_stochastic_smp_draws_reproduce_one_by_one() -> None:
    """With Stochastic transitions draw i runs with child_rng(seed, i): the batch equals the
    draws run one by one, a shorter run is a prefix of a longer one, and the metadata says the
    model draws randomly in this mode only."""
    from zopa.forecast import get_model, point_actors
    from zopa.forecast.actors import child_rng

    base = point_actors(
        ["a", "b", "c", "d", "e"],
        ["x", "y"],
        [3, 1, 2, 2.5, 1],
        [[10, 80], [35, 20], [60, 50], [90, 70], [50, 5]],
        [[0.6, 0.3], [0.5, 0.4], [0.2, 0.7], [0.5, 0.2], [0.3, 0.3]],
    )
    tri = Triangular(base.position - 5, base.position, base.position + 5)
    actors = base.replace(uncertainty={"position": tri})
    spec, opts = get_model("smp"), {"transitions": "Stochastic"}
    assert spec.draws_randomly(opts) and not spec.draws_randomly({})
    sample = actors.sample_many(3, 12)
    batch = spec.outcomes(sample, 3, **opts)
    one = np.array([spec(sample.draw(i), child_rng(3, i), **opts).outcome for i in range(12)])
    np.testing.assert_array_equal(batch, one)
    longer = monte_carlo(actors, ["smp"], draws=24, seed=3, options={"smp": opts})
    shorter = monte_carlo(actors, ["smp"], draws=12, seed=3, options={"smp": opts})
    np.testing.assert_array_equal(
        longer.distributions["smp"].outcomes[:12], shorter.distributions["smp"].outcomes
    )
    np.testing.assert_array_equal(shorter.distributions["smp"].outcomes, batch)
    # Randomness alone is worth drawing for: no uncertain input, yet no skip.
    noisy = monte_carlo(base, ["smp"], draws=6, seed=3, options={"smp": opts})
    assert noisy.skipped is None and noisy.draws == 6


def test_cli_says_when_monte_carlo_is_skipped(cli: Any, reference_dir: Any) -> None:
    table = reference_dir / "bdm1994_emission" / "actors.csv"
    r = cli("forecast", str(table), "--draws", "2000", "-m", "compromise")
    assert r.code == 0 and "no Monte Carlo was run" in r.out and "interval" not in r.out
    r = cli("forecast", str(table), "--draws", "2000", "-m", "compromise", "--json")
    data = json.loads(r.out)
    assert data["monte_carlo"]["draws"] == 0 and data["monte_carlo"]["skipped"]
