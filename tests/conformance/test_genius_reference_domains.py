"""Every GENIUS domain of the reference set imports, and its utilities agree with an independent
evaluation of the XML (``_genius_oracle``) and with the catalogue ``index.json``.

Known answers checked here:
* ``index.json`` (reference set catalogue): outcome counts, issue names and sizes, profile types,
  reservation values and discount factors of all 150 GENIUS domains;
* the GENIUS "Jobs" normalisation check (FORMATS.md §3.6 A): the bid {lease car: yes, permanent
  contract: yes, career: low, fte: 0.8, salary: 2500, work from home: 1} is worth 0.6283 under
  GENIUS normalisation (0.53 without it);
* the discrete split of the pie (``other-pie``, FORMATS.md §3.6 C): Nash and GENIUS's "KS"
  point is k = 500 with utilities (0.5, 0.5) (Nash 1950; Kalai & Smorodinsky 1975).
"""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path

import numpy as np
import pytest

from tests.conformance._genius_oracle import Profile, domain_issues
from tests.conftest import REFERENCE
from zopa.io import load_genius
from zopa.model import dump_scenario, scenario_from_text

DOMAINS_DIR = REFERENCE / "negotiation-domains"
GENIUS = DOMAINS_DIR / "genius"

pytestmark = pytest.mark.skipif(not GENIUS.is_dir(), reason=f"reference data not found at {GENIUS}")

NAMES = sorted(p.name for p in GENIUS.iterdir()) if GENIUS.is_dir() else []
#: Outcomes scored per domain when the space is larger than this.
SAMPLE = 400


def _catalogue() -> dict[str, dict]:
    data = json.loads((DOMAINS_DIR / "index.json").read_text())
    return {
        d["folder"].split("/", 1)[1]: d
        for d in data["domains"]
        if d["folder"].startswith("genius/")
    }


def _oracle_check(folder: Path, codes: np.ndarray | None = None) -> None:
    domain = load_genius(folder)
    scenario = scenario_from_text(dump_scenario(domain.to_scenario()), "<dumped>")
    assert scenario == domain.to_scenario()
    game = scenario.compile()
    issues = domain_issues(Path(domain.domain.path))
    assert [scenario.issue_label(i) for i in game.issue_ids] == [name for _, name, _ in issues]
    profiles = [Profile(Path(p.path), issues) for p in domain.profiles]
    if codes is None:
        n = game.n_outcomes
        rng = np.random.default_rng(zlib.crc32(folder.name.encode()))
        codes = np.arange(n) if n <= SAMPLE else rng.integers(0, n, SAMPLE)
    got = game.utilities_of(codes)
    for j, code in enumerate(codes):
        terms = game.decode(int(code))
        outcome = {
            index: terms[iid] for (index, _, _), iid in zip(issues, game.issue_ids, strict=True)
        }
        expected = [prof.utility_of(outcome) for prof in profiles]
        np.testing.assert_allclose(got[:, j], expected, rtol=0, atol=1e-12)


def test_the_reference_set_has_150_genius_domains():
    assert len(NAMES) == 150
    assert set(NAMES) == set(_catalogue())


@pytest.mark.parametrize("name", NAMES)
def test_domain_imports_and_scores_like_the_xml(name):
    _oracle_check(GENIUS / name)


@pytest.mark.parametrize("name", NAMES)
def test_domain_matches_the_catalogue(name):
    entry = _catalogue()[name]
    domain = load_genius(GENIUS / name)
    game = domain.to_scenario().compile()
    issues = [(i["name"], i.get("values")) for i in entry["issues"]]
    assert [d.name for d in domain.domain.issues] == [n for n, _ in issues]
    if entry["n_outcomes"] is not None:
        assert game.n_outcomes == entry["n_outcomes"]
        assert list(game.shape) == [v for _, v in issues]
    files = {f["file"]: f for f in entry["files"] if f["role"] == "profile"}
    assert sorted(Path(p.path).name for p in domain.profiles) == sorted(files)
    for p, prof in enumerate(domain.profiles):
        info = files[Path(prof.path).name]
        assert prof.kind == info["profile_type"].lower()
        rv = info["reservation"]
        assert game.reservations[p] == (rv if rv is not None else 0.0)
        d = info["discount"]
        assert domain.discounts[domain.party_ids[p]] == (d if d is not None and 0 < d <= 1 else 1.0)


def test_large_domain_scores_every_outcome_like_the_xml():
    """AMPOvsCity, 1,944,000 outcomes: the whole utility matrix, vectorised per issue."""
    domain = load_genius(GENIUS / "other-AMPOvsCity")
    game = domain.to_scenario().compile()
    issues = domain_issues(Path(domain.domain.path))
    for p, prof in enumerate(domain.profiles):
        oracle = Profile(Path(prof.path), issues)
        acc = np.zeros(())
        for (index, _, _), values in zip(issues, game.values, strict=True):
            w = oracle.weights.get(index, 0.0)
            col = np.array([w * oracle.value(index, v) for v in values])
            acc = np.add.outer(acc, col)
        expected = np.minimum(acc.ravel(), 1.0)
        np.testing.assert_allclose(game.utilities()[p], expected, rtol=0, atol=1e-12)


def test_jobs_normalisation_gives_0_6283():
    domain = load_genius(GENIUS / "other-Jobs", ["Jobs_util1.xml"])
    scenario = domain.to_scenario()
    game = scenario.compile()
    label_to_id = {scenario.issue_label(i): i for i in game.issue_ids}
    bid = {
        "lease car": "yes",
        "permanent contract": "yes",
        "career development opportunities": "low",
        "fte": "0.8",
        "salary": "2500",
        "work from home": "1",
    }
    code = game.encode({label_to_id[k]: v for k, v in bid.items()})
    u = game.utilities_of([code])[0, 0]
    expected = 0.06 + 0.16 + 0 + 0.32 * (0.5 / 0.75) + 0.24 * 0.25 + 0.18 * (0.5 / 0.66666666666666)
    assert u == pytest.approx(expected, abs=1e-12)
    assert round(u, 4) == 0.6283
    assert abs(u - 0.53) > 0.09  # the un-normalised GeniusWeb figure is not what GENIUS computes


def test_pie_nash_and_genius_ks_are_the_even_split():
    game = load_genius(GENIUS / "other-pie").to_scenario().compile()
    u = game.utilities()
    assert game.n_outcomes == 1001
    nash = int(np.argmax(u[0] * u[1]))
    assert game.decode(nash) == {game.issue_ids[0]: "a500"}
    np.testing.assert_allclose(u[:, nash], [0.5, 0.5], atol=1e-15)
    # every split is Pareto optimal; GENIUS's "KS" is the point with the smallest |u1 - u2|
    assert np.all(np.isclose(u[0] + u[1], 1.0))
    assert int(np.argmin(np.abs(u[0] - u[1]))) == nash
    # Kalai–Smorodinsky proper: ideal point (1, 1), disagreement (0, 0): equal shares
    assert math.isclose(u[0, nash] / u[0].max(), u[1, nash] / u[1].max())
