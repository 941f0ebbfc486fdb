"""Cross-check against NegMAS 0.16 (runs only where ``negmas`` is installed, e.g. the ``bench``
extra): where the strategy definitions coincide, sessions end in the same agreement.

Correspondence: zopa ``time-dependent:e=E,tolerance=1e-4`` and NegMAS
``TimeBasedConcedingNegotiator(offering_curve=1/E)``; zopa ``aspiration`` and NegMAS
``AspirationNegotiator``. Two documented differences are removed or explained: NegMAS orders
outcomes of equal utility by an unstable sort (zopa by outcome code), so ties are broken in the
game itself (``break_ties``); and NegMAS's inverter may return an outcome up to 1e-6 below its
band when that is nearer, which changes a handful of sessions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

negmas = pytest.importorskip("negmas")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from negmas_bridge import break_ties, negmas_scenario, run_negmas, zopa_spec  # noqa: E402
from zopa.negotiate import negotiate  # noqa: E402

from .test_reference_domains import load  # noqa: E402

DOMAINS = ("other-pie", "anac2010-EnglandZimbabwe", "anac2011-Grocery", "anac2011-Car",
           "anac2012-BarbecueC", "anac2013-Icecream", "other-Jobs", "anac2012-CameraB",
           "anac2011-Amsterdam", "other-thompson")  # fmt: skip
PAIRS = (("boulware", "boulware"), ("linear", "conceder"), ("conceder", "boulware"),
         ("linear", "linear"), ("aspiration", "aspiration"), ("aspiration", "linear"))  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("name", DOMAINS)
def test_same_agreements_as_negmas(reference_dir: Path, name: str) -> None:
    game = break_ties(load(reference_dir, name))
    scenario = negmas_scenario(game)
    for pair in PAIRS:
        z = negotiate(game, [zopa_spec(s) for s in pair], rounds=100, seed=0, trace=False)
        n = run_negmas(game, list(pair), 100, scenario)
        assert z.agreement == n["agreement"], (name, pair)
