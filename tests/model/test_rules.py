"""The red-line language: parsing, checking and vectorised evaluation against a direct
interpretation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.model import Issue
from zopa.model.rules import RuleError, check_rule, evaluate, issues_of, parse_rule

ISSUES = {
    "a": Issue(options=("lo", "mid", "hi"), ordered=True),
    "b": Issue(range=(0, 10), step=1),
    "c": Issue(options=("x", "y")),
}


def _interpret(text: str, env: dict[str, float]) -> bool:
    """A second, independent semantics: translate to Python over a dict (test-only)."""
    py = text
    for name, value in (("lo", 0), ("mid", 1), ("hi", 2), ("x", 0), ("y", 1)):
        py = py.replace(f" {name}", f" {value}").replace(f"[{name}", f"[{value}")
    if py.startswith("if "):
        cond, then = py[3:].split(" then ")
        py = f"(not ({cond})) or ({then})"
    return bool(eval(py, {}, dict(env)))


RULES = [
    "a >= mid",
    "a != lo and b <= 4",
    "not a == hi or b > 7",
    "c in [x] or b < 3",
    "c not in [x, y]",
    "if a == hi then b >= 5",
    "(a < hi or c == y) and not b == 5",
]


@pytest.mark.parametrize("text", RULES)
def test_vectorised_evaluation_matches_direct_interpretation(text: str) -> None:
    node = parse_rule(text)
    assert check_rule(node, ISSUES) == []
    axes = {
        "a": np.arange(3.0).reshape(3, 1, 1),
        "b": np.arange(11.0).reshape(1, 11, 1),
        "c": np.arange(2.0).reshape(1, 1, 2),
    }
    got = np.broadcast_to(evaluate(node, axes, ISSUES), (3, 11, 2))
    for i, j, k in itertools.product(range(3), range(11), range(2)):
        assert got[i, j, k] == _interpret(text, {"a": i, "b": j, "c": k}), (text, i, j, k)


@given(st.lists(st.sampled_from(RULES[:5]), min_size=1, max_size=3), st.booleans())
def test_and_or_compose(parts: list[str], use_and: bool) -> None:
    joiner = " and " if use_and else " or "
    text = joiner.join(f"({p})" for p in parts)
    node = parse_rule(text)
    axes = {
        "a": np.arange(3.0).reshape(3, 1, 1),
        "b": np.arange(11.0).reshape(1, 11, 1),
        "c": np.arange(2.0).reshape(1, 1, 2),
    }
    whole = np.broadcast_to(evaluate(node, axes, ISSUES), (3, 11, 2))
    each = [np.broadcast_to(evaluate(parse_rule(p), axes, ISSUES), (3, 11, 2)) for p in parts]
    expected = np.logical_and.reduce(each) if use_and else np.logical_or.reduce(each)
    assert np.array_equal(whole, expected)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "empty rule"),
        ("a >=", "expected a value"),
        ("a = lo", "use '=='"),
        ("(a == lo", "expected ')'"),
        ("a == lo b", "unexpected"),
        ("a == lo; rm -rf", "unexpected character"),
        ("__import__('os')", "expected a comparison"),
    ],
)
def test_malformed_rules_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(RuleError, match=None) as err:
        parse_rule(text)
    assert fragment in str(err.value)


def test_reference_checks() -> None:
    assert any("ordered" in m for m in check_rule(parse_rule("c < y"), ISSUES))
    assert any("not an option" in m for m in check_rule(parse_rule("a == top"), ISSUES))
    assert any("numeric" in m for m in check_rule(parse_rule("b == lo"), ISSUES))
    assert issues_of(parse_rule("b > 1 or a == lo and b < 3")) == ("b", "a")
