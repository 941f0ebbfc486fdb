"""Fuzzing every reader: random trees, strings, numbers and sizes, written as scenario YAML and
JSON, GENIUS XML, NegoLog JSON, actor tables and KTAB CSV. Whatever the input, the only errors
that may escape are :class:`~zopa.errors.InputError` and :class:`~zopa.errors.TooLargeError`
(the library's documented contract for bad input)."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zopa.errors import InputError, TooLargeError
from zopa.forecast.inputs.ktab_csv import looks_like_ktab_csv, read_ktab_table
from zopa.forecast.inputs.tables import parse_actor_table
from zopa.io import import_negolog, load_genius
from zopa.model.io import scenario_from_text

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = [
    "name", "issues", "parties", "proposals", "options", "range", "step", "grid", "ordered",
    "interests", "weight", "values", "prefers", "ideal", "tolerance", "points", "red_lines",
    "terms", "when", "value", "capability", "reservation", "signatory", "scale", "low", "mode",
    "high", "rule", "by", "constraints", "sources", "evidence", "source", "a", "b", "x", "p",
]  # fmt: skip
RULES = ["p <= 5", "p == 1e999", "a in [x, y]", "if p > 1 then a == x", "((p", "p >= -1e308"]

numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 0.5, 1e15, 1e16, 1e308, -1e308, 10**400]),
)
scalars = st.one_of(
    numbers, st.booleans(), st.none(), st.text(max_size=20), st.sampled_from(RULES + KEYS)
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=40,
)

BASE: dict[str, Any] = {
    "name": "t",
    "issues": {"p": {"range": [0, 10], "step": 1}, "a": {"options": ["x", "y"]}},
    "parties": {
        "us": {"interests": {"p": {"weight": 1, "prefers": "high"}}, "red_lines": ["p >= 2"]},
        "them": {"interests": {"a": {"weight": 1, "values": {"x": 1, "y": 0}}}},
    },
    "proposals": {"draft": {"terms": {"p": 5, "a": "x"}}},
}


def _graft(base: Any, path: list[str], value: Any) -> Any:
    """``base`` with the value at ``path`` (as far as it exists) replaced by ``value``."""
    if not path or not isinstance(base, dict):
        return value
    key = path[0] if path[0] in base else next(iter(base), path[0])
    return {**base, key: _graft(base.get(key), path[1:], value)}


def _check(text: str, *, json_syntax: bool) -> None:
    try:
        scenario = scenario_from_text(text, "fuzz", json_syntax=json_syntax)
        scenario.compile()
    except (InputError, TooLargeError):
        pass


def _dump(data: Any) -> str:
    try:
        return json.dumps(data)
    except ValueError:  # integers beyond Python's string conversion limit
        return "{}"


@FUZZ
@given(st.lists(st.sampled_from(KEYS), max_size=4), trees)
def test_scenarios_with_a_random_subtree(path: list[str], tree: Any) -> None:
    data = _graft(BASE, path, tree)
    _check(_dump(data), json_syntax=True)
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return
    _check(text, json_syntax=False)


@FUZZ
@given(st.text(max_size=400))
def test_scenarios_from_random_text(text: str) -> None:
    _check("name: t\n" + text, json_syntax=False)
    _check(text, json_syntax=True)


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "[",
                "]",
                "{",
                "}",
                ",",
                ": ",
                "&a ",
                "*a",
                "- ",
                "\n  ",
                "x",
                "1e5",
                "!!str ",
                "<<: ",
                "'",
                '"',
                "yes",
                "~",
            ]
        ),
        max_size=60,
    )
)
def test_scenarios_from_random_yaml_tokens(tokens: list[str]) -> None:
    _check("".join(tokens), json_syntax=False)


def _xml_attr(value: Any) -> str:
    return str(value).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


xml_values = st.one_of(numbers.map(str), st.text(max_size=6), st.sampled_from(["", "-", "1e999"]))


@FUZZ
@given(
    kind=st.sampled_from(["discrete", "integer", "real"]),
    low=xml_values,
    high=xml_values,
    weight=xml_values,
    evaluation=xml_values,
    depth=st.integers(0, 150),
)
def test_genius_domains(
    kind: str, low: str, high: str, weight: str, evaluation: str, depth: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if kind == "discrete":
            issue = (
                f'<issue index="1" name="i" type="discrete"><item index="1" value="a" '
                f'evaluation="{_xml_attr(evaluation)}"/><item index="2" value="b"/></issue>'
            )
        else:
            issue = (
                f'<issue index="1" name="i" type="{kind}" lowerbound="{_xml_attr(low)}" '
                f'upperbound="{_xml_attr(high)}"><range lowerbound="{_xml_attr(low)}" '
                f'upperbound="{_xml_attr(high)}"/><evaluator ftype="linear" '
                f'slope="{_xml_attr(evaluation)}" offset="0"/></issue>'
            )
        nest = "<objective>" * depth + "</objective>" * depth
        (folder / "domain.xml").write_text(
            f'<negotiation_template><utility_space><objective index="0" name="root" '
            f'type="objective">{issue}{nest}</objective></utility_space></negotiation_template>'
        )
        for name in ("a.xml", "b.xml"):
            (folder / name).write_text(
                f'<utility_space><objective index="0" name="root" type="objective">{issue}'
                f'<weight index="1" value="{_xml_attr(weight)}"/></objective></utility_space>'
            )
        try:
            domain = load_genius(folder)
            domain.to_scenario().compile()
        except (InputError, TooLargeError):
            pass


profile_numbers = st.one_of(numbers, st.text(max_size=4), st.none())


@FUZZ
@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "reservationValue": profile_numbers,
                "issueWeights": st.dictionaries(st.sampled_from(["i", "j"]), profile_numbers),
                "issues": st.dictionaries(
                    st.sampled_from(["i", "j"]),
                    st.dictionaries(st.sampled_from(["x", "y", ""]), profile_numbers) | trees,
                ),
            },
        )
        | trees,
        min_size=1,
        max_size=3,
    )
)
def test_negolog_profiles(profiles: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k, profile in enumerate(profiles):
            (folder / f"profile{k}.json").write_text(_dump(profile))
        with contextlib.suppress(InputError, TooLargeError):
            import_negolog(folder).compile()


cells = st.one_of(numbers.map(str), st.text(max_size=8), st.sampled_from(["", '"', "#", "1e999"]))


@FUZZ
@given(
    st.lists(st.sampled_from(["actor", "capability", "position", "salience", "position:x",
                              "salience:x", "position_low", "x"]), min_size=1, max_size=6),
    st.lists(st.lists(cells, max_size=7), max_size=5),
)  # fmt: skip
def test_actor_tables(header: list[str], rows: list[list[str]]) -> None:
    text = "\n".join(",".join(r) for r in [header, *rows])
    with contextlib.suppress(InputError):
        parse_actor_table(text, file="t.csv")


@FUZZ
@given(st.lists(st.lists(cells, max_size=8), min_size=0, max_size=6))
def test_ktab_csv(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.csv"
        head = [["S", "d", str(len(rows)), "1"], ["Actor", "Description", "Power", "P", "S"]]
        path.write_text("\n".join(",".join(r) for r in [*head, *rows]))
        looks_like_ktab_csv(path)
        with contextlib.suppress(InputError):
            read_ktab_table(path).to_actors()
