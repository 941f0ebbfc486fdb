"""Inputs below the file-size cap that used to cost minutes or gigabytes are refused cleanly.

Every input here is generated at test time. The large ones are read in a child process whose
address space is capped (:data:`MEMORY_CAP`), so a reader that builds the whole document before
checking its size fails the test with a memory error instead of slowing the machine; the
timeouts only catch hangs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zopa.errors import InputError, TooLargeError
from zopa.game import MAX_OUTCOMES
from zopa.model import Scenario, load_scenario
from zopa.model.guarded import MAX_BYTES
from zopa.model.io import scenario_from_text
from zopa.model.rules import MAX_FACTOR_CELLS
from zopa.model.yamlsafe import MAX_DIGITS, MAX_NODES, MAX_SCALAR, parse

#: Address-space cap of the child process (Python, numpy and zopa take about 350 MB).
MEMORY_CAP = 1_200_000_000
#: A hang guard, not a speed requirement.
HANG = 600

CHILD = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    from zopa.errors import ZopaError
    from zopa.model import Scenario, load_scenario
    try:
        load_scenario(sys.argv[1])
    except ZopaError as err:
        print("refused:", err.lines()[0][:300])
    else:
        print("accepted")
    """
)


def _load_in_child(path: Path) -> str:
    code = CHILD.format(cap=MEMORY_CAP)
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def _flow_list(path: Path, item: str, target_bytes: int) -> None:
    count = target_bytes // (len(item) + 2)
    path.write_text("name: x\nissues: [" + ", ".join([item] * count) + "]\n")


