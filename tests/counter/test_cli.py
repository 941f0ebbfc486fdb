"""The counter commands, in-process: tables, JSON, charts and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import zopa
from tests.counter.examples import TRADE, load
from zopa.counter import counter_proposals


@pytest.fixture
def trade_file(tmp_path: Path) -> str:
    path = tmp_path / "trade.yaml"
    path.write_text(TRADE)
    return str(path)


def test_counter_table(cli, trade_file: str) -> None:
    r = cli("counter", trade_file, "opening")
    assert r.code == 0, r.err
    assert "Counter 1: 2 issues changed" in r.out
    assert "Seller signs if price becomes 18 k" in r.out


def test_counter_json_is_the_library_result(cli, trade_file: str) -> None:
    r = cli("counter", trade_file, "opening", "--rank", "nash", "--top", "2", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert (data.pop("zopa_version"), data.pop("schema_version")) == (zopa.__version__, 1)
    expected = counter_proposals(load(TRADE), "opening", rank="nash", top=2).to_dict()
    assert data == json.loads(json.dumps(expected))


def test_what_it_takes_json(cli, trade_file: str) -> None:
    r = cli("what-it-takes", trade_file, "opening", "--for", "seller", "--keep", "buyer", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["required"] == ["buyer", "seller"]
    assert [s["issues"] for s in data["minimal_sets"]] == [["price", "warranty"]]


def test_what_it_takes_table(cli, trade_file: str) -> None:
    r = cli("what-it-takes", trade_file, "opening", "--for", "seller")
    assert r.code == 0, r.err
    assert "price, warranty" in r.out and "Essential:" in r.out
    assert "price must move from 10 k (to 12–20 k)" in r.out


def test_tradeoff_with_plot(cli, trade_file: str, tmp_path: Path) -> None:
    out = tmp_path / "tradeoff.png"
    r = cli("tradeoff", trade_file, "opening", "buyer", "seller", "--plot", str(out))
    assert r.code == 0, r.err
    assert out.stat().st_size > 1000
    assert "Trade-off buyer ↔ seller" in r.out
    r = cli("tradeoff", trade_file, "opening", "buyer", "seller", "--within", "1", "--json")
    assert [p["u_b"] for p in json.loads(r.out)["frontier"]] == pytest.approx([0.1, 0.2])


def test_integer_programming_path_keeps_json_clean(trade_file: str) -> None:
    """The solver prints a banner on file descriptor 1 the first time it starts in a process;
    a fresh process shows whether it reaches stdout."""
    code = (
        "from zopa.cli import main; main(['counter', %r, 'opening', '--method', 'milp', '--json'])"
    )
    run = subprocess.run(
        [sys.executable, "-c", code % trade_file], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["method"] == "milp"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["counter", "{f}", "nope"], "unknown proposal 'nope'"),
        (["counter", "{f}", "opening", "--for", "nobody"], "unknown party 'nobody'"),
        (["counter", "{f}", "opening", "--rank", "best"], "unknown ranking 'best'"),
        (["counter", "{f}", "opening", "--top", "0"], "--top: expected a whole number from 1 to"),
        (["counter", "{f}", "opening", "--method", "magic"], "unknown method 'magic'"),
        (["what-it-takes", "{f}", "opening", "--for", "seller", "--limit", "0"], "--limit"),
        (["tradeoff", "{f}", "opening", "buyer", "buyer"], "two different parties"),
        (["counter", "no-such-scenario", "x"], "no bundled scenario"),
    ],
)
def test_bad_requests_exit_2_with_one_line(cli, trade_file: str, args, message: str) -> None:
    r = cli(*[a.replace("{f}", trade_file) for a in args])
    assert r.code == 2
    assert message in r.err
    assert "Traceback" not in r.err
    assert r.err.startswith("error: ")


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/x.png", "does not exist"), ("x.txt", "the name must end in an image format")],
)
def test_unwritable_chart_is_one_line(cli, trade_file: str, tmp_path: Path, name, message) -> None:
    target = str(tmp_path / name)
    r = cli("tradeoff", trade_file, "opening", "buyer", "seller", "--plot", target)
    assert r.code == 2
    assert message in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_a_solver_status_without_an_answer_is_a_clear_error(cli, trade_file, monkeypatch) -> None:
    import highspy

    monkeypatch.setattr(highspy.Highs, "modelStatusToString", lambda self, s: "Time limit reached")
    r = cli("counter", trade_file, "opening", "--method", "milp")
    assert r.code == 2
    assert "stopped with solver status 'Time limit reached'" in r.err
    assert "Traceback" not in r.err


@pytest.mark.parametrize("command", ["counter", "what-it-takes"])
def test_a_party_that_already_accepts_is_told_so(cli, trade_file: str, command: str) -> None:
    r = cli(command, trade_file, "opening", "--for", "buyer")
    assert r.code == 0, r.err
    assert "Buyer already accepts opening." in r.out
    assert "┏" not in r.out  # no (empty) table
    report = counter_proposals(load(TRADE), "opening", for_party="buyer")
    assert report.packages == () and report.rejecting == ()


def test_counter_table_shows_margins_and_robustness(cli, trade_file: str) -> None:
    r = cli("counter", trade_file, "opening", "--draws", "20", "--seed", "5", "--margin", "0.05")
    assert r.code == 0, r.err
    assert "margin" in r.out and "signs in draws" in r.out
    assert "of 20 draws" in r.out
    data = json.loads(cli("counter", trade_file, "opening", "--draws", "20", "--json").out)
    assert data["counters"][0]["robustness"]["draws"] == 20
    assert set(data["counters"][0]["margins"]) == {"buyer", "seller"}


def test_what_it_takes_table_labels_values_that_are_not_a_free_choice(
    cli, trade_file: str, monkeypatch
) -> None:
    """When the working packages are not enumerated, the values are labelled for what they are."""
    import functools

    from zopa.counter import milp, takes

    r = cli("what-it-takes", trade_file, "opening", "--for", "seller", "--keep", "buyer")
    assert r.out.count("• price to") == 2  # (16, none) and (18, one_year): two groups
    assert "not every combination works" not in r.out
    limited = functools.partial(milp.minimal_sets, subspace_limit=0)
    monkeypatch.setitem(takes.MINIMAL, "milp", limited)
    args = ["--for", "seller", "--keep", "buyer", "--method", "milp"]
    r = cli("what-it-takes", trade_file, "opening", *args)
    assert r.code == 0, r.err
    assert "values seen in accepted packages (not every combination works)" in r.out
