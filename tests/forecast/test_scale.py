"""Issue scales: forecasts must not depend on the units an issue is written in, and a guessed
scale is said to be a guess.

Known answers: rescaling positions and scale by the same affine map y = a + b x must map every
model's forecast by that map (each model is defined on distances relative to the scale or on
weighted order statistics); BDM's emission case on 4–10 years is the reference, re-expressed on
0–100.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zopa.forecast import Actors, Triangular, get_model, parse_actor_table, widen
from zopa.forecast.inputs.sources import scale_warnings

MODELS = ["compromise", "median", "nash", "challenge", "smp"]


def _rescaled(a: Actors, low: float, high: float) -> Actors:
    old_lo, old_hi = a.scale_low, a.scale_high
    f = (high - low) / (old_hi - old_lo)
    return a.replace(
        position=low + (a.position - old_lo) * f,
        scale_low=np.array([low]),
        scale_high=np.array([high]),
    )


@pytest.mark.parametrize("model", MODELS)
def test_emission_case_on_0_100_gives_the_rescaled_forecast(emission: Actors, model: str) -> None:
    years = get_model(model)(emission)
    hundred = get_model(model)(_rescaled(emission, 0.0, 100.0))
    expected = (years.outcome[0] - 4.0) / 6.0 * 100.0
    assert hundred.outcome[0] == pytest.approx(expected, abs=1e-6)
    assert hundred.rounds == years.rounds


@pytest.mark.parametrize("preset", ["standard", "scholz"])
def test_challenge_rounds_do_not_depend_on_units(emission: Actors, preset: str) -> None:
    """The stop rule is a fraction of the scale width: 0.5 years on 4-10 is 8.33 on 0-100, so
    the same rounds are run and every round's positions map across."""
    years = get_model("challenge")(emission, preset=preset)
    for low, high in ((0.0, 100.0), (-3.0, 0.5), (1000.0, 1e6)):
        other = get_model("challenge")(_rescaled(emission, low, high), preset=preset)
        assert other.trajectory is not None and years.trajectory is not None
        assert other.rounds == years.rounds
        mapped = low + (years.trajectory - 4.0) / 6.0 * (high - low)
        np.testing.assert_allclose(other.trajectory, mapped, rtol=1e-9, atol=1e-9 * (high - low))


def test_stop_rule_is_relative_to_the_scale(emission: Actors) -> None:
    """Germany at 6 and France at 11.5 years on a 0-14 scale: the median settles after round 2
    by 0.5/6 of the width on either scale. An absolute 0.5 would stop the 0-14 run after 2
    rounds but let the 0-100 run go on to round 6 and end at 8.08 years instead of 7.89."""
    pos = emission.position.copy()
    pos[3], pos[4] = 6.0, 11.5
    years = emission.replace(position=pos, scale_low=np.array([0.0]), scale_high=np.array([14.0]))
    pct = _rescaled(years, 0.0, 100.0)
    a, b = get_model("challenge")(years), get_model("challenge")(pct)
    assert a.rounds == b.rounds == 2
    assert b.outcome[0] / 100 * 14 == pytest.approx(a.outcome[0], abs=1e-9)
    old_years = get_model("challenge")(years, tolerance=0.5 / 14)
    old_pct = get_model("challenge")(pct, tolerance=0.5 / 100)
    assert (old_years.rounds, old_pct.rounds) == (2, 6)
    assert old_pct.outcome[0] / 100 * 14 == pytest.approx(8.0754, abs=1e-3)


TABLE = "actor,capability,position,salience\nA,1,4,80\nB,2,7,40\nC,1,10,60\n"


def test_table_scale_defaults_to_0_100_when_positions_fit() -> None:
    a = parse_actor_table(TABLE)
    assert (a.scale_low[0], a.scale_high[0], a.origins) == (0.0, 100.0, ("default",))
    given = parse_actor_table(TABLE, scale=(4, 10))
    assert given.origins == ("given",)
    outside = parse_actor_table(TABLE.replace("10,60", "120,60"))
    assert (outside.scale_low[0], outside.scale_high[0]) == (4.0, 120.0)
    assert outside.origins == ("observed",)


def test_scale_dependent_models_warn_on_a_guessed_scale() -> None:
    a = parse_actor_table(TABLE)
    warned = scale_warnings(a, ["compromise", "nash", "smp"])
    assert len(warned) == 1 and "nash" in warned[0] and "smp" in warned[0]
    assert "compromise" not in warned[0] and warned[0].endswith("give `scale`")
    assert "--" not in warned[0]  # the library names its parameter; the CLI names its flag
    assert scale_warnings(a, ["compromise", "median"]) == []
    assert scale_warnings(parse_actor_table(TABLE, scale=(0, 14)), ["nash"]) == []


def test_cli_warns_on_stderr(cli: Callable[..., Any], tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(TABLE.replace("10,60", "120,60"))
    r = cli("forecast", str(table), "--draws", "0", "-m", "nash")
    assert r.code == 0 and "warning: the scale of t was taken from the observed" in r.err
    assert "depend on the scale: give --scale LOW,HIGH" in r.err
    r = cli("forecast", str(table), "--draws", "0", "-m", "nash", "--scale", "0,150")
    assert r.code == 0 and "warning" not in r.err
    r = cli("forecast", str(table), "--draws", "0", "-m", "median")
    assert r.code == 0 and "warning" not in r.err


def test_widen_does_not_clip_the_extreme_actors_to_an_observed_scale() -> None:
    a = parse_actor_table(TABLE.replace("10,60", "120,60"))  # observed 4-120
    w = widen(a)
    tri = w.uncertainty["position"]
    width = 116.0
    np.testing.assert_allclose(tri.low[:, 0], a.position[:, 0] - 0.1 * width)
    np.testing.assert_allclose(tri.high[:, 0], a.position[:, 0] + 0.1 * width)
    assert w.scale_low[0] == pytest.approx(4 - 11.6) and w.scale_high[0] == pytest.approx(131.6)
    assert w.origins == ("observed",)
    # A stated or default scale is a real bound: ranges stop at it.
    d = widen(parse_actor_table(TABLE, scale=(4, 10)))
    assert d.uncertainty["position"].low[0, 0] == 4.0
    assert d.uncertainty["position"].high[2, 0] == 10.0
    assert (d.scale_low[0], d.scale_high[0]) == (4.0, 10.0)


def test_widen_keeps_stated_ranges_on_an_observed_scale() -> None:
    a = parse_actor_table(TABLE.replace("10,60", "120,60"))
    low, high = a.position.copy(), a.position.copy()
    low[1], high[1] = 5.0, 9.0
    stated = a.replace(uncertainty={"position": Triangular(low, a.position, high)})
    tri = widen(stated).uncertainty["position"]
    assert (tri.low[1, 0], tri.high[1, 0]) == (5.0, 9.0)
