"""Issue kinds: a range issue's bounds are typed; an option issue has none."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.model.schema import Issue


@given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6))
def test_bounds_of_a_range_issue_are_its_range(low: float, width: float) -> None:
    issue = Issue(range=(low, low + width))
    assert issue.bounds == issue.range
    assert issue.values[0] == pytest.approx(low) and issue.values[-1] == pytest.approx(low + width)


def test_an_option_issue_has_no_bounds() -> None:
    issue = Issue(options=("a", "b"))
    with pytest.raises(TypeError, match="no range"):
        issue.bounds  # noqa: B018
