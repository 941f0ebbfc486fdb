"""Every class of bad input is refused with exit 2, one located line per problem, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = """\
name: t
issues:
  price: {range: [0, 100], step: 10}
  sec: {options: [none, some, full], ordered: true}
parties:
  a:
    reservation: 0.2
    interests:
      price: {weight: 1, prefers: high}
      sec: {weight: 1, values: {none: 0, some: 0.5, full: 1}}
    red_lines: ["sec >= some or price > 50"]
  b:
    interests:
      price: {weight: 1, prefers: low}
proposals:
  p1: {by: a, terms: {price: 50, sec: none}}
"""

CASES: dict[str, tuple[bytes, str, int | None]] = {
    # name: (file bytes, expected fragment of the message, expected line)
    "empty": (b"", "file is empty", None),
    "whitespace-only": (b"   \n\n", "file is empty", None),
    "broken-yaml": (b"name: [t\nissues: {}\n", "invalid YAML", 2),
    "non-utf8": (GOOD.replace("name: t", "name: t\xe9").encode("latin-1"), "not valid UTF-8", 1),
    "object-tag": (
        b"name: !!python/object/apply:os.system ['echo pwned']\n",
        "is not allowed",
        1,
    ),
    "alias-bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        b"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        b"f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "nodes (keys, values and list items, an alias counting as the nodes it repeats)",
        6,
    ),
    "duplicate-key": (GOOD.replace("  b:\n", "  a:\n").encode(), "duplicate key 'a'", 12),
    "list-for-mapping": (
        GOOD.replace("  b:\n    interests:", "  b:\n    - interests:").encode(),
        "expected a mapping",
        12,
    ),
    "top-level-list": (b"- a\n- b\n", "expected a mapping at the top", 1),
    "unknown-issue-in-proposal": (
        GOOD.replace("{price: 50, sec: none}", "{price: 50, sec: none, pirce: 3}").encode(),
        "unknown issue 'pirce'",
        16,
    ),
    "unknown-option-in-proposal": (
        GOOD.replace("sec: none}", "sec: nada}").encode(),
        "'nada' is not an option",
        16,
    ),
    "unknown-party-in-proposal": (
        GOOD.replace("by: a,", "by: z,").encode(),
        "unknown party 'z'",
        16,
    ),
    "unknown-issue-in-interest": (
        GOOD.replace(
            "      price: {weight: 1, prefers: low}", "      prize: {weight: 1, prefers: low}"
        ).encode(),
        "unknown issue 'prize' (did you mean 'price'?)",
        14,
    ),
    "unknown-option-in-values": (
        GOOD.replace("some: 0.5", "sone: 0.5").encode(),
        "'sone' is not an option",
        10,
    ),
    "unknown-issue-in-red-line": (
        GOOD.replace("sec >= some or", "sek >= some or").encode(),
        "unknown issue 'sek'",
        11,
    ),
    "unknown-option-in-red-line": (
        GOOD.replace("sec >= some or", "sec >= sum or").encode(),
        "'sum' is not an option",
        11,
    ),
    "malformed-red-line": (
        GOOD.replace("sec >= some or price > 50", "sec >= some or (price >").encode(),
        "cannot parse rule",
        11,
    ),
    "negative-weight": (
        GOOD.replace(
            "price: {weight: 1, prefers: low}", "price: {weight: -2, prefers: low}"
        ).encode(),
        "'weight' must be >= 0",
        14,
    ),
    "value-above-one": (GOOD.replace("full: 1}", "full: 1.5}").encode(), "must lie in [0, 1]", 10),
    "reservation-above-one": (
        GOOD.replace("reservation: 0.2", "reservation: 2").encode(),
        "must lie in [0, 1]",
        6,
    ),
    "reversed-range": (
        GOOD.replace("range: [0, 100]", "range: [100, 0]").encode(),
        "low < high",
        3,
    ),
    "nan": (GOOD.replace("reservation: 0.2", "reservation: .nan").encode(), "finite", 7),
    "inf": (GOOD.replace("step: 10", "step: .inf").encode(), "finite", 3),
    "uncertain-low-above-high": (
        GOOD.replace("reservation: 0.2", "reservation: {low: 0.5, mode: 0.3, high: 0.1}").encode(),
        "low <= mode <= high",
        7,
    ),
    "infinite-range": (GOOD.replace("range: [0, 100]", "range: [0, .inf]").encode(), "finite", 3),
    "nan-in-points": (
        GOOD.replace(
            "price: {weight: 1, prefers: high}", "price: {weight: 1, points: [[0, 0], [.nan, 1]]}"
        ).encode(),
        "finite",
        9,
    ),
    "tiny-step": (GOOD.replace("step: 10", "step: 1.0e-300").encode(), "use a coarser step", 3),
    "empty-grid": (GOOD.replace("step: 10", "grid: []").encode(), "at least one value", 3),
    "deep-nesting": (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply", None),
    "deep-rule": (
        GOOD.replace("sec >= some or price > 50", "(" * 400 + "price > 50" + ")" * 400).encode(),
        "nested too deeply",
        11,
    ),
    "unknown-key": (
        GOOD.replace("prefers: high", "prefer: high").encode(),
        "unknown key 'prefer' (did you mean 'prefers'?)",
        9,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_with_a_located_line(case: str, tmp_path: Path, cli) -> None:
    content, fragment, line = CASES[case]
    path = tmp_path / "scenario.yaml"
    path.write_bytes(content)
    result = cli("check", str(path))
    assert result.code == 2
    assert "Traceback" not in result.err + result.out
    lines = [x for x in result.err.splitlines() if x]
    assert lines, "expected at least one error line"
    assert all(x.startswith(f"error: {path}") for x in lines), lines
    matching = [x for x in lines if fragment in x]
    assert matching, f"no line mentions {fragment!r}: {lines}"
    if line is not None:
        assert any(f"{path}:{line}:" in x for x in matching), matching


def test_good_input_passes(tmp_path: Path, cli) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(GOOD)
    result = cli("check", str(path))
    assert result.code == 0, result.err
    assert "valid scenario 't'" in result.out


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path, cli) -> None:
    bad = GOOD.replace("by: a,", "by: z,").replace("sec >= some or", "sek >= some or")
    path = tmp_path / "two.yaml"
    path.write_text(bad)
    result = cli("check", str(path))
    assert result.code == 2
    assert "unknown party 'z'" in result.err and "unknown issue 'sek'" in result.err


def test_structural_and_reference_problems_are_listed_together(tmp_path: Path, cli) -> None:
    bad = GOOD.replace("prefers: high", "prefer: high").replace("sec >= some or", "sek >= some or")
    bad = bad.replace("sec: none}", "sec: nada}")
    path = tmp_path / "mixed.yaml"
    path.write_text(bad)
    result = cli("check", str(path))
    assert result.code == 2
    assert "unknown key 'prefer'" in result.err  # structural, in party a
    assert "'nada' is not an option" in result.err  # reference, in a well-formed proposal
    # party a is malformed, so its red line and the proposal's reference to it are not repeated
    assert "sek" not in result.err and "unknown party" not in result.err


def test_json_input_is_checked_the_same_way(tmp_path: Path, cli) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"name": "x", "name": "y"}')
    result = cli("check", str(path))
    assert result.code == 2 and "duplicate key 'name'" in result.err
    # a duplicate further down is reported at its line and place, as in YAML
    path.write_text(
        '{"name": "x",\n "issues": {"a": {"options": ["p"]},\n  "a": {"options": ["q"]}},\n "parties": {}}'
    )
    result = cli("check", str(path))
    assert result.code == 2 and "s.json:3: issues.a: duplicate key 'a'" in result.err
    path.write_text('{"name": "x", "issues": {"a": {"range": [0, NaN]}}, "parties": {}}')
    result = cli("check", str(path))
    assert result.code == 2 and "NaN" in result.err


@pytest.mark.parametrize("command", [["show"], ["diagnose"], ["analyze"]])
def test_every_command_reports_bad_scenarios_the_same_way(
    command: list[str], tmp_path: Path, cli
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("by: a,", "by: z,"))
    extra = ["p1"] if command == ["diagnose"] else []
    result = cli(*command, str(path), *extra)
    assert result.code == 2
    assert f"error: {path}:16: proposals.p1.by: unknown party 'z'" in result.err


def test_special_files_are_refused(cli) -> None:
    result = cli("check", "/dev/zero")
    assert result.code == 2 and "not a regular file" in result.err


def test_missing_file_and_unknown_name(cli) -> None:
    result = cli("check", "/nonexistent/file.yaml")
    assert result.code == 2 and "no such file" in result.err
    result = cli("show", "no-such-scenario")
    assert result.code == 2 and "minerals-2025" in result.err  # lists the bundled names
