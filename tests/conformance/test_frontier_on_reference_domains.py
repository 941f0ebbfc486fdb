"""``zopa.frontier`` on the imported reference domains, against published values and against
brute force over every outcome.

Published: NegoLog ``specs.json`` (Nash product and maximum social welfare; reservation values are
0 there, so zopa's gains are the utilities) and the even split of ``other-pie`` for Nash, KS and
GENIUS's smallest-difference "KS" (FORMATS.md §3.6 C). Brute force: the Pareto frontier, Nash
product, maximum welfare and maximin gain over the ZOPA of every enumerable GENIUS domain,
computed here from ``game.utilities()`` with the documented tolerance (utilities compared on the
grid ``rint(u / TOL)``).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import REFERENCE
from zopa.frontier import frontier, solve
from zopa.game import TOL
from zopa.io import import_negolog, load_genius

DOMAINS = REFERENCE / "negotiation-domains"
GENIUS = DOMAINS / "genius"
NEGOLOG = DOMAINS / "negolog"
#: Spaces this large are covered by the dedicated tests (integer programming for ANAC 2014).
ENUMERABLE = 2_000_000
#: The k >= 3 party dominance check compares every outcome with every frontier point.
MULTI_CHECK = 60_000

pytestmark = pytest.mark.skipif(
    not DOMAINS.is_dir(), reason=f"reference data not found at {DOMAINS}"
)


def _genius_names() -> list[str]:
    if not GENIUS.is_dir():
        return []
    index = json.loads((DOMAINS / "index.json").read_text())
    return sorted(
        d["folder"].split("/", 1)[1]
        for d in index["domains"]
        if d["folder"].startswith("genius/") and (d["n_outcomes"] or 0) <= ENUMERABLE
    )


def _keys(u: np.ndarray) -> np.ndarray:
    return np.rint(u / TOL).astype(np.int64)


def _front_2d(k: np.ndarray) -> set[tuple[int, int]]:
    """Distinct non-dominated key pairs: sort by (u1 desc, u2 desc), keep strict records of u2."""
    order = np.lexsort((-k[1], -k[0]))
    a, b = k[0, order], k[1, order]
    best = np.maximum.accumulate(b)
    keep = np.ones(len(b), dtype=bool)
    keep[1:] = b[1:] > best[:-1]
    return set(zip(a[keep].tolist(), b[keep].tolist(), strict=True))


@pytest.mark.parametrize(
    "name", sorted(p.name for p in NEGOLOG.iterdir()) if NEGOLOG.is_dir() else []
)
def test_negolog_nash_and_welfare_match_specs(name):
    spec = json.loads((NEGOLOG / name / "specs.json").read_text())
    game = import_negolog(NEGOLOG / name).compile()
    front = frontier(game)
    nash = solve(game, "nash", front=front)
    welfare = solve(game, "utilitarian", front=front)
    assert nash is not None and welfare is not None
    assert nash.score == pytest.approx(
        spec.get("Nash Product", spec.get("Product Score")), abs=1e-12
    )
    assert welfare.score == pytest.approx(spec["Social Welfare"], abs=1e-12)


def test_pie_solutions_are_the_even_split():
    game = load_genius(GENIUS / "other-pie").to_scenario().compile()
    for name in ("nash", "kalai-smorodinsky", "smallest-difference", "egalitarian"):
        deal = solve(game, name)
        assert deal is not None and deal.terms == {game.issue_ids[0]: "a500"}, name
        assert list(deal.utilities.values()) == pytest.approx([0.5, 0.5], abs=1e-15)


@pytest.mark.parametrize("name", _genius_names())
def test_genius_frontier_and_solutions_match_brute_force(name):
    game = load_genius(GENIUS / name).to_scenario().compile()
    u = game.utilities()
    front = frontier(game)
    k = _keys(u)
    got = _keys(front.utilities)
    if game.n_parties == 2:
        assert set(zip(got[0].tolist(), got[1].tolist(), strict=True)) == _front_2d(k)
    elif game.n_outcomes <= MULTI_CHECK:
        _check_multi(k, got)
    # solutions over the ZOPA, by brute force
    d = game.reservations
    zone = np.all(u >= d[:, None] - TOL, axis=0)
    deals = {n: solve(game, n, front=front) for n in ("nash", "utilitarian", "egalitarian")}
    if not zone.any():
        assert all(deal is None for deal in deals.values())
        return
    gains = np.maximum(u[:, zone] - d[:, None], 0.0)
    room = gains.max(axis=1) > TOL
    # a party that can gain nothing in the ZOPA makes the product (next to) zero
    nash = np.prod(gains[room], axis=0).max() if room.all() else 0.0
    # points within TOL are tied and represented by one outcome, so scores agree to ~P·TOL
    tol = game.n_parties * TOL
    assert deals["nash"].score == pytest.approx(nash, abs=tol)
    assert deals["utilitarian"].score == pytest.approx(u[:, zone].sum(axis=0).max(), abs=tol)
    assert deals["egalitarian"].score == pytest.approx(gains.min(axis=0).max(), abs=tol)


def _check_multi(k: np.ndarray, got: np.ndarray) -> None:
    """Frontier points are mutually non-dominated and every outcome is dominated by or tied
    with one of them."""
    for j in range(got.shape[1]):
        p = got[:, [j]]
        ge = np.all(got >= p, axis=0) & np.any(got > p, axis=0)
        assert not ge.any()
    for start in range(0, k.shape[1], 4096):
        block = k[:, start : start + 4096]
        covered = np.all(got[:, :, None] >= block[:, None, :], axis=0).any(axis=0)
        assert covered.all()
