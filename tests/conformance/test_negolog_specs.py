"""Every NegoLog domain against its ``specs.json`` (values computed by NegoLog itself).

Definitions (FORMATS.md §3.1, read from NegoLog's ``nenv/BidSpace.py``): "Nash Product" (or
"Product Score") is max u_A·u_B over all bids; "Social Welfare" is max u_A + u_B, whose bid NegoLog
calls "Kalai"; "Opposition" is the distance of that bid's utilities from (1, 1); MinUtility and
MaxUtility are the extreme utilities over all bids of both profiles. Ties between bids are broken
differently by NegoLog, so the check is that the bid NegoLog names attains the optimum.
"""

from __future__ import annotations

import ast
import json
import math

import numpy as np
import pytest

from tests.conftest import REFERENCE
from zopa.io import import_negolog

NEGOLOG = REFERENCE / "negotiation-domains" / "negolog"
NAMES = sorted(p.name for p in NEGOLOG.iterdir()) if NEGOLOG.is_dir() else []

pytestmark = pytest.mark.skipif(
    not NEGOLOG.is_dir(), reason=f"reference data not found at {NEGOLOG}"
)


def test_the_reference_set_has_66_negolog_domains():
    assert len(NAMES) == 66


def _bid(value: object) -> dict[str, str]:
    return ast.literal_eval(value) if isinstance(value, str) else dict(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", NAMES)
def test_domain_matches_its_specs(name):
    spec = json.loads((NEGOLOG / name / "specs.json").read_text())
    scenario = import_negolog(NEGOLOG / name)
    game = scenario.compile()
    u = game.utilities()
    by_label = {scenario.issue_label(i): i for i in game.issue_ids}

    def code(bid: dict[str, str]) -> int:
        return game.encode({by_label[k]: v for k, v in bid.items()})

    assert game.n_outcomes == spec["NumberOfBids"]
    assert len(game.issue_ids) == spec["NumberOfIssues"]
    assert list(game.shape) == spec["IssueValues"]
    assert list(game.reservations) == [
        spec["ReservationValueProfileA"],
        spec["ReservationValueProfileB"],
    ]
    product = u[0] * u[1]
    welfare = u[0] + u[1]
    nash = spec.get("Nash Product", spec.get("Product Score"))
    assert product.max() == pytest.approx(nash, abs=1e-12)
    assert welfare.max() == pytest.approx(spec["Social Welfare"], abs=1e-12)
    n_code, k_code = code(_bid(spec["NashBid"])), code(_bid(spec["KalaiBid"]))
    assert product[n_code] == pytest.approx(product.max(), abs=1e-12)
    assert welfare[k_code] == pytest.approx(welfare.max(), abs=1e-12)
    np.testing.assert_allclose(u[:, n_code], [spec["Nash_A"], spec["Nash_B"]], atol=1e-12)
    np.testing.assert_allclose(u[:, k_code], [spec["Kalai_A"], spec["Kalai_B"]], atol=1e-12)
    opposition = math.hypot(1 - u[0, k_code], 1 - u[1, k_code])
    assert opposition == pytest.approx(spec["Opposition"], abs=1e-12)
    assert u.min() == pytest.approx(spec["MinUtility"], abs=1e-12)
    assert u.max() == pytest.approx(spec["MaxUtility"], abs=1e-12)
