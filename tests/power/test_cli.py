"""``zopa power`` in-process."""

from __future__ import annotations

import json

import yaml


def test_power_of_a_body_file(cli, tmp_path) -> None:
    path = tmp_path / "unsc.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "name": "UNSC",
                "members": {"p": {"weight": 7, "count": 5}, "e": {"weight": 1, "count": 10}},
                "quota": 39,
            }
        )
    )
    r = cli("power", str(path))
    assert r.code == 0 and "0.1963" in r.out and "exact" in r.out
    data = json.loads(cli("power", str(path), "--json").out)
    body = data["bodies"][0]
    assert body["method"] == "enumeration" and body["members"]["e-1"]["swings"] == 84
    sampled = json.loads(
        cli("power", str(path), "--method", "sample", "--samples", "500", "--json").out
    )
    assert "shapley_shubik_se" in sampled["bodies"][0]["members"]["p-1"]


def test_power_errors_exit_2(cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("members: {a: x}\nquota: 1\n")
    r = cli("power", str(bad))
    assert r.code == 2 and "members.a.weight" in r.err and "Traceback" not in r.err
    assert cli("power", str(tmp_path / "missing.yaml")).code == 2
    good = tmp_path / "good.yaml"
    good.write_text("members: {a: 1, b: 1}\nquota: 2\n")
    r = cli("power", str(good), "--method", "magic")
    assert r.code == 2 and "--method" in r.err
    assert cli("power", str(good), "--samples", "-1", "--method", "sample").code == 2
    r = cli("power", "minerals-2025")
    assert r.code == 2 and "no ratifiers" in r.err
