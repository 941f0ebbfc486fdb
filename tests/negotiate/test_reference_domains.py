"""Sessions on the GENIUS reference domains (read in place through zopa's GENIUS importer):
known answers on the pie, agreement with the brute-force simulator, and a small tournament."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from zopa.game import Game
from zopa.negotiate import landmarks, negotiate, run_tournament

from .test_timedep import brute_force_session

DOMAINS = ("other-pie", "anac2010-EnglandZimbabwe", "anac2011-Grocery", "anac2012-BarbecueB",
           "anac2013-Icecream", "other-Jobs", "anac2012-PhoneA", "anac2012-BarterA")  # fmt: skip


def load(reference_dir: Path, name: str) -> Game:
    from zopa.io.genius import import_genius

    folder = reference_dir / "negotiation-domains" / "genius" / name
    if not folder.is_dir():
        pytest.skip(f"reference domain {name} not found at {folder}")
    return import_genius(folder).compile()


def test_pie_known_answers(reference_dir: Path) -> None:
    """FORMATS.md §3.6 C: the pie's Nash and KS point is k = 500, utilities (0.5, 0.5)."""
    game = load(reference_dir, "other-pie")
    marks = landmarks(game)
    assert marks.nash is not None
    np.testing.assert_allclose(marks.nash, [0.5, 0.5])
    s = negotiate(game, ["linear", "linear"], rounds=99, seed=0)
    assert s.agreement is not None
    np.testing.assert_allclose(s.utilities, [0.5, 0.5])


@pytest.mark.parametrize("name", DOMAINS)
def test_time_dependent_sessions_match_brute_force(reference_dir: Path, name: str) -> None:
    game = load(reference_dir, name)
    for es in ((0.2, 0.2), (1.0, 2.0), (2.0, 0.2)):
        s = negotiate(game, [f"time-dependent:e={es[0]}", f"time-dependent:e={es[1]}"],
                      rounds=100, seed=0, trace=False)  # fmt: skip
        agreement, last = brute_force_session(game, es, 100)
        assert (s.agreement, s.rounds_played) == (agreement, last + 1)


def test_small_tournament_on_reference_domains(reference_dir: Path) -> None:
    """Every time-dependent pairing of the tournament ends as the brute-force simulator says;
    the other sessions replay from their recorded seeds."""
    games = {n: load(reference_dir, n) for n in DOMAINS[:3]}
    strats = ["boulware", "conceder", "micro", "tit-for-tat", "random"]
    t = run_tournament(games, strats, rounds=100, seed=1, jobs=2)
    assert len(t.sessions) == 3 * 25
    assert all(p.failure is None for p in t.sessions)
    e = {"boulware": 0.2, "conceder": 2.0}
    for p in t.sessions:
        game = games[p.scenario]
        if all(s in e for s in p.strategies):
            agreement, last = brute_force_session(
                game, (e[p.strategies[0]], e[p.strategies[1]]), 100
            )
            assert (p.agreement, p.rounds) == (agreement, last + 1)
        else:
            s = negotiate(game, list(p.strategies), rounds=100, seed=p.seed, trace=False)
            assert (s.agreement, s.rounds_played, s.utilities) == (
                p.agreement,
                p.rounds,
                p.utilities,
            )
