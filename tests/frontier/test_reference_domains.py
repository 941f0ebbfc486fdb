"""The issue-by-issue frontier equals enumeration on the published GENIUS domains.

Every GENIUS reference domain of at most 400,000 outcomes (143 of 150; the rest are the
10^10-outcome ANAC 2014 spaces, AMPOvsCity and ANAC 2016 AgentHp2) is imported and its frontier
computed both ways: same points, same representative outcomes, same tie counts, same utilities.
Domains whose weights sum above 1 (where GENIUS caps utility at 1) take the enumeration path
in both calls.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from zopa.frontier import frontier
from zopa.io import load_genius

LIMIT = 400_000


def test_additive_frontier_equals_enumeration_on_genius_domains(reference_dir: Path) -> None:
    folders = sorted(p for p in (reference_dir / "negotiation-domains" / "genius").iterdir())
    if not folders:
        pytest.skip("no GENIUS domains in the reference data")
    compared, additive = 0, 0
    for folder in folders:
        game = load_genius(folder).to_scenario().compile()
        if game.n_outcomes > LIMIT:
            continue
        fast, slow = frontier(game), frontier(game, method="enumerate")
        assert np.array_equal(fast.codes, slow.codes), folder.name
        assert np.array_equal(fast.ties, slow.ties), folder.name
        assert np.array_equal(fast.utilities, slow.utilities), folder.name
        compared += 1
        additive += fast.method == "additive"
    assert compared >= 140 and additive >= 130
