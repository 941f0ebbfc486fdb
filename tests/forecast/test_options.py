"""Model options are checked against each model's declared options, and an issue without any
weighted actor is refused by every model alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from zopa.errors import InputError
from zopa.forecast import Actors, Triangular, get_model, point_actors, registered_models
from zopa.forecast.options import Option

MODELS = sorted(n for n in registered_models() if not n.startswith("test-"))


def _actors() -> Actors:
    return point_actors(
        ["a", "b", "c"], ["x", "y"], [1, 2, 1], [[10, 80], [50, 20], [90, 60]], [[0.5] * 2] * 3
    )


@pytest.mark.parametrize("name", MODELS)
def test_every_model_declares_typed_options(name: str) -> None:
    declared = get_model(name).metadata["options"]
    assert declared and all(isinstance(v, Option) and v.help for v in declared.values())
    with pytest.raises(InputError) as err:
        get_model(name)(_actors(), foo=1)
    assert err.value.problems[0].path == f"{name}.foo"
    assert "unknown option" in err.value.problems[0].message


@pytest.mark.parametrize(
    ("model", "options", "message"),
    [
        ("median", {"tie": "up"}, "expected one of lower, upper, midpoint"),
        ("median", {"weighting": "votes"}, "expected one of"),
        ("compromise", {"foo": 1}, "unknown option"),
        ("challenge", {"risk": "maybe"}, "expected true or false"),
        ("challenge", {"q": True}, "expected a number"),
        ("challenge", {"q": "abc"}, "expected a number"),
        ("challenge", {"max_rounds": 2.5}, "expected a whole number"),
        ("challenge", {"max_rounds": "1e9"}, "expected a number in [1, 10000]"),
        ("challenge", {"max_rounds": 10**9}, "expected a number in [1, 10000]"),
        ("challenge", {"tolerance": float("nan")}, "finite"),
        ("nash", {"power": "abc"}, "expected a number"),
        ("nash", {"power": 0.5}, "expected a number in [1, 16]"),
        ("nash", {"status_quo": 40}, "only used with disagreement=status_quo"),
        ("nash", {"disagreement": "status_quo"}, "needs status_quo"),
        ("nash", {"disagreement": "status_quo", "status_quo": [40, 500]}, "on each issue"),
        ("smp", {"pce": "Guess"}, "is not one of"),
        ("smp", {"max_steps": 2.5}, "whole number"),
        ("smp", {"max_steps": 10**9}, "max_steps <= 100000"),
        ("smp", {"accommodation": [[2.0]]}, "accommodation"),
    ],
)
def test_bad_options_are_refused_with_their_path(
    model: str, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError) as err:
        get_model(model)(_actors(), **options)
    assert message in str(err.value)
    assert any(
        p.path.startswith(f"{model}.") or p.path.startswith("smp") for p in err.value.problems
    )


def test_good_values_are_converted() -> None:
    spec = get_model("challenge")
    assert spec.check({"q": "0.5", "max_rounds": 8.0, "risk": False}) == {
        "q": 0.5,
        "max_rounds": 8,
        "risk": False,
    }
    a = get_model("median")(_actors(), tie="upper")
    assert a.details["tie"] == "upper"


@pytest.mark.parametrize(
    "option",
    [
        "median.tie=up",
        "challenge.risk=maybe",
        "challenge.q=true",
        "compromise.foo=1",
        "challenge.q=abc",
        "challenge.max_rounds=1e9",
        "challenge.max_rounds=2.5",
        "nash.power=abc",
        "nash.status_quo=40",
    ],
)
def test_cli_refuses_bad_options_before_any_work(cli: Callable[..., Any], option: str) -> None:
    r = cli("forecast", "minerals-2025", "--draws", "5", "--option", option)
    assert r.code == 2 and r.err.startswith("error: ") and "Traceback" not in r.err
    assert option.split("=")[0] in r.err


@pytest.mark.parametrize("name", MODELS)
def test_no_weighted_actor_is_refused_by_every_model(name: str) -> None:
    a = _actors()
    sal = a.salience.copy()
    sal[:, 1] = 0.0  # nobody cares about y
    zero = a.replace(salience=sal)
    with pytest.raises(InputError) as err:
        get_model(name)(zero)
    assert [p.path for p in err.value.problems] == ["actors.salience.y"]


@pytest.mark.parametrize("name", MODELS)
def test_batches_give_nan_for_draws_without_weight(name: str) -> None:
    a = _actors()
    low = a.salience.copy()
    low[:, 1] = 0.0
    tri = Triangular(low, a.salience, a.salience)
    # Three uncertain cells (everyone's salience on y): draw 0 at their lows, draw 1 at highs.
    sample = a.replace(uncertainty={"salience": tri}).at_quantiles(
        np.vstack([np.zeros(3), np.ones(3)])
    )
    out = get_model(name).outcomes(sample, 0)
    assert np.isnan(out[0, 1]) and np.isfinite(out[1]).all()


@pytest.mark.parametrize("name", MODELS)
def test_huge_capabilities_give_the_same_forecast(name: str) -> None:
    """Only ratios of capabilities matter; 1e308 must not overflow the weighted sums."""
    a = _actors()
    big = a.replace(capability=a.capability / a.capability.max() * 1e308)
    small = a.replace(capability=a.capability / a.capability.max())
    np.testing.assert_allclose(get_model(name)(big).outcome, get_model(name)(small).outcome)
    assert np.isfinite(get_model(name)(big).outcome).all()
