"""Each party's chance of signing a package over the outlook's draws (zopa.odds)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.diagnose import diagnose
from zopa.errors import InputError
from zopa.model import load_scenario
from zopa.odds import judgement_draws, sign_odds

S = load_scenario("minerals-2025")
DRAWS = judgement_draws(S, draws=40, seed=1)


def _package(data: st.DataObject) -> dict[str, str | float]:
    terms: dict[str, str | float] = {}
    for issue_id, issue in S.issues.items():
        if issue.options is not None:
            terms[issue_id] = data.draw(st.sampled_from(list(issue.options)))
        else:
            lo, hi = issue.bounds
            terms[issue_id] = data.draw(st.floats(lo, hi, allow_nan=False))
    return terms


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_odds_are_shares_consistent_with_the_point_diagnosis(data: st.DataObject) -> None:
    terms = _package(data)
    odds = sign_odds(DRAWS, terms)
    point = {p.party: p for p in diagnose(S, terms).parties}
    for p in odds.parties:
        assert 0.0 <= p.p_sign <= 1.0
        lo, hi = p.interval
        assert lo <= p.p_sign <= hi
        assert p.utility[0] <= p.utility[1] <= p.utility[2]
        # red lines read the terms only, never an uncertain number: all draws or none
        crossed = bool(point[p.party].red_lines_crossed)
        assert p.red_lines == (1.0 if crossed else 0.0)
        if crossed:
            assert p.p_sign == 0.0
    signs = [p.p_sign for p in odds.parties if p.signatory]
    assert odds.p_all_sign <= min(signs)


def test_the_draws_are_the_outlooks_first_draws() -> None:
    """The first n of more draws are the n draws (the outlook's chunks), seed by seed."""
    few = judgement_draws(S, draws=10, seed=4)
    many = judgement_draws(S, draws=1500, seed=4)
    for row, z in few.drawn.rows.items():
        assert np.array_equal(z, many.drawn.rows[row][:10])
    other = judgement_draws(S, draws=10, seed=5)
    assert any(not np.array_equal(z, other.drawn.rows[r]) for r, z in few.drawn.rows.items())


def test_bad_terms_and_draws_are_input_errors() -> None:
    with pytest.raises(InputError):
        sign_odds(DRAWS, {"security": "maybe"})
    with pytest.raises(InputError):
        judgement_draws(S, draws=0)
