"""The negotiate, tournament and strategies commands, run in-process."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from zopa.model import load_scenario
from zopa.negotiate import negotiate, strategies


def test_strategies_lists_the_registry(cli: Callable[..., object]) -> None:
    r = cli("strategies", "--json")
    assert r.code == 0
    data = json.loads(r.out)
    assert [s["name"] for s in data["strategies"]] == sorted(strategies())
    assert {p["name"] for p in data["protocols"]} == {"alternating", "stacked", "mediated"}
    human = cli("strategies")
    assert human.code == 0 and "boulware" in human.out and "Protocols" in human.out


def table_rows(text: str) -> dict[str, list[str]]:
    """The first rich table in ``text`` as {first cell: [cells]}, wrapped cell lines joined."""
    rows: dict[str, list[str]] = {}
    key = None
    for line in text.splitlines():
        if line.startswith("└"):
            break
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if cells[0]:
            key = cells[0]
            rows[key] = cells
        elif key is not None:
            rows[key] = [f"{a} {b}".strip() for a, b in zip(rows[key], cells, strict=True)]
    return rows


def test_strategies_table_describes_and_wraps(cli: Callable[..., object]) -> None:
    human = cli("strategies").out
    assert "…" not in human and "absolute-tit-for-tat" not in human
    rows = table_rows(human)
    assert set(rows) == set(strategies())
    what, params, _, source = rows["boulware"][1:]
    assert what == "Holds firm, concedes late (Boulware). Variant: time-dependent with e=0.2."
    assert params == "k=0, pick=above, tolerance=0" and source == strategies()["boulware"].citation
    assert rows["tit-for-tat"][4] == strategies()["tit-for-tat"].citation
    data = {s["name"]: s for s in json.loads(cli("strategies", "--json").out)["strategies"]}
    assert data["boulware"]["variant_of"] == "time-dependent"
    assert data["boulware"]["fixed"] == {"e": 0.2} and data["time-dependent"]["fixed"] == {}


def test_negotiate_json_matches_the_library(cli: Callable[..., object]) -> None:
    r = cli("negotiate", "price-split", "-s", "seller=linear", "-s", "buyer=conceder",
            "--rounds", "50", "--seed", "3", "--json")  # fmt: skip
    assert r.code == 0, r.err
    data = json.loads(r.out)
    game = load_scenario("price-split").compile()
    direct = negotiate(game, {"seller": "linear", "buyer": "conceder"}, rounds=50, seed=3)
    assert data["agreement"] == direct.agreement and data["status"] == direct.status
    assert data["strategies"] == ["linear", "conceder"]
    assert len(data["events"]) == len(direct.events)
    disc = cli("negotiate", "price-split", "--discount", "0.5", "--json")
    assert json.loads(disc.out)["discount"] == [0.5, 0.5]
    assert cli("negotiate", "price-split", "--discount", "2").code == 2


def test_negotiate_tables_and_plot(cli: Callable[..., object], tmp_path: Path) -> None:
    plot = tmp_path / "session.png"
    r = cli("negotiate", "minerals-2025", "-s", "us=conceder", "--plot", str(plot), "--last", "4")
    assert r.code == 0, r.err
    assert "Trace" in r.out and "Outcome" in r.out and "last 4 of" in r.out
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    med = cli("negotiate", "logrolling", "--protocol", "mediated", "--rounds", "30",
              "--plot", str(tmp_path / "m.png"))  # fmt: skip
    assert med.code == 0 and "mediator" in med.out


def test_negotiate_errors_exit_2(cli: Callable[..., object]) -> None:
    for args in (
        ["price-split", "-s", "nobody=linear"],
        ["price-split", "-s", "seller=nosuch"],
        ["price-split", "--protocol", "auction"],
        ["no-such-scenario"],
        ["price-split", "-s", "seller=linear:e=x"],
    ):
        r = cli("negotiate", *args)
        assert r.code == 2, args
        assert r.err.startswith("error:") and "Traceback" not in r.err


def test_tournament_writes_json_and_csv(cli: Callable[..., object], tmp_path: Path) -> None:
    out = tmp_path / "res"
    r = cli("tournament", "price-split", "logrolling", "-s", "linear", "-s", "boulware",
            "-s", "micro", "--repetitions", "2", "--jobs", "1", "--out", str(out), "--json")  # fmt: skip
    assert r.code == 0, r.err
    summary = json.loads(r.out)
    assert summary["sessions"] == 2 * 9 * 2
    assert {row["strategy"] for row in summary["table"]} == {"linear", "boulware", "micro"}
    assert {row["plays"] for row in summary["table"]} == {2 * 2 * (2 + 2 * 2)}
    full = json.loads(out.with_suffix(".json").read_text())
    assert len(full["sessions"]) == 36 and full["table"] == summary["table"]
    assert full["discounts"] == {"price-split": [1.0, 1.0], "logrolling": [1.0, 1.0]}
    rows = list(csv.DictReader(out.with_suffix(".csv").open()))
    assert len(rows) == 72
    human = cli("tournament", "price-split", "-s", "linear", "-s", "hardliner", "--jobs", "1")
    assert human.code == 0 and "Tournament results, 2-party" in human.out
    assert "plays" in human.out and "processes" in human.out


def test_tournament_errors_exit_2(cli: Callable[..., object]) -> None:
    r = cli("tournament", "price-split", "-s", "linear", "-s", "linear", "--jobs", "1")
    assert r.code == 2 and "once" in r.err