def test_a_5_mb_flow_list_of_200000_items_is_refused_by_its_node_count(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    _flow_list(path, "{a: 12345678901234}", 5_000_000)
    assert path.stat().st_size < MAX_BYTES
    out = _load_in_child(path)
    assert out.startswith("refused:") and f"more than {MAX_NODES:,} nodes" in out, out
    assert "alias" not in out.split("nodes")[0]


def test_a_19_mb_flow_list_is_refused_by_its_node_count(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    _flow_list(path, "abcdefghijklmnopqrst", 19_000_000)
    assert path.stat().st_size < MAX_BYTES
    out = _load_in_child(path)
    assert out.startswith("refused:") and "nodes" in out, out


def test_a_15_mb_single_value_is_refused_by_its_length(tmp_path: Path) -> None:
    path = tmp_path / "scalar.yaml"
    path.write_text("name: " + "a" * 15_000_000 + "\n")
    out = _load_in_child(path)
    assert out.startswith("refused:") and f"the limit is {MAX_SCALAR:,}" in out, out
    assert ":1: name:" in out


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no disk used
    with pytest.raises(InputError, match=f"the limit is {MAX_BYTES:,}"):
        load_scenario(path)


def test_a_piecewise_function_of_66000_points_still_loads() -> None:
    points = ", ".join(f"[{i}, {(i % 7) / 6:.4f}]" for i in range(66_000))
    text = (
        "name: x\nissues:\n  p: {range: [0, 66000], step: 1000}\nparties:\n  a:\n"
        f"    interests:\n      p: {{weight: 1, points: [{points}]}}\n"
    )
    s = scenario_from_text(text)
    assert s.parties["a"].interests["p"].points is not None
    assert len(s.parties["a"].interests["p"].points) == 66_000


def _range_scenario(n_issues: int, steps: int, red_line: str | None = None) -> str:
    lines = ["name: big", "issues:"]
    lines += [f"  i{k}: {{range: [0, {steps}], step: 1}}" for k in range(n_issues)]
    lines.append("parties:")
    for party, prefers in (("a", "high"), ("b", "low")):
        lines += [f"  {party}:", "    reservation: 0.4", "    interests:"]
        lines += [f"      i{k}: {{weight: 1, prefers: {prefers}}}" for k in range(n_issues)]
        if red_line and party == "a":
            lines.append(f'    red_lines: ["{red_line}"]')
    lines += [
        "proposals:",
        "  p1:",
        "    terms: {" + ", ".join(f"i{k}: 10" for k in range(n_issues)) + "}",
    ]
    return "\n".join(lines) + "\n"


def test_40_issues_of_a_million_steps_are_refused_before_any_grid_is_built(
    tmp_path: Path, cli
) -> None:
    path = tmp_path / "forty.yaml"
    path.write_text(_range_scenario(40, 999_999))
    assert path.stat().st_size < 5000
    r = cli("check", str(path))
    assert r.code == 2, r.out + r.err
    assert "outcome space has about 10^240 outcomes" in r.err
    assert f"{MAX_OUTCOMES:.3g}" in r.err
    assert "Traceback" not in r.err


def test_the_outcome_count_of_100_huge_issues_is_not_turned_into_a_float() -> None:
    s = scenario_from_text(_range_scenario(100, 999_999), "big.yaml")
    with pytest.raises(TooLargeError, match=r"about 10\^600"):
        s.compile()


def test_a_red_line_over_two_issues_of_a_million_values_is_a_located_problem(
    tmp_path: Path, cli
) -> None:
    path = tmp_path / "red.yaml"
    path.write_text(_range_scenario(2, 999_999, "i0 <= 5 or i1 <= 5"))
    r = cli("check", str(path))
    assert r.code == 2
    assert "red_lines[0]" in r.err and f"at most {MAX_FACTOR_CELLS:,}" in r.err
    assert ":11: " in r.err  # the line of the red line


def test_the_factor_limit_also_guards_the_compiler() -> None:
    text = _range_scenario(2, 9_999, "i0 <= 5 or i1 <= 5")  # 10^8 cells
    with pytest.raises(InputError, match="combinations of values"):
        scenario_from_text(text)
    # built without the cross-reference checks (as a library user may), the compiler refuses
    bare = Scenario.model_validate(parse(text, "f").data)
    with pytest.raises(TooLargeError, match="combinations of values"):
        bare.compile()


def test_counter_on_three_issues_of_a_million_steps_answers_within_the_search_budget(
    tmp_path: Path, cli
) -> None:
    # The search looks at a sub-grid within its stated budget of issue values, answers with
    # what it found, and says so (once it ran for minutes at 2.4 GB with no word).
    path = tmp_path / "three.yaml"
    path.write_text(_range_scenario(3, 999_999))
    r = cli("counter", str(path), "p1", "--draws", "0", "--json")
    assert r.code == 0, r.out + r.err
    budget = json.loads(r.out)["budget"]
    assert budget is not None and "budget" in json.dumps(budget)


def test_2000_misspelt_names_get_their_suggestions() -> None:
    n = 2000
    lines = ["name: t", "issues:"] + [f"  issue_{i:05d}: {{options: [a, b]}}" for i in range(n)]
    lines += ["parties:", "  a:", "    interests:"]
    lines += [f"      issue_{i:05d}x: {{weight: 1, values: {{a: 1, b: 0}}}}" for i in range(n)]
    with pytest.raises(InputError) as err:
        scenario_from_text("\n".join(lines) + "\n")
    out = err.value.lines()
    assert len(out) == n
    assert "unknown issue 'issue_01234x' (did you mean 'issue_01234'?)" in "\n".join(out)


# -- numbers -------------------------------------------------------------------------------------

BASE = """name: t
issues:
  p: {range: [0, 100], step: 10}
  s: {options: [yes, no, on, off]}
parties:
  a:
    capability: CAP
    interests:
      p: {weight: W, prefers: high}
      s: {weight: 1, values: {yes: 1, no: 0, on: 0.5, off: 0}}
    red_lines: ["RULE"]
  b:
    interests: {p: {weight: 1, prefers: low}}
"""


def _scenario(**parts: str):
    text = BASE
    for key, value in {"CAP": "1", "W": "1", "RULE": "p <= 50", **parts}.items():
        text = text.replace(key, value)
    return scenario_from_text(text, "n.yaml")


def test_yes_no_on_off_stay_option_names() -> None:
    s = _scenario()
    assert s.issues["s"].options == ("yes", "no", "on", "off")
    assert s.parties["a"].red_lines[0].rule == "p <= 50"


@pytest.mark.parametrize(("text", "value"), [("2e-1", 0.2), ("3e-1", 0.3), ("1e2", 100.0)])
def test_exponent_numbers_read_as_numbers(text: str, value: float) -> None:
    assert parse(f"a: {text}\n", "f").data["a"] == value


@pytest.mark.parametrize(
    ("parts", "where", "fragment"),
    [
        ({"RULE": "p == 1e999"}, "red_lines[0]", "number 1e999 is outside"),
        ({"W": "1" + "0" * 400}, "interests.p.weight", f"at most {MAX_DIGITS} digits"),
        ({"W": "{low: 0, high: 1" + "0" * 400 + "}"}, "weight.high", "digits"),
        ({"CAP": "{low: 1e308, high: 1.7e308}"}, "capability.low", "between -1e+15 and 1e+15"),
        ({"W": "1.0e308"}, "interests.p.weight", "between -1e+15 and 1e+15"),
        ({"W": ".inf"}, "interests.p.weight", "finite"),
    ],
)
def test_overflowing_numbers_are_located_problems(
    parts: dict[str, str], where: str, fragment: str
) -> None:
    with pytest.raises(InputError) as err:
        _scenario(**parts)
    hits = [line for line in err.value.lines() if where in line and fragment in line]
    assert hits, err.value.lines()
    assert all(line.startswith("n.yaml:") for line in err.value.lines())


def test_a_range_near_the_float_limit_is_refused_not_filled_with_inf() -> None:
    text = BASE.replace("[0, 100], step: 10", "[-1.0e+308, 1.0e+308]")
    with pytest.raises(InputError, match=r"n.yaml:3: issues\.p\.range\[0\]"):
        scenario_from_text(
            text.replace("CAP", "1").replace("W", "1").replace("RULE", "p<=5"), "n.yaml"
        )


def test_json_with_a_5000_digit_integer_is_a_located_problem() -> None:
    text = '{\n  "name": "t",\n  "issues": {"p": {"range": [0, 1' + "0" * 5000 + "]}}\n}\n"
    with pytest.raises(InputError) as err:
        scenario_from_text(text, "j.json", json_syntax=True)
    (line,) = err.value.lines()
    assert line.startswith("j.json:3: issues.p.range[1]: a whole number of 5,001 digits")


def test_json_errors_carry_line_numbers() -> None:
    data = {"name": "t", "issues": {"p": {"options": ["a"]}}, "parties": {"a": {"x": 1}}}
    text = json.dumps(data, indent=2)
    with pytest.raises(InputError) as err:
        scenario_from_text(text, "j.json", json_syntax=True)
    expected = text.splitlines().index('    "a": {') + 2  # the line of the unknown key
    assert err.value.lines()[0].startswith(f"j.json:{expected}: parties.a.x: unknown key 'x'")
