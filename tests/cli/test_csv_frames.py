"""Rows as CSV (``--csv FILE``) and as pandas DataFrames (``to_frame()``): the same values as
the commands' --json, checked before the work and written atomically."""

from __future__ import annotations

import csv
import json
import math
import os
import sys
from pathlib import Path

import pytest

from tests.cli.hostile import assert_clean

CSVS = [
    ("frontier", "logrolling"),
    ("counter", "minerals-2025", "us-draft-2025-02-12", "--draws", "10", "--top", "2"),
    ("forecast", "minerals-2025", "--draws", "20", "--model", "compromise"),
    ("sensitivity", "logrolling", "--samples", "8"),
]
IDS = [a[0] for a in CSVS]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def _close(text: str, value: float) -> bool:
    return math.isclose(float(text), value, rel_tol=0, abs_tol=1e-12)


def test_frontier_points_in_csv_are_the_json_points(cli, tmp_path) -> None:
    out = tmp_path / "points.csv"
    r = cli("frontier", "minerals-2025", "--csv", str(out), "--json")
    assert r.code == 0, r.err
    points = json.loads(r.out)["frontier"]["points"]
    rows = _rows(out)
    assert len(rows) == len(points) > 10  # every point, not only the listed ones
    for row, point in zip(rows, points, strict=True):
        assert int(row["code"]) == point["code"]
        assert row["acceptable"] == str(point["acceptable"])
        for party, u in point["utilities"].items():
            assert _close(row[f"utility_{party}"], u)
        for issue, value in point["terms"].items():
            assert row[issue] == str(value)


def test_counters_in_csv_are_the_json_counters(cli, tmp_path) -> None:
    out = tmp_path / "counters.csv"
    r = cli(*CSVS[1], "--csv", str(out), "--json")
    assert r.code == 0, r.err
    counters = json.loads(r.out)["counters"]
    rows = _rows(out)
    assert [int(r["counter"]) for r in rows] == list(range(1, len(counters) + 1))
    for row, c in zip(rows, counters, strict=True):
        assert int(row["issues_changed"]) == c["issues_changed"]
        assert _close(row["robustness"], c["robustness"]["share"])
        for party, m in c["margins"].items():
            assert _close(row[f"margin_{party}"], m)
        for issue, value in c["terms"].items():
            assert row[issue] == str(value)


def test_monte_carlo_draws_in_csv_give_the_json_medians(cli, tmp_path) -> None:
    out = tmp_path / "draws.csv"
    r = cli("forecast", "minerals-2025", "--draws", "41", "--csv", str(out), "--json")
    assert r.code == 0, r.err
    models = json.loads(r.out)["monte_carlo"]["models"]
    rows = _rows(out)
    assert len(rows) == 41 * len(models)
    import numpy as np

    for name, dist in models.items():
        mine = [row for row in rows if row["model"] == name]
        assert [int(row["draw"]) for row in mine] == list(range(41))
        for issue, summary in dist["issues"].items():
            values = [float(row[issue]) for row in mine if row[issue] != ""]
            assert len(values) == 41 - summary["undefined_draws"]
            if values:
                assert math.isclose(float(np.median(values)), summary["median"], abs_tol=1e-9)


