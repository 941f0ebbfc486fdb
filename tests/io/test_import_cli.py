"""``zopa import genius|negolog`` in-process: files written, JSON summaries, located errors and no
half-written output."""

from __future__ import annotations

import json

from tests.io.genius_files import write_domain, write_profile
from zopa.io import import_genius, import_negolog
from zopa.model import load_scenario, scenario_from_text

ISSUES = [("Harddisk", ["60 Gb", "80 Gb", "120 Gb"]), ("Price", ("integer", 10, 20))]


def _genius(folder):
    write_domain(folder, ISSUES)
    slope = {"ftype": "linear", "slope": -0.1, "offset": 1}
    write_profile(folder, "buyer.xml", ISSUES, [[5, 8, 10], slope], [0.4, 0.6])
    write_profile(
        folder,
        "seller.xml",
        ISSUES,
        [[3, 2, 1], None],
        [0.5, 0.5],
        '<discount_factor value="0.9"/>',
    )


def test_genius_writes_a_loadable_scenario_and_a_summary(cli, tmp_path):
    _genius(tmp_path)
    out = tmp_path / "scenario.yaml"
    r = cli("import", "genius", str(tmp_path), "-o", str(out))
    assert r.code == 0, r.err
    assert "buyer" in r.out and "seller" in r.out and "33 outcomes" in r.out
    assert "discount factor 0.9" in r.out
    assert load_scenario(out) == import_genius(tmp_path)
    r = cli("import", "genius", str(tmp_path), "-o", str(out), "--json")
    summary = json.loads(r.out)
    assert summary["outcomes"] == 33
    assert summary["parties"]["seller"]["discount"] == 0.9
    assert summary["parties"]["buyer"]["kind"] == "linear"


def test_genius_prints_yaml_or_json_without_output_file(cli, tmp_path):
    _genius(tmp_path)
    r = cli("import", "genius", str(tmp_path))
    assert r.code == 0 and scenario_from_text(r.out, "<stdout>") == import_genius(tmp_path)
    r = cli("import", "genius", str(tmp_path), "--json")
    assert scenario_from_text(r.out, "<stdout>", json_syntax=True) == import_genius(tmp_path)


def test_genius_profiles_order_the_parties(cli, tmp_path):
    _genius(tmp_path)
    r = cli("import", "genius", str(tmp_path), "--profiles", "seller.xml", "buyer.xml", "--json")
    assert list(json.loads(r.out)["parties"]) == ["seller", "buyer"]


def test_errors_are_one_line_each_and_leave_no_file(cli, tmp_path):
    _genius(tmp_path)
    (tmp_path / "seller.xml").write_text("<utility_space>\n<weight index='1' value='1'>\n")
    out = tmp_path / "out.yaml"
    r = cli("import", "genius", str(tmp_path), "-o", str(out))
    assert r.code == 2
    assert (
        r.err.strip()
        == f"error: {tmp_path / 'seller.xml'}:3: not well-formed XML: no element found"
    )
    assert not out.exists()
    assert not list(tmp_path.glob(".out.yaml*"))


def test_an_existing_output_survives_a_failed_import(cli, tmp_path):
    out = tmp_path / "keep.yaml"
    out.write_text("old")
    r = cli("import", "negolog", str(tmp_path / "nowhere"), "-o", str(out))
    assert r.code == 2 and "no such domain folder" in r.err
    assert out.read_text() == "old"
    r = cli("import", "genius", str(tmp_path), "-o", str(tmp_path / "no" / "dir.yaml"))
    assert r.code == 2


def test_negolog_writes_json_when_asked(cli, tmp_path):
    profile = {
        "reservationValue": 0.1,
        "issueWeights": {"a": 1.0},
        "issues": {"a": {"x": 0.0, "y": 1.0}},
    }
    (tmp_path / "profileA.json").write_text(json.dumps(profile))
    out = tmp_path / "s.json"
    r = cli("import", "negolog", str(tmp_path), "-o", str(out), "--name", "tiny", "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["parties"]["profileA"]["reservation"] == 0.1
    assert load_scenario(out) == import_negolog(tmp_path, name="tiny")
