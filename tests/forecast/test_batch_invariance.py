"""Every draw of a batch kernel is solved on its own: the same bytes in any batch.

The Monte Carlo runs a model's draws in batches whose size and company depend on how the run is
cut (chunks, one piece, resumed pieces). The forecast bytes for a seed are only the same however
it is cut if each draw's outcome is bit for bit that of the draw run alone at its point: checked
here on random actors, uncertain inputs and absent actors, with the options that switch the
kernels' code paths.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zopa.forecast import Actors, Triangular, get_model
from zopa.forecast.actors import ActorSample

#: (model, options): the default of each batch kernel and the options that change its path.
CASES: list[tuple[str, dict[str, Any]]] = [
    ("compromise", {}),
    ("median", {}),
    ("nash", {}),
    ("nash", {"power": 1.0}),
    ("nash", {"power": 3.0, "disagreement": "median"}),
    ("challenge", {}),
    ("challenge", {"preset": "scholz"}),
    ("challenge", {"range_mode": "fixed", "q": 0.6, "outcome": "mean"}),
    ("challenge", {"conflict": "concede", "upper_hand": "text", "accept": "least_move"}),
    ("smp", {}),
    ("smp", {"bargain_model": "InitRcvrInterp", "pce": "MarkovIncentive"}),
    ("smp", {"bargain_model": "PWCompInterp", "voting_rule": "Binary", "max_steps": 12}),
    ("smp", {"victory_prob": "Quartic", "bargain_interp": "S2PMax", "third_party": "NoCommit"}),
]


@st.composite
def uncertain_actors(draw: st.DrawFn) -> Actors:
    """2-6 actors on 1-3 issues, some inputs uncertain, some actors absent from an issue."""
    n, d = draw(st.integers(2, 6)), draw(st.integers(1, 3))
    unit = st.floats(0.05, 1.0, allow_nan=False)
    pos = np.array(draw(st.lists(st.integers(0, 100), min_size=n * d, max_size=n * d)), float)
    sal = np.array(draw(st.lists(unit, min_size=n * d, max_size=n * d))).reshape(n, d) / d
    cap = np.array(draw(st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n)))
    present = np.array(draw(st.lists(st.booleans(), min_size=n * d, max_size=n * d)))
    present = present.reshape(n, d)
    present[:2] = True  # two actors on every issue: something to forecast
    pos = pos.reshape(n, d)
    spread = np.array(draw(st.lists(st.integers(0, 30), min_size=n * d, max_size=n * d)))
    spread = spread.reshape(n, d)
    uncertainty = {
        "position": Triangular(np.clip(pos - spread, 0, 100), pos, np.clip(pos + spread, 0, 100)),
        "capability": Triangular(cap * 0.5, cap, cap * draw(st.sampled_from([1.0, 1.5]))),
    }
    names = [f"a{i}" for i in range(n)]
    return Actors.create(
        names, [f"d{k}" for k in range(d)], cap, pos, sal, 0.0, 100.0, uncertainty, present
    )


def _rows(actors: Actors, u: np.ndarray) -> ActorSample:
    return actors.at_quantiles(u)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    actors=uncertain_actors(),
    draws=st.integers(2, 24),
    cut=st.integers(1, 23),
    case=st.sampled_from(CASES),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_draw_gives_the_same_bytes_in_any_batch_and_alone(
    actors: Actors, draws: int, cut: int, case: tuple[str, dict[str, Any]], seed: int
) -> None:
    name, options = case
    spec = get_model(name)
    u = np.random.default_rng(seed).random((draws, len(actors.factors())))
    whole = spec.outcomes(_rows(actors, u), 0, **options)
    cut = min(cut, draws - 1)
    parts = np.concatenate(
        [spec.outcomes(_rows(actors, u[:cut]), 0, **options),
         spec.outcomes(_rows(actors, u[cut:]), 0, **options)]
    )  # fmt: skip
    assert whole.tobytes() == parts.tobytes()
    sample = _rows(actors, u)
    alone = np.array([spec(sample.draw(i), 0, **options).outcome for i in range(draws)])
    defined = np.isfinite(whole)
    assert whole[defined].tobytes() == alone[defined].tobytes()