def test_sensitivity_rows_in_csv_are_the_json_bars_and_indices(cli, tmp_path) -> None:
    out = tmp_path / "sens.csv"
    r = cli("sensitivity", "logrolling", "--samples", "8", "--csv", str(out), "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    rows = _rows(out)
    tornado = [row for row in rows if row["analysis"] == "tornado"]
    sobol = [row for row in rows if row["analysis"] == "sobol"]
    bars = [(d, b) for d, v in data["tornado"]["issues"].items() for b in v["bars"]]
    assert len(tornado) == len(bars) > 0
    for row, (issue, bar) in zip(tornado, bars, strict=True):
        assert row["issue"] == issue and row["label"] == bar["label"]
        assert _close(row["swing"], bar["swing"])
    indices = [
        (d, ix) for d, v in data["sobol"]["issues"].items() for ix in (*v["factors"], *v["actors"])
    ]
    assert len(sobol) == len(indices) > 0
    for row, (issue, ix) in zip(sobol, indices, strict=True):
        assert row["issue"] == issue and row["label"] == ix["label"]
        assert _close(row["total"], ix["total"]) and _close(row["first_low"], ix["first_ci95"][0])


@pytest.mark.parametrize("args", CSVS, ids=IDS)
def test_every_csv_path_is_checked_before_the_work(cli, tmp_path, args) -> None:
    folder = tmp_path / "x.csv"
    folder.mkdir()
    places = {
        "missing folder": (tmp_path / "no" / "x.csv", "does not exist"),
        "a folder": (folder, "is a folder"),
        "name too long": (tmp_path / ("x" * 300 + ".csv"), "longer than"),
    }
    for what, (path, word) in places.items():
        r = cli(*args, "--csv", str(path))
        assert_clean(r.code, r.out, r.err)
        assert r.code == 2, what
        assert word in r.err and "--csv" in r.err, (what, r.err)
        assert r.out == "", (what, r.out)


@pytest.mark.parametrize("args", CSVS, ids=IDS)
def test_every_csv_replaces_a_symlink_without_following_it(cli, tmp_path, args) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    out = tmp_path / "rows.csv"
    os.symlink(target, out)
    r = cli(*args, "--csv", str(out))
    assert r.code == 0, r.err
    assert not out.is_symlink() and target.read_text() == "keep me"
    assert len(_rows(out)) > 0


def test_frames_hold_the_records() -> None:
    pytest.importorskip("pandas")
    from zopa.counter import counter_proposals
    from zopa.forecast.inputs.sources import load_source
    from zopa.forecast.runs.montecarlo import monte_carlo
    from zopa.frontier import frontier, solutions_frame, solve_all
    from zopa.model import load_scenario

    s = load_scenario("minerals-2025")
    game = s.compile()
    front = frontier(game)
    frame = front.to_frame(game)
    assert len(frame) == len(front)
    assert frame["utility_us"].tolist() == front.utilities[0].tolist()
    assert frame["acceptable"].tolist() == front.acceptable.tolist()
    deals = solve_all(game, front=front)
    sols = solutions_frame(deals)
    assert sols["solution"].tolist() == list(deals)
    nash = deals["nash"]
    assert nash is not None
    row = sols.set_index("solution").loc["nash"]
    assert row["code"] == nash.code and row["utility_ukraine"] == nash.utilities["ukraine"]
    report = counter_proposals(s, "us-draft-2025-02-12", top=2, draws=5)
    counters = report.to_frame()
    assert counters["distance"].tolist() == [p.distance for p in report.packages]
    mc = monte_carlo(load_source("minerals-2025").actors, ["compromise"], draws=7, seed=3)
    draws = mc.to_frame()
    dist = mc.distributions["compromise"]
    assert draws.shape == (7, 2 + len(dist.dimensions))
    assert draws[list(dist.dimensions)].to_numpy().tolist() == dist.outcomes.tolist()


def test_tournament_frames_are_its_sessions_and_standings() -> None:
    pytest.importorskip("pandas")
    from zopa.model import load_scenario
    from zopa.negotiate import run_tournament

    game = load_scenario("logrolling").compile()
    t = run_tournament({"logrolling": game}, ["boulware", "conceder"], rounds=20, seed=1)
    sessions = t.to_frame()
    assert len(sessions) == sum(len(p.strategies) for p in t.sessions)
    assert sessions.columns.tolist() == _rows_header(t.to_csv())
    standings = t.to_frame("standings")
    assert standings["strategy"].tolist() == [r["strategy"] for r in t.table()]


def _rows_header(text: str) -> list[str]:
    return text.splitlines()[0].split(",")


def test_a_frame_without_pandas_says_how_to_install_it(monkeypatch) -> None:
    from zopa.frontier import frontier
    from zopa.model import load_scenario

    game = load_scenario("logrolling").compile()
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r"zopa\[frames\]"):
        frontier(game).to_frame()
