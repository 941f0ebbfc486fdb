"""Tournaments: assignments, seeding independent of processes, scoring against known answers."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from zopa.errors import InputError, TooLargeError
from zopa.negotiate import landmarks, negotiate, run_tournament
from zopa.negotiate.tournament import MAX_SESSIONS, assignments

from .games import pie, random_game

STRATS = ["boulware", "linear", "random"]


@pytest.fixture(scope="module")
def scenarios() -> dict[str, object]:
    return {"pie": pie(50), "g1": random_game(1, shape=(5, 4, 3))}


@pytest.fixture(scope="module")
def result(scenarios):  # type: ignore[no-untyped-def]
    return run_tournament(scenarios, STRATS, rounds=30, repetitions=2, seed=7)


def test_assignments_cover_role_swaps() -> None:
    two = assignments(2, ["a", "b", "c"])
    assert len(two) == 9 and ("a", "b") in two and ("b", "a") in two
    assert len(assignments(2, ["a", "b", "c"], self_play=False)) == 6
    three = assignments(3, ["a", "b"])
    assert sorted(three) == sorted(
        [("a", "a", "a"), ("b", "b", "b"), ("a", "b", "b"), ("b", "a", "b"), ("b", "b", "a"),
         ("b", "a", "a"), ("a", "b", "a"), ("a", "a", "b")]
    )  # fmt: skip


def test_sizes_and_repetitions(result) -> None:  # type: ignore[no-untyped-def]
    assert len(result.sessions) == 2 * 9 * 2
    assert [p.index for p in result.sessions] == list(range(36))
    assert [p.repetition for p in result.sessions[:4]] == [0, 1, 0, 1]
    assert len({p.seed for p in result.sessions}) == 36


def test_each_session_reproduces_from_its_seed(scenarios, result) -> None:  # type: ignore[no-untyped-def]
    for p in result.sessions:
        s = negotiate(scenarios[p.scenario], list(p.strategies), rounds=30, seed=p.seed)
        assert (s.status, s.agreement, s.utilities, s.rounds_played) == (
            p.status, p.agreement, p.utilities, p.rounds,
        )  # fmt: skip


def test_parallel_run_gives_the_same_results(scenarios, result) -> None:  # type: ignore[no-untyped-def]
    done: list[tuple[int, int]] = []
    again = run_tournament(scenarios, STRATS, rounds=30, repetitions=2, seed=7, jobs=2, chunk=5,
                           progress=lambda d, t: done.append((d, t)))  # fmt: skip
    assert again == result
    assert done[-1] == (36, 36) and len(done) == 8


def test_table_recomputed_from_the_csv(result) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert len(rows) == 2 * len(result.sessions)
    table = {r["strategy"]: r for r in result.table()}
    assert {r["parties"] for r in result.table()} == {2}
    for name in STRATS:
        mine = [r for r in rows if r["strategy"] == name]
        assert table[name]["plays"] == len(mine)
        assert table[name]["sessions"] == len({r["session"] for r in mine})
        assert math.isclose(table[name]["utility"], np.mean([float(r["payoff"]) for r in mine]))
        assert math.isclose(
            table[name]["agreement"], np.mean([r["status"] == "agreement" for r in mine])
        )
        assert math.isclose(table[name]["rounds"], np.mean([int(r["rounds"]) for r in mine]))
        assert math.isclose(table[name]["welfare"], np.mean([float(r["welfare"]) for r in mine]))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["table"] == json.loads(json.dumps(result.table()))


def test_pie_landmarks_known_answers() -> None:
    """Nash (1950) on the linear split: x* = 1/2 without, and d1 + (1 - d1 - d2)/2 with a
    disagreement point d (FORMATS.md §3.6 C): d = (0.3, 0.2) gives x* = 0.55."""
    m = landmarks(pie(1000))
    assert len(m.frontier) == 1001 and m.nash is not None
    np.testing.assert_allclose(m.nash, [0.5, 0.5])
    m2 = landmarks(pie(1000, rv=(0.3, 0.2)))
    assert m2.nash is not None
    np.testing.assert_allclose(m2.nash, [0.55, 0.45])
    d_nash, d_front = m.distances([[0.5, 0.5], [0.0, 0.0], [0.25, 0.25]])
    np.testing.assert_allclose(d_nash, [0, math.sqrt(0.5), math.sqrt(0.125)])
    np.testing.assert_allclose(d_front, [0, math.sqrt(0.5), math.sqrt(0.125)])
    assert landmarks(pie(10, rv=(0.9, 0.9))).nash is None


@pytest.mark.parametrize("seed", range(6))
def test_landmarks_match_brute_force(seed: int) -> None:
    game = random_game(seed, shape=(4, 3, 5), parties=2 + seed % 2, red_line=seed % 3 == 0)
    u = game.utilities()[:, game.feasible().all(axis=0)]
    marks = landmarks(game)
    pts = u.T
    dominated = [
        bool(np.any(np.all(pts >= p - 1e-12, axis=1) & np.any(pts > p + 1e-12, axis=1)))
        for p in pts
    ]
    expected = {tuple(np.round(p, 9)) for p, d in zip(pts, dominated, strict=True) if not d}
    assert {tuple(np.round(p, 9)) for p in marks.frontier} == expected
    gains = pts - game.reservations
    ok = np.all(gains >= -1e-9, axis=1)
    if not ok.any():
        assert marks.nash is None
        return
    assert marks.nash is not None
    best = np.prod(np.maximum(gains[ok], 0), axis=1).max()
    assert math.isclose(np.prod(marks.nash - game.reservations), best, abs_tol=1e-12)


def test_discounts_apply_per_scenario() -> None:
    t = run_tournament({"pie": pie(100)}, ["linear"], rounds=99, discounts={"pie": [0.5, 0.9]})
    (p,) = t.sessions
    t_end = (p.rounds) / 100
    np.testing.assert_allclose(
        p.payoffs, [p.utilities[0] * 0.5**t_end, p.utilities[1] * 0.9**t_end]
    )


def test_three_party_tournament_with_stacked_offers() -> None:
    game = random_game(4, shape=(4, 4), parties=3)
    t = run_tournament({"g": game}, ["linear", "conceder"], protocol="stacked", rounds=20)
    assert len(t.sessions) == 2 + 2 * 3
    assert {p.strategies for p in t.sessions} == set(assignments(3, ["linear", "conceder"]))


def test_mixed_party_counts_are_scored_in_separate_groups() -> None:
    """Bilateral-only strategies sit out the three-party scenario (noted); welfare and distances
    are averaged within each party count, recomputed here from the sessions."""
    games = {"pie": pie(20), "three": random_game(4, shape=(3, 3), parties=3)}
    t = run_tournament(games, ["linear", "micro", "conceder"], protocol="stacked", rounds=15,
                       skip_bilateral=True)  # fmt: skip
    assert len(t.notes) == 1 and "micro" in t.notes[0] and "three" in t.notes[0]
    three = [p for p in t.sessions if p.scenario == "three"]
    assert three and all("micro" not in p.strategies for p in three)
    assert {p.strategies for p in three} == set(assignments(3, ["linear", "conceder"]))
    rows = {(r["parties"], r["strategy"]): r for r in t.table()}
    assert set(rows) == {(2, "linear"), (2, "micro"), (2, "conceder"), (3, "linear"),
                         (3, "conceder")}  # fmt: skip
    for (n, name), row in rows.items():
        mine = [p for p in t.sessions if len(p.strategies) == n and name in p.strategies]
        plays = [(p, i) for p in mine for i, s in enumerate(p.strategies) if s == name]
        assert row["sessions"] == len(mine) and row["plays"] == len(plays)
        assert math.isclose(row["welfare"], np.mean([p.welfare for p, _ in plays]))
        assert math.isclose(row["nash_distance"], np.mean([p.nash_distance for p, _ in plays]))
    with pytest.raises(InputError, match="bilateral only"):
        run_tournament(games, ["linear", "micro"], protocol="stacked", rounds=15)
    with pytest.raises(InputError, match="every strategy is bilateral only"):
        run_tournament(games, ["micro"], protocol="stacked", rounds=15, skip_bilateral=True)


def test_settings_needed_to_reproduce_are_recorded() -> None:
    t = run_tournament({"pie": pie(10), "g": random_game(2)}, ["linear"], rounds=9, seed=3,
                       discounts={"pie": [0.5, 0.9]})  # fmt: skip
    settings = t.to_dict()
    assert settings["discounts"] == {"pie": [0.5, 0.9], "g": [1.0, 1.0]}
    assert (settings["seed"], settings["rounds"], settings["self_play"]) == (3, 9, True)
    again = run_tournament({"pie": pie(10), "g": random_game(2)}, settings["strategies"],
                           rounds=settings["rounds"], seed=settings["seed"],
                           discounts=settings["discounts"], protocol=settings["protocol"],
                           repetitions=settings["repetitions"])  # fmt: skip
    assert again == t


def test_too_many_sessions_are_refused_before_playing() -> None:
    names = ["linear", "boulware", "conceder", "random", "hardliner"]
    reps = MAX_SESSIONS // 25 + 1
    with pytest.raises(TooLargeError, match="reduce the repetitions"):
        run_tournament({"pie": pie(10)}, names, rounds=5, repetitions=reps)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"jobs": 0}, "jobs: expected a whole number from 1 to 64, got 0"),
        ({"rounds": 0}, "rounds must be at least 1"),
        ({"scenarios": {}}, "at least one scenario"),
        ({"strategies": []}, "at least one strategy"),
        ({"strategies": ["linear", "linear"]}, "once"),
        ({"strategies": ["nosuch"]}, "unknown strategy"),
        ({"repetitions": 0}, "repetitions must be at least 1"),
        ({"discounts": {"pie": [1.5, 1.0]}}, "discount"),
        ({"discounts": {"nosuch": [1.0, 1.0]}}, "unknown scenario"),
        ({"scenarios": {"g": random_game(1, parties=3)}}, "bilateral but"),
        (
            {
                "scenarios": {"g": random_game(1, parties=3)},
                "protocol": "stacked",
                "strategies": ["micro"],
            },
            "bilateral only",
        ),
    ],
)
def test_bad_tournaments_are_input_errors(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"scenarios": {"pie": pie(10)}, "strategies": ["linear"], **kwargs}
    with pytest.raises(InputError, match=message):
        run_tournament(args.pop("scenarios"), args.pop("strategies"), **args)  # type: ignore[arg-type]


def test_the_tournament_protocol_suits_the_scenario_with_most_parties() -> None:
    from zopa.negotiate import tournament_protocol

    assert tournament_protocol({"pie": pie(10)}) == "alternating"
    assert tournament_protocol({"pie": pie(10), "g": random_game(1, parties=3)}) == "stacked"
    assert tournament_protocol({}) == "alternating"
