"""``zopa frontier`` and ``zopa solutions`` in-process, against the library computed directly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from zopa.frontier import SOLUTIONS, frontier, frontier_summary
from zopa.model import load_scenario

SCENARIO = """
name: three-way
issues:
  price: {range: [0, 100], step: 10}
  support: {options: [none, some, full], ordered: true}
parties:
  seller:
    reservation: 0.3
    interests:
      price: {weight: 0.7, prefers: high}
      support: {weight: 0.3, prefers: low}
  buyer:
    reservation: 0.25
    interests:
      price: {weight: 0.6, prefers: low}
      support: {weight: 0.4, prefers: high}
  bank:
    reservation: 0.2
    interests:
      price: {weight: 1.0, prefers: high}
proposals:
  opening: {by: seller, terms: {price: 90, support: none}}
"""


@pytest.fixture
def three_way(tmp_path: Path) -> Path:
    path = tmp_path / "three-way.yaml"
    path.write_text(SCENARIO)
    return path


def test_frontier_json_matches_the_library(cli):
    res = cli("frontier", "minerals-2025", "--json")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    game = load_scenario("minerals-2025").compile()
    sig = list(game.signatories)
    assert data["zopa"]["size"] == int(game.acceptable()[sig].all(axis=0).sum())
    front = frontier(game)
    assert [p["code"] for p in data["frontier"]["points"]] == front.codes.tolist()
    assert data["frontier"]["points"][0]["terms"] == game.decode(int(front.codes[0]))


def test_frontier_tables_and_plot(cli, tmp_path):
    png, svg = tmp_path / "f.png", tmp_path / "f.svg"
    res = cli("frontier", "minerals-2025", "--plot", str(png), "--limit", "3")
    assert res.code == 0, res.err
    size = frontier_summary(load_scenario("minerals-2025")).to_dict()["zopa"]["size"]
    assert f"{size:,} deals" in res.out
    assert "Pareto frontier" in res.out and "3 of" in res.out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert cli("frontier", "price-split", "--plot", str(svg), "--all").code == 0
    assert b"<svg" in svg.read_bytes()[:400]


def test_three_signatories_get_pairwise_panels(cli, tmp_path, three_way):
    out = tmp_path / "panels.png"
    res = cli("frontier", str(three_way), "--plot", str(out), "--json")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert data["zopa"]["parties"] == ["seller", "buyer", "bank"]
    assert out.stat().st_size > 10_000
    with_all = cli("frontier", str(three_way), "--all", "--limit", "0")
    assert with_all.code == 0 and "points listed" not in with_all.out
    front = frontier(load_scenario(str(three_way)).compile())
    assert (~front.acceptable).any() and "│ no " in with_all.out
    assert "│ no " not in cli("frontier", str(three_way), "--limit", "0").out


def test_solutions_json_and_table(cli, three_way):
    res = cli("solutions", str(three_way), "--json")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    game = load_scenario(str(three_way)).compile()
    expected = frontier_summary(game).to_dict()["solutions"]
    assert data["solutions"] == json.loads(json.dumps(expected))
    assert set(data["closest"]) == {"opening"}
    table = cli("solutions", str(three_way))
    assert table.code == 0 and "Nash" in table.out and "closest to opening" in table.out


def test_solution_registry_listing(cli):
    res = cli("solutions", "--list", "--json")
    assert res.code == 0
    assert [r["name"] for r in json.loads(res.out)["solutions"]] == list(SOLUTIONS)
    assert "Kalai" in cli("solutions", "--list").out


def test_no_zopa_is_reported_not_an_error(cli, tmp_path, three_way):
    data = yaml.safe_load(three_way.read_text())
    for party in data["parties"].values():
        party["reservation"] = 0.95
    path = tmp_path / "hopeless.yaml"
    path.write_text(yaml.safe_dump(data))
    res = cli("frontier", str(path))
    assert res.code == 0 and "No ZOPA" in res.out
    sol = cli("solutions", str(path), "--json")
    assert all(v is None for v in json.loads(sol.out)["solutions"].values())
    assert "No ZOPA" in cli("solutions", str(path)).out


@pytest.mark.parametrize(
    "args",
    [
        ("frontier", "no-such-scenario"),
        ("frontier", "price-split", "--limit", "-1"),
        ("frontier", "price-split", "--method", "fastest"),
        ("solutions",),
    ],
)
def test_bad_input_exits_2_with_one_line(cli, args):
    res = cli(*args)
    assert res.code == 2
    assert res.err.startswith("error: ") and "Traceback" not in res.err


def test_methods_agree_through_the_cli(cli):
    a = json.loads(cli("frontier", "minerals-2025", "--json", "--method", "additive").out)
    e = json.loads(cli("frontier", "minerals-2025", "--json", "--method", "enumerate").out)
    assert a["frontier"]["method"] == "additive" and e["frontier"]["method"] == "enumerate"
    assert [p["code"] for p in a["frontier"]["points"]] == [
        p["code"] for p in e["frontier"]["points"]
    ]
    assert np.allclose(
        [list(p["utilities"].values()) for p in a["frontier"]["points"]],
        [list(p["utilities"].values()) for p in e["frontier"]["points"]],
        atol=0,
    )


def test_milp_method_from_the_cli_matches_the_default(cli) -> None:
    default = json.loads(cli("frontier", "logrolling", "--json").out)
    milp = cli("frontier", "logrolling", "--method", "milp", "--json")
    assert milp.code == 0, milp.err
    data = json.loads(milp.out)
    assert data["frontier"]["method"] == "milp"
    got = sorted(tuple(p["utilities"].values()) for p in data["frontier"]["points"])
    want = sorted(tuple(p["utilities"].values()) for p in default["frontier"]["points"])
    assert got == want
    assert cli("frontier", "logrolling", "--method", "bogus").code == 2
