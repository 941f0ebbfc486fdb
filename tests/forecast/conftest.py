"""Fixtures of the forecast tests: the BDM-1994 emission case and its reference folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zopa.forecast import Actors, Triangular, point_actors

# BDM (1994) Table 1 as reprinted in Scholz, Calbert & Smith (2011), Table 1: the published
# inputs of the emission-standards case (position in years, salience 0-100, capability).
EMISSION = {
    "Netherlands": (4, 80, 0.08),
    "Belgium": (7, 40, 0.08),
    "Luxembourg": (4, 20, 0.03),
    "Germany": (4, 80, 0.16),
    "France": (10, 60, 0.16),
    "Italy": (10, 60, 0.16),
    "UK": (10, 90, 0.16),
    "Ireland": (7, 10, 0.05),
    "Denmark": (4, 100, 0.05),
    "Greece": (7, 70, 0.08),
}


@pytest.fixture
def emission() -> Actors:
    """The emission case on its own scale of years 4-10."""
    names = tuple(EMISSION)
    pos = [EMISSION[n][0] for n in names]
    sal = [EMISSION[n][1] / 100 for n in names]
    cap = [EMISSION[n][2] for n in names]
    return point_actors(names, ["emission"], cap, pos, sal, scale=(4.0, 10.0))


@pytest.fixture
def widened(emission: Actors) -> Actors:
    """The emission case with Germany ~ Tri(2, 4, 7) and France ~ Tri(8, 10, 12) (scale 0-14)."""
    low, high = emission.position.copy(), emission.position.copy()
    low[3], high[3] = 2, 7
    low[4], high[4] = 8, 12
    return emission.replace(
        scale_low=np.array([0.0]),
        scale_high=np.array([14.0]),
        uncertainty={"position": Triangular(low, emission.position, high)},
    )


@pytest.fixture
def bdm_expected(reference_dir: Path) -> dict[str, Any]:
    """``bdm1994_emission/expected.json`` from the shared reference folder."""
    data: dict[str, Any] = json.loads(
        (reference_dir / "bdm1994_emission" / "expected.json").read_text()
    )
    return data
