"""The command line's common behaviour: --version, -h, python -m zopa, JSON output headed by
the versions, errors as JSON with --json, repeated list options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import zopa
from zopa.cli import app
from zopa.model import bundled_scenarios


def _command_paths() -> list[list[str]]:
    """Every command and sub-command, as the words that call it."""
    paths: list[list[str]] = []
    for info in app.registered_commands:
        assert info.name is not None
        paths.append([info.name])
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        paths += [[group.name, c.name or ""] for c in group.typer_instance.registered_commands]
    return paths


def test_version_is_the_package_version(cli) -> None:
    r = cli("--version")
    assert r.code == 0
    assert r.out.strip() == f"zopa {zopa.__version__}"


def test_python_dash_m_zopa_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zopa", "--version"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"zopa {zopa.__version__}"


@pytest.mark.parametrize("words", _command_paths(), ids=" ".join)
def test_dash_h_is_help_on_every_command(cli, words: list[str]) -> None:
    short, long = cli(*words, "-h"), cli(*words, "--help")
    assert short.code == 0 and long.code == 0, short.err
    assert "Usage: zopa " + " ".join(words) in short.out
    assert short.out == long.out


def test_there_are_commands_to_check() -> None:
    paths = _command_paths()
    assert ["check"] in paths and ["import", "genius"] in paths and len(paths) >= 20


@pytest.mark.parametrize(
    "args, key",
    [
        (["scenarios"], "scenarios"),
        (["show", "price-split"], "parties"),
        (["check", "PRICE_SPLIT"], "valid"),
        (["diagnose", "price-split", "opening-ask"], "parties"),
        (["solutions", "--list"], "solutions"),
        (["strategies"], "strategies"),
        (["forecast-models"], "models"),
        (["schema"], "$defs"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else a,
)
def test_every_json_output_carries_the_versions(cli, args: list[str], key: str) -> None:
    args = [str(bundled_scenarios()["price-split"]) if a == "PRICE_SPLIT" else a for a in args]
    r = cli(*args, "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert list(data)[:2] == ["zopa_version", "schema_version"]
    assert data["zopa_version"] == zopa.__version__ and data["schema_version"] == 1
    assert key in data


def test_schema_has_an_id_and_the_same_document_with_json(cli) -> None:
    plain, as_json = cli("schema"), cli("schema", "--json")
    assert plain.code == 0 and plain.out == as_json.out
    data = json.loads(plain.out)
    assert data["$id"] == f"urn:zopa:scenario:{zopa.__version__}"
    assert data["$schema"].endswith("/draft/2020-12/schema")
    assert data["title"] == "Scenario" and "Party" in data["$defs"]


BROKEN = """\
name: broken
issues:
  price: {range: [0, 100]}
parties:
  seller:
    reservation: 0.3
    interests:
      price: {weight: 1, prefers: sideways}
