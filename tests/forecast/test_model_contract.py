"""The contract every registered forecast model keeps (the registry feeds menus and the CLI).

For each model: the call shape ``model(actors, seed, **options) -> Forecast``; one outcome per
dimension inside the hull of the positions; a trajectory of shape ``(rounds + 1, n, D)`` whose
first row is the inputs (iterative models only); JSON round trip; the same result for the same
seed; a batch over draws equal to the draws run one by one; invariance to the order of actors.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from zopa.forecast import Actors, Forecast, Triangular, get_model, point_actors, registered_models

MODELS = sorted(n for n in registered_models() if not n.startswith("test-"))


def _actors() -> Actors:
    pos = [[10, 80], [35, 20], [60, 50], [90, 70], [50, 5]]
    sal = [[0.6, 0.3], [0.5, 0.4], [0.2, 0.7], [0.5, 0.2], [0.3, 0.3]]
    return point_actors(["a", "b", "c", "d", "e"], ["x", "y"], [3, 1, 2, 2.5, 1], pos, sal)


@pytest.mark.parametrize("name", MODELS)
def test_contract(name: str) -> None:
    actors, spec = _actors(), get_model(name)
    fc = spec(actors, 1)
    assert isinstance(fc, Forecast) and fc.model == name and fc.dimensions == actors.dimensions
    assert fc.outcome.shape == (2,)
    lo, hi = actors.position.min(axis=0), actors.position.max(axis=0)
    assert np.all(fc.outcome >= lo - 1e-9) and np.all(fc.outcome <= hi + 1e-9)
    if spec.metadata.get("iterative"):
        assert fc.trajectory is not None
        assert fc.trajectory.shape == (fc.rounds + 1, actors.n, 2)
        np.testing.assert_allclose(fc.trajectory[0], actors.position)
    assert json.loads(json.dumps(fc.to_dict())) == fc.to_dict()
    assert spec(actors, 1).to_dict() == fc.to_dict()
    assert spec.summary and spec.metadata.get("citation")


@pytest.mark.parametrize("name", MODELS)
def test_batch_equals_draw_by_draw(name: str) -> None:
    actors = _actors()
    tri = Triangular(actors.position - 5, actors.position, actors.position + 5)
    sample = actors.replace(uncertainty={"position": tri}).sample_many(2, 6)
    spec = get_model(name)
    batch = spec.outcomes(sample, 0)
    single = np.array([spec(sample.draw(i), 0).outcome for i in range(sample.draws)])
    np.testing.assert_allclose(batch, single, rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", MODELS)
def test_actor_order_does_not_matter(name: str) -> None:
    actors = _actors()
    perm = [3, 0, 4, 2, 1]
    shuffled = point_actors(
        [actors.names[i] for i in perm],
        actors.dimensions,
        actors.capability[perm],
        actors.position[perm],
        actors.salience[perm],
    )
    a, b = get_model(name)(actors, 0).outcome, get_model(name)(shuffled, 0).outcome
    np.testing.assert_allclose(a, b, atol=1e-9)
