"""Flags without bounds: every count has a stated maximum checked before the work starts, every
seed is a non-negative integer, every margin a finite number; the library names its parameter,
the command line the flag."""

from __future__ import annotations

import os

import pytest

from tests.cli.hostile import assert_clean, hang_guard
from zopa import params
from zopa.errors import InputError

HUGE = str(10**12)

CASES: list[tuple[list[str], str]] = [
    (["counter", "logrolling", "split-both", "--draws", HUGE], "--draws"),
    (["counter", "logrolling", "split-both", "--draws", "-1"], "--draws"),
    (["what-it-takes", "logrolling", "split-both", "--for", "a", "--draws", HUGE], "--draws"),
    (["counter", "logrolling", "split-both", "--top", str(10**9)], "--top"),
    (["counter", "logrolling", "split-both", "--top", "0"], "--top"),
    (["what-it-takes", "logrolling", "split-both", "--for", "a", "--limit", "0"], "--limit"),
    (["what-it-takes", "logrolling", "split-both", "--for", "a", "--limit", HUGE], "--limit"),
    (
        [
            "tradeoff",
            "logrolling",
            "split-both",
            "a",
            "b",
            "--method",
            "milp",
            "--levels",
            str(10**9),
        ],
        "--levels",
    ),
    (["tradeoff", "logrolling", "split-both", "a", "b", "--levels", "0"], "--levels"),
    (["tradeoff", "logrolling", "split-both", "a", "b", "--within", "-1"], "--within"),
    (["counter", "logrolling", "split-both", "--seed", "-1"], "--seed"),
    (["what-it-takes", "logrolling", "split-both", "--for", "a", "--seed", "-1"], "--seed"),
    (["counter", "logrolling", "split-both", "--margin", "inf"], "--margin"),
    (["counter", "logrolling", "split-both", "--margin", "nan"], "--margin"),
    (["counter", "logrolling", "split-both", "--margin", "-0.1"], "--margin"),
    (["what-it-takes", "logrolling", "split-both", "--for", "a", "--margin", "nan"], "--margin"),
    (["tournament", "logrolling", "-s", "linear", "--jobs", "65"], "--jobs"),
    (["forecast", "logrolling", "-t", "nan"], "--threshold"),
    (["forecast", "logrolling", "-t", "inf"], "--threshold"),
    (["forecast", "logrolling", "--draws", "4545454"], "--draws"),
    (["forecast", "logrolling", "--seed", "-1"], "--seed"),
    (["analyze", "logrolling", "--draws", str(10**6 + 1)], "--draws"),
    (["analyze", "logrolling", "--draws", "0"], "--draws"),
    (["analyze", "logrolling", "--seed", "-1"], "--seed"),
    (["outlook", "logrolling", "--draws", str(10**12)], "--draws"),
    (["outlook", "logrolling", "--draws", "0"], "--draws"),
    (["outlook", "logrolling", "--seed", "-1"], "--seed"),
    (["compare", "peace-talks-2025", "--seed", "-1"], "--seed"),
    (["deadline", "peace-talks-2025", "--steps", str(10**9)], "--steps"),
    (["deadline", "peace-talks-2025", "--steps", "1"], "--steps"),
    (["tournament", "logrolling", "-s", "linear", "--jobs", "0"], "--jobs"),
]


@pytest.mark.parametrize(("args", "flag"), CASES, ids=[" ".join(a[:1] + a[-2:]) for a, _ in CASES])
def test_out_of_bounds_flags_are_refused_before_the_work(cli, args, flag) -> None:
    with hang_guard():
        r = cli(*args)
    assert_clean(r.code, r.out, r.err)
    assert r.code == 2 and r.out == ""
    assert flag in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1


def test_the_largest_allowed_values_are_accepted(cli) -> None:
    r = cli("counter", "logrolling", "split-both", "--top", str(params.MAX_TOP), "--draws", "0",
            "--margin", "1", "--seed", str(2**64), "--json")  # fmt: skip
    assert r.code == 0, r.err


def test_the_library_names_its_parameters_not_flags() -> None:
    from zopa.counter import counter_proposals, what_it_takes
    from zopa.counter.tradeoff import local_frontier
    from zopa.model import load_scenario

    s = load_scenario("logrolling")
    calls = {
        "top": lambda: counter_proposals(s, "split-both", top=0),
        "draws": lambda: counter_proposals(s, "split-both", draws=10**12),
        "seed": lambda: what_it_takes(s, "split-both", "a", seed=-1),
        "margin": lambda: what_it_takes(s, "split-both", "a", margin=float("inf")),
        "levels": lambda: local_frontier(s, "split-both", "a", "b", levels=10**9),
    }
    for name, call in calls.items():
        with pytest.raises(InputError) as caught:
            call()
        (problem,) = caught.value.problems
        assert problem.path == name and "--" not in str(caught.value)


def test_jobs_never_exceed_the_processors_or_the_work() -> None:
    cpus = os.cpu_count() or 1
    assert params.jobs(64) == min(64, cpus)
    assert params.jobs(64, tasks=4) == min(4, cpus)
    assert params.jobs(3, tasks=1) == 1
    with pytest.raises(InputError):
        params.jobs(params.MAX_JOBS + 1)


def test_a_tournament_forks_no_more_workers_than_it_has_work(cli, monkeypatch) -> None:
    from zopa.negotiate import tournament

    seen: list[int] = []
    real = tournament.ProcessPoolExecutor

    def recording(workers: int, **kw: object) -> object:
        seen.append(workers)
        return real(workers, **kw)

    monkeypatch.setattr(tournament, "ProcessPoolExecutor", recording)
    r = cli("tournament", "logrolling", "-s", "linear", "-s", "boulware", "--rounds", "10",
            "--jobs", "64", "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert all(n <= min(os.cpu_count() or 1, 64) for n in seen)


@pytest.mark.parametrize("value", [True, 1.5, "3", None])
def test_count_refuses_what_is_not_a_whole_number(value) -> None:
    with pytest.raises(InputError, match="whole number"):
        params.count(value, "n", high=10)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), "1"])
def test_finite_refuses_nan_infinity_and_text(value) -> None:
    with pytest.raises(InputError, match="finite"):
        params.finite(value, "x")