"""


def test_errors_with_json_are_a_json_object_of_located_problems(cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    text, as_json = cli("check", str(path)), cli("check", str(path), "--json")
    assert text.code == 2 and as_json.code == 2
    assert text.out == "" and text.err.startswith("error: ")
    assert as_json.err == text.err  # the human lines stay on stderr
    data = json.loads(as_json.out)
    assert data["zopa_version"] == zopa.__version__ and data["error"] == "input"
    assert len(data["problems"]) == len(text.err.strip().splitlines())
    for problem in data["problems"]:
        assert set(problem) == {"file", "line", "path", "message"}
        assert problem["file"] == str(path)
    prefers = [p for p in data["problems"] if p["path"].endswith("price.prefers")]
    assert prefers and prefers[0]["line"] == 8  # the line of `prefers: sideways`
    assert "'high' or 'low'" in prefers[0]["message"]


def test_refused_arguments_are_one_line_errors_and_json_with_json(cli) -> None:
    text = cli("analyze", "price-split", "--draws", "many")
    assert text.code == 2 and len(text.err.strip().splitlines()) == 1
    assert text.err.startswith("error: ") and "--draws" in text.err
    assert "zopa analyze -h" in text.err
    data = json.loads(cli("analyze", "price-split", "--draws", "many", "--json").out)
    assert data["error"] == "input"
    assert [p["path"] for p in data["problems"]] == ["--draws"]
    unknown = cli("check", "--frobnicate", "--json")
    assert unknown.code == 2 and "--frobnicate" in json.loads(unknown.out)["problems"][0]["message"]


def test_no_json_error_object_without_json(cli) -> None:
    r = cli("diagnose", "price-split", "no-such-proposal")
    assert r.code == 2 and r.out == "" and "no-such-proposal" in r.err


def test_terms_take_commas_or_repeated_flags_alike(cli) -> None:
    scenario = str(bundled_scenarios()["minerals-2025"])
    repeated = cli(
        "diagnose", scenario, "us-draft-2025-02-12",
        "--terms", "revenue_share=40", "--terms", "security=explicit_guarantee", "--json",
    )  # fmt: skip
    commas = cli(
        "diagnose", scenario, "us-draft-2025-02-12",
        "--terms", "revenue_share=40,security=explicit_guarantee", "--json",
    )  # fmt: skip
    assert repeated.code == 0, repeated.err
    assert commas.out == repeated.out
    terms = json.loads(commas.out)["terms"]
    assert terms["revenue_share"] == 40 and terms["security"] == "explicit_guarantee"


def test_several_values_after_one_list_flag_say_how_to_write_them(cli) -> None:
    r = cli("diagnose", "price-split", "--terms", "price=50", "price=60")
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    assert "--terms price=50 --terms price=60" in r.err and "price=50,price=60" in r.err
    r = cli("forecast", "price-split", "--option", "median.tie=lower", "challenge.q=0.5")
    assert r.code == 2 and "--option median.tie=lower --option challenge.q=0.5" in r.err


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_check_dash_reads_a_scenario_from_standard_input(cli, monkeypatch) -> None:
    from zopa.model import dump_scenario, load_scenario

    _stdin(monkeypatch, bundled_scenarios()["price-split"].read_bytes())
    r = cli("check", "-")
    assert r.code == 0, r.err
    assert r.out.startswith("<stdin>: valid scenario 'price-split': 1 issues")
    _stdin(monkeypatch, dump_scenario(load_scenario("logrolling"), "json").encode())
    r = cli("check", "-", "--json")
    assert r.code == 0 and json.loads(r.out)["name"] == "logrolling"


def test_check_dash_locates_problems_in_standard_input(cli, monkeypatch) -> None:
    _stdin(monkeypatch, BROKEN.encode())
    r = cli("check", "-")
    assert r.code == 2 and r.out == ""
    assert r.err.strip().splitlines() == [
        "error: <stdin>:8: parties.seller.interests.price.prefers: Input should be 'high' or 'low'"
    ]
    _stdin(monkeypatch, b"name: x\n\xff\n")
    r = cli("check", "-")
    assert r.code == 2 and "<stdin>:2" in r.err and "not UTF-8" in r.err


@pytest.mark.parametrize(
    "args, written",
    [
        (
            [
                "what-it-takes",
                "price-split",
                "opening-ask",
                "--for",
                "buyer",
                "--keep",
                "seller",
                "buyer",
            ],
            "--keep seller --keep buyer",
        ),
        (["forecast", "price-split", "-m", "median", "compromise"], "-m median -m compromise"),
    ],
    ids=["keep", "model"],
)
def test_a_second_value_after_a_list_flag_says_how_to_write_it(
    cli, args: list[str], written: str
) -> None:
    r = cli(*args)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    assert f"write {written}" in r.err


def test_other_extra_arguments_are_still_named(cli) -> None:
    r = cli("scenarios", "surplus")
    assert r.code == 2 and "unexpected extra argument" in r.err and "surplus" in r.err
    assert "zopa scenarios -h" in r.err


@pytest.mark.parametrize(
    "words, expected",
    [
        ("zopa show mi", ["minerals-2025"]),
        ("zopa frontier p", [n for n in bundled_scenarios() if n.startswith("p")]),
    ],
)
def test_shell_completion_offers_bundled_scenario_names(words: str, expected: list[str]) -> None:
    import os

    env = {**os.environ, "_ZOPA_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "2"}
    done = subprocess.run(
        [sys.executable, "-m", "zopa"], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.stdout.split() == expected, done.stderr
