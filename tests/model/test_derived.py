"""Derived quantities: a safe arithmetic grammar over issue values, in rules and interests."""

from __future__ import annotations

import numpy as np
import pytest

from zopa.compiler import compile_scenario
from zopa.diagnose import diagnose_proposal
from zopa.errors import InputError
from zopa.frontier import frontier
from zopa.model import derived as dv
from zopa.model import scenario_from_text
from zopa.outlook import engine as en
from zopa.outlook.draws import Drawn

TEXT = """\
name: breakout
issues:
  centrifuges: {range: [0, 10000], step: 1000}
  enrichment: {options: [none, low, high], ordered: true}
  stockpile: {range: [0, 300], step: 100}
derived:
  breakout:
    expr: "max(0, 12 - centrifuges / 1000 - stockpile / 100 - case(enrichment, none: 0, low: 1, high: 6))"
    label: Breakout time
    unit: months
parties:
  iran:
    reservation: 0.3
    interests:
      centrifuges: {weight: 1, prefers: high}
      enrichment: {weight: 1, prefers: high}
  p5:
    reservation: 0.4
    interests:
      breakout: {weight: {low: 1, mode: 2, high: 3}, prefers: high}
      stockpile: {weight: 1, prefers: low}
    red_lines: ["breakout >= 6"]
constraints:
  - "if centrifuges == 0 then enrichment == none"
proposals:
  deal: {terms: {centrifuges: 5000, enrichment: low, stockpile: 100}}
"""


def _s(text: str = TEXT):  # type: ignore[no-untyped-def]
    return scenario_from_text(text, "breakout.yaml")


def test_hand_computation() -> None:
    """breakout = max(0, 12 - 5000/1000 - 100/100 - 1) = 5 months. Over the grid it spans
    [0, 12] (0 at 10000 centrifuges, 300 stockpile, high enrichment; 12 at none of each), so the
    P5's value is 5/12; its weights 2 and 1 normalise to 2/3 and 1/3, and the stockpile of 100
    of 300 scores 2/3 under prefers-low: u = 2/3 * 5/12 + 1/3 * 2/3 = 0.5. The red line
    breakout >= 6 fails at 5."""
    s = _s()
    defs = dv.definitions(s)
    axes = {
        "centrifuges": np.array([5000.0]),
        "enrichment": np.array([1.0]),
        "stockpile": np.array([100.0]),
    }
    assert dv.evaluate(defs["breakout"], axes, s.issues, defs)[0] == 5.0
    d = diagnose_proposal(s, "deal")
    p5 = next(p for p in d.parties if p.party == "p5")
    assert p5.utility == pytest.approx(2 / 3 * 5 / 12 + 1 / 3 * 2 / 3)
    assert [h.rule for h in p5.red_lines_crossed] == ["breakout >= 6"]
    game = s.compile()
    code = game.encode(dict(s.proposals["deal"].terms))
    assert game.utilities_of([code])[1, 0] == pytest.approx(p5.utility)
    assert not game.feasible_of([code])[1, 0]


def test_every_frontier_point_keeps_the_derived_red_line_and_the_deal_rule() -> None:
    s = _s()
    game = s.compile()
    defs = dv.definitions(s)
    for c in frontier(game).codes:
        t = game.decode(int(c))
        axes = {
            "centrifuges": np.array([t["centrifuges"]], dtype=float),
            "enrichment": np.array([float(s.issues["enrichment"].options.index(t["enrichment"]))]),  # type: ignore[union-attr]
            "stockpile": np.array([t["stockpile"]], dtype=float),
        }
        assert dv.evaluate(defs["breakout"], axes, s.issues, defs)[0] >= 6 - 1e-9
        assert t["centrifuges"] != 0 or t["enrichment"] == "none"


def test_outlook_utilities_follow_the_drawn_weight_of_a_derived_interest() -> None:
    s = _s()
    st = en.setup(s)
    z = en.dr.sample(st.judgements, np.random.default_rng(1), 5)
    u, _ = en.utilities(st, z)
    drawn = Drawn(st.judgements, z)
    for d in range(5):
        g = compile_scenario(s, lambda x, d=d: float(drawn(x)[d]))
        np.testing.assert_allclose(u[d], g.utilities_of(st.codes)[list(st.signatories)], atol=1e-12)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "stockpile / 100 -",
            "stokpile / 100 -",
            "unknown name 'stokpile' (did you mean 'stockpile'?)",
        ),
        ("case(enrichment, none: 0, low: 1, high: 6)", "enrichment", "'enrichment' has options"),
        (
            "case(enrichment, none: 0, low: 1, high: 6)",
            "case(enrichment, none: 0, low: 1)",
            "misses options ['high']",
        ),
        (
            "case(enrichment, none: 0, low: 1, high: 6)",
            "case(stockpile, none: 0)",
            "case needs an issue with options",
        ),
        ("stockpile / 100", "stockpile / 0", "division by zero"),
        ("stockpile / 100", "stockpile / (centrifuges - 5000)", "division by zero"),
        ("max(0,", "sqrt(0,", "unknown function 'sqrt'"),
        ("12 - centrifuges", "12 - - * centrifuges", "expected a number"),
    ],
)
def test_bad_expressions_are_located(old: str, new: str, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        _s(TEXT.replace(old, new, 1))
    msg = str(err.value)
    assert "breakout.yaml" in msg and "derived.breakout" in msg and fragment in msg


def test_cycles_and_clashes_are_located() -> None:
    text = TEXT.replace("    unit: months\n", "    unit: months\n  a: 'b + 1'\n  b: 'a * 2'\n")
    with pytest.raises(InputError, match=r"derived\.a\.expr: .*cycle: a -> b -> a"):
        _s(text)
    with pytest.raises(InputError, match="already an issue"):
        _s(TEXT.replace("  breakout:\n", "  stockpile:\n", 1))


def test_misuse_in_interests_and_rules_is_located() -> None:
    with pytest.raises(InputError, match=r"interests\.breakout\.values.*derived number"):
        _s(
            TEXT.replace(
                "breakout: {weight: {low: 1, mode: 2, high: 3}, prefers: high}",
                "breakout: {weight: 1, values: {a: 1}}",
            )
        )
    with pytest.raises(InputError, match=r"red_lines\[0\].*derived number; compare it with a"):
        _s(TEXT.replace('"breakout >= 6"', '"breakout == long"'))
