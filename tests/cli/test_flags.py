"""Library problems about a parameter are reported with the flag that sets it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zopa.cli._flags import FLAGS, as_flag
from zopa.errors import Problem


def test_a_parameter_named_in_the_message_becomes_its_flag() -> None:
    p = Problem(None, None, "top", "top must be at least 1, got 0")
    assert str(as_flag(p)) == "<input>: --top must be at least 1, got 0"
    q = Problem(None, None, "max_outcomes", "cannot be read")
    assert str(as_flag(q)) == "<input>: --max-outcomes: cannot be read"


def test_problems_in_files_or_not_about_parameters_are_unchanged() -> None:
    in_file = Problem("cases.yaml", 3, "seed", "seed must be a non-negative integer")
    assert as_flag(in_file) == in_file
    other = Problem(None, None, "parties.us", "unknown party")
    assert as_flag(other) == other
    assert all(flag.startswith("--") and "_" not in flag for flag in FLAGS.values())


def test_the_command_line_names_flags_the_library_does_not(cli: Callable[..., Any]) -> None:
    r = cli("counter", "price-split", "opening-ask", "--draws", "-1")
    assert r.code == 2
    assert (
        r.err.strip()
        == "error: <input>: --draws: expected a whole number from 0 to 100,000, got -1"
    )
