"""The sentence that says why a signatory would not sign a forecast package."""

from __future__ import annotations

from zopa.forecast.checks import Refusal, words
from zopa.model import scenario_from_text

TWO = """
name: two
issues:
  share: {range: [0, 100], step: 10}
parties:
  a: {name: Alpha, reservation: 0.3, interests: {share: {weight: 1, prefers: high}}}
  b: {reservation: 0.3, interests: {share: {weight: 1, prefers: low}}}
"""


def test_a_shortfall_too_small_for_two_decimals_is_shown_with_four() -> None:
    game = scenario_from_text(TWO).compile()
    close = words("model", game, (Refusal("a", (), 0.2996, 0.3),))
    assert "worth 0.2996, below its walk-away 0.3000" in close and "Alpha would not sign" in close
    far = words("model", game, (Refusal("a", (), 0.2, 0.3),))
    assert "worth 0.20, below its walk-away 0.30" in far
