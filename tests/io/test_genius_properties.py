"""Random linear GENIUS domains: the imported game scores every outcome by the GENIUS formula
``min(1, Σ w_i · e_i(x_i) / max e_i)``, and the written scenario loads back unchanged."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tests.io.genius_files import write_domain, write_profile
from zopa.io import import_genius
from zopa.model import dump_scenario, scenario_from_text

evaluation = st.one_of(
    st.integers(0, 30), st.floats(0, 5, allow_nan=False).map(lambda x: round(x, 4))
)


@st.composite
def domains(draw: st.DrawFn) -> tuple[list, list, list]:
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    issues = [(f"issue {k}", [f"v{k}.{j}" for j in range(n)]) for k, n in enumerate(sizes)]
    profiles = []
    for _ in range(draw(st.integers(1, 3))):
        evals = [draw(st.lists(evaluation, min_size=n, max_size=n)) for n in sizes]
        weights = [draw(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.7, 1.0])) for _ in sizes]
        profiles.append((evals, weights))
    return sizes, issues, profiles


def _expected(sizes: list[int], profiles: list) -> np.ndarray:
    out = []
    for evals, weights in profiles:
        row = []
        for x in itertools.product(*(range(n) for n in sizes)):
            total = 0.0
            for k, j in enumerate(x):
                top = max(evals[k])
                total += weights[k] * (evals[k][j] / top if top >= 1e-5 else 0.0)
            row.append(min(1.0, total))
        out.append(row)
    return np.array(out)


@given(domains())
def test_random_linear_domains_score_like_genius(tmp_path_factory, spec):
    sizes, issues, profiles = spec
    folder = tmp_path_factory.mktemp("genius")
    write_domain(folder, issues)
    for p, (evals, weights) in enumerate(profiles):
        write_profile(folder, f"p{p}.xml", issues, evals, weights)
    scenario = import_genius(folder)
    np.testing.assert_allclose(
        scenario.compile().utilities(), _expected(sizes, profiles), rtol=0, atol=1e-12
    )
    again = scenario_from_text(dump_scenario(scenario), "<dump>")
    assert again == scenario
    assert dump_scenario(again) == dump_scenario(scenario)
