"""The simulation commands on GENIUS folders, their reproducible output, the human session
report, and their failure paths (one-line errors, exit 2, nothing half written)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.io.genius_files import write_domain, write_profile
from zopa.cli import _files
from zopa.errors import InputError
from zopa.model import load_scenario
from zopa.negotiate import negotiate
from zopa.negotiate.report import moves

from .test_cli import table_rows

ISSUES = [("colour", ["red", "green", "blue"]), ("size", ["S", "M", "L"])]
Cli = Callable[..., Any]


def genius(folder: Path, parties: int = 2, discount: float | None = 0.8) -> Path:
    """A small GENIUS domain; the first profile declares ``discount``."""
    folder.mkdir(parents=True, exist_ok=True)
    write_domain(folder, ISSUES)
    evals = [[[1, 2, 3], [3, 2, 1]], [[3, 2, 1], [1, 2, 3]], [[2, 3, 1], [1, 3, 2]]]
    for p in range(parties):
        extra = f'<discount_factor value="{discount}"/>' if p == 0 and discount else ""
        write_profile(folder, f"party{p}.xml", ISSUES, evals[p], [0.5, 0.5], extra)
    return folder


def run_json(cli: Cli, *args: str) -> dict[str, Any]:
    r = cli(*args, "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)  # type: ignore[no-any-return]


def test_genius_discounts_are_the_default_and_can_be_overridden(cli: Cli, tmp_path: Path) -> None:
    folder = genius(tmp_path / "dom")
    data = run_json(cli, "negotiate", str(folder))
    assert data["discount"] == [0.8, 1.0]
    t = data["time"]
    assert data["payoffs"] == pytest.approx([data["utilities"][0] * 0.8**t, data["utilities"][1]])
    assert run_json(cli, "negotiate", str(folder), "--discount", "0.5")["discount"] == [0.5, 0.5]
    human = cli("negotiate", str(folder)).out
    assert "Discount factors: party0 0.8, party1 1" in human
    full = run_json(cli, "tournament", str(folder), "-s", "linear", "--jobs", "1")
    assert full["discounts"] == {"dom": [0.8, 1.0]}


def test_tournament_json_and_files_are_the_same_bytes_for_any_jobs(
    cli: Cli, tmp_path: Path
) -> None:
    genius(tmp_path / "doms" / "one")
    genius(tmp_path / "doms" / "two", discount=0.5)
    args = ["tournament", str(tmp_path / "doms"), "price-split", "-s", "linear", "-s", "random",
            "--repetitions", "2", "--rounds", "30", "--json"]  # fmt: skip
    outs = []
    for jobs, name in (("1", "a"), ("2", "b"), ("1", "c")):
        r = cli(*args, "--jobs", jobs, "--out", str(tmp_path / name))
        assert r.code == 0, r.err
        outs.append(r.out)
    assert outs[0] == outs[1] == outs[2]
    for suffix in (".json", ".csv"):
        files = [(tmp_path / n).with_suffix(suffix).read_bytes() for n in "abc"]
        assert files[0] == files[1] == files[2]
    data = json.loads(outs[0])
    assert "seconds" not in data and "jobs" not in data
    assert data["discounts"]["two"] == [0.5, 1.0] and data["seed"] == 0


def test_folder_domains_that_cannot_be_played_are_skipped_with_the_reason(
    cli: Cli, tmp_path: Path
) -> None:
    genius(tmp_path / "doms" / "good")
    wide = tmp_path / "doms" / "wide"
    wide.mkdir()
    issues = [("price", ("integer", 0, 10**8))]
    write_domain(wide, issues)
    write_profile(wide, "p.xml", issues, [{"ftype": "linear", "slope": 1e-8, "offset": 0}], [1])
    genius(tmp_path / "doms" / "three", parties=3)
    r = cli("tournament", str(tmp_path / "doms"), "-s", "linear", "--jobs", "1", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    reasons = {s["scenario"]: s["reason"] for s in data["skipped"]}
    assert set(reasons) == {"wide", "three"} and data["scenarios"] == ["good"]
    assert "100,000,001 values" in reasons["wide"] and str(wide / "domain.xml") in reasons["wide"]
    assert "3 parties; a multilateral protocol (stacked" in reasons["three"]
    assert "skipped wide:" in r.err and "Traceback" not in r.err
    few = cli("tournament", str(tmp_path / "doms"), "-s", "linear", "--max-outcomes", "5",
              "--jobs", "1", "--json")  # fmt: skip
    assert few.code == 2 and "Traceback" not in few.err
    lines = few.err.strip().splitlines()
    assert lines[-1] == "error: no scenario could be loaded (3 skipped)"
    assert "error: skipped good: 9 outcomes, more than max_outcomes = 5" in lines


def test_default_strategies_leave_bilateral_ones_out_of_multiparty_scenarios(
    cli: Cli, tmp_path: Path
) -> None:
    three = genius(tmp_path / "three", parties=3)
    r = cli("tournament", str(three), "price-split", "--rounds", "10", "--jobs", "1")
    assert r.code == 0, r.err
    assert "Tournament results, 2-party" in r.out and "Tournament results, 3-party" in r.out
    assert "note: bilateral-only strategies (tit-for-tat, relative-tit-for-tat, micro)" in r.out
    explicit = cli("tournament", str(three), "-s", "micro", "-s", "linear", "--jobs", "1")
    assert explicit.code == 2 and "bilateral only" in explicit.err


def test_out_targets_are_checked_before_playing(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "res.csv").mkdir()
    r = cli("tournament", "price-split", "-s", "linear", "--jobs", "1", "--out",
            str(tmp_path / "res"))  # fmt: skip
    assert r.code == 2 and "is a folder" in r.err and not (tmp_path / "res.json").exists()
    r = cli("tournament", "price-split", "-s", "linear", "--out", str(tmp_path / "no" / "res"))
    assert r.code == 2 and "does not exist" in r.err


def test_a_failed_second_write_leaves_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "r.json", tmp_path / "r.csv"
    first.write_text("old json")
    real = os.replace

    def failing(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == second:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(_files.os, "replace", failing)
    with pytest.raises(InputError) as e:
        _files.write_files({first: "new json", second: "new csv"})
    assert "No space left on device" in str(e.value) and str(second) in str(e.value)
    assert first.read_text() == "old json" and not second.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]
    first.unlink()
    with pytest.raises(Exception, match="No space"):
        _files.write_files({first: "new json", second: "new csv"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tournament", "price-split", "-s", "linear", "--seed", "-1"], "seed must be a non-neg"),
        (["tournament", "price-split", "-s", "linear", "--jobs", "0"], "--jobs: expected a whole number from 1 to 64"),
        (["tournament", "price-split", "price-split", "-s", "linear"], "both called 'price-split'"),
        (["tournament", "price-split", "-s", "boulware:e=2"], "fixes e=0.2"),
        (["tournament", "price-split", "-s", "linear", "--repetitions", "100000000"],
         "reduce the repetitions"),
        (["negotiate", "price-split", "--seed", "-1"], "seed must be a non-negative"),
        (["negotiate", "price-split", "-s", "seller=time-dependent:e=abc"],
         "parameter 'e' expects a number, not 'abc'"),
        (["negotiate", "price-split", "--rounds", "10000000"], "reduce the rounds"),
        (["negotiate", "price-split", "--plot", "chart.nosuch"], "must end in an image format"),
        (["negotiate", "price-split", "--plot", "/no/such/folder/c.png"], "does not exist"),
    ],
)  # fmt: skip
def test_failures_are_one_line_errors(cli: Cli, args: list[str], message: str) -> None:
    r = cli(*args)
    assert r.code == 2, r.out
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    assert r.err.startswith("error:") and message in r.err


def test_session_report_explains_the_moves(cli: Cli) -> None:
    args = ["negotiate", "minerals-2025", "-s", "us=boulware", "-s", "ukraine=conceder"]
    r = cli(*args, "--last", "0")
    assert r.code == 0, r.err
    out = r.out
    assert "Negotiating: us (boulware), ukraine (conceder)." in out
    assert "Scored only (stakeholders; they do not negotiate): eu, russia." in out
    data = run_json(cli, *args)
    game = load_scenario("minerals-2025").compile()
    sub = game.restrict(list(game.signatories))
    direct = negotiate(sub, {"us": "boulware", "ukraine": "conceder"}, seed=0)
    assert data["agreement"] == direct.agreement
    report = data["report"]
    # the human trace numbers rounds from 1; its last row is the agreement's round
    trace = out.split("Trace")[1].split("└")[0].splitlines()
    firsts = [line.split("│")[1].strip() for line in trace if line.startswith("│")]
    rounds = [int(c) for c in firsts if c]
    assert rounds[0] == 1 and rounds[-1] == direct.rounds_played and rounds == sorted(rounds)
    assert f"Agreement in round {direct.rounds_played} of 100." in out
    # every rejection of an offer is explained by a flag or a better planned offer
    rows = moves(direct, sub)
    feasible = sub.feasible()
    for m in rows:
        if m.outcome is None:
            continue
        for p in range(2):
            bad = not feasible[p, m.outcome]
            low = m.utilities[p] < sub.reservations[p] - 1e-9
            assert m.flags[p] == ("red line" if bad else "below reservation" if low else None)
    assert "✗" in out and "↓" in out
    opening = rows[0]
    assert opening.changes is not None and len(opening.changes) == len(sub.issue_ids)
    assert rows[1].changes is None  # a response changes nothing
    outcome = table_rows(out.split("Outcome")[1])
    assert outcome["us"][1:3] == ["negotiates", "boulware"]
    assert outcome["eu"][1:3] == ["scored only", "-"]
    eu = game.party_ids.index("eu")
    assert float(outcome["eu"][3]) == pytest.approx(
        game.utilities()[eu, direct.agreement], abs=1e-4
    )
    assert float(outcome["ukraine"][5]) == pytest.approx(sub.reservations[1], abs=1e-4)
    d = report["nash_distance"]
    assert "Distance to the Nash point" in out and f"{d:.3f}" in out
    assert report["outcome"][0]["payoff"] == direct.payoffs[0]
